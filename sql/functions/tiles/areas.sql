-- Vector tile layer `areas`: responsibility areas (责任区) of kind city, county, subdistrict and township (belts and
-- projects have layers of their own), with their effective geometry (area_effective_geometries, migration 0004).
-- Its tile functions are made from tiles.areas_features by tiles/tile.sql.
--
-- tiles.areas_features(z, x, y): the features of tile z/x/y in EPSG:3857, not yet clipped: id (the area id, the MVT
-- feature id), code, name, kind, provenance, planners and status. planners: the names of the planners holding the
-- area's posts today (the unit planner of a subdistrict or township area, the two chief planners of a county, the
-- city chief planner), joined with "、", null when none. status today: covered when the posts the area needs are held
-- (the unit post; both county chief posts; the city chief post), else vacant. Zooms 6 and up. Geometry is simplified
-- to one tile unit (the Web Mercator world is 2 x 20037508.34 m, a tile 4096 units).

CREATE OR REPLACE FUNCTION tiles.areas_features(z integer, x integer, y integer)
RETURNS TABLE (
    id bigint,
    code text,
    name text,
    kind text,
    provenance text,
    planners text,
    status text,
    geom geometry
)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT
        a.id,
        a.code,
        a.name,
        a.kind,
        e.provenance,
        posts.planners,
        CASE WHEN posts.covered THEN 'covered' ELSE 'vacant' END,
        ST_Simplify(e.geom_3857, 9783.939620502561 / (1 << z), true)
    FROM area_effective_geometries AS e
    JOIN areas AS a ON a.id = e.area_id
    LEFT JOIN LATERAL (
        SELECT
            string_agg(
                p.name, '、'
                ORDER BY array_position(ARRAY['chief_city', 'chief_county_seconded', 'chief_county_hired', 'unit'], ap.role),
                    ap.valid_from, p.id
            ) AS planners,
            CASE a.kind
                WHEN 'city' THEN bool_or(ap.role = 'chief_city')
                WHEN 'county' THEN bool_or(ap.role = 'chief_county_seconded') AND bool_or(ap.role = 'chief_county_hired')
                ELSE bool_or(ap.role = 'unit')
            END AS covered
        FROM appointments AS ap
        JOIN planners AS p ON p.id = ap.planner_id
        WHERE ap.area_id = a.id
          AND ap.role <> 'project'
          AND api.in_force(ap.valid_from, ap.valid_to, api.today())
    ) AS posts ON true
    WHERE e.geom_3857 && ST_TileEnvelope(z, x, y, margin => 64.0 / 4096)
      AND a.kind IN ('city', 'county', 'subdistrict', 'township')
      AND api.area_in_force(a.retired_on, api.today())
      AND z >= 6
$$;
