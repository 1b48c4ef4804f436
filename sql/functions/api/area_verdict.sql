-- PostGIS is the judge of the bureau's areas and project sites: every save (server/src/areas, server/src/projects)
-- asks api.judge_area in its own transaction, and the workspace asks it before saving (POST /api/areas/check).
--
-- api.edit_tolerances(): the tolerances of the judgement, named here and nowhere else. Real boundaries do not meet
-- exactly: the reference township boundaries overlap their neighbours by a few hundred m² in places, so two unit
-- areas may share up to overlap_m2 (per pair) before it counts as an overlap; an area may reach outside the city's
-- outline by up to outside_city_m2 in all (a boundary drawn along the city's edge). Raises nothing.
--
-- api.judge_area(kind, drawn, member_codes, except_area, on_date): the verdict on an area of `kind` with its own
-- drawn geometry `drawn` (null: the union of its member divisions' boundaries, as refresh_area_effective_geometries
-- derives it) and members `member_codes`, as if it replaced area `except_area` (null for a new area), on `on_date`
-- (null: today in Jincheng). JSON:
--   problems            the names of the rules broken, empty when the area may be saved: invalid-geometry,
--                       empty-geometry (nothing left of a drawn geometry), unknown-divisions,
--                       unsuitable-divisions, outside-city, overlap, member-conflict
--   areaM2              the effective geometry's area (null without a geometry)
--   invalid             null, or { reason, geometry, areaBeforeM2, areaAfterM2 }: the repair proposed for an invalid
--                       drawn geometry (ST_MakeValid, polygons kept) and what it does to the area; everything after
--                       it is judged on the repaired geometry, so one answer tells everything
--   unknownDivisions    member codes that are no division
--   unsuitableDivisions members of a unit area (subdistrict, township) that are not township-level divisions
--   outsideCity         null without a city outline or a drawn geometry, else { areaM2, toleranceM2, geometry
--                       (null when none) }: the members' union is not judged, its divisions are the city's own
--   overlaps            unit areas only: each other unit area in force on the date sharing more than the tolerance:
--                       { areaId, code, name, areaM2, at [lon, lat], geometry }
--   memberConflicts     unit areas only: members already grouped by another unit area in force on the date:
--                       { divisionCode, divisionName, areaId, code, name }
--   tolerances          { overlapM2, outsideCityM2 }
-- Belts, projects, counties and the city may overlap anything. The city's outline is the city division's boundary,
-- else the union of the county boundaries. Overlays snap to a 1e-9° grid as in refresh_area_effective_geometries.
-- Raises nothing on any geometry.

CREATE OR REPLACE FUNCTION api.edit_tolerances(OUT overlap_m2 double precision, OUT outside_city_m2 double precision)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT 1000::double precision, 10000::double precision
$$;

-- api.repaired(geometry): the repair proposed for an invalid polygon geometry and applied when the bureau accepts it:
-- ST_MakeValid (a part inside another becomes a hole), its polygons kept, as a MultiPolygon. Raises nothing.
CREATE OR REPLACE FUNCTION api.repaired(drawn geometry)
RETURNS geometry
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ST_Multi(ST_CollectionExtract(ST_MakeValid(drawn), 3))
$$;

CREATE OR REPLACE FUNCTION api.judge_area(
    proposed_kind text,
    drawn geometry,
    member_codes text [],
    except_area bigint DEFAULT NULL,
    on_date date DEFAULT NULL
)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    tolerance record := api.edit_tolerances();
    judged_on date := coalesce(on_date, api.today());
    is_unit boolean := proposed_kind IN ('subdistrict', 'township');
    members text [] := coalesce(member_codes, '{}');
    problems text [] := '{}';
    invalid jsonb;
    repaired geometry;
    effective geometry;
    city geometry;
    outside geometry;
    outside_m2 double precision;
    unknown_codes jsonb;
    unsuitable_codes jsonb;
    conflicts jsonb := '[]';
    overlap_list jsonb := '[]';
BEGIN
    IF drawn IS NOT NULL AND NOT ST_IsValid(drawn) THEN
        repaired := api.repaired(drawn);
        invalid := jsonb_build_object(
            'reason', ST_IsValidReason(drawn),
            'geometry', ST_AsGeoJSON(repaired, 7)::jsonb,
            'areaBeforeM2', round(ST_Area(drawn::geography)::numeric),
            'areaAfterM2', round(ST_Area(repaired::geography)::numeric)
        );
        problems := array_append(problems, 'invalid-geometry');
        drawn := repaired;
    END IF;

    SELECT
        coalesce(jsonb_agg(m.code ORDER BY m.code) FILTER (WHERE d.code IS NULL), '[]'),
        coalesce(jsonb_agg(m.code ORDER BY m.code) FILTER (WHERE is_unit AND d.level <> 'township'), '[]'),
        coalesce(drawn, ST_Multi(ST_CollectionExtract(ST_UnaryUnion(ST_Collect(d.geom), 1e-9), 3)))
    INTO unknown_codes, unsuitable_codes, effective
    FROM unnest(members) AS m (code)
    LEFT JOIN divisions AS d ON d.code = m.code;
    IF drawn IS NOT NULL AND ST_IsEmpty(drawn) THEN problems := array_append(problems, 'empty-geometry'); END IF;
    IF unknown_codes <> '[]' THEN problems := array_append(problems, 'unknown-divisions'); END IF;
    IF unsuitable_codes <> '[]' THEN problems := array_append(problems, 'unsuitable-divisions'); END IF;

    city := coalesce(
        (SELECT geom FROM divisions WHERE level = 'city' AND geom IS NOT NULL LIMIT 1),
        (SELECT ST_UnaryUnion(ST_Collect(geom), 1e-9) FROM divisions WHERE level = 'county' AND geom IS NOT NULL)
    );
    -- Only a drawn geometry can leave the city: the members' union is the divisions' own boundaries, which may come
    -- from other sources than the county outlines and differ from them along the city's edge.
    IF drawn IS NOT NULL AND city IS NOT NULL THEN
        outside := ST_Difference(drawn, city, 1e-9);
        outside_m2 := coalesce(ST_Area(outside::geography), 0);
        -- A point site has no area: any point outside the outline is outside.
        IF outside_m2 > tolerance.outside_city_m2 OR (ST_Dimension(drawn) = 0 AND NOT ST_IsEmpty(outside)) THEN
            problems := array_append(problems, 'outside-city');
        END IF;
    END IF;

    IF is_unit THEN
        SELECT coalesce(jsonb_agg(jsonb_build_object(
            'divisionCode', ad.division_code, 'divisionName', d.name, 'areaId', a.id, 'code', a.code, 'name', a.name
        ) ORDER BY ad.division_code, a.code), '[]')
        INTO conflicts
        FROM area_divisions AS ad
        JOIN areas AS a ON a.id = ad.area_id
        JOIN divisions AS d ON d.code = ad.division_code
        WHERE ad.division_code = ANY (members)
          AND a.kind IN ('subdistrict', 'township')
          AND a.id IS DISTINCT FROM except_area
          AND api.area_in_force(a.retired_on, judged_on);
        IF conflicts <> '[]' THEN problems := array_append(problems, 'member-conflict'); END IF;
    END IF;

    IF is_unit AND effective IS NOT NULL THEN
        SELECT coalesce(jsonb_agg(jsonb_build_object(
            'areaId', o.id, 'code', o.code, 'name', o.name, 'areaM2', round(o.m2::numeric),
            'at', jsonb_build_array(round(ST_X(o.at)::numeric, 6), round(ST_Y(o.at)::numeric, 6)),
            'geometry', ST_AsGeoJSON(o.shared, 7)::jsonb
        ) ORDER BY o.m2 DESC), '[]')
        INTO overlap_list
        FROM (
            SELECT g.id, g.code, g.name, s.shared, ST_Area(s.shared::geography) AS m2, ST_PointOnSurface(s.shared) AS at
            FROM api.area_geometries AS g
            JOIN areas AS a ON a.id = g.id
            CROSS JOIN LATERAL (
                SELECT ST_CollectionExtract(ST_Intersection(effective, g.geom, 1e-9), 3) AS shared
            ) AS s
            WHERE g.kind IN ('subdistrict', 'township')
              AND g.id IS DISTINCT FROM except_area
              AND api.area_in_force(a.retired_on, judged_on)
              AND g.geom && effective
              AND ST_Intersects(g.geom, effective)
        ) AS o
        WHERE o.m2 > tolerance.overlap_m2;
        IF overlap_list <> '[]' THEN problems := array_append(problems, 'overlap'); END IF;
    END IF;

    RETURN jsonb_build_object(
        'problems', to_jsonb(problems),
        'areaM2', round(ST_Area(effective::geography)::numeric),
        'invalid', invalid,
        'unknownDivisions', unknown_codes,
        'unsuitableDivisions', unsuitable_codes,
        'outsideCity', CASE WHEN city IS NOT NULL AND drawn IS NOT NULL THEN jsonb_build_object(
            'areaM2', round(outside_m2::numeric),
            'toleranceM2', tolerance.outside_city_m2,
            'geometry', CASE WHEN NOT ST_IsEmpty(outside) THEN ST_AsGeoJSON(outside, 7)::jsonb END
        ) END,
        'overlaps', overlap_list,
        'memberConflicts', conflicts,
        'tolerances', jsonb_build_object('overlapM2', tolerance.overlap_m2, 'outsideCityM2', tolerance.outside_city_m2)
    );
END
$$;
