-- tiles.tile_geometry(geom, z, x, y): a Web Mercator geometry in the integer coordinates of tile z/x/y (extent 4096,
-- y down, 64 units of buffer), for the database without protobuf (PGlite), where ST_AsMVTGeom raises. It follows
-- ST_AsMVTGeom step by step so that both backends draw the same features: lines and polygons whose bounding box is
-- under half a unit both ways are dropped; the rest is clipped to the buffered tile, moved and scaled into tile
-- space, snapped to the integer grid, freed of collinear and repeated points, and (polygons) made valid, keeping only
-- the polygonal part.
-- Inputs: geom in EPSG:3857 (any type; null gives null); z, x, y an existing tile. Returns null when nothing is left.
-- Raises: ST_TileEnvelope's error for a tile that does not exist.
CREATE OR REPLACE FUNCTION tiles.tile_geometry(geom geometry, z integer, x integer, y integer)
RETURNS geometry
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN NOT ST_IsEmpty(valid.geom) THEN valid.geom END
    FROM (SELECT ST_TileEnvelope(z, x, y) AS envelope) AS tile
    CROSS JOIN LATERAL (
        SELECT
            4096.0 / (ST_XMax(tile.envelope) - ST_XMin(tile.envelope)) AS scale,
            ST_Expand(tile.envelope, (ST_XMax(tile.envelope) - ST_XMin(tile.envelope)) * 64.0 / 4096) AS buffered
    ) AS frame
    CROSS JOIN LATERAL (
        SELECT CASE
            -- ST_AsMVTGeom's shortcut for lines and polygons too small to see at this zoom.
            WHEN ST_Dimension(geom) > 0
                AND (ST_XMax(geom) - ST_XMin(geom)) * frame.scale < 0.5
                AND (ST_YMax(geom) - ST_YMin(geom)) * frame.scale < 0.5 THEN NULL
            ELSE ST_ClipByBox2D(geom, frame.buffered::box2d)
        END AS geom
    ) AS clipped
    CROSS JOIN LATERAL (
        SELECT ST_Simplify(
            ST_SnapToGrid(
                ST_Affine(
                    clipped.geom,
                    frame.scale, 0, 0, -frame.scale,
                    -ST_XMin(tile.envelope) * frame.scale, ST_YMax(tile.envelope) * frame.scale
                ),
                1
            ),
            0,
            false
        ) AS geom
    ) AS gridded
    CROSS JOIN LATERAL (
        SELECT CASE
            WHEN ST_Dimension(gridded.geom) < 2 THEN gridded.geom
            ELSE ST_CollectionExtract(ST_MakeValid(gridded.geom), 3)
        END AS geom
    ) AS valid
$$;

-- tiles.snapped_tile_geometry(geom, z, x, y): tiles.tile_geometry for geometry that is already valid and on the tile
-- grid of zoom z or of a lower zoom (the band columns of division_geometries_3857, migration 0007), on both
-- backends: clipped to the buffered tile (ST_ClipByBox2D), moved and scaled into tile space, and rounded to integers,
-- which only removes floating-point noise since every vertex already lies on an integer; rings are turned as
-- ST_AsMVTGeom turns them (exterior counter-clockwise in tile coordinates). Nothing is simplified or
-- made valid per request: that was done once when the geometry was stored. Where the clip runs along the buffer's
-- edge it can leave a ring touching itself there, outside the tile a renderer draws; within the tile the geometry is
-- as valid as the input.
-- One expression, so that PostgreSQL inlines it (a SQL function that is not inlined costs ~50 µs a call, more than
-- the work): the tile's frame is computed from z, x, y (Web Mercator spans 40075016.68557849 m; a tile is that over
-- 2^z) rather than through ST_TileEnvelope.
-- Inputs: geom in EPSG:3857 on such a grid (null gives null); z, x, y an existing tile, not checked. Returns an empty
-- geometry when nothing of geom is in the buffered tile: callers drop those rows.
CREATE OR REPLACE FUNCTION tiles.snapped_tile_geometry(geom geometry, z integer, x integer, y integer)
RETURNS geometry
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ST_ForcePolygonCCW(ST_SnapToGrid(
        ST_Affine(
            ST_ClipByBox2D(
                geom,
                ST_MakeBox2D(
                    ST_Point(-20037508.342789244 + (x - 64.0 / 4096) * (40075016.68557849 / (2 ^ z)),
                        20037508.342789244 - (y + 1 + 64.0 / 4096) * (40075016.68557849 / (2 ^ z))),
                    ST_Point(-20037508.342789244 + (x + 1 + 64.0 / 4096) * (40075016.68557849 / (2 ^ z)),
                        20037508.342789244 - (y - 64.0 / 4096) * (40075016.68557849 / (2 ^ z)))
                )
            ),
            4096 * (2 ^ z) / 40075016.68557849, 0, 0, -4096 * (2 ^ z) / 40075016.68557849,
            (20037508.342789244 * (2 ^ z) / 40075016.68557849 - x) * 4096,
            (20037508.342789244 * (2 ^ z) / 40075016.68557849 - y) * 4096
        ),
        1
    ))
$$;
