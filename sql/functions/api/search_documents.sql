-- Search documents: every name the search answers for, with the result it answers with, for the server's in-memory
-- search index (server/src/search/). The server adds pinyin (no PostgreSQL extension for it is available on both
-- backends) and rebuilds its index when the data revision (api.data_revision) or the date changes.
--
-- api.search_documents(on_date): one row per city, county, township, village/community, planner and project:
--   kind      'division' | 'planner' | 'project'
--   key       stable unique key of the result (division code, planner-<id>, project-<id>)
--   name      the official name, as shown
--   common_name  the name people use, for matching: village committees without 委员会/委会
--               (东街村委会 → 东街村, 建设路社区居委会 → 建设路社区); otherwise the name
--   rank      order on ties: city 0, county 1, township 2, village 3, planner 4, project 5
--   result    the result object as JSON (contracts/search.ts): places with their township, county and the unit post
--             on on_date, and where they are shown (locationBasis: their seat, a point inside, or for a village its
--             township's seat or point); planners with the public fields only and their posts on on_date; projects
--             with their project planners on on_date
-- on_date null means today in Jincheng. Raises nothing.

CREATE OR REPLACE FUNCTION api.search_documents(on_date date DEFAULT NULL)
RETURNS TABLE (kind text, key text, name text, common_name text, rank int, result json)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH as_of AS (
        SELECT coalesce(on_date, api.today()) AS day
    ),
    posts AS (
        SELECT u.division_code, u.post FROM as_of, api.unit_posts(as_of.day) AS u
    ),
    -- Where the map should go for a division: its seat, else a point inside its boundary; and which of the two.
    places AS (
        SELECT d.code, d.name, d.level, d.kind, d.parent_code,
               coalesce(d.seat, ST_PointOnSurface(d.geom)) AS spot,
               CASE WHEN d.seat IS NOT NULL THEN 'seat' WHEN d.geom IS NOT NULL THEN 'inside' END AS spot_basis
        FROM divisions AS d
        WHERE d.level IN ('city', 'county', 'township')
    )
    -- The city: the finder shows all of it; its chief planner comes with the chain looked up at its location.
    SELECT
        'division', city.code, city.name, city.name, 0,
        json_build_object(
            'type', 'division', 'key', city.code, 'code', city.code, 'name', city.name, 'level', city.level,
            'kind', city.kind, 'county', NULL, 'township', NULL, 'unit', NULL, 'chiefPosts', NULL,
            'location', CASE WHEN city.spot IS NOT NULL THEN json_build_object('lon', round(ST_X(city.spot)::numeric, 6), 'lat', round(ST_Y(city.spot)::numeric, 6)) END,
            'locationBasis', city.spot_basis
        )
    FROM places AS city
    WHERE city.level = 'city'
    UNION ALL
    SELECT
        'division', c.code, c.name, c.name, 1,
        json_build_object(
            'type', 'division', 'key', c.code, 'code', c.code, 'name', c.name, 'level', c.level, 'kind', c.kind,
            'county', NULL, 'township', NULL, 'unit', NULL,
            'chiefPosts', (
                SELECT json_build_object(
                    'seconded', (SELECT api.planner_public(p) FROM planners AS p WHERE p.id = cp.seconded_planner_id),
                    'hired', (SELECT api.planner_public(p) FROM planners AS p WHERE p.id = cp.hired_planner_id),
                    'covered', cp.covered
                )
                FROM as_of, api.county_chief_posts(as_of.day) AS cp
                WHERE cp.county_code = c.code
            ),
            'location', CASE WHEN c.spot IS NOT NULL THEN json_build_object('lon', round(ST_X(c.spot)::numeric, 6), 'lat', round(ST_Y(c.spot)::numeric, 6)) END,
            'locationBasis', c.spot_basis
        )
    FROM places AS c
    WHERE c.level = 'county'
    UNION ALL
    SELECT
        'division', t.code, t.name, t.name, 2,
        json_build_object(
            'type', 'division', 'key', t.code, 'code', t.code, 'name', t.name, 'level', t.level, 'kind', t.kind,
            'county', json_build_object('code', c.code, 'name', c.name),
            'township', NULL,
            'unit', posts.post,
            'chiefPosts', NULL,
            'location', CASE WHEN t.spot IS NOT NULL THEN json_build_object('lon', round(ST_X(t.spot)::numeric, 6), 'lat', round(ST_Y(t.spot)::numeric, 6)) END,
            'locationBasis', t.spot_basis
        )
    FROM places AS t
    JOIN places AS c ON c.code = t.parent_code
    LEFT JOIN posts ON posts.division_code = t.code
    WHERE t.level = 'township'
    UNION ALL
    -- A village or community has no boundary: it answers with its township, that township's unit post and place.
    SELECT
        'division', v.code, v.name,
        regexp_replace(regexp_replace(v.name, '(居民委员会|居委会)$', ''), '(村民委员会|村委会)$', '村'),
        3,
        json_build_object(
            'type', 'division', 'key', v.code, 'code', v.code, 'name', v.name, 'level', v.level, 'kind', v.kind,
            'county', json_build_object('code', c.code, 'name', c.name),
            'township', json_build_object('code', t.code, 'name', t.name, 'kind', t.kind),
            'unit', posts.post,
            'chiefPosts', NULL,
            'location', CASE WHEN t.spot IS NOT NULL THEN json_build_object('lon', round(ST_X(t.spot)::numeric, 6), 'lat', round(ST_Y(t.spot)::numeric, 6)) END,
            'locationBasis', 'township-' || t.spot_basis
        )
    FROM divisions AS v
    JOIN places AS t ON t.code = v.parent_code
    JOIN places AS c ON c.code = t.parent_code
    LEFT JOIN posts ON posts.division_code = t.code
    WHERE v.level = 'village'
    UNION ALL
    SELECT
        'planner', 'planner-' || p.id, p.name, p.name, 4,
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
    UNION ALL
    SELECT
        'project', 'project-' || pr.id, pr.name, pr.name, 5,
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
$$;
