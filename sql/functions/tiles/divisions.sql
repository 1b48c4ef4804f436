-- Vector tile layer `divisions`: counties and townships (街道/镇/乡) that have a boundary, with today's coverage.
--
-- tiles.divisions_features(z, x, y, on_date): the features of tile z/x/y in EPSG:3857, not yet clipped: id (the
-- official code as a number, the MVT feature id), code, name, level, kind, parentCode, provenance, status and, for
-- counties, chiefPostsFilled. status on on_date: a township is covered | vacant | not_required (api.unit_coverage);
-- a county is covered when both county chief posts are filled, else vacant (api.county_chief_posts). Counties from
-- zoom 5, townships from zoom 6 (below that they would only crowd the tile). Geometry is simplified (Douglas-Peucker)
-- to one tile unit, so that a tile over a whole city or province carries the detail a screen can show and no more;
-- collapsed parts are kept for the half-unit rule of ST_AsMVTGeom / tiles.tile_geometry to judge. Inlinable: the
-- planner pushes the tile filter down to the GiST index on division_geometries_3857 and the coverage lookups to the
-- divisions in the tile.
--
-- tiles.divisions(z, x, y): the tile as MVT (layer "divisions", extent 4096, buffer 64), built by ST_AsMVT; an
-- empty bytea when no feature falls in the tile. Needs PostGIS built with protobuf.
--
-- tiles.divisions_features_json(z, x, y): the same features as a JSON array of
-- {"id", "properties", "geometry"} with geometry in tile coordinates (tiles.tile_geometry), for the database
-- without protobuf, where the server encodes the tile; '[]' when none.
--
-- The two tile functions raise 22023 (invalid_parameter_value) when z is outside 0..30 or x, y outside 0..2^z-1.
-- They force a generic plan: planning the inlined coverage joins takes ~30 ms and running them well under 1 ms, and
-- without it PostgreSQL may keep choosing custom plans, planning again on every call.

CREATE OR REPLACE FUNCTION tiles.divisions_features(z integer, x integer, y integer, on_date date)
RETURNS TABLE (
    id bigint,
    code text,
    name text,
    level text,
    kind text,
    parent_code text,
    provenance text,
    status text,
    chief_posts_filled integer,
    geom geometry
)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT
        d.code::bigint,
        d.code,
        d.name,
        d.level,
        d.kind,
        d.parent_code,
        d.provenance,
        CASE
            WHEN d.level = 'township' THEN units.status
            WHEN chiefs.covered THEN 'covered'
            ELSE 'vacant'
        END,
        CASE
            WHEN d.level = 'county'
                THEN (chiefs.seconded_planner_id IS NOT NULL)::integer + (chiefs.hired_planner_id IS NOT NULL)::integer
        END,
        -- One tile unit (the Web Mercator world is 2 x 20037508.34 m, a tile 4096 units): see the header.
        ST_Simplify(g.geom, 9783.939620502561 / (1 << z), true)
    FROM division_geometries_3857 AS g
    JOIN divisions AS d ON d.code = g.division_code
    LEFT JOIN api.unit_coverage(on_date) AS units ON units.division_code = d.code
    LEFT JOIN api.county_chief_posts(on_date) AS chiefs ON chiefs.county_code = d.code
    WHERE g.geom && ST_TileEnvelope(z, x, y, margin => 64.0 / 4096)
      AND (d.level = 'county' AND z >= 5 OR d.level = 'township' AND z >= 6)
$$;

CREATE OR REPLACE FUNCTION tiles.divisions(z integer, x integer, y integer)
RETURNS bytea
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    IF z IS NULL OR z NOT BETWEEN 0 AND 30 OR x NOT BETWEEN 0 AND (1 << z) - 1 OR y NOT BETWEEN 0 AND (1 << z) - 1 THEN
        RAISE EXCEPTION 'tile %/%/% does not exist', z, x, y USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN (
        SELECT ST_AsMVT(tile, 'divisions', 4096, 'geom', 'id')
        FROM (
            SELECT
                f.id,
                f.code,
                f.name,
                f.level,
                f.kind,
                f.parent_code AS "parentCode",
                f.provenance,
                f.status,
                f.chief_posts_filled AS "chiefPostsFilled",
                ST_AsMVTGeom(f.geom, ST_TileEnvelope(z, x, y), 4096, 64, true) AS geom
            FROM tiles.divisions_features(z, x, y, tiles.today()) AS f
            ORDER BY f.id
        ) AS tile
        WHERE tile.geom IS NOT NULL
    );
END
$$;

CREATE OR REPLACE FUNCTION tiles.divisions_features_json(z integer, x integer, y integer)
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
                'level', f.level,
                'kind', f.kind,
                'parentCode', f.parent_code,
                'provenance', f.provenance,
                'status', f.status,
                'chiefPostsFilled', f.chief_posts_filled
            ),
            'geometry', ST_AsGeoJSON(f.tile_geom, 0, 0)::json
        ) ORDER BY f.id), '[]')::text
        FROM (
            SELECT features.*, tiles.tile_geometry(features.geom, z, x, y) AS tile_geom
            FROM tiles.divisions_features(z, x, y, tiles.today()) AS features
        ) AS f
        WHERE f.tile_geom IS NOT NULL
    );
END
$$;
