-- Vector tile layer `projects`: planning projects (规划项目) at their sites, points or polygons. Its tile functions
-- are made from tiles.projects_features by tiles/tile.sql.
--
-- tiles.projects_features(z, x, y): the features of tile z/x/y in EPSG:3857, not yet clipped: id (the project id, the
-- MVT feature id), name, type (project_type), stage and startedOn (ISO date, null when unknown). Zooms 8 and up: below
-- that a city's projects would be a few pixels apart. The tile filter runs on the GiST index of projects.site in
-- EPSG:4326 (a Web Mercator tile is a longitude/latitude rectangle too), so only the sites in the tile are
-- transformed. Polygon sites are simplified to one tile unit, as in the areas layer.

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
