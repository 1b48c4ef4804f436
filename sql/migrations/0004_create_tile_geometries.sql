-- 0004_create_tile_geometries: geometry materialised for vector tiles, kept in step by triggers.
--
-- Tiles filter with `geom_3857 && tile envelope`, which only an index on a stored Web Mercator column serves, and an
-- area's effective geometry (its own, or the union of its divisions') is too costly to compute per tile. Both live in
-- side tables rather than in new columns of divisions and areas: the audit trigger logs whole rows as JSON, so a
-- stored copy of the geometry there would double every boundary in audit_log, and other readers of those tables keep
-- the row shape they know. The side tables are written only by the triggers below, in the same transaction as the
-- change they follow, so they are never behind what a reader of the domain tables sees.
--
-- Statement-level triggers with transition tables refresh each affected area once per statement, however many of
-- its member divisions the statement changed.

CREATE SCHEMA IF NOT EXISTS tiles;

-- Every division that has a geometry, in EPSG:3857. No row when divisions.geom is null.
CREATE TABLE division_geometries_3857 (
    division_code text PRIMARY KEY REFERENCES divisions (code) ON UPDATE CASCADE ON DELETE CASCADE,
    geom geometry (MultiPolygon, 3857) NOT NULL
);
CREATE INDEX division_geometries_3857_geom_idx ON division_geometries_3857 USING gist (geom);

-- One row per area: what api.area_geometries reports, plus the same geometry in EPSG:3857.
CREATE TABLE area_effective_geometries (
    area_id bigint PRIMARY KEY REFERENCES areas (id) ON DELETE CASCADE,
    -- The area's own geometry, else the union of its divisions' geometries; null when neither exists.
    geom geometry (MultiPolygon, 4326),
    geom_3857 geometry (MultiPolygon, 3857),
    -- The weakest provenance of the parts (approximate if any part is), or the area's own.
    provenance text,
    geom_derived boolean NOT NULL,
    divisions_total bigint NOT NULL,
    divisions_with_geom bigint NOT NULL
);
CREATE INDEX area_effective_geometries_geom_idx ON area_effective_geometries USING gist (geom);
CREATE INDEX area_effective_geometries_geom_3857_idx ON area_effective_geometries USING gist (geom_3857);

-- Recomputes the effective geometry of the given areas (the rule api.area_geometries has always applied) and
-- returns how many rows it wrote; an unknown id is ignored.
CREATE FUNCTION refresh_area_effective_geometries(area_ids bigint []) RETURNS integer
LANGUAGE sql AS $$
    WITH written AS (
        INSERT INTO area_effective_geometries AS e (
            area_id, geom, geom_3857, provenance, geom_derived, divisions_total, divisions_with_geom
        )
        SELECT
            a.id,
            effective.geom,
            ST_Transform(effective.geom, 3857),
            CASE WHEN a.geom IS NOT NULL THEN a.provenance ELSE derived.provenance END,
            a.geom IS NULL AND derived.geom IS NOT NULL,
            coalesce(derived.divisions_total, 0),
            coalesce(derived.divisions_with_geom, 0)
        FROM areas AS a
        LEFT JOIN LATERAL (
            SELECT
                ST_Multi(ST_CollectionExtract(ST_UnaryUnion(ST_Collect(d.geom)), 3))::geometry (MultiPolygon, 4326)
                AS geom,
                CASE
                    WHEN bool_or(d.provenance = 'approximate') THEN 'approximate'
                    WHEN bool_or(d.provenance = 'imported') THEN 'imported'
                    WHEN bool_or(d.provenance = 'official') THEN 'official'
                END AS provenance,
                count(*) AS divisions_total,
                count(d.geom) AS divisions_with_geom
            FROM area_divisions AS ad
            JOIN divisions AS d ON d.code = ad.division_code
            WHERE ad.area_id = a.id
        ) AS derived ON true
        CROSS JOIN LATERAL (SELECT coalesce(a.geom, derived.geom) AS geom) AS effective
        WHERE a.id = ANY (area_ids)
        ON CONFLICT (area_id) DO UPDATE SET
            geom = excluded.geom,
            geom_3857 = excluded.geom_3857,
            provenance = excluded.provenance,
            geom_derived = excluded.geom_derived,
            divisions_total = excluded.divisions_total,
            divisions_with_geom = excluded.divisions_with_geom
        -- An unchanged row is not rewritten, so repeated refreshes leave no dead tuples behind.
        WHERE (e.geom, e.provenance, e.geom_derived, e.divisions_total, e.divisions_with_geom)
            IS DISTINCT FROM (excluded.geom, excluded.provenance, excluded.geom_derived, excluded.divisions_total,
                excluded.divisions_with_geom)
        RETURNING 1
    )
    SELECT count(*)::integer FROM written
