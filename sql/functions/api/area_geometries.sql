-- api.area_geometries: every responsibility area with its effective geometry.
-- An area's own drawn geometry wins; otherwise it is the union of the geometries of the divisions it groups
-- (null when none of them has a geometry). provenance is the weakest of the parts: approximate if any part is.
-- Raises nothing; areas without any geometry appear with geom null.
CREATE OR REPLACE VIEW api.area_geometries AS
SELECT
    a.id,
    a.code,
    a.name,
    a.kind,
    coalesce(a.geom, derived.geom) AS geom,
    CASE WHEN a.geom IS NOT NULL THEN a.provenance ELSE derived.provenance END AS provenance,
    a.geom IS NULL AND derived.geom IS NOT NULL AS geom_derived,
    coalesce(derived.divisions_total, 0) AS divisions_total,
    coalesce(derived.divisions_with_geom, 0) AS divisions_with_geom
FROM areas AS a
LEFT JOIN LATERAL (
    SELECT
        ST_Multi(ST_CollectionExtract(ST_UnaryUnion(ST_Collect(d.geom)), 3))::geometry (MultiPolygon, 4326) AS geom,
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
) AS derived ON true;
