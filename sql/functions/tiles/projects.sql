-- Vector tile layer `projects`: planning projects (规划项目) at their sites, points or polygons.
--
-- tiles.projects_features(z, x, y): the features of tile z/x/y in EPSG:3857, not yet clipped: id (the project id, the
-- MVT feature id), name, type (project_type), stage and startedOn (ISO date, null when unknown). Zooms 8 and up: below
-- that a city's projects would be a few pixels apart. The tile filter runs on the GiST index of projects.site in
-- EPSG:4326 (a Web Mercator tile is a longitude/latitude rectangle too), so only the sites in the tile are
-- transformed. Polygon sites are simplified to one tile unit, as in the divisions layer.
--
-- tiles.projects(z, x, y): the tile as MVT (layer "projects", extent 4096, buffer 64) built by ST_AsMVT; an empty
-- bytea when no feature falls in the tile. Needs PostGIS built with protobuf.
--
-- tiles.projects_features_json(z, x, y): the same features as a JSON array of {"id", "properties", "geometry"} with
-- geometry in tile coordinates, for the database without protobuf; '[]' when none.
--
-- The two tile functions raise 22023 (invalid_parameter_value) when z is outside 0..30 or x, y outside 0..2^z-1.
-- They force a generic plan so that each connection plans once.

CREATE OR REPLACE FUNCTION tiles.projects_features(z integer, x integer, y integer)
RETURNS TABLE (
    id bigint,
    name text,
    type text,
    stage text,
    started_on text,
    geom geometry
)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT p.id, p.name, p.project_type, p.stage, p.started_on::text, ST_Simplify(ST_Transform(p.site, 3857), 9783.939620502561 / (1 << z), true)
    FROM projects AS p
    WHERE p.site && ST_Transform(ST_TileEnvelope(z, x, y, margin => 64.0 / 4096), 4326)
      AND z >= 8
$$;

CREATE OR REPLACE FUNCTION tiles.projects(z integer, x integer, y integer)
RETURNS bytea
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    IF z IS NULL OR z NOT BETWEEN 0 AND 30 OR x NOT BETWEEN 0 AND (1 << z) - 1 OR y NOT BETWEEN 0 AND (1 << z) - 1 THEN
        RAISE EXCEPTION 'tile %/%/% does not exist', z, x, y USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN (
        SELECT ST_AsMVT(tile, 'projects', 4096, 'geom', 'id')
        FROM (
            SELECT
                f.id,
                f.name,
                f.type,
                f.stage,
                f.started_on AS "startedOn",
                ST_AsMVTGeom(f.geom, ST_TileEnvelope(z, x, y), 4096, 64, true) AS geom
            FROM tiles.projects_features(z, x, y) AS f
            ORDER BY f.id
            -- A fence: pulled up, the subquery would run ST_AsMVTGeom twice, for this filter and for the tile.
            OFFSET 0
        ) AS tile
        WHERE tile.geom IS NOT NULL
    );
END
$$;

CREATE OR REPLACE FUNCTION tiles.projects_features_json(z integer, x integer, y integer)
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
                'name', f.name,
                'type', f.type,
                'stage', f.stage,
                'startedOn', f.started_on
            ),
            'geometry', ST_AsGeoJSON(f.tile_geom, 0, 0)::json
        ) ORDER BY f.id), '[]')::text
        FROM (
            SELECT features.*, tiles.tile_geometry(features.geom, z, x, y) AS tile_geom
            FROM tiles.projects_features(z, x, y) AS features
            -- A fence, as above: tiles.tile_geometry is inlined, and would otherwise run twice.
            OFFSET 0
        ) AS f
        WHERE f.tile_geom IS NOT NULL
    );
END
$$;
