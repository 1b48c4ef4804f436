-- Planners' work records (工作记录) as the API reads and checks them (server/src/work-records).
--
-- api.work_record_kinds(): every kind in the order answers list them: the seven key links of the plan, then review
-- (技术审查), a kind of the first schema that new records no longer take. Raises nothing.
--
-- api.county_of(location, area_id): the code of the county a record or an opinion belongs to: the county whose
-- boundary holds the point (the lowest code where two touch), else the county of the area's member divisions;
-- null when neither says. Raises nothing.
--
-- api.work_record_records: every work record with every field, in the shape of server/src/contracts/work-records.ts
-- WorkRecord (planner's name, place as lon/lat, its county, dates as ISO text, updated_at in UTC to the microsecond,
-- its photos of table photos, migration 0017, in upload order).
--
-- api.work_record_posts(planner, area, project, on_date): whether the area and the project exist and whether the
-- planner held a post on them on that date (an appointment on the area, or on the project's own area, in force
-- then, whatever its status now). A null area or project is known and held. One row; raises nothing.

CREATE OR REPLACE FUNCTION api.work_record_kinds()
RETURNS text []
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY[
        'site_visit', 'opinion_solicitation', 'problem_sorting', 'planning_feedback', 'project_implementation',
        'training', 'publicity', 'review'
    ]
$$;

CREATE OR REPLACE FUNCTION api.county_of(location geometry, for_area bigint)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(
        (
            SELECT d.code FROM divisions AS d
            WHERE d.level = 'county' AND d.geom IS NOT NULL AND location IS NOT NULL AND ST_Intersects(d.geom, location)
            ORDER BY d.code
            LIMIT 1
        ),
        (
            SELECT CASE WHEN d.level = 'county' THEN d.code ELSE d.parent_code END
            FROM area_divisions AS ad
            JOIN divisions AS d ON d.code = ad.division_code
            WHERE ad.area_id = for_area AND d.level IN ('county', 'township')
            ORDER BY d.code
            LIMIT 1
        )
    )
$$;

CREATE OR REPLACE VIEW api.work_record_records AS
SELECT
    w.id, w.planner_id, p.name AS planner_name, w.area_id, w.project_id, w.kind, w.occurred_on::text AS occurred_on,
    ST_X(w.location) AS lon, ST_Y(w.location) AS lat, api.county_of(w.location, w.area_id) AS county_code,
    w.body AS text, w.is_demo, w.version,
    to_char(w.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS updated_at,
    coalesce((
        SELECT json_agg(json_build_object('id', ph.id, 'mediaType', ph.media_type, 'width', ph.width, 'height', ph.height) ORDER BY ph.id)
        FROM photos AS ph
        WHERE ph.owner_kind = 'work_record' AND ph.owner_id = w.id
    ), '[]'::json) AS photos
FROM work_records AS w
JOIN planners AS p ON p.id = w.planner_id;

CREATE OR REPLACE FUNCTION api.work_record_posts(for_planner bigint, for_area bigint, for_project bigint, on_date date)
RETURNS TABLE (area_known boolean, area_held boolean, project_known boolean, project_held boolean)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT
        for_area IS NULL OR EXISTS (SELECT 1 FROM areas AS a WHERE a.id = for_area),
        for_area IS NULL OR EXISTS (
            SELECT 1 FROM appointments AS ap
            WHERE ap.planner_id = for_planner AND ap.area_id = for_area AND api.in_force(ap.valid_from, ap.valid_to, on_date)
        ),
        for_project IS NULL OR EXISTS (SELECT 1 FROM projects AS pr WHERE pr.id = for_project),
        for_project IS NULL OR EXISTS (
            SELECT 1 FROM projects AS pr
            JOIN appointments AS ap ON ap.area_id = pr.area_id
            WHERE pr.id = for_project AND ap.planner_id = for_planner AND api.in_force(ap.valid_from, ap.valid_to, on_date)
        )
$$;
