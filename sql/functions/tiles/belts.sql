-- Vector tile layer `belts`: the three belts (三带), areas of kind belt, drawn with their effective geometry (the
-- union of their member townships' boundaries, area_effective_geometries, migration 0004). Its tile functions are
-- made from tiles.belts_features by tiles/tile.sql.
--
-- tiles.belts_features(z, x, y): the features of tile z/x/y in EPSG:3857, not yet clipped: id (the area id, the MVT
-- feature id), code, name, nameEn, provenance, members (how many divisions the belt groups) and membersWithGeometry
-- (how many of those have a boundary, so the drawn shape is complete when the two agree). Zooms 5 and up. A belt none
-- of whose members has a boundary has no geometry and is in no tile. Geometry is simplified to one tile unit, as in
-- the areas layer.

CREATE OR REPLACE FUNCTION tiles.belts_features(z integer, x integer, y integer)
RETURNS TABLE (
    id bigint,
    code text,
    name text,
    name_en text,
    provenance text,
    members bigint,
    members_with_geometry bigint,
    geom geometry
)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT a.id, a.code, a.name, a.name_en, e.provenance, e.divisions_total, e.divisions_with_geom,
        ST_Simplify(e.geom_3857, 9783.939620502561 / (1 << z), true)
    FROM area_effective_geometries AS e
    JOIN areas AS a ON a.id = e.area_id
    WHERE e.geom_3857 && ST_TileEnvelope(z, x, y, margin => 64.0 / 4096)
      AND a.kind = 'belt'
      AND api.area_in_force(a.retired_on, api.today())
      AND z >= 5
$$;
