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
