-- The tile functions of every layer, made here from one template for the fixed list of layers below, as a tile
-- server prepares one statement per source. Each layer writes only its feature query, tiles.<layer>_features(z, x, y)
-- (in tiles/<layer>.sql): id, its properties in order, geom in EPSG:3857 not yet clipped and, optionally,
-- tile_ready. From it come:
--
-- tiles.<layer>(z, x, y): the tile as MVT (layer "<layer>", extent 4096, buffer 64) built by ST_AsMVT, features in id
-- order; an empty bytea when no feature falls in the tile. Needs PostGIS built with protobuf.
--
-- tiles.<layer>_features_json(z, x, y): the same features as a JSON array of {"id", "properties", "geometry"} with
-- geometry in tile coordinates, for the database without protobuf (PGlite), where the server encodes the tile; '[]'
-- when none.
--
-- Properties are the feature columns other than id, geom and tile_ready, named in camelCase (parent_code →
-- parentCode). Where tile_ready is true the geometry is already valid and on this zoom's tile grid, so it is only
-- clipped, scaled and rounded (tiles.snapped_tile_geometry, which may leave it empty); otherwise it goes through
-- ST_AsMVTGeom, or tiles.tile_geometry, which follows ST_AsMVTGeom step by step.
--
-- Both raise 22023 (invalid_parameter_value) when z is outside 0..30 or x, y outside 0..2^z-1. They are PL/pgSQL with
-- a forced generic plan: each session plans a layer once, as planning the inlined feature query takes far longer than
-- running it and PostgreSQL would otherwise go on choosing custom plans. The subquery under the aggregate is a fence
-- (OFFSET 0): pulled up, it would compute each tile geometry twice, for the filter and for the tile.
-- This file sorts after the layers' files, so their feature functions exist when it runs; it runs whenever the
-- function files are applied (server/src/db/migrate.ts). Raises 42883 when a layer has no feature function.
DO $make$
DECLARE
    -- Every function made here: %1$s its name, %2$s its return type, %3$s its query; the tile address checked once.
    tile_function CONSTANT text := $template$
CREATE OR REPLACE FUNCTION tiles.%1$I(z integer, x integer, y integer)
RETURNS %2$s
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET plan_cache_mode = force_generic_plan AS $body$
BEGIN
    IF z IS NULL OR z NOT BETWEEN 0 AND 30 OR x NOT BETWEEN 0 AND (1 << z) - 1 OR y NOT BETWEEN 0 AND (1 << z) - 1 THEN
        RAISE EXCEPTION 'tile %%/%%/%% does not exist', z, x, y USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN (%3$s);
END
$body$$template$;
    -- The tile as MVT: %1$s the layer, %2$s its properties, %3$s the tile geometry, %4$s the feature function, %5$s
    -- which rows are kept.
    mvt_query CONSTANT text := $query$
        SELECT ST_AsMVT(tile, %1$L, 4096, 'geom', 'id')
        FROM (
            SELECT f.id, %2$s, %3$s AS geom
            FROM %4$s(z, x, y) AS f
            ORDER BY f.id
            OFFSET 0
        ) AS tile
        WHERE %5$s
    $query$;
    -- The features as JSON, with the same placeholders.
    json_query CONSTANT text := $query$
        SELECT coalesce(json_agg(json_build_object(
            'id', f.id,
            'properties', json_build_object(%2$s),
            'geometry', ST_AsGeoJSON(f.tile_geom, 0, 0)::json
        ) ORDER BY f.id), '[]')::text
        FROM (
            SELECT features.*, %3$s AS tile_geom
            FROM %4$s(z, x, y) AS features
            OFFSET 0
        ) AS f
        WHERE %5$s
    $query$;
    -- The geometry of a feature row (alias %1$s) that may be tile-ready, around the geometry of one that is not (%2$s).
    tile_ready_geometry CONSTANT text :=
        'CASE WHEN %1$s.tile_ready THEN tiles.snapped_tile_geometry(%1$s.geom, z, x, y) ELSE %2$s END';
    layer text;
    features text;
    mvt_properties text;
    json_properties text;
    has_tile_ready boolean;
    mvt_geometry text;
    json_geometry text;
    kept_when text;
BEGIN
    FOREACH layer IN ARRAY ARRAY['divisions', 'areas', 'belts', 'projects', 'opinions'] LOOP
        features := format('tiles.%I', layer || '_features');
        IF to_regprocedure(features || '(integer, integer, integer)') IS NULL THEN
            RAISE EXCEPTION 'tile layer % has no function %(z, x, y)', layer, features USING ERRCODE = 'undefined_function';
        END IF;
        SELECT
            string_agg(format('f.%I AS %I', c.name, c.property), ', ' ORDER BY c.n) FILTER (WHERE c.property IS NOT NULL),
            string_agg(format('%L, f.%I', c.property, c.name), ', ' ORDER BY c.n) FILTER (WHERE c.property IS NOT NULL),
            coalesce(bool_or(c.name = 'tile_ready'), false)
        INTO mvt_properties, json_properties, has_tile_ready
        FROM pg_proc AS p
        CROSS JOIN LATERAL unnest(p.proargnames, p.proargmodes) WITH ORDINALITY AS a (name, mode, n)
        CROSS JOIN LATERAL (
            SELECT a.name, a.n, CASE WHEN a.name NOT IN ('id', 'geom', 'tile_ready') THEN (
                SELECT string_agg(CASE WHEN w.i = 1 THEN w.word ELSE initcap(w.word) END, '' ORDER BY w.i)
                FROM unnest(string_to_array(a.name, '_')) WITH ORDINALITY AS w (word, i)
            ) END AS property
        ) AS c
        WHERE p.oid = to_regprocedure(features || '(integer, integer, integer)') AND a.mode = 't';

        mvt_geometry := 'ST_AsMVTGeom(f.geom, ST_TileEnvelope(z, x, y), 4096, 64, true)';
        json_geometry := 'tiles.tile_geometry(features.geom, z, x, y)';
        kept_when := '%1$s IS NOT NULL';
        IF has_tile_ready THEN
            mvt_geometry := format(tile_ready_geometry, 'f', mvt_geometry);
            json_geometry := format(tile_ready_geometry, 'features', json_geometry);
            kept_when := kept_when || ' AND NOT ST_IsEmpty(%1$s)';
        END IF;

        EXECUTE format(tile_function, layer, 'bytea',
            format(mvt_query, layer, mvt_properties, mvt_geometry, features, format(kept_when, 'tile.geom')));
        EXECUTE format(tile_function, layer || '_features_json', 'text',
            format(json_query, layer, json_properties, json_geometry, features, format(kept_when, 'f.tile_geom')));
    END LOOP;
END
$make$;
