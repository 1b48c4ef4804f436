-- tiles.warm_up(): renders one empty tile (the top-left tile of zoom 30, where no data lies) of the layers a map asks
-- for first, divisions and belts, so that the session has loaded PostGIS and planned their functions before its
-- first map request: on a new connection the first divisions tile otherwise spends ~30 ms loading the PostGIS
-- library and ~30 ms planning. The other layers' first tiles cost ~10 ms more each once PostGIS is loaded. Where
-- PostGIS has protobuf the MVT functions are warmed, elsewhere (PGlite) the features functions that the server encodes.
-- Inputs: none. Returns the number of layers rendered. Raises nothing of its own.
CREATE OR REPLACE FUNCTION tiles.warm_up()
RETURNS integer
LANGUAGE plpgsql STABLE AS $$
BEGIN
    PERFORM api.data_revision();
    IF postgis_libprotobuf_version() IS NOT NULL THEN
        PERFORM tiles.divisions(30, 0, 0), tiles.belts(30, 0, 0);
    ELSE
        PERFORM tiles.divisions_features_json(30, 0, 0), tiles.belts_features_json(30, 0, 0);
    END IF;
    RETURN 2;
END
$$;
