-- 0006_add_tile_generalisation: generalised geometry per zoom band and the division level beside each tile geometry.
--
-- A low-zoom tile of a national data set crosses thousands of township polygons. Simplifying each of them on every
-- request cost more than the rest of the tile, so the simplified shapes are stored once, as generated columns that
-- PostgreSQL recomputes whenever geom changes (they can never be behind it). Each band is simplified to one tile unit
-- (1/4096 of a tile) at the highest zoom it serves, so at every zoom the error stays under one unit:
--   geom_z6  zoom ≤ 6   (152.9 m)      geom_z10  zoom 9-10   (9.55 m)
--   geom_z8  zoom 7-8   (38.2 m)       geom_z12  zoom 11-12  (2.39 m)       geom  zoom ≥ 13 (as drawn)
-- preserveCollapsed keeps parts that collapse, so that the half-unit rule of ST_AsMVTGeom / tiles.tile_geometry
-- still decides what is too small to draw. The level (county | township) is copied in so that a tile can pick the
-- levels it shows without joining every candidate row to divisions first.

ALTER TABLE division_geometries_3857
    ADD COLUMN level text,
    ADD COLUMN geom_z6 geometry GENERATED ALWAYS AS (ST_Simplify(geom, 152.87405657041502, true)) STORED,
    ADD COLUMN geom_z8 geometry GENERATED ALWAYS AS (ST_Simplify(geom, 38.218514142603754, true)) STORED,
    ADD COLUMN geom_z10 geometry GENERATED ALWAYS AS (ST_Simplify(geom, 9.554628535650939, true)) STORED,
    ADD COLUMN geom_z12 geometry GENERATED ALWAYS AS (ST_Simplify(geom, 2.3886571339127347, true)) STORED;

UPDATE division_geometries_3857 AS g SET level = d.level FROM divisions AS d WHERE d.code = g.division_code;
ALTER TABLE division_geometries_3857 ALTER COLUMN level SET NOT NULL;

-- Every row written (by the divisions triggers of 0004) takes the level of its division.
CREATE FUNCTION division_geometries_3857_set_level() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    SELECT d.level INTO NEW.level FROM divisions AS d WHERE d.code = NEW.division_code;
    RETURN NEW;
END
$$;
CREATE TRIGGER division_geometries_3857_level BEFORE INSERT OR UPDATE OF division_code ON division_geometries_3857
FOR EACH ROW EXECUTE FUNCTION division_geometries_3857_set_level();

-- A division whose level changes keeps its geometry row in step.
CREATE FUNCTION divisions_sync_tile_level() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE division_geometries_3857 AS g
    SET level = n.level
    FROM new_rows AS n
    WHERE g.division_code = n.code AND g.level IS DISTINCT FROM n.level;
    RETURN NULL;
END
$$;
CREATE TRIGGER divisions_tile_level AFTER UPDATE ON divisions
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION divisions_sync_tile_level();

-- Counties are the only divisions below zoom 7: a small index of their own serves those tiles.
CREATE INDEX division_geometries_3857_county_geom_idx ON division_geometries_3857 USING gist (geom) WHERE level = 'county';
