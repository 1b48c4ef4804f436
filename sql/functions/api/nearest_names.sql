-- Nearest names: which of the given names come closest to a search query that matched nothing, for the finder's
-- "did you mean" (server/src/search/). Trigram similarity (pg_trgm, on both backends) ranks pinyin well; for short
-- Chinese names, where one wrong character leaves few trigrams in common (北时店 and 北石店 share one), the share of
-- characters the two have in common ranks as well, and the better of the two counts.
--
-- api.nearest_names(query, names, max_count): up to max_count rows, best first, ties by ordinal:
--   ordinal   1-based position in names
--   score     0–1; names scoring under 0.4 are left out
-- No rows for an empty query or names. Raises nothing.

CREATE OR REPLACE FUNCTION api.nearest_names(query text, names text[], max_count int)
RETURNS TABLE (ordinal int, score real)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT candidate.ordinal::int, scored.score
    FROM unnest(names) WITH ORDINALITY AS candidate (name, ordinal)
    CROSS JOIN LATERAL (
        SELECT greatest(
            similarity(candidate.name, query),
            word_similarity(query, candidate.name),
            -- Shared characters, for text outside ASCII only: pinyin letters are shared by nearly any two names.
            CASE WHEN query ~ '[^\x01-\x7f]' THEN (
                SELECT count(DISTINCT letter)::real
                FROM regexp_split_to_table(query, '') AS letter
                WHERE strpos(candidate.name, letter) > 0
            ) / greatest(char_length(query), char_length(candidate.name)) ELSE 0 END
        )::real AS score
    ) AS scored
    WHERE query <> '' AND scored.score >= 0.4
    ORDER BY scored.score DESC, candidate.ordinal
    LIMIT max_count
$$;
