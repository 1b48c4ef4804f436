-- Coverage report for the leadership: the figures of the rollout on a date and over time, built on the coverage
-- rules api.unit_coverage and api.county_chief_posts (coverage.sql). One call answers one request.
--
-- api.unit_counts(statuses, required): the figures of a group of units as JSON
-- { total, required, covered, vacant, notRequired, percent }, from the units' statuses of api.unit_coverage and
-- their required flags, side by side (array_agg of each; null for no unit). covered, vacant and notRequired add up
-- to total (a unit with a planner before it is required counts as covered); percent is covered-and-required over
-- required, rounded to 0.1, and null when no unit is required yet.
--
-- api.coverage_report(on_date): JSON of the report on on_date (null: today in Jincheng): the plan phase, the city
-- (units, the city chief planner, counties with both chief posts filled), the central urban area, each county
-- (units, its two chief posts with the public planner fields, null for a vacant post), each belt (units of its
-- member townships) and the planners holding an appointment that day, by role. Raises nothing.
--
-- api.coverage_timeline(from_date, to_date, step): JSON { from, to, step, phases, points } with the city figures on
-- every first of a month (step 'month') or every Monday (step 'week') between from_date and to_date inclusive.
-- Raises invalid_parameter_value (22023) when a bound is null, from_date > to_date, the step is unknown or the range
-- holds more than 120 points; the server validates the same before calling.
--
-- The two report functions are plpgsql: this file is applied before coverage.sql and lookup.sql (file order), and
-- plpgsql bodies, unlike SQL ones, do not need the functions they call to exist yet; plpgsql also keeps its plans.

DROP FUNCTION IF EXISTS api.unit_counts(bigint, bigint, bigint, bigint, bigint);

CREATE OR REPLACE FUNCTION api.unit_counts(statuses text [], required boolean [])
RETURNS json
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT json_build_object(
        'total', count(*),
        'required', count(*) FILTER (WHERE u.required),
        'covered', count(*) FILTER (WHERE u.status = 'covered'),
        'vacant', count(*) FILTER (WHERE u.status = 'vacant'),
        'notRequired', count(*) FILTER (WHERE u.status = 'not_required'),
        'percent', round(
            100.0 * count(*) FILTER (WHERE u.required AND u.status = 'covered') / nullif(count(*) FILTER (WHERE u.required), 0), 1
        )
    )
    FROM unnest(statuses, required) AS u (status, required)
$$;

