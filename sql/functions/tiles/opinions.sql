-- Vector tile layer `opinions`: answered opinions (公众意见) left by the public, public-safe attributes only. Its tile
-- functions are made from tiles.opinions_features by tiles/tile.sql.
--
-- tiles.opinions_features(z, x, y): the features of tile z/x/y in EPSG:3857: id (the opinion id, the MVT feature id),
-- status (answered | closed) and category. Only opinions that have an answer and are not hidden: a new one is on the
-- map once its planner has answered it. The point is put on a 0.001° grid (about 100 m), as the public ticket view
-- rounds it, so that a tile never gives the exact place a resident stood. Never the text, the answer, the ticket or
-- anything about the submitter: a tile is public and cached. Zooms 10 and up. The tile filter runs on the GiST index
-- of opinions.location in EPSG:4326, widened by the half grid cell a point may move.

CREATE OR REPLACE FUNCTION tiles.opinions_features(z integer, x integer, y integer)
RETURNS TABLE (
    id bigint,
    status text,
    category text,
    geom geometry
)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT o.id, o.status, o.category, ST_Transform(ST_SnapToGrid(o.location, 0.001), 3857)
    FROM opinions AS o
    WHERE o.location && ST_Expand(ST_Transform(ST_TileEnvelope(z, x, y, margin => 64.0 / 4096), 4326), 0.0005)
      AND o.status IN ('answered', 'closed')
      AND o.answer IS NOT NULL
      AND NOT o.hidden
      AND z >= 10
$$;
