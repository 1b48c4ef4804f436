-- Vector tile layer `belts`: the three belts (三带), areas of kind belt, drawn with their effective geometry (the
-- union of their member townships' boundaries, area_effective_geometries, migration 0004).
--
-- tiles.belts_features(z, x, y): the features of tile z/x/y in EPSG:3857, not yet clipped: id (the area id, the MVT
-- feature id), code, name, nameEn, provenance, members (how many divisions the belt groups) and membersWithGeometry
-- (how many of those have a boundary, so the drawn shape is complete when the two agree). Zooms 5 and up. A belt none
-- of whose members has a boundary has no geometry and is in no tile. Geometry is simplified to one tile unit, as in
-- the divisions layer.
--
-- tiles.belts(z, x, y): the tile as MVT (layer "belts", extent 4096, buffer 64) built by ST_AsMVT; an empty bytea
-- when no feature falls in the tile. Needs PostGIS built with protobuf.
--
-- tiles.belts_features_json(z, x, y): the same features as a JSON array of {"id", "properties", "geometry"} with
-- geometry in tile coordinates, for the database without protobuf; '[]' when none.
--
-- The two tile functions raise 22023 (invalid_parameter_value) when z is outside 0..30 or x, y outside 0..2^z-1.
-- They force a generic plan so that each connection plans once.

CREATE OR REPLACE FUNCTION tiles.belts_features(z integer, x integer, y integer)
RETURNS TABLE (
    id bigint,
    code text,
    name text,
    name_en text,
    provenance text,
    members bigint,
    members_with_geometry bigint,
    geom geometry
)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT a.id, a.code, a.name, a.name_en, e.provenance, e.divisions_total, e.divisions_with_geom,
        -- One tile unit (the Web Mercator world is 2 x 20037508.34 m, a tile 4096 units): see the header.
        ST_Simplify(e.geom_3857, 9783.939620502561 / (1 << z), true)
    FROM area_effective_geometries AS e
    JOIN areas AS a ON a.id = e.area_id
    WHERE e.geom_3857 && ST_TileEnvelope(z, x, y, margin => 64.0 / 4096)
      AND a.kind = 'belt'
      AND z >= 5
$$;

CREATE OR REPLACE FUNCTION tiles.belts(z integer, x integer, y integer)
RETURNS bytea
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    IF z IS NULL OR z NOT BETWEEN 0 AND 30 OR x NOT BETWEEN 0 AND (1 << z) - 1 OR y NOT BETWEEN 0 AND (1 << z) - 1 THEN
        RAISE EXCEPTION 'tile %/%/% does not exist', z, x, y USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN (
        SELECT ST_AsMVT(tile, 'belts', 4096, 'geom', 'id')
        FROM (
            SELECT
                f.id,
                f.code,
                f.name,
                f.name_en AS "nameEn",
                f.provenance,
                f.members,
                f.members_with_geometry AS "membersWithGeometry",
                ST_AsMVTGeom(f.geom, ST_TileEnvelope(z, x, y), 4096, 64, true) AS geom
            FROM tiles.belts_features(z, x, y) AS f
            ORDER BY f.id
            -- A fence: pulled up, the subquery would run ST_AsMVTGeom twice, for this filter and for the tile.
            OFFSET 0
        ) AS tile
        WHERE tile.geom IS NOT NULL
    );
END
$$;

CREATE OR REPLACE FUNCTION tiles.belts_features_json(z integer, x integer, y integer)
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
                'nameEn', f.name_en,
                'provenance', f.provenance,
                'members', f.members,
                'membersWithGeometry', f.members_with_geometry
            ),
            'geometry', ST_AsGeoJSON(f.tile_geom, 0, 0)::json
        ) ORDER BY f.id), '[]')::text
        FROM (
            SELECT features.*, tiles.tile_geometry(features.geom, z, x, y) AS tile_geom
            FROM tiles.belts_features(z, x, y) AS features
            -- A fence, as above: tiles.tile_geometry is inlined, and would otherwise run twice.
            OFFSET 0
        ) AS f
        WHERE f.tile_geom IS NOT NULL
    );
END
$$;
