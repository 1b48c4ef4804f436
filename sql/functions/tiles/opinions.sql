-- Vector tile layer `opinions`: opinions (公众意见) left by the public, public-safe attributes only.
--
-- tiles.opinions_features(z, x, y): the features of tile z/x/y in EPSG:3857: id (the opinion id, the MVT feature id),
-- status and category. Never the body, the answer, the ticket code or anything about the submitter: a tile is public
-- and cached. Zooms 10 and up. The tile filter runs on the GiST index of opinions.location in EPSG:4326.
--
-- tiles.opinions(z, x, y): the tile as MVT (layer "opinions", extent 4096, buffer 64) built by ST_AsMVT; an empty
-- bytea when no feature falls in the tile. Needs PostGIS built with protobuf.
--
-- tiles.opinions_features_json(z, x, y): the same features as a JSON array of {"id", "properties", "geometry"} with
-- geometry in tile coordinates, for the database without protobuf; '[]' when none.
--
-- The two tile functions raise 22023 (invalid_parameter_value) when z is outside 0..30 or x, y outside 0..2^z-1.
-- They force a generic plan so that each connection plans once.

CREATE OR REPLACE FUNCTION tiles.opinions_features(z integer, x integer, y integer)
RETURNS TABLE (
    id bigint,
    status text,
    category text,
    geom geometry
)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT o.id, o.status, o.category, ST_Transform(o.location, 3857)
    FROM opinions AS o
    WHERE o.location && ST_Transform(ST_TileEnvelope(z, x, y, margin => 64.0 / 4096), 4326)
      AND z >= 10
$$;

CREATE OR REPLACE FUNCTION tiles.opinions(z integer, x integer, y integer)
RETURNS bytea
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    IF z IS NULL OR z NOT BETWEEN 0 AND 30 OR x NOT BETWEEN 0 AND (1 << z) - 1 OR y NOT BETWEEN 0 AND (1 << z) - 1 THEN
        RAISE EXCEPTION 'tile %/%/% does not exist', z, x, y USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN (
        SELECT ST_AsMVT(tile, 'opinions', 4096, 'geom', 'id')
        FROM (
            SELECT f.id, f.status, f.category, ST_AsMVTGeom(f.geom, ST_TileEnvelope(z, x, y), 4096, 64, true) AS geom
            FROM tiles.opinions_features(z, x, y) AS f
            ORDER BY f.id
            -- A fence: pulled up, the subquery would run ST_AsMVTGeom twice, for this filter and for the tile.
            OFFSET 0
        ) AS tile
        WHERE tile.geom IS NOT NULL
    );
END
$$;

CREATE OR REPLACE FUNCTION tiles.opinions_features_json(z integer, x integer, y integer)
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
            'properties', json_build_object('status', f.status, 'category', f.category),
            'geometry', ST_AsGeoJSON(f.tile_geom, 0, 0)::json
        ) ORDER BY f.id), '[]')::text
        FROM (
            SELECT features.*, tiles.tile_geometry(features.geom, z, x, y) AS tile_geom
            FROM tiles.opinions_features(z, x, y) AS features
            -- A fence, as above: tiles.tile_geometry is inlined, and would otherwise run twice.
            OFFSET 0
        ) AS f
        WHERE f.tile_geom IS NOT NULL
    );
END
$$;
