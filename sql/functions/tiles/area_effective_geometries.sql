-- refresh_area_effective_geometries(area_ids): recomputes the effective geometry of the given areas (their own, or
-- the union of their divisions') into area_effective_geometries and returns how many rows it wrote; an unknown id is
-- ignored. Created by migration 0004 with the triggers that call it; this file is its current definition.
--
-- The union snaps to a 1e-9° grid (~0.1 mm). Without a grid GEOS computes in floating point, which can fail where
-- member outlines nearly coincide (shared edges rounded differently, a boundary imported twice): native PostGIS
-- recovers, but the embedded database's PostGIS (WebAssembly) returns no row at all or fails with an unrelated error
-- (seen with a county outline and its GCJ-02 round trip: "control reached end of trigger procedure without RETURN"
-- when the second member was added). With a grid GEOS snap-rounds from the start, which does not fail; the result
-- moves by less than the grid.
CREATE OR REPLACE FUNCTION refresh_area_effective_geometries(area_ids bigint []) RETURNS integer
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
                ST_Multi(ST_CollectionExtract(ST_UnaryUnion(ST_Collect(d.geom), 1e-9), 3))::geometry (MultiPolygon, 4326)
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

