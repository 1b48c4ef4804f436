/**
 * Answers of /api/search for one pool (a database, or its replica): the names index finds and ranks the keys, the
 * database gives their results as of today, and answers are kept for the current data revision.
 */
import { SEARCH_SUGGESTION_LIMIT, type SearchResponse } from "../contracts/search.ts";
import type { Sql } from "../db/database.ts";
import { RevisionCache } from "../revision/revision-cache.ts";
import type { SearchHit, SearchIndex } from "./search-index.ts";
import { loadSearchIndexModule, searchIndexCache } from "./search-index-cache.ts";
import { nearestNames, readSearchResults, readSearchVersion, type SearchVersion } from "./search.repo.ts";

type Result = SearchResponse["results"][number];

/** Near names asked of the database: a place has several (name, core), so more than are shown, then one per place. */
const NEAREST_NAMES_ASKED = SEARCH_SUGGESTION_LIMIT * 4;
/** Answers kept per pool for the current data revision (a few KB each): what the finder's visitors type most. */
const ANSWERS_KEPT = 2000;

export interface SearchPool {
  sql: Sql;
  currentIndex: ReturnType<typeof searchIndexCache>;
  answers: RevisionCache<SearchResponse>;
}

/** Hits with their results read as of `today`, each division's romanised name added; a hit whose key is gone is left out. */
async function withResults(sql: Sql, hits: Pick<SearchHit, "document" | "romanised" | "match">[], today: string): Promise<Result[]> {
  const results = await readSearchResults(sql, hits.map((hit) => hit.document.key), today);
  return hits.flatMap((hit) => {
    const result = results.get(hit.document.key);
    if (!result) return [];
    return [{ ...result, ...(hit.romanised === null ? {} : { pinyin: hit.romanised }), match: hit.match } as Result];
  });
}

async function answer(pool: SearchPool, version: SearchVersion, query: string, limit: number): Promise<SearchResponse> {
  const [index, code] = await Promise.all([pool.currentIndex(version.namesVersion), loadSearchIndexModule()]);
  const { total, hits } = code.searchIndex(index, query, limit);
  if (total > 0) return { query, total, results: await withResults(pool.sql, hits, version.today), suggestions: [] };
  const nearest = code.nearestCandidates(index, query);
  if (nearest.query === "" || nearest.candidates.texts.length === 0) return { query, total, results: [], suggestions: [] };
  const positions = await nearestNames(pool.sql, nearest.query, nearest.candidates.texts, NEAREST_NAMES_ASKED);
  const places = new Map<string, Pick<SearchHit, "document" | "romanised" | "match">>();
  for (const position of positions) {
    const place = nearest.candidates.places[position];
    if (!place || places.has(place.document.key)) continue;
    places.set(place.document.key, { ...place, match: { tier: "similar", via: nearest.candidates.via } });
    if (places.size === SEARCH_SUGGESTION_LIMIT) break;
  }
  return { query, total, results: [], suggestions: await withResults(pool.sql, [...places.values()], version.today) };
}


/** A pool's index and store of answers, each read from and keyed by the versions of its own database. */
export function searchPool(sql: Sql): SearchPool {
  return { sql, currentIndex: searchIndexCache(sql), answers: new RevisionCache<SearchResponse>({ maxCost: ANSWERS_KEPT }) };
}

/** The answer to `query` (trimmed, not empty) with at most `limit` results, current as of this call. */
export async function searchAnswer(pool: SearchPool, query: string, limit: number): Promise<SearchResponse> {
  const version = await readSearchVersion(pool.sql);
  // Read after the version, so an answer is never older than the revision it is kept under.
  const kept = await pool.answers.load(version.revision, `${version.namesVersion}\u0000${limit}\u0000${query}`, async () => ({
    revision: version.revision,
    value: await answer(pool, version, query, limit),
  }));
  return kept.value;
}

/** The pool's index as of this call, for what it knows of names (the romanised place names). */
export async function currentSearchIndex(pool: SearchPool): Promise<SearchIndex> {
  const { namesVersion } = await readSearchVersion(pool.sql);
  return pool.currentIndex(namesVersion);
}
