-- api.area_records, api.project_records: an area and a project with every field, in the shape of
-- server/src/contracts/areas.ts (Area) and projects.ts (Project), for the bureau's reads and the answers to its
-- writes (server/src/areas, server/src/projects). Geometries as GeoJSON (7 decimals, ~1 cm), dates as ISO text,
-- updated_at in UTC to the microsecond.
--
-- api.area_records: members are the member division codes in code order; geometry is the area's own drawn
-- geometry (null when it is derived from the members); area_m2 the effective geometry's area.
-- api.project_records: planners are the project's planners in force today; crosses the unit areas in force today
-- whose effective geometry the site touches (empty while unit areas have no boundaries), so that a site that crosses
-- a unit boundary is flagged.

CREATE OR REPLACE VIEW api.area_records AS
SELECT
    a.id, a.code, a.name, a.name_en, a.kind,
    array(SELECT ad.division_code FROM area_divisions AS ad WHERE ad.area_id = a.id ORDER BY ad.division_code) AS members,
    ST_AsGeoJSON(a.geom, 7)::json AS geometry,
    a.provenance, a.geom_source, a.description, a.locked, a.retired_on::text AS retired_on, a.retire_reason,
    round(ST_Area(e.geom::geography)::numeric)::double precision AS area_m2,
    a.is_demo, a.version,
    to_char(a.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS updated_at
FROM areas AS a
LEFT JOIN area_effective_geometries AS e ON e.area_id = a.id;

CREATE OR REPLACE VIEW api.project_records AS
SELECT
    p.id, p.name, p.project_type, p.stage, ST_AsGeoJSON(p.site, 7)::json AS site, p.started_on::text AS started_on,
    p.description, p.area_id, a.code AS area_code,
    (
        SELECT coalesce(json_agg(json_build_object('appointmentId', ap.id, 'plannerId', pl.id, 'name', pl.name)
            ORDER BY ap.valid_from, ap.id), '[]')
        FROM appointments AS ap
        JOIN planners AS pl ON pl.id = ap.planner_id
        WHERE ap.area_id = p.area_id AND ap.role = 'project' AND ap.status = 'active'
          AND api.in_force(ap.valid_from, ap.valid_to, api.today())
    ) AS planners,
    crossing.crosses,
    json_array_length(crossing.crosses) > 1 AS crosses_unit_boundary,
    p.is_demo, p.version,
    to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS updated_at
FROM projects AS p
LEFT JOIN areas AS a ON a.id = p.area_id
CROSS JOIN LATERAL (
    SELECT coalesce(json_agg(json_build_object('areaId', g.id, 'code', g.code, 'name', g.name, 'kind', g.kind)
        ORDER BY g.code), '[]') AS crosses
    FROM api.area_geometries AS g
    JOIN areas AS unit ON unit.id = g.id
    WHERE g.kind IN ('subdistrict', 'township')
      AND api.area_in_force(unit.retired_on, api.today())
      AND g.geom && p.site
      AND ST_Intersects(g.geom, p.site)
) AS crossing;

-- api.area_list(on_date): every area in the bureau's list (GET /api/areas): the fields of api.area_records but the
-- geometry, with who holds its posts on a date (names, in role order), in code order. on_date null: today's holders
-- and every area, retired ones too (the list marks them); a date: the holders by the appointments' own dates and
-- only the areas in force then (api.area_in_force). Raises nothing.
DROP VIEW IF EXISTS api.area_list;
CREATE OR REPLACE FUNCTION api.area_list(on_date date)
RETURNS TABLE (
    id bigint, code text, name text, name_en text, kind text, members text [], locked boolean, retired_on text,
    area_m2 double precision, version integer, holders json
)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT
        r.id, r.code, r.name, r.name_en, r.kind, r.members, r.locked, r.retired_on, r.area_m2, r.version,
        (
            SELECT coalesce(json_agg(json_build_object('appointmentId', ap.id, 'plannerId', pl.id, 'name', pl.name, 'role', ap.role)
                ORDER BY array_position(ARRAY['chief_city', 'chief_county_seconded', 'chief_county_hired', 'unit', 'project'], ap.role), ap.id), '[]')
            FROM appointments AS ap
            JOIN planners AS pl ON pl.id = ap.planner_id
            WHERE ap.area_id = r.id AND api.in_force(ap.valid_from, ap.valid_to, coalesce(on_date, api.today()))
        ) AS holders
    FROM api.area_records AS r
    WHERE on_date IS NULL OR api.area_in_force(r.retired_on::date, on_date)
    ORDER BY r.code
$$;
