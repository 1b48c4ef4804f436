-- 0007_snap_tile_generalisation: the generalised geometry of each zoom band (0006) is stored ready for the tile:
-- simplified as before, snapped to the tile grid of the lowest zoom the band serves and made valid.
--
-- At zoom 6 ST_AsMVTGeom spent ~90% of a national tile making the snapped geometry valid again (GEOS MakeValid on
-- tens of thousands of vertices, on every request, though the input was valid). Done once here, a tile only clips,
-- scales and rounds (tiles.snapped_tile_geometry): ~8× faster at zoom 6 on the national benchmark set.
--
-- Why the lowest zoom: the grid of zoom z (cell = 1/4096 of a zoom-z tile, origin at the world's corner, where tile
-- edges lie) is also a grid of every higher zoom, so the band's geometry lands exactly on integer tile coordinates at
-- each zoom it serves, and rounding after scaling cannot break what MakeValid made valid.
--   geom_z6  zoom 5-6   (counties only; grid of zoom 5, 305.7 m)
--   geom_z8  zoom 7-8   (grid of zoom 7, 76.4 m)
--   geom_z10 zoom 9-10  (grid of zoom 9, 19.1 m)
--   geom_z12 zoom 11-12 (grid of zoom 11, 4.78 m)
-- The error at the highest zoom of a band stays under 2.5 tile units (one unit of simplification, √2 of snapping);
-- a part smaller than a grid cell vanishes, as ST_AsMVTGeom would drop it from the tile. Parts that MakeValid turns
-- into lines or points are dropped (only the polygons are kept).

ALTER TABLE division_geometries_3857
    DROP COLUMN geom_z6,
    DROP COLUMN geom_z8,
    DROP COLUMN geom_z10,
    DROP COLUMN geom_z12;

ALTER TABLE division_geometries_3857
    ADD COLUMN geom_z6 geometry GENERATED ALWAYS AS (ST_CollectionExtract(ST_MakeValid(ST_SnapToGrid(
        ST_Simplify(geom, 152.87405657041502, true), -20037508.342789244, -20037508.342789244, 305.748113140705, 305.748113140705)), 3)) STORED,
    ADD COLUMN geom_z8 geometry GENERATED ALWAYS AS (ST_CollectionExtract(ST_MakeValid(ST_SnapToGrid(
        ST_Simplify(geom, 38.218514142603754, true), -20037508.342789244, -20037508.342789244, 76.43702828517625, 76.43702828517625)), 3)) STORED,
    ADD COLUMN geom_z10 geometry GENERATED ALWAYS AS (ST_CollectionExtract(ST_MakeValid(ST_SnapToGrid(
        ST_Simplify(geom, 9.554628535650939, true), -20037508.342789244, -20037508.342789244, 19.109257071294063, 19.109257071294063)), 3)) STORED,
    ADD COLUMN geom_z12 geometry GENERATED ALWAYS AS (ST_CollectionExtract(ST_MakeValid(ST_SnapToGrid(
        ST_Simplify(geom, 2.3886571339127347, true), -20037508.342789244, -20037508.342789244, 4.777314267823516, 4.777314267823516)), 3)) STORED;
