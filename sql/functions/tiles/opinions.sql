-- Vector tile layer `opinions`: opinions (公众意见) left by the public, public-safe attributes only. Its tile
-- functions are made from tiles.opinions_features by tiles/tile.sql.
--
-- tiles.opinions_features(z, x, y): the features of tile z/x/y in EPSG:3857: id (the opinion id, the MVT feature id),
-- status and category. Never the body, the answer, the ticket code or anything about the submitter: a tile is public
-- and cached. Zooms 10 and up. The tile filter runs on the GiST index of opinions.location in EPSG:4326.

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