$$;

-- divisions: copy new or changed geometries to EPSG:3857 and refresh the areas that group a division whose geometry
-- or provenance changed. Old and new rows are paired by code; foreign keys cascade a code change to the side table
-- and to area_divisions before statement-level triggers run.
CREATE FUNCTION divisions_sync_tile_geometries() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    refreshed integer;
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO division_geometries_3857 (division_code, geom)
        SELECT n.code, ST_Transform(n.geom, 3857) FROM new_rows AS n WHERE n.geom IS NOT NULL;
        RETURN NULL;
    END IF;
    WITH changed AS (
        -- A row whose code changed pairs with nothing: its geometry is treated as new (the cascade has already
        -- renamed its 3857 copy, which is then overwritten with the same or the new geometry).
        SELECT n.code, n.geom, o.code IS NULL OR n.geom IS DISTINCT FROM o.geom AS geom_changed
        FROM new_rows AS n
        LEFT JOIN old_rows AS o ON o.code = n.code
        WHERE o.code IS NULL OR n.geom IS DISTINCT FROM o.geom OR n.provenance IS DISTINCT FROM o.provenance
    ), removed AS (
        DELETE FROM division_geometries_3857 AS g
        USING changed AS c
        WHERE g.division_code = c.code AND c.geom_changed AND c.geom IS NULL
    ), upserted AS (
        INSERT INTO division_geometries_3857 (division_code, geom)
        SELECT c.code, ST_Transform(c.geom, 3857) FROM changed AS c
        WHERE c.geom_changed AND c.geom IS NOT NULL
        ON CONFLICT (division_code) DO UPDATE SET geom = excluded.geom
    )
    SELECT refresh_area_effective_geometries(array(
        SELECT DISTINCT ad.area_id
        FROM area_divisions AS ad
        JOIN changed AS c ON c.code = ad.division_code
    )) INTO refreshed;
    RETURN NULL;
END
$$;

-- areas: a new area gets its row; a changed own geometry or provenance refreshes it. Deletes cascade.
CREATE FUNCTION areas_sync_tile_geometries() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM refresh_area_effective_geometries(array(SELECT n.id FROM new_rows AS n));
    ELSE
        PERFORM refresh_area_effective_geometries(array(
            SELECT n.id
            FROM new_rows AS n
            JOIN old_rows AS o ON o.id = n.id
            WHERE n.geom IS DISTINCT FROM o.geom OR n.provenance IS DISTINCT FROM o.provenance
        ));
    END IF;
    RETURN NULL;
END
$$;

-- area_divisions: membership changed, so the derived geometry of the areas on either side changes.
CREATE FUNCTION area_divisions_sync_tile_geometries() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM refresh_area_effective_geometries(array(SELECT DISTINCT n.area_id FROM new_rows AS n));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM refresh_area_effective_geometries(array(SELECT DISTINCT o.area_id FROM old_rows AS o));
    ELSE
        PERFORM refresh_area_effective_geometries(array(
            SELECT n.area_id FROM new_rows AS n UNION SELECT o.area_id FROM old_rows AS o
        ));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER divisions_tile_geometries_insert AFTER INSERT ON divisions
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION divisions_sync_tile_geometries();
CREATE TRIGGER divisions_tile_geometries_update AFTER UPDATE ON divisions
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION divisions_sync_tile_geometries();

CREATE TRIGGER areas_tile_geometries_insert AFTER INSERT ON areas
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION areas_sync_tile_geometries();
CREATE TRIGGER areas_tile_geometries_update AFTER UPDATE ON areas
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION areas_sync_tile_geometries();

CREATE TRIGGER area_divisions_tile_geometries_insert AFTER INSERT ON area_divisions
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION area_divisions_sync_tile_geometries();
CREATE TRIGGER area_divisions_tile_geometries_update AFTER UPDATE ON area_divisions
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION area_divisions_sync_tile_geometries();
CREATE TRIGGER area_divisions_tile_geometries_delete AFTER DELETE ON area_divisions
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION area_divisions_sync_tile_geometries();

-- Existing data (a database set up before this migration).
INSERT INTO division_geometries_3857 (division_code, geom)
SELECT code, ST_Transform(geom, 3857) FROM divisions WHERE geom IS NOT NULL;
SELECT refresh_area_effective_geometries(array(SELECT id FROM areas));
