-- Point lookup: the whole responsibility chain at a point on a date, and the helpers it shares with search and the
-- coverage report.
--
-- api.planner_public(planners): the only shape in which a planner leaves the database through the public API:
-- name, title, organisation, registered flag, photo, public contact, office hours. Nothing else (no id, education,
-- demo flag); the contact is only what the planner agreed to publish (planners.public_contact).
--
-- api.unit_posts(on_date): api.unit_coverage(on_date) with each township's unit post as JSON:
-- { status, vacant, vacantSince, requiredFrom, planner, area, appointedOn }. Inlinable, so a filter on
-- division_code or county_code reaches the tables.
--
-- api.lookup(lon, lat, on_date): JSON of the chain at the point (see server/src/contracts/lookup.ts for the shape),
-- joined from api.lookup_place and api.lookup_chain (below):
-- city and its chief planner; the county and its two chief posts; the township whose boundary contains the point
-- and its unit post, or, where no township boundary contains it, the county's townships with their unit posts; the
-- belts whose area contains the point; projects within 2 km with their project planners (nearest first, at most 50).
-- on_date null means today in Jincheng. Returns null when no county contains the point (outside Jincheng).
-- Raises nothing for any finite input; coordinates are validated by the caller.

CREATE OR REPLACE FUNCTION api.planner_public(p planners)
RETURNS json
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT json_build_object(
        'name', p.name,
        'title', p.professional_title,
        'organisation', p.organisation,
        'registeredPlanner', p.registered_planner,
        'photoUrl', p.photo_url,
        'publicContact', p.public_contact,
        'officeHours', p.office_hours
    )
$$;

CREATE OR REPLACE FUNCTION api.unit_posts(on_date date)
RETURNS TABLE (division_code text, county_code text, status text, post json)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT
        u.division_code,
        u.county_code,
        u.status,
        json_build_object(
            'status', u.status,
            'vacant', u.status = 'vacant',
            'vacantSince', u.vacant_since,
            'requiredFrom', r.required_from,
            'planner', CASE WHEN p.id IS NOT NULL THEN api.planner_public(p) END,
            'area', CASE WHEN a.id IS NOT NULL THEN json_build_object('code', a.code, 'name', a.name, 'kind', a.kind) END,
            'appointedOn', ap.valid_from
        )
    FROM api.unit_coverage(on_date) AS u
    LEFT JOIN unit_requirements AS r ON r.division_code = u.division_code
    LEFT JOIN appointments AS ap ON ap.id = u.appointment_id
    LEFT JOIN planners AS p ON p.id = u.planner_id
    LEFT JOIN areas AS a ON a.id = u.area_id
$$;

