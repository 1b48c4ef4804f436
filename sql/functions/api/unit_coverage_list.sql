-- The dashboard's per-unit answers, built on the coverage rules of coverage.sql.
--
-- api.unit_coverage_list(on_date): JSON { date, units } with every township-level unit (街道/镇/乡) ordered by
-- code: its county, the belts that list it as a member, the status of api.unit_coverage on on_date (null: today in
-- Jincheng), requiredFrom, vacantSince, the unit planner's public name when covered, and whether a township polygon
-- is loaded (hasBoundary) and approximate (示意边界). Raises nothing.
--
-- api.unit_appointment_history(unit_code): JSON { unit, appointments } with every unit-planner appointment on an
-- area that groups the unit, newest first, each with the public planner fields (api.planner_public), the area,
-- validFrom/validTo and status; null when no township-level division has that code (the route answers 404).
-- A dismissal is a status detail for bureau and leader only: unless with_status_details, it reads 'ended'.

CREATE OR REPLACE FUNCTION api.unit_coverage_list(on_date date DEFAULT NULL)
RETURNS json
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH report_date AS (
        SELECT coalesce(on_date, api.today()) AS day
    ),
    belt_members AS (
        SELECT ad.division_code, array_agg(a.code ORDER BY a.code) AS belt_codes
        FROM area_divisions AS ad
        JOIN areas AS a ON a.id = ad.area_id AND a.kind = 'belt'
        WHERE api.area_in_force(a.retired_on, (SELECT day FROM report_date))
        GROUP BY ad.division_code
    )
    SELECT json_build_object(
        'date', (SELECT day FROM report_date),
        'units', coalesce(json_agg(json_build_object(
            'code', d.code,
            'name', d.name,
            'kind', d.kind,
            'countyCode', county.code,
            'countyName', county.name,
            'beltCodes', coalesce(bm.belt_codes, ARRAY[]::text []),
            'status', u.status,
            'requiredFrom', r.required_from,
            'vacantSince', u.vacant_since,
            'planner', CASE WHEN p.id IS NOT NULL THEN json_build_object('name', p.name) END,
            'hasBoundary', d.geom IS NOT NULL,
            'approximate', coalesce(d.provenance = 'approximate', false)
        ) ORDER BY d.code), '[]'::json)
    )
    FROM report_date
    CROSS JOIN LATERAL api.unit_coverage(report_date.day) AS u
    JOIN divisions AS d ON d.code = u.division_code
    JOIN divisions AS county ON county.code = d.parent_code
    LEFT JOIN unit_requirements AS r ON r.division_code = d.code
    LEFT JOIN belt_members AS bm ON bm.division_code = d.code
    LEFT JOIN planners AS p ON p.id = u.planner_id
$$;

DROP FUNCTION IF EXISTS api.unit_appointment_history(text);
CREATE OR REPLACE FUNCTION api.unit_appointment_history(unit_code text, with_status_details boolean DEFAULT false)
RETURNS json
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT json_build_object(
        'unit', json_build_object(
            'code', d.code,
            'name', d.name,
            'kind', d.kind,
            'countyCode', county.code,
            'countyName', county.name,
            'requiredFrom', (SELECT r.required_from FROM unit_requirements AS r WHERE r.division_code = d.code)
        ),
        'appointments', coalesce((
            SELECT json_agg(json_build_object(
                'planner', api.planner_public(p),
                'area', json_build_object('code', a.code, 'name', a.name, 'kind', a.kind),
                'validFrom', ap.valid_from,
                'validTo', ap.valid_to,
                'status', CASE WHEN ap.status = 'dismissed' AND NOT with_status_details THEN 'ended' ELSE ap.status END
            ) ORDER BY ap.valid_from DESC, ap.id DESC)
            FROM area_divisions AS ad
            JOIN areas AS a ON a.id = ad.area_id
            JOIN appointments AS ap ON ap.area_id = a.id AND ap.role = 'unit'
            JOIN planners AS p ON p.id = ap.planner_id
            WHERE ad.division_code = d.code
        ), '[]'::json)
    )
    FROM divisions AS d
    JOIN divisions AS county ON county.code = d.parent_code
    WHERE d.code = unit_code AND d.level = 'township'
$$;
