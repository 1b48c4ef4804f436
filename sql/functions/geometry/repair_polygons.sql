-- repair_polygons(geom): the polygonal part of an invalid geometry made valid, as one MultiPolygon (empty when no
-- area is left), for `npm run import -- --repair`.
-- ST_MakeValid's default method (linework) keeps what the rings enclose an odd number of times, the even-odd rule
-- of web-map outlines: a part drawn inside another is a hole (the built-in 泽州县 outline carries 城区 that way).
-- The geometry is first put on a 1e-9° (~0.1 mm) grid, so that vertices that nearly coincide coincide: without
-- it the embedded database's PostGIS (GEOS in WebAssembly, where GEOS's own fallback after a failed step does not
-- survive) returned no row at all for 4 of 486 invalid variants of the reference outlines (each township and county
-- drawn twice as two parts, exactly, 1e-9° apart and through a GCJ-02 round trip; its ring run twice; a spike; a
-- figure eight); with it, none, and both backends give the same areas.
-- The even-odd rule empties a boundary drawn twice: the import compares the result with covered_area (below) and
-- refuses such a repair rather than store what is left.
-- The polygons of a collection are first taken as one MultiPolygon, so that members that overlap are judged
-- together (ST_MakeValid repairs the members of a collection one by one).
-- Inputs: geom in EPSG:4326 (the grid is in degrees); null gives null.
CREATE OR REPLACE FUNCTION repair_polygons(geom geometry)
RETURNS geometry
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SnapToGrid(ST_CollectionExtract(geom, 3), 1e-9)), 3))
$$;

-- covered_area(geom): the area in m² (on the WGS84 spheroid) that the outer rings of a possibly invalid polygonal
-- geometry cover, holes taken out, overlapping parts counted once: ST_MakeValid's structure method on the same grid
-- as repair_polygons. Needs GEOS ≥ 3.10. Inputs: geom in EPSG:4326; null gives null.
CREATE OR REPLACE FUNCTION covered_area(geom geometry)
RETURNS float8
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT ST_Area(ST_CollectionExtract(ST_MakeValid(ST_SnapToGrid(ST_CollectionExtract(geom, 3), 1e-9), 'method=structure'), 3)::geography)
$$;