CREATE OR REPLACE FUNCTION api.coverage_report(on_date date DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    report_date date := coalesce(on_date, api.today());
BEGIN
    RETURN (
        WITH units AS (
            SELECT u.division_code, u.county_code, u.required, u.status
            FROM api.unit_coverage(report_date) AS u
        ),
        posts AS (
            SELECT * FROM api.county_chief_posts(report_date)
        ),
        active AS (
            SELECT DISTINCT ap.planner_id, ap.role
            FROM appointments AS ap
            WHERE api.in_force(ap.valid_from, ap.valid_to, report_date)
        )
        SELECT json_build_object(
            'date', report_date,
            'phase', (
                SELECT json_build_object(
                    'code', ph.code, 'name', ph.name, 'nameEn', ph.name_en, 'startsOn', ph.starts_on, 'endsOn', ph.ends_on
                )
                FROM plan_phases AS ph
                WHERE ph.starts_on <= report_date AND report_date < ph.ends_on
                ORDER BY ph.starts_on DESC
                LIMIT 1
            ),
            'city', json_build_object(
                'code', city.code,
                'name', city.name,
                'units', (
                    SELECT api.unit_counts(array_agg(status), array_agg(required))
                    FROM units
                ),
                'chiefPlanner', (
                    SELECT api.planner_public(p)
                    FROM api.post_holder(city.code, 'chief_city', 'city', report_date) AS holder
                    JOIN planners AS p ON p.id = holder.planner_id
                ),
                'countyChiefs', (
                    SELECT json_build_object(
                        'counties', count(*),
                        'covered', count(*) FILTER (WHERE covered),
                        'secondedFilled', count(seconded_planner_id),
                        'hiredFilled', count(hired_planner_id),
                        'percent', CASE WHEN count(*) > 0 THEN round(100.0 * count(*) FILTER (WHERE covered) / count(*), 1) END
                    )
                    FROM posts
                )
            ),
            'centralUrbanArea', (
                SELECT api.unit_counts(array_agg(status), array_agg(required))
                FROM units
                JOIN central_urban_area_members AS c ON c.division_code = units.division_code
            ),
            'counties', (
                SELECT coalesce(json_agg(json_build_object(
                    'code', county.code,
                    'name', county.name,
                    'kind', county.kind,
                    'units', (
                        SELECT api.unit_counts(array_agg(status), array_agg(required))
                        FROM units
                        WHERE units.county_code = county.code
                    ),
                    'chiefPosts', (
                        SELECT json_build_object(
                            'seconded', (SELECT api.planner_public(p) FROM planners AS p WHERE p.id = posts.seconded_planner_id),
                            'hired', (SELECT api.planner_public(p) FROM planners AS p WHERE p.id = posts.hired_planner_id),
                            'covered', posts.covered
                        )
                        FROM posts
                        WHERE posts.county_code = county.code
                    )
                ) ORDER BY county.code), '[]'::json)
                FROM divisions AS county
                WHERE county.level = 'county' AND county.parent_code = city.code
            ),
            'belts', (
                SELECT coalesce(json_agg(json_build_object(
                    'code', belt.code,
                    'name', belt.name,
                    'nameEn', belt.name_en,
                    'units', (
                        SELECT api.unit_counts(array_agg(status), array_agg(required))
                        FROM units
                        JOIN area_divisions AS ad ON ad.division_code = units.division_code
                        WHERE ad.area_id = belt.id
                    )
                ) ORDER BY belt.code), '[]'::json)
                FROM areas AS belt
                WHERE belt.kind = 'belt' AND api.area_in_force(belt.retired_on, report_date)
            ),
            'plannerCounts', json_build_object(
                'total', (SELECT count(DISTINCT planner_id) FROM active),
                'byRole', (
                    SELECT json_agg(json_build_object(
                        'role', roles.role,
                        'planners', (SELECT count(*) FROM active WHERE active.role = roles.role)
                    ) ORDER BY roles.position)
                    FROM unnest(ARRAY['chief_city', 'chief_county_seconded', 'chief_county_hired', 'unit', 'project'])
                        WITH ORDINALITY AS roles (role, position)
                )
            )
        )
        FROM divisions AS city
        WHERE city.level = 'city'
        ORDER BY city.code
        LIMIT 1
    );
END
$$;

CREATE OR REPLACE FUNCTION api.coverage_timeline(from_date date, to_date date, step text DEFAULT 'month')
RETURNS json
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    step_interval interval;
    first_point date;
    point_count int;
BEGIN
    IF from_date IS NULL OR to_date IS NULL OR from_date > to_date THEN
        RAISE EXCEPTION 'coverage timeline: from (%) must be on or before to (%)', from_date, to_date
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- The first point is the first month start (or Monday) on or after from_date.
    IF step = 'month' THEN
        step_interval := interval '1 month';
        first_point := date_trunc('month', from_date)::date;
    ELSIF step = 'week' THEN
        step_interval := interval '1 week';
        first_point := date_trunc('week', from_date)::date;
    ELSE
        RAISE EXCEPTION 'coverage timeline: unknown step %', step USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF first_point < from_date THEN
        first_point := (first_point + step_interval)::date;
    END IF;
    SELECT count(*) INTO point_count FROM generate_series(first_point, to_date, step_interval);
    IF point_count > 120 THEN
        RAISE EXCEPTION 'coverage timeline: % points from % to %, at most 120', point_count, from_date, to_date
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    RETURN (
        SELECT json_build_object(
            'from', from_date,
            'to', to_date,
            'step', step,
            'phases', (
                SELECT coalesce(json_agg(json_build_object(
                    'code', ph.code, 'name', ph.name, 'nameEn', ph.name_en, 'startsOn', ph.starts_on, 'endsOn', ph.ends_on
                ) ORDER BY ph.starts_on), '[]'::json)
                FROM plan_phases AS ph
            ),
            'points', coalesce(json_agg(json_build_object(
                'date', series.day,
                'phase', (
                    SELECT ph.code FROM plan_phases AS ph
                    WHERE ph.starts_on <= series.day AND series.day < ph.ends_on
                    ORDER BY ph.starts_on DESC
                    LIMIT 1
                ),
                'units', units.counts,
                'countyChiefs', chiefs.counts
            ) ORDER BY series.day), '[]'::json)
        )
        FROM (SELECT s::date AS day FROM generate_series(first_point, to_date, step_interval) AS s) AS series
        CROSS JOIN LATERAL (
            SELECT api.unit_counts(array_agg(u.status), array_agg(u.required)) AS counts
            FROM api.unit_coverage(series.day) AS u
        ) AS units
        CROSS JOIN LATERAL (
            SELECT json_build_object('counties', count(*), 'covered', count(*) FILTER (WHERE c.covered)) AS counts
            FROM api.county_chief_posts(series.day) AS c
        ) AS chiefs
    );
END
$$;
