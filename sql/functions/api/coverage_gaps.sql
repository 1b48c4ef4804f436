-- Where the plan's coverage has gaps on a date, built on the coverage rules of coverage.sql.
--
-- api.coverage_gaps(on_date): JSON { date, unassigned, vacant, townshipBoundariesLoaded, uncovered } (on_date null:
-- today in Jincheng). unassigned: the township-level units required on the date that no unit area (kind subdistrict
-- or township, through area_divisions) groups, so no unit post can exist for them; vacant: the required units in a
-- unit area whose unit post is vacant on the date. Each unit carries its county, since (vacant_since of
-- api.unit_coverage), and bbox [west, south, east, north] and labelPoint [lon, lat] (null without a boundary).
-- uncovered: per county with a boundary and at least one township boundary, the part of the county outside every
-- unit area's effective geometry, as GeoJSON with its area in km²; empty while no township boundary is loaded.
-- Units are ordered by code, counties by code. Raises nothing.
--
-- The overlays snap to a 1e-9° grid, as refresh_area_effective_geometries does: the embedded PostGIS (WebAssembly)
-- returns no row for nearly coinciding outlines (a county and the union of its townships) without one.

CREATE OR REPLACE FUNCTION api.coverage_gaps(on_date date DEFAULT NULL)
RETURNS json
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH report_date AS (
        SELECT coalesce(on_date, api.today()) AS day
    ),
    unit_area_members AS (
        SELECT ad.division_code, a.id, a.code, a.name, a.kind
        FROM area_divisions AS ad
        JOIN areas AS a ON a.id = ad.area_id AND a.kind IN ('subdistrict', 'township')
        CROSS JOIN report_date
        WHERE api.area_in_force(a.retired_on, report_date.day)
    ),
    gap_units AS (
        SELECT
            EXISTS (SELECT 1 FROM unit_area_members AS m WHERE m.division_code = d.code) AS in_unit_area,
            d.code,
            json_build_object(
                'code', d.code,
                'name', d.name,
                'kind', d.kind,
                'countyCode', county.code,
                'countyName', county.name,
                'requiredFrom', r.required_from,
                'since', u.vacant_since,
                'areas', (
                    SELECT coalesce(json_agg(json_build_object('code', m.code, 'name', m.name, 'kind', m.kind)
                        ORDER BY m.code), '[]'::json)
                    FROM unit_area_members AS m WHERE m.division_code = d.code
                ),
                'bbox', CASE WHEN d.geom IS NOT NULL THEN json_build_array(
                    round(ST_XMin(d.geom)::numeric, 6), round(ST_YMin(d.geom)::numeric, 6),
                    round(ST_XMax(d.geom)::numeric, 6), round(ST_YMax(d.geom)::numeric, 6)
                ) END,
                'labelPoint', CASE WHEN d.geom IS NOT NULL THEN (
                    SELECT json_build_array(round(ST_X(p)::numeric, 6), round(ST_Y(p)::numeric, 6))
                    FROM ST_PointOnSurface(d.geom) AS p
                ) END
            ) AS unit
        FROM report_date
        CROSS JOIN LATERAL api.unit_coverage(report_date.day) AS u
        JOIN divisions AS d ON d.code = u.division_code
        JOIN divisions AS county ON county.code = d.parent_code
        LEFT JOIN unit_requirements AS r ON r.division_code = d.code
        -- A unit in no unit area has no post, so api.unit_coverage calls it vacant once it is required.
        WHERE u.status = 'vacant'
    ),
    uncovered AS (
        SELECT
            county.code,
            county.name,
            ST_Multi(ST_CollectionExtract(ST_Difference(
                county.geom,
                coalesce((
                    SELECT ST_UnaryUnion(ST_Collect(g.geom), 1e-9)
                    FROM api.area_geometries AS g
                    JOIN areas AS a ON a.id = g.id
                    CROSS JOIN report_date
                    WHERE g.kind IN ('subdistrict', 'township') AND g.geom && county.geom
                      AND api.area_in_force(a.retired_on, report_date.day)
                ), 'SRID=4326;POLYGON EMPTY'::geometry),
                1e-9
            ), 3)) AS geom
        FROM divisions AS county
        WHERE county.level = 'county'
          AND county.geom IS NOT NULL
          AND EXISTS (
              SELECT 1 FROM divisions AS t WHERE t.parent_code = county.code AND t.level = 'township' AND t.geom IS NOT NULL
          )
    )
    SELECT json_build_object(
        'date', (SELECT day FROM report_date),
        'unassigned', (
            SELECT coalesce(json_agg(g.unit ORDER BY g.code), '[]'::json) FROM gap_units AS g WHERE NOT g.in_unit_area
        ),
        'vacant', (
            SELECT coalesce(json_agg(g.unit ORDER BY g.code), '[]'::json) FROM gap_units AS g WHERE g.in_unit_area
        ),
        'townshipBoundariesLoaded', EXISTS (SELECT 1 FROM divisions AS t WHERE t.level = 'township' AND t.geom IS NOT NULL),
        'uncovered', (
            SELECT coalesce(json_agg(json_build_object(
                'countyCode', c.code,
                'countyName', c.name,
                'areaKm2', round((ST_Area(c.geom::geography) / 1e6)::numeric, 3),
                'geometry', ST_AsGeoJSON(c.geom, 6)::json
            ) ORDER BY c.code), '[]'::json)
            FROM uncovered AS c
            WHERE NOT ST_IsEmpty(c.geom)
        )
    )
$$;
