-- Search: the names the server's in-memory index matches (server/src/search/), and the results it answers with,
-- read for the few keys that matched. The index holds names only, so that a write that changes no name (an
-- appointment, a planner's office hours, an opinion) costs it nothing: it is rebuilt when search_names_version
-- (migration 0019) moves, and every answer reads its results from the data as they are.
--
-- api.search_names(): one row per city, county, township, village/community, planner and project:
--   kind      'division' | 'planner' | 'project'
--   key       stable unique key of the result (division code, planner-<id>, project-<id>)
--   name      the official name, as shown
--   common_name  the name people use, for matching: village committees without 委员会/委会
--               (东街村委会 → 东街村, 建设路社区居委会 → 建设路社区); otherwise the name
--   rank      order on ties: city 0, county 1, township 2, village 3, planner 4, project 5
--   level, division_kind  a division's level and official kind (镇, 村 …); null for planners and projects
--   version   search_names_version.number, read in the same statement: what the index is kept under
-- A township must have a county, a village a township and a county, as api.search_results answers for.
--
-- api.search_results(keys, on_date): for each key among keys that search_names has, its result as JSON
-- (contracts/search.ts), as of on_date (null: today in Jincheng): places with their township, county and the unit
-- post, and where they are shown (locationBasis: their seat, a point inside, or for a village its township's seat or
-- point); planners with the public fields only and their posts; projects with their project planners. Keys it does
-- not know are left out. Raises nothing.

CREATE OR REPLACE FUNCTION api.search_names()
RETURNS TABLE (kind text, key text, name text, common_name text, rank int, level text, division_kind text, version bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH version AS (
        SELECT number FROM search_names_version WHERE id = 1
    ),
    divisions_shown AS (
        SELECT d.code, d.name, d.level, d.kind,
               CASE d.level WHEN 'city' THEN 0 WHEN 'county' THEN 1 WHEN 'township' THEN 2 ELSE 3 END AS rank
        FROM divisions AS d
        LEFT JOIN divisions AS parent ON parent.code = d.parent_code AND parent.level IN ('city', 'county', 'township')
        LEFT JOIN divisions AS grandparent ON grandparent.code = parent.parent_code AND grandparent.level IN ('city', 'county', 'township')
        WHERE d.level IN ('city', 'county')
           OR (d.level = 'township' AND parent.code IS NOT NULL)
           OR (d.level = 'village' AND grandparent.code IS NOT NULL)
    )
    SELECT
        'division', d.code, d.name,
        CASE WHEN d.level = 'village'
             THEN regexp_replace(regexp_replace(d.name, '(居民委员会|居委会)$', ''), '(村民委员会|村委会)$', '村')
             ELSE d.name END,
        d.rank, d.level, d.kind, version.number
    FROM divisions_shown AS d, version
    UNION ALL
    SELECT 'planner', 'planner-' || p.id, p.name, p.name, 4, NULL, NULL, version.number
    FROM planners AS p, version
    UNION ALL
    SELECT 'project', 'project-' || pr.id, pr.name, pr.name, 5, NULL, NULL, version.number
    FROM projects AS pr, version
$$;

CREATE OR REPLACE FUNCTION api.search_results(keys text[], on_date date DEFAULT NULL)
RETURNS TABLE (key text, result json)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH as_of AS (
        SELECT coalesce(on_date, api.today()) AS day
    ),
    -- A division with the township and county it answers with (for a village its township, for a township itself)
    -- and the division the map goes to (for a village its township).
    wanted AS (
        SELECT d.code, d.name, d.level, d.kind,
               CASE d.level WHEN 'village' THEN parent.code WHEN 'township' THEN d.code END AS township_code,
               CASE d.level WHEN 'village' THEN grandparent.code WHEN 'township' THEN parent.code END AS county_code,
               CASE WHEN d.level = 'village' THEN parent.code ELSE d.code END AS shown_code
        FROM divisions AS d
        LEFT JOIN divisions AS parent ON parent.code = d.parent_code AND parent.level IN ('city', 'county', 'township')
        LEFT JOIN divisions AS grandparent ON grandparent.code = parent.parent_code AND grandparent.level IN ('city', 'county', 'township')
        WHERE d.code = ANY (keys)
          AND (d.level IN ('city', 'county')
               OR (d.level = 'township' AND parent.code IS NOT NULL)
               OR (d.level = 'village' AND grandparent.code IS NOT NULL))
    )
    SELECT
        w.code,
        json_build_object(
            'type', 'division', 'key', w.code, 'code', w.code, 'name', w.name, 'level', w.level, 'kind', w.kind,
            'county', CASE WHEN w.county_code IS NOT NULL THEN json_build_object('code', c.code, 'name', c.name) END,
            'township', CASE WHEN w.level = 'village' THEN json_build_object('code', t.code, 'name', t.name, 'kind', t.kind) END,
            'unit', CASE WHEN w.township_code IS NOT NULL THEN (
                SELECT u.post FROM as_of, api.unit_posts(as_of.day) AS u WHERE u.division_code = w.township_code
            ) END,
            'chiefPosts', CASE WHEN w.level = 'county' THEN (
                SELECT json_build_object(
                    'seconded', (SELECT api.planner_public(p) FROM planners AS p WHERE p.id = cp.seconded_planner_id),
                    'hired', (SELECT api.planner_public(p) FROM planners AS p WHERE p.id = cp.hired_planner_id),
                    'covered', cp.covered
                )
                FROM as_of, api.county_chief_posts(as_of.day) AS cp
                WHERE cp.county_code = w.code
            ) END,
            'location', CASE WHEN spot.point IS NOT NULL
                THEN json_build_object('lon', round(ST_X(spot.point)::numeric, 6), 'lat', round(ST_Y(spot.point)::numeric, 6)) END,
            'locationBasis', CASE WHEN w.level = 'village' THEN 'township-' || spot.basis ELSE spot.basis END
        )
    FROM wanted AS w
    LEFT JOIN divisions AS t ON t.code = w.township_code
    LEFT JOIN divisions AS c ON c.code = w.county_code
    JOIN divisions AS shown ON shown.code = w.shown_code
    CROSS JOIN LATERAL (
        SELECT coalesce(shown.seat, ST_PointOnSurface(shown.geom)) AS point,
               CASE WHEN shown.seat IS NOT NULL THEN 'seat' WHEN shown.geom IS NOT NULL THEN 'inside' END AS basis
    ) AS spot
    UNION ALL
    SELECT
        'planner-' || p.id,
        json_build_object(
            'type', 'planner', 'key', 'planner-' || p.id,
            'planner', api.planner_public(p),
            'posts', (
                SELECT coalesce(json_agg(json_build_object(
                    'role', ap.role,
                    'area', json_build_object('code', a.code, 'name', a.name, 'kind', a.kind),
                    'since', ap.valid_from
                ) ORDER BY ap.valid_from, ap.id), '[]'::json)
                FROM as_of, appointments AS ap
                JOIN areas AS a ON a.id = ap.area_id
                WHERE ap.planner_id = p.id
                  AND api.in_force(ap.valid_from, ap.valid_to, as_of.day)
            )
        )
    FROM planners AS p
    WHERE p.id IN (SELECT substr(k, 9)::bigint FROM unnest(keys) AS k WHERE k ~ '^planner-[0-9]{1,18}$')
    UNION ALL
    SELECT
        'project-' || pr.id,
        json_build_object(
            'type', 'project', 'key', 'project-' || pr.id,
            'id', pr.id, 'name', pr.name, 'projectType', pr.project_type, 'stage', pr.stage,
            'planners', (
                SELECT coalesce(json_agg(api.planner_public(p) ORDER BY ap.valid_from, ap.id), '[]'::json)
                FROM as_of, appointments AS ap
                JOIN planners AS p ON p.id = ap.planner_id
                WHERE ap.area_id = pr.area_id
                  AND ap.role = 'project'
                  AND api.in_force(ap.valid_from, ap.valid_to, as_of.day)
            ),
            'location', json_build_object(
                'lon', round(ST_X(ST_PointOnSurface(pr.site))::numeric, 6),
                'lat', round(ST_Y(ST_PointOnSurface(pr.site))::numeric, 6)
            )
        )
    FROM projects AS pr
    WHERE pr.id IN (SELECT substr(k, 9)::bigint FROM unnest(keys) AS k WHERE k ~ '^project-[0-9]{1,18}$')
$$;
