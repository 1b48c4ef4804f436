-- api.area_geometries: every responsibility area with its effective geometry.
-- An area's own drawn geometry wins; otherwise it is the union of the geometries of the divisions it groups
-- (null when none of them has a geometry). provenance is the weakest of the parts: approximate if any part is.
-- The rule is applied by refresh_area_effective_geometries (migration 0004), which triggers on divisions, areas and
-- area_divisions run in the same transaction as each change; this view reads that materialised result, so a
-- bounding-box or point query on geom can use its GiST index. Raises nothing; areas without any geometry appear
-- with geom null.
CREATE OR REPLACE VIEW api.area_geometries AS
SELECT
    a.id,
    a.code,
    a.name,
    a.kind,
    e.geom::geometry (MultiPolygon, 4326) AS geom,
    e.provenance,
    coalesce(e.geom_derived, false) AS geom_derived,
    coalesce(e.divisions_total, 0)::bigint AS divisions_total,
    coalesce(e.divisions_with_geom, 0)::bigint AS divisions_with_geom
FROM areas AS a
LEFT JOIN area_effective_geometries AS e ON e.area_id = a.id;
