-- Coverage rules of the pilot plan, for any date.
--
-- api.unit_coverage(on_date): one row per township-level unit (街道/镇/乡). A unit is covered when a unit
-- appointment whose date range contains on_date is on an area that groups the unit (area_divisions); the status of
-- the appointment does not matter, because ended and dismissed appointments keep the dates they were in force.
-- required: on_date is on or after the unit's required_from (unit_requirements). status: covered | vacant (required,
-- not covered) | not_required. vacant_since: for a vacant unit, the later of required_from and the end of its last
-- unit appointment. Never raises; units without any appointment or requirement are not_required.
--
-- api.county_chief_posts(on_date): one row per county with the planner holding each of the two county chief posts
-- (seconded by the city bureau, hired by the county) on that date; covered when both are filled.
--
-- api.post_holder(for_division, for_role, of_kind, on_date): who holds a post on a date: the appointment in role
-- for_role, in force on on_date, on an area that groups the division (of kind of_kind; null: any kind). When a
-- closed appointment overlaps its successor (only active ones are kept apart by the exclusion constraint), the
-- latest start wins, then the latest id. No row while the post is vacant.
-- All are STABLE SQL functions that the planner can inline.

CREATE OR REPLACE FUNCTION api.post_holder(for_division text, for_role text, of_kind text, on_date date)
RETURNS TABLE (appointment_id bigint, area_id bigint, planner_id bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT ap.id, ap.area_id, ap.planner_id
    FROM area_divisions AS ad
    JOIN appointments AS ap ON ap.area_id = ad.area_id
    WHERE ad.division_code = for_division
      -- Written as EXISTS so that a null kind folds away without a join to areas.
      AND (of_kind IS NULL OR EXISTS (SELECT 1 FROM areas AS a WHERE a.id = ad.area_id AND a.kind = of_kind))
      AND ap.role = for_role
      AND api.in_force(ap.valid_from, ap.valid_to, on_date)
    ORDER BY ap.valid_from DESC, ap.id DESC
    LIMIT 1
$$;

CREATE OR REPLACE FUNCTION api.unit_coverage(on_date date)
RETURNS TABLE (
    division_code text,
    county_code text,
    required boolean,
    status text,
    area_id bigint,
    planner_id bigint,
    appointment_id bigint,
    vacant_since date
)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT
        d.code,
        d.parent_code,
        coalesce(r.required_from <= on_date, false),
        CASE
            WHEN current_post.appointment_id IS NOT NULL THEN 'covered'
            WHEN r.required_from <= on_date THEN 'vacant'
            ELSE 'not_required'
        END,
        current_post.area_id,
        current_post.planner_id,
        current_post.appointment_id,
        CASE
            WHEN current_post.appointment_id IS NULL AND r.required_from <= on_date
                THEN greatest(r.required_from, last_post.ended_on)
        END
    FROM divisions AS d
    LEFT JOIN unit_requirements AS r ON r.division_code = d.code
    LEFT JOIN LATERAL api.post_holder(d.code, 'unit', NULL, on_date) AS current_post ON true
    LEFT JOIN LATERAL (
        SELECT max(ap.valid_to) AS ended_on
        FROM area_divisions AS ad
        JOIN appointments AS ap ON ap.area_id = ad.area_id
        WHERE ad.division_code = d.code
          AND ap.role = 'unit'
          AND ap.valid_to <= on_date
    ) AS last_post ON true
    WHERE d.level = 'township'
$$;

CREATE OR REPLACE FUNCTION api.county_chief_posts(on_date date)
RETURNS TABLE (
    county_code text,
    seconded_planner_id bigint,
    hired_planner_id bigint,
    covered boolean
)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT
        d.code,
        seconded.planner_id,
        hired.planner_id,
        seconded.planner_id IS NOT NULL AND hired.planner_id IS NOT NULL
    FROM divisions AS d
    LEFT JOIN LATERAL api.post_holder(d.code, 'chief_county_seconded', 'county', on_date) AS seconded ON true
    LEFT JOIN LATERAL api.post_holder(d.code, 'chief_county_hired', 'county', on_date) AS hired ON true
    WHERE d.level = 'county'
$$;
