-- Vector tile layer `divisions`: counties and townships (街道/镇/乡) that have a boundary, with today's coverage.
-- The layer's tile functions, tiles.divisions(z, x, y) and tiles.divisions_features_json(z, x, y), are made from
-- tiles.divisions_features by tiles/tile.sql, as every layer's are.
--
-- tiles.division_level_zooms(): the zoom range of each division level in the tiles, one row per level: counties
-- from zoom 5, townships from zoom 7 (below that a township is a few pixels wide and a national tile would carry
-- thousands of them), both to zoom 16. The one statement of those zooms: the features below, the divisions TileJSON
-- (vector_layers[0].levels) and the benchmark read them here. tiles.division_minzoom(level) is one level's minzoom;
-- immutable, so PostgreSQL computes it once when it plans a statement that names a level. Raise nothing.
--
-- tiles.divisions_features(z, x, y): the features of tile z/x/y in EPSG:3857, not yet clipped: id (the official
-- code as a number, the MVT feature id), code, name, level, kind, parentCode, provenance, status and, for counties,
-- chiefPostsFilled. Besides its boundary, each division has a label point with the same properties and the id
-- 10^12 + code (unique in the layer, and in a stable order on both backends), in the tile that holds it: a
-- township's seat when it lies inside the boundary, else (and for a county) the point inside the zoom-10 boundary
-- that ST_PointOnSurface gives (the middle of its widest part across its middle latitude; the same on both
-- backends' GEOS, unlike ST_MaximumInscribedCircle), so the name sits inside the shape and does not move between
-- zooms. status today (api.today()): a township is covered | vacant | not_required by
-- the rules of api.unit_coverage (covered: a unit appointment in force on an area that groups it; vacant: required by
-- then, not covered); a county is covered when both county chief posts are filled (api.county_chief_posts), else vacant. The
-- tile only needs the status, not who holds the post, so it is asked as EXISTS / count rather than through those
-- functions, which find the holder of every post. Geometry comes from the generalised column of the zoom band up to
-- zoom 12 (migrations 0006 and 0007: simplified, snapped to the tile grid and made valid once, under 2.5 tile units
-- of error), and tile_ready says so: the tile functions then only clip, scale and round it
-- (tiles.snapped_tile_geometry). Inlinable: the planner pushes the tile filter down to the GiST indexes on
-- division_geometries_3857 and the coverage questions to the divisions in the tile.

CREATE OR REPLACE FUNCTION tiles.division_level_zooms()
RETURNS TABLE (level text, minzoom integer, maxzoom integer)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    VALUES ('county', 5, 16), ('township', 7, 16)
$$;

CREATE OR REPLACE FUNCTION tiles.division_minzoom(division_level text)
RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT zooms.minzoom FROM tiles.division_level_zooms() AS zooms WHERE zooms.level = division_level
$$;

CREATE OR REPLACE FUNCTION tiles.divisions_features(z integer, x integer, y integer)
RETURNS TABLE (
    id bigint,
    code text,
    name text,
    level text,
    kind text,
    parent_code text,
    provenance text,
    status text,
    chief_posts_filled integer,
    geom geometry,
    tile_ready boolean
)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT
        CASE WHEN shape.is_label THEN 1000000000000 + d.code::bigint ELSE d.code::bigint END,
        d.code,
        d.name,
        d.level,
        d.kind,
        d.parent_code,
        d.provenance,
        CASE
            WHEN d.level = 'county' THEN CASE WHEN chiefs.filled = 2 THEN 'covered' ELSE 'vacant' END
            WHEN EXISTS (
                SELECT 1
                FROM area_divisions AS ad
                JOIN appointments AS ap ON ap.area_id = ad.area_id
                WHERE ad.division_code = d.code
                  AND ap.role = 'unit'
                  AND api.in_force(ap.valid_from, ap.valid_to, api.today())
            ) THEN 'covered'
            WHEN EXISTS (
                SELECT 1 FROM unit_requirements AS r WHERE r.division_code = d.code AND r.required_from <= api.today()
            ) THEN 'vacant'
            ELSE 'not_required'
        END,
        chiefs.filled,
        shape.geom,
        shape.tile_ready
    FROM (
        SELECT c.division_code, CASE WHEN z <= 6 THEN c.geom_z6 WHEN z <= 8 THEN c.geom_z8 WHEN z <= 10 THEN c.geom_z10
            WHEN z <= 12 THEN c.geom_z12 ELSE c.geom END AS geom, c.geom_z10, c.geom AS full_geom
        FROM division_geometries_3857 AS c
        WHERE c.level = 'county' AND z >= tiles.division_minzoom('county') AND c.geom && ST_TileEnvelope(z, x, y, margin => 64.0 / 4096)
        UNION ALL
        SELECT t.division_code, CASE WHEN z <= 8 THEN t.geom_z8 WHEN z <= 10 THEN t.geom_z10
            WHEN z <= 12 THEN t.geom_z12 ELSE t.geom END, t.geom_z10, t.geom
        FROM division_geometries_3857 AS t
        WHERE t.level = 'township' AND z >= tiles.division_minzoom('township') AND t.geom && ST_TileEnvelope(z, x, y, margin => 64.0 / 4096)
    ) AS g
    JOIN divisions AS d ON d.code = g.division_code
    -- The boundary, then the label point where this tile holds it (a point is never tile-ready: it is only moved).
    CROSS JOIN LATERAL (
        SELECT g.geom, z <= 12 AS tile_ready, false AS is_label
        UNION ALL
        SELECT label.point, false, true
        FROM (
            SELECT CASE
                WHEN d.level = 'township' AND d.seat IS NOT NULL AND ST_Intersects(ST_Transform(d.seat, 3857), g.full_geom)
                    THEN ST_Transform(d.seat, 3857)
                ELSE ST_PointOnSurface(CASE WHEN ST_IsEmpty(g.geom_z10) THEN g.full_geom ELSE g.geom_z10 END)
            END AS point
        ) AS label
        WHERE label.point && ST_TileEnvelope(z, x, y, margin => 64.0 / 4096)
    ) AS shape
    LEFT JOIN LATERAL (
        SELECT count(DISTINCT ap.role)::integer AS filled
        FROM area_divisions AS ad
        JOIN areas AS a ON a.id = ad.area_id AND a.kind = 'county'
        JOIN appointments AS ap ON ap.area_id = a.id
        WHERE d.level = 'county'
          AND ad.division_code = d.code
          AND ap.role IN ('chief_county_seconded', 'chief_county_hired')
          AND api.in_force(ap.valid_from, ap.valid_to, api.today())
    ) AS chiefs ON d.level = 'county'
$$;
