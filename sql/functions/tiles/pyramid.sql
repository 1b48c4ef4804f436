-- tiles.pyramid_tile(layer, z, x, y): a layer's MVT tile (tiles.<layer>) with the data revision it shows, from
-- tile_pyramid when the row there shows the current revision, else rendered and, on a primary, stored there for the
-- next request of any process. One row: revision (api.data_revision()) and tile (bytea; empty for no feature).
--
-- Never stale: the kept tile is read with the revision in one statement, and a rendered one is rendered with its
-- revision in one statement, as the server's own tile statement does. A row of an older revision is replaced; a
-- render that finishes after a newer one may put its older tile back, which is then only a miss. On a replica or in
-- a read-only transaction nothing is stored. Raises 22023 for a layer that tiles/tile.sql did not make (its fixed
-- list is the one list of layers) or a tile that does not exist (tiles.<layer> checks the address).
CREATE OR REPLACE FUNCTION tiles.pyramid_tile(layer text, z integer, x integer, y integer)
RETURNS TABLE (revision text, tile bytea)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    kept_revision text;
    kept_tile bytea;
BEGIN
    SELECT p.revision, p.tile INTO kept_revision, kept_tile
    FROM tile_pyramid AS p
    WHERE p.layer = pyramid_tile.layer AND p.z = pyramid_tile.z AND p.x = pyramid_tile.x AND p.y = pyramid_tile.y
      AND p.revision = api.data_revision();
    IF FOUND THEN
        RETURN QUERY SELECT kept_revision, kept_tile;
        RETURN;
    END IF;
    -- Only tiles/tile.sql makes <layer>_features_json functions, one per layer of its list.
    IF layer IS NULL OR to_regprocedure(format('tiles.%I(integer, integer, integer)', layer || '_features_json')) IS NULL THEN
        RAISE EXCEPTION 'there is no tile layer %', layer USING ERRCODE = 'invalid_parameter_value';
    END IF;
    EXECUTE format('SELECT api.data_revision(), tiles.%I($1, $2, $3)', layer) INTO kept_revision, kept_tile USING z, x, y;
    IF NOT pg_is_in_recovery() AND current_setting('transaction_read_only') = 'off' THEN
        INSERT INTO tile_pyramid AS p (layer, z, x, y, revision, tile)
        VALUES (layer, z, x, y, kept_revision, kept_tile)
        ON CONFLICT ON CONSTRAINT tile_pyramid_pkey DO UPDATE SET revision = excluded.revision, tile = excluded.tile
        WHERE p.revision IS DISTINCT FROM excluded.revision;
    END IF;
    RETURN QUERY SELECT kept_revision, kept_tile;
END
$$;