-- The lookup in two parts, so that the server can keep the part that does not depend on the point:
--
-- api.lookup_place(lon, lat, on_date): what depends on the point itself, with the keys of the rest. One row:
-- revision (api.data_revision(), read in the same statement), lookup_date (on_date, or today in Jincheng),
-- township_code (the first by code of the townships whose boundary contains the point; null where none does),
-- county_code (that township's county, or the county whose boundary contains the point; null outside Jincheng),
-- head (JSON object text: point, date, precision) and tail (JSON object text: belts, projects). Outside Jincheng
-- head and tail are null.
--
-- api.lookup_chain(county_code, township_code, lookup_date): JSON object of the rest, which depends only on those
-- keys: city and its chief planner; the county and its two chief posts; the township and its unit post (null when
-- township_code is null); countyTownships, every unit of the county with its post when township_code is null, else
-- null. With it: the revision it was read at.
--
-- The server joins head, chain and tail into api.lookup's answer (lookup.repo.ts) and keeps chains per revision;
-- api.lookup does the same join in SQL and is what the tests compare the server with.
--
-- plpgsql rather than SQL: PostgreSQL 15 plans a SQL function's body on every call, plpgsql keeps the plans of its
-- statements for the session. A generic plan is forced because the statements take the point and the date as
-- parameters, and PostgreSQL would otherwise keep choosing custom plans, planning the large statements (several
-- times longer than running them) again on every call.
CREATE OR REPLACE FUNCTION api.lookup_place(lon float8, lat float8, on_date date DEFAULT NULL)
RETURNS TABLE (revision text, lookup_date date, township_code text, county_code text, head text, tail text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    at_point geometry := ST_SetSRID(ST_MakePoint(lon, lat), 4326);
    -- 2 km as degrees, with a 5% margin, for an index-friendly box around the point before the exact geography
    -- test; a degree of longitude shrinks with the cosine of the latitude.
    reach_lat float8 := 2000 * 1.05 / 111320.0;
    reach_lon float8 := 2000 * 1.05 / (111320.0 * greatest(cos(radians(lat)), 0.01));
    township_codes text[];
BEGIN
    revision := api.data_revision();
    lookup_date := coalesce(on_date, api.today());
    -- Approximate boundaries may overlap by a few square metres: every township containing the point counts for
    -- the belts, the first by code answers for the unit post.
    SELECT array_agg(d.code ORDER BY d.code) INTO township_codes
    FROM divisions AS d
    WHERE d.level = 'township' AND d.geom && at_point AND ST_Intersects(d.geom, at_point);
    township_code := township_codes[1];

    IF township_code IS NOT NULL THEN
        SELECT d.parent_code INTO county_code FROM divisions AS d WHERE d.code = township_code;
    ELSE
        SELECT d.code INTO county_code
        FROM divisions AS d
        WHERE d.level = 'county' AND d.geom && at_point AND ST_Intersects(d.geom, at_point)
        ORDER BY d.code
        LIMIT 1;
    END IF;
    IF county_code IS NULL THEN
        RETURN NEXT;
        RETURN;
    END IF;

    head := json_build_object(
        'point', json_build_object('lon', lon, 'lat', lat),
        'date', lookup_date,
        'precision', CASE WHEN township_code IS NULL THEN 'county' ELSE 'township' END
    )::text;
    tail := json_build_object(
        -- A belt without a drawn geometry covers the union of its member townships, so the point is in the belt
        -- exactly when one of the townships containing it is a member.
        'belts', (
            SELECT coalesce(json_agg(json_build_object(
                'code', b.code,
                'name', b.name,
                'nameEn', b.name_en,
                'approximate', CASE
                    WHEN b.geom IS NOT NULL THEN coalesce(b.provenance = 'approximate', false)
                    ELSE EXISTS (
                        SELECT 1 FROM area_divisions AS ad JOIN divisions AS d ON d.code = ad.division_code
                        WHERE ad.area_id = b.id AND d.provenance = 'approximate'
                    )
                END
            ) ORDER BY b.code), '[]'::json)
            FROM areas AS b
            WHERE b.kind = 'belt'
              AND api.area_in_force(b.retired_on, lookup_date)
              AND CASE
                  WHEN b.geom IS NOT NULL THEN b.geom && at_point AND ST_Intersects(b.geom, at_point)
                  ELSE township_codes IS NOT NULL AND EXISTS (
                      SELECT 1 FROM area_divisions AS ad WHERE ad.area_id = b.id AND ad.division_code = ANY (township_codes)
                  )
              END
        ),
        -- Projects not yet started on the date are left out, so a past date shows the projects of that time.
        'projects', (
            SELECT coalesce(json_agg(near.project ORDER BY near.distance, near.id), '[]'::json)
            FROM (
                SELECT
                    pr.id,
                    ST_Distance(pr.site::geography, at_point::geography) AS distance,
                    json_build_object(
                        'id', pr.id,
                        'name', pr.name,
                        'type', pr.project_type,
                        'stage', pr.stage,
                        'distanceM', round(ST_Distance(pr.site::geography, at_point::geography))::int,
                        'planners', (
                            SELECT coalesce(json_agg(api.planner_public(p) ORDER BY ap.valid_from, ap.id), '[]'::json)
                            FROM appointments AS ap
                            JOIN planners AS p ON p.id = ap.planner_id
                            WHERE ap.area_id = pr.area_id
                              AND ap.role = 'project'
                              AND api.in_force(ap.valid_from, ap.valid_to, lookup_date)
                        )
                    ) AS project
                FROM projects AS pr
                WHERE pr.site && ST_Expand(at_point, reach_lon, reach_lat)
                  AND ST_DWithin(pr.site::geography, at_point::geography, 2000)
                  AND (pr.started_on IS NULL OR pr.started_on <= lookup_date)
                ORDER BY distance, pr.id
                LIMIT 50
            ) AS near
        )
    )::text;
    RETURN NEXT;
END
$$;

CREATE OR REPLACE FUNCTION api.lookup_chain(county_code text, township_code text, lookup_date date)
RETURNS TABLE (revision text, chain text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    revision := api.data_revision();
    chain := (
        SELECT json_build_object(
            'city', (
                SELECT json_build_object(
                    'code', city.code,
                    'name', city.name,
                    'chiefPlanner', (
                        SELECT api.planner_public(p)
                        FROM area_divisions AS ad
                        JOIN areas AS a ON a.id = ad.area_id AND a.kind = 'city'
                        JOIN appointments AS ap ON ap.area_id = a.id
                        JOIN planners AS p ON p.id = ap.planner_id
                        WHERE ad.division_code = city.code
                          AND ap.role = 'chief_city'
                          AND api.in_force(ap.valid_from, ap.valid_to, lookup_date)
                        ORDER BY ap.valid_from DESC, ap.id DESC
                        LIMIT 1
                    )
                )
                FROM divisions AS city
                WHERE city.code = county.parent_code
            ),
            'county', json_build_object(
                'code', county.code,
                'name', county.name,
                'kind', county.kind,
                'provenance', county.provenance,
                'approximate', coalesce(county.provenance = 'approximate', false),
                'chiefPosts', (
                    SELECT json_build_object(
                        'seconded', (SELECT api.planner_public(p) FROM planners AS p WHERE p.id = posts.seconded_planner_id),
                        'hired', (SELECT api.planner_public(p) FROM planners AS p WHERE p.id = posts.hired_planner_id),
                        'covered', posts.covered
                    )
                    FROM api.county_chief_posts(lookup_date) AS posts
                    WHERE posts.county_code = county.code
                )
            ),
            'township', (
                SELECT json_build_object(
                    'code', t.code,
                    'name', t.name,
                    'kind', t.kind,
                    'provenance', t.provenance,
                    'approximate', coalesce(t.provenance = 'approximate', false),
                    'boundarySource', t.geom_source,
                    'unit', (SELECT u.post FROM api.unit_posts(lookup_date) AS u WHERE u.division_code = t.code)
                )
                FROM divisions AS t
                WHERE t.code = lookup_chain.township_code
            ),
            -- Without a township boundary at the point the client still needs every unit of the county.
            'countyTownships', CASE WHEN lookup_chain.township_code IS NULL THEN (
                SELECT coalesce(json_agg(json_build_object(
                    'code', t.code,
                    'name', t.name,
                    'kind', t.kind,
                    'hasGeometry', t.geom IS NOT NULL,
                    'unit', u.post
                ) ORDER BY t.code), '[]'::json)
                FROM api.unit_posts(lookup_date) AS u
                JOIN divisions AS t ON t.code = u.division_code
                WHERE u.county_code = county.code
            ) END
        )::text
        FROM divisions AS county
        WHERE county.code = lookup_chain.county_code
    );
    RETURN NEXT;
END
$$;

-- api.lookup(lon, lat, on_date): the whole answer in one statement, joined as the server joins it.
CREATE OR REPLACE FUNCTION api.lookup(lon float8, lat float8, on_date date DEFAULT NULL)
RETURNS json
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT (left(place.head, -1) || ', ' || substr(chain.chain, 2, length(chain.chain) - 2) || ', ' || substr(place.tail, 2))::json
    FROM api.lookup_place(lon, lat, on_date) AS place
    CROSS JOIN LATERAL api.lookup_chain(place.county_code, place.township_code, place.lookup_date) AS chain
    WHERE place.county_code IS NOT NULL
$$;
