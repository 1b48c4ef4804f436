-- 0020_add_tile_pyramid: the low-zoom tiles as rendered, kept in the database with the data revision they show
-- (tiles.pyramid_tile, sql/functions/tiles/pyramid.sql). A tile of zoom 8 or less covers thousands of features and
-- costs the database milliseconds to render, while it changes only with the data: rendered once per revision, it
-- is then read by every server process, and by a replica, which receives the rows by replication. A row of an older
-- revision is never served; the next request renders the tile anew and replaces it. Not a table any answer shows:
-- writing it raises no data revision, and losing it loses nothing.

CREATE TABLE tile_pyramid (
    layer text NOT NULL,
    z smallint NOT NULL CHECK (z BETWEEN 0 AND 30),
    x integer NOT NULL,
    y integer NOT NULL,
    revision text NOT NULL,
    tile bytea NOT NULL,
    PRIMARY KEY (layer, z, x, y)
);
