-- The dashboard's figures of planners' work and of the answers to public opinions, a public aggregate
-- (GET /api/coverage/work), and the opinion figures the yearly evaluation shows (evaluation_rounds.sql).
--
-- api.opinion_response(created, acknowledged, answered): JSON { received, acknowledged, answered,
-- medianHoursToAcknowledge, medianHoursToAnswer } of a group of opinions, given as three arrays side by side
-- (array_agg of each column; null for no opinion). An answer acknowledges too: the time to acknowledge is to the
-- earlier of acknowledged_at and answered_at. Medians are in hours to 0.1, null when no opinion of the group got
-- there. Raises nothing.
--
-- api.is_city_county(candidate): whether candidate is the code of a county of the city (a county-level division
-- under the city-level one). Raises nothing.
--
-- api.work_figures(from_date, to_date, for_county): JSON { from, to, county, workRecords, opinions } over the days
-- from_date..to_date inclusive (China time): work records by kind (api.work_record_kinds: the plan's seven always,
-- others when recorded), by county (every county of the city; a record's county is api.county_of) and by month
-- (every month the range touches, YYYY-MM); opinions received in the range (hidden ones left out) with their
-- response times, for the city, per county (the county the routing recorded, else api.county_of) and per planner
-- they were routed to (public name only, planners with none left out). With for_county (a county code; null: the
-- whole city) only the records and opinions of that county count, byCounty lists it alone and county is its
-- { code, name } (null for the city); the answer is null when for_county names no county of the city. Raises
-- invalid_parameter_value (22023) when a bound is null, from_date > to_date or the range touches more than 120
-- months; the server checks the same first.
--
-- api.work_cells(from_date, to_date, for_county): JSON { from, to, minimumRecords, records, unplaced, leftOut,
-- cells } where the work records of the range lie (those of for_county alone when given, as api.work_figures), a
-- public aggregate that shows no single record: each placed record counts in one hexagon of a fixed grid (edge
-- 2,500 Web Mercator metres, about 2 km on the ground at Jincheng's latitude; a record on a shared edge counts in
-- the cell of lowest i, j), and only cells of at least 3 records are listed (cells: [{ records, center [lon, lat],
-- polygon: outer ring [[lon, lat], ...] }], west to east). records is every record of the range, unplaced those
-- without a place, leftOut those in the cells not listed, so records = unplaced + leftOut + the cells' sum. Null
-- for a for_county that names no county of the city; raises as api.work_figures.

CREATE OR REPLACE FUNCTION api.opinion_response(created timestamptz [], acknowledged timestamptz [], answered timestamptz [])
RETURNS json
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT json_build_object(
        'received', count(*),
        'acknowledged', count(coalesce(o.acknowledged, o.answered)),
        'answered', count(o.answered),
        'medianHoursToAcknowledge', round((percentile_cont(0.5) WITHIN GROUP (
            ORDER BY extract(EPOCH FROM least(o.acknowledged, o.answered) - o.created)::float8 / 3600
        ))::numeric, 1),
        'medianHoursToAnswer', round((percentile_cont(0.5) WITHIN GROUP (
            ORDER BY extract(EPOCH FROM o.answered - o.created)::float8 / 3600
        ))::numeric, 1)
    )
    FROM unnest(created, acknowledged, answered) AS o (created, acknowledged, answered)
$$;

-- api.check_work_range(what, from_date, to_date): raises invalid_parameter_value, naming `what`, unless from_date is on
-- or before to_date and the range spans at most 120 calendar months (the limit of the work figures and cells).
CREATE OR REPLACE FUNCTION api.check_work_range(what text, from_date date, to_date date)
RETURNS void
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    month_count int;
BEGIN
    IF from_date IS NULL OR to_date IS NULL OR from_date > to_date THEN
        RAISE EXCEPTION '%: from (%) must be on or before to (%)', what, from_date, to_date
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    month_count := (extract(YEAR FROM to_date) * 12 + extract(MONTH FROM to_date))
        - (extract(YEAR FROM from_date) * 12 + extract(MONTH FROM from_date)) + 1;
    IF month_count > 120 THEN
        RAISE EXCEPTION '%: % months from % to %, at most 120', what, month_count, from_date, to_date
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION api.is_city_county(candidate text)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT EXISTS (
        SELECT 1
        FROM divisions AS county
        JOIN divisions AS city ON city.code = county.parent_code AND city.level = 'city'
        WHERE county.level = 'county' AND county.code = candidate
    )
$$;

-- The two-argument forms before the county filter: a third argument with a default would make calls ambiguous.
DROP FUNCTION IF EXISTS api.work_figures(date, date);
DROP FUNCTION IF EXISTS api.work_cells(date, date);

CREATE OR REPLACE FUNCTION api.work_figures(from_date date, to_date date, for_county text DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    PERFORM api.check_work_range('work figures', from_date, to_date);
    IF for_county IS NOT NULL AND NOT api.is_city_county(for_county) THEN
        RETURN NULL;
    END IF;

    RETURN (
        WITH logged AS (
            SELECT w.kind, w.occurred_on, api.county_of(w.location, w.area_id) AS county_code
            FROM work_records AS w
            WHERE w.occurred_on BETWEEN from_date AND to_date
        ),
        records AS (
            SELECT logged.kind, logged.occurred_on, logged.county_code
            FROM logged
            WHERE for_county IS NULL OR logged.county_code = for_county
        ),
        all_received AS (
            SELECT
                o.created_at, o.acknowledged_at, o.answered_at, o.planner_id,
                coalesce(o.county_code, api.county_of(o.location, o.area_id)) AS county_code
            FROM opinions AS o
            WHERE (o.created_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN from_date AND to_date AND NOT o.hidden
        ),
        received AS (
            SELECT
                all_received.created_at, all_received.acknowledged_at, all_received.answered_at,
                all_received.planner_id, all_received.county_code
            FROM all_received
            WHERE for_county IS NULL OR all_received.county_code = for_county
        ),
        counties AS (
            SELECT county.code, county.name
            FROM divisions AS county
            JOIN divisions AS city ON city.code = county.parent_code AND city.level = 'city'
            WHERE county.level = 'county' AND (for_county IS NULL OR county.code = for_county)
        )
        SELECT json_build_object(
            'from', from_date,
            'to', to_date,
            'county', (SELECT json_build_object('code', counties.code, 'name', counties.name) FROM counties WHERE for_county IS NOT NULL),
            'workRecords', json_build_object(
                'total', (SELECT count(*) FROM records),
                'byKind', (
                    SELECT json_agg(json_build_object('kind', kinds.kind, 'records', counted.records) ORDER BY kinds.position)
                    FROM unnest(api.work_record_kinds()) WITH ORDINALITY AS kinds (kind, position)
                    CROSS JOIN LATERAL (SELECT count(*) AS records FROM records WHERE records.kind = kinds.kind) AS counted
                    WHERE kinds.position <= 7 OR counted.records > 0
                ),
                'byCounty', (
                    SELECT coalesce(json_agg(json_build_object(
                        'code', counties.code,
                        'name', counties.name,
                        'records', (SELECT count(*) FROM records WHERE records.county_code = counties.code)
                    ) ORDER BY counties.code), '[]'::json)
                    FROM counties
                ),
                'byMonth', (
                    SELECT json_agg(json_build_object(
                        'month', to_char(months.start, 'YYYY-MM'),
                        'records', (
                            SELECT count(*) FROM records
                            WHERE date_trunc('month', records.occurred_on) = months.start
                        )
                    ) ORDER BY months.start)
                    FROM generate_series(date_trunc('month', from_date), to_date, interval '1 month') AS months (start)
                )
            ),
            'opinions', (
                SELECT api.opinion_response(array_agg(created_at), array_agg(acknowledged_at), array_agg(answered_at))::jsonb
                    || jsonb_build_object(
                        'byCounty', (
                            SELECT coalesce(jsonb_agg(
                                jsonb_build_object('code', counties.code, 'name', counties.name) || (
                                    SELECT api.opinion_response(array_agg(r.created_at), array_agg(r.acknowledged_at), array_agg(r.answered_at))::jsonb
                                    FROM received AS r
                                    WHERE r.county_code = counties.code
                                ) ORDER BY counties.code
                            ), '[]'::jsonb)
                            FROM counties
                        ),
                        'byPlanner', (
                            SELECT coalesce(jsonb_agg(
                                jsonb_build_object('planner', jsonb_build_object('name', per.name)) || per.figures
                                ORDER BY per.name, per.id
                            ), '[]'::jsonb)
                            FROM (
                                SELECT p.id, p.name, api.opinion_response(
                                    array_agg(r.created_at), array_agg(r.acknowledged_at), array_agg(r.answered_at)
                                )::jsonb AS figures
                                FROM received AS r
                                JOIN planners AS p ON p.id = r.planner_id
                                GROUP BY p.id, p.name
                            ) AS per
                        )
                    )
                FROM received
            )
        )
    );
END
$$;

CREATE OR REPLACE FUNCTION api.work_cells(from_date date, to_date date, for_county text DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    -- Fixed to the grid's origin, so a cell is the same ground whatever the range: no two answers split a cell.
    cell_edge CONSTANT float8 := 2500;
    minimum_records CONSTANT int := 3;
BEGIN
    PERFORM api.check_work_range('work cells', from_date, to_date);
    IF for_county IS NOT NULL AND NOT api.is_city_county(for_county) THEN
        RETURN NULL;
    END IF;

    RETURN (
        WITH records AS (
            SELECT ST_Transform(w.location, 3857) AS at
            FROM work_records AS w
            WHERE
                w.occurred_on BETWEEN from_date AND to_date
                AND (for_county IS NULL OR api.county_of(w.location, w.area_id) = for_county)
        ),
        counted AS (
            SELECT cell.i, cell.j, cell.geom, count(*) AS records
            FROM records
            CROSS JOIN LATERAL (
                SELECT grid.i, grid.j, grid.geom
                FROM ST_HexagonGrid(cell_edge, records.at) AS grid
                ORDER BY grid.i, grid.j
                LIMIT 1
            ) AS cell
            WHERE records.at IS NOT NULL
            GROUP BY cell.i, cell.j, cell.geom
        )
        SELECT json_build_object(
            'from', from_date,
            'to', to_date,
            'minimumRecords', minimum_records,
            'records', (SELECT count(*) FROM records),
            'unplaced', (SELECT count(*) FROM records WHERE records.at IS NULL),
            'leftOut', (SELECT coalesce(sum(counted.records), 0) FROM counted WHERE counted.records < minimum_records),
            'cells', (
                SELECT coalesce(json_agg(json_build_object(
                    'records', shown.records,
                    'center', ST_AsGeoJSON(ST_Transform(ST_Centroid(shown.geom), 4326), 6)::json -> 'coordinates',
                    'polygon', ST_AsGeoJSON(ST_Transform(shown.geom, 4326), 6)::json -> 'coordinates' -> 0
                ) ORDER BY shown.i, shown.j), '[]'::json)
                FROM counted AS shown
                WHERE shown.records >= minimum_records
            )
        )
    );
END
$$;
