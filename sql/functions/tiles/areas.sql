-- Vector tile layer `areas`: responsibility areas (责任区) of kind city, county, subdistrict and township (belts and
-- projects have layers of their own), with their effective geometry (area_effective_geometries, migration 0004).
--
-- tiles.areas_features(z, x, y, on_date): the features of tile z/x/y in EPSG:3857, not yet clipped: id (the area
-- id, the MVT feature id), code, name, kind, provenance, planners and status. planners: the names of the planners
-- holding the area's posts on on_date (the unit planner of a subdistrict or township area, the two chief planners of
-- a county, the city chief planner), joined with "、", null when none. status on on_date: covered when the posts the
-- area needs are held (the unit post; both county chief posts; the city chief post), else vacant. Zooms 6 and up.
-- Geometry is simplified to one tile unit, as in the divisions layer.
--
-- tiles.areas(z, x, y): the tile as MVT (layer "areas", extent 4096, buffer 64) built by ST_AsMVT; an empty bytea
-- when no feature falls in the tile. Needs PostGIS built with protobuf.
--
-- tiles.areas_features_json(z, x, y): the same features as a JSON array of {"id", "properties", "geometry"} with
-- geometry in tile coordinates, for the database without protobuf; '[]' when none.
--
-- The two tile functions raise 22023 (invalid_parameter_value) when z is outside 0..30 or x, y outside 0..2^z-1.
-- They force a generic plan: planning the joins takes far longer than running them, so each connection plans once.

CREATE OR REPLACE FUNCTION tiles.areas_features(z integer, x integer, y integer, on_date date)
RETURNS TABLE (
    id bigint,
    code text,
    name text,
    kind text,
    provenance text,
    planners text,
    status text,
    geom geometry
)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT
        a.id,
        a.code,
        a.name,
        a.kind,
        e.provenance,
        posts.planners,
        CASE WHEN posts.covered THEN 'covered' ELSE 'vacant' END,
        -- One tile unit (the Web Mercator world is 2 x 20037508.34 m, a tile 4096 units): see the header.
        ST_Simplify(e.geom_3857, 9783.939620502561 / (1 << z), true)
    FROM area_effective_geometries AS e
    JOIN areas AS a ON a.id = e.area_id
    LEFT JOIN LATERAL (
        SELECT
            string_agg(
                p.name, '、'
                ORDER BY array_position(ARRAY['chief_city', 'chief_county_seconded', 'chief_county_hired', 'unit'], ap.role),
                    ap.valid_from, p.id
            ) AS planners,
            CASE a.kind
                WHEN 'city' THEN bool_or(ap.role = 'chief_city')
                WHEN 'county' THEN bool_or(ap.role = 'chief_county_seconded') AND bool_or(ap.role = 'chief_county_hired')
                ELSE bool_or(ap.role = 'unit')
            END AS covered
        FROM appointments AS ap
        JOIN planners AS p ON p.id = ap.planner_id
        WHERE ap.area_id = a.id
          AND ap.role <> 'project'
          AND api.in_force(ap.valid_from, ap.valid_to, on_date)
    ) AS posts ON true
    WHERE e.geom_3857 && ST_TileEnvelope(z, x, y, margin => 64.0 / 4096)
      AND a.kind IN ('city', 'county', 'subdistrict', 'township')
      AND z >= 6
$$;

CREATE OR REPLACE FUNCTION tiles.areas(z integer, x integer, y integer)
RETURNS bytea
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    IF z IS NULL OR z NOT BETWEEN 0 AND 30 OR x NOT BETWEEN 0 AND (1 << z) - 1 OR y NOT BETWEEN 0 AND (1 << z) - 1 THEN
        RAISE EXCEPTION 'tile %/%/% does not exist', z, x, y USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN (
        SELECT ST_AsMVT(tile, 'areas', 4096, 'geom', 'id')
        FROM (
            SELECT
                f.id,
                f.code,
                f.name,
                f.kind,
                f.provenance,
                f.planners,
                f.status,
                ST_AsMVTGeom(f.geom, ST_TileEnvelope(z, x, y), 4096, 64, true) AS geom
            FROM tiles.areas_features(z, x, y, tiles.today()) AS f
            ORDER BY f.id
            -- A fence: pulled up, the subquery would run ST_AsMVTGeom twice, for this filter and for the tile.
            OFFSET 0
        ) AS tile
        WHERE tile.geom IS NOT NULL
    );
END
$$;

CREATE OR REPLACE FUNCTION tiles.areas_features_json(z integer, x integer, y integer)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    IF z IS NULL OR z NOT BETWEEN 0 AND 30 OR x NOT BETWEEN 0 AND (1 << z) - 1 OR y NOT BETWEEN 0 AND (1 << z) - 1 THEN
        RAISE EXCEPTION 'tile %/%/% does not exist', z, x, y USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN (
        SELECT coalesce(json_agg(json_build_object(
            'id', f.id,
            'properties', json_build_object(
                'code', f.code,
                'name', f.name,
                'kind', f.kind,
                'provenance', f.provenance,
                'planners', f.planners,
                'status', f.status
            ),
            'geometry', ST_AsGeoJSON(f.tile_geom, 0, 0)::json
        ) ORDER BY f.id), '[]')::text
        FROM (
            SELECT features.*, tiles.tile_geometry(features.geom, z, x, y) AS tile_geom
            FROM tiles.areas_features(z, x, y, tiles.today()) AS features
            -- A fence, as above: tiles.tile_geometry is inlined, and would otherwise run twice.
            OFFSET 0
        ) AS f
        WHERE f.tile_geom IS NOT NULL
    );
END
$$;
