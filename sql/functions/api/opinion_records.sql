-- Public opinions as the API reads them (server/src/opinions/opinions.repo.ts).
--
-- api.opinion_records: every opinion with every field, for planners, the bureau and leaders, in the shape of
-- server/src/contracts/opinions.ts OpinionRecord: the place as lon/lat, the receiving planner's name, the area as
-- { id, code, name, kind } (null when none), photos as [{ id, mediaType, width, height }] in upload order ([] when
-- none). Holds personal data (contact, exact place): never for a public answer.
--
-- api.opinion_public(ticket): the one row anyone holding the ticket may see, or none for an unknown ticket. Only the
-- ticket and hidden for a hidden opinion (every other column null); otherwise status, category, text, the place
-- rounded to 0.001° (about 100 m), who received it (the planner's name, the post, the area), the time of each
-- status and the answer. Never the contact, the exact place, the photos or the hiding reason.
--
-- api.opinion_on_map(id): the text of an answered opinion as the public map shows it (the marker's feature id is the
-- opinion id, tiles/opinions.sql): category, text, answer, the place rounded to 0.001°, the area that received it and
-- the times received and answered; none unless the opinion is answered or closed, has an answer and is not hidden,
-- exactly the markers the tiles draw. Never the ticket, the contact, the exact place, the photos or the planner.
--
-- api.recent_similar_opinion(lon, lat, category, within_m, since): when the latest visible opinion of that category
-- within within_m metres of the point was received after since; null when there is none. Raises nothing.

DROP VIEW IF EXISTS api.opinion_records;
CREATE VIEW api.opinion_records AS
SELECT
    o.id,
    o.ticket_code AS ticket,
    o.status,
    o.category,
    o.body AS text,
    o.submitter_contact AS contact,
    ST_X(o.location) AS lon,
    ST_Y(o.location) AS lat,
    o.county_code,
    o.routed_role,
    o.routed_post,
    o.routed_reason,
    o.planner_id,
    p.name AS planner_name,
    CASE
        WHEN a.id IS NOT NULL THEN json_build_object('id', a.id, 'code', a.code, 'name', a.name, 'kind', a.kind)
    END AS area,
    o.answer,
    o.created_at,
    o.acknowledged_at,
    o.answered_at,
    o.closed_at,
    o.hidden,
    o.hidden_reason,
    o.hidden_at,
    (
        SELECT coalesce(json_agg(json_build_object(
            'id', ph.id, 'mediaType', ph.media_type, 'width', ph.width, 'height', ph.height
        ) ORDER BY ph.id), '[]'::json)
        FROM photos AS ph
        WHERE ph.owner_kind = 'opinion' AND ph.owner_id = o.id
    ) AS photos,
    o.version
FROM opinions AS o
LEFT JOIN planners AS p ON p.id = o.planner_id
LEFT JOIN areas AS a ON a.id = o.area_id;

CREATE OR REPLACE FUNCTION api.opinion_public(ticket text)
RETURNS TABLE (
    ticket_code text,
    hidden boolean,
    status text,
    category text,
    body text,
    lon float8,
    lat float8,
    planner_name text,
    post text,
    area json,
    received_at timestamptz,
    acknowledged_at timestamptz,
    answered_at timestamptz,
    closed_at timestamptz,
    answer text
)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT
        o.ticket_code,
        o.hidden,
        CASE WHEN NOT o.hidden THEN o.status END,
        CASE WHEN NOT o.hidden THEN o.category END,
        CASE WHEN NOT o.hidden THEN o.body END,
        CASE WHEN NOT o.hidden THEN round(ST_X(o.location)::numeric, 3)::float8 END,
        CASE WHEN NOT o.hidden THEN round(ST_Y(o.location)::numeric, 3)::float8 END,
        CASE WHEN NOT o.hidden THEN p.name END,
        CASE WHEN NOT o.hidden THEN coalesce(o.routed_post, 'bureau') END,
        CASE
            WHEN NOT o.hidden AND a.id IS NOT NULL THEN json_build_object('code', a.code, 'name', a.name, 'kind', a.kind)
        END,
        CASE WHEN NOT o.hidden THEN o.created_at END,
        CASE WHEN NOT o.hidden THEN o.acknowledged_at END,
        CASE WHEN NOT o.hidden THEN o.answered_at END,
        CASE WHEN NOT o.hidden THEN o.closed_at END,
        CASE WHEN NOT o.hidden THEN o.answer END
    FROM opinions AS o
    LEFT JOIN planners AS p ON p.id = o.planner_id
    LEFT JOIN areas AS a ON a.id = o.area_id
    WHERE o.ticket_code = opinion_public.ticket
$$;

CREATE OR REPLACE FUNCTION api.opinion_on_map(opinion_id bigint)
RETURNS TABLE (
    id bigint,
    status text,
    category text,
    body text,
    answer text,
    lon float8,
    lat float8,
    area_name text,
    received_at timestamptz,
    answered_at timestamptz
)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT
        o.id,
        o.status,
        o.category,
        o.body,
        o.answer,
        round(ST_X(o.location)::numeric, 3)::float8,
        round(ST_Y(o.location)::numeric, 3)::float8,
        a.name,
        o.created_at,
        o.answered_at
    FROM opinions AS o
    LEFT JOIN areas AS a ON a.id = o.area_id
    WHERE o.id = opinion_on_map.opinion_id
      AND o.status IN ('answered', 'closed')
      AND o.answer IS NOT NULL
      AND NOT o.hidden
$$;

CREATE OR REPLACE FUNCTION api.recent_similar_opinion(
    lon float8, lat float8, of_category text, within_m float8, since timestamptz
)
RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT max(o.created_at)
    FROM opinions AS o
    WHERE o.category = of_category
      AND o.created_at > since
      AND NOT o.hidden
      -- A box of within_m with a margin (a degree of longitude shrinks with the latitude) for the GiST index, then
      -- the exact distance.
      AND o.location && ST_Expand(
          ST_SetSRID(ST_MakePoint(lon, lat), 4326),
          within_m * 1.1 / (111320.0 * greatest(cos(radians(lat)), 0.01))
      )
      AND ST_DWithin(o.location::geography, ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography, within_m)
$$;
