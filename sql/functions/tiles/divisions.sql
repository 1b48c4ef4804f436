-- Vector tile layer `divisions`: counties and townships (街道/镇/乡) that have a boundary, with today's coverage.
--
-- tiles.divisions_features(z, x, y, on_date): the features of tile z/x/y in EPSG:3857, not yet clipped: id (the
-- official code as a number, the MVT feature id), code, name, level, kind, parentCode, provenance, status and, for
-- counties, chiefPostsFilled. status on on_date: a township is covered | vacant | not_required by the rules of
-- api.unit_coverage (covered: a unit appointment in force on an area that groups it; vacant: required by then, not
-- covered); a county is covered when both county chief posts are filled (api.county_chief_posts), else vacant. The
-- tile only needs the status, not who holds the post, so it is asked as EXISTS / count rather than through those
-- functions, which find the holder of every post. Counties from zoom 5, townships from zoom 7: below that a township
-- is a few pixels wide and a national tile would carry thousands of them. Geometry comes from the generalised column
-- of the zoom band up to zoom 12 (migrations 0006 and 0007: simplified, snapped to the tile grid and made valid once,
-- under 2.5 tile units of error), so nothing is simplified or repaired per request: the tile functions only clip,
-- scale and round it (tiles.snapped_tile_geometry). Inlinable:
-- the planner pushes the tile filter down to the GiST indexes on division_geometries_3857 (counties have their own)
-- and the coverage questions to the divisions in the tile.
-- tiles.divisions(z, x, y): the tile as MVT (layer "divisions", extent 4096, buffer 64), built by ST_AsMVT; an
-- empty bytea when no feature falls in the tile. Needs PostGIS built with protobuf.
--
-- tiles.divisions_features_json(z, x, y): the same features as a JSON array of
-- {"id", "properties", "geometry"} with geometry in tile coordinates (tiles.tile_geometry), for the database
-- without protobuf, where the server encodes the tile; '[]' when none.
--
-- The two tile functions raise 22023 (invalid_parameter_value) when z is outside 0..30 or x, y outside 0..2^z-1.
-- They force a generic plan: planning the inlined coverage joins takes ~30 ms and running them well under 1 ms, and
-- without it PostgreSQL may keep choosing custom plans, planning again on every call.

CREATE OR REPLACE FUNCTION tiles.divisions_features(z integer, x integer, y integer, on_date date)
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
    geom geometry
)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT
        d.code::bigint,
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
                  AND api.in_force(ap.valid_from, ap.valid_to, on_date)
            ) THEN 'covered'
            WHEN EXISTS (
                SELECT 1 FROM unit_requirements AS r WHERE r.division_code = d.code AND r.required_from <= on_date
            ) THEN 'vacant'
            ELSE 'not_required'
        END,
        chiefs.filled,
        g.geom
    FROM (
        SELECT c.division_code, CASE WHEN z <= 6 THEN c.geom_z6 WHEN z <= 8 THEN c.geom_z8 WHEN z <= 10 THEN c.geom_z10
            WHEN z <= 12 THEN c.geom_z12 ELSE c.geom END AS geom
        FROM division_geometries_3857 AS c
        WHERE c.level = 'county' AND z >= 5 AND c.geom && ST_TileEnvelope(z, x, y, margin => 64.0 / 4096)
        UNION ALL
        SELECT t.division_code, CASE WHEN z <= 8 THEN t.geom_z8 WHEN z <= 10 THEN t.geom_z10
            WHEN z <= 12 THEN t.geom_z12 ELSE t.geom END
        FROM division_geometries_3857 AS t
        WHERE t.level = 'township' AND z >= 7 AND t.geom && ST_TileEnvelope(z, x, y, margin => 64.0 / 4096)
    ) AS g
    JOIN divisions AS d ON d.code = g.division_code
    LEFT JOIN LATERAL (
        SELECT count(DISTINCT ap.role)::integer AS filled
        FROM area_divisions AS ad
        JOIN areas AS a ON a.id = ad.area_id AND a.kind = 'county'
        JOIN appointments AS ap ON ap.area_id = a.id
        WHERE d.level = 'county'
          AND ad.division_code = d.code
          AND ap.role IN ('chief_county_seconded', 'chief_county_hired')
          AND api.in_force(ap.valid_from, ap.valid_to, on_date)
    ) AS chiefs ON d.level = 'county'
$$;

CREATE OR REPLACE FUNCTION tiles.divisions(z integer, x integer, y integer)
RETURNS bytea
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    IF z IS NULL OR z NOT BETWEEN 0 AND 30 OR x NOT BETWEEN 0 AND (1 << z) - 1 OR y NOT BETWEEN 0 AND (1 << z) - 1 THEN
        RAISE EXCEPTION 'tile %/%/% does not exist', z, x, y USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN (
        SELECT ST_AsMVT(tile, 'divisions', 4096, 'geom', 'id')
        FROM (
            SELECT
                f.id,
                f.code,
                f.name,
                f.level,
                f.kind,
                f.parent_code AS "parentCode",
                f.provenance,
                f.status,
                f.chief_posts_filled AS "chiefPostsFilled",
                -- Up to zoom 12 the geometry is stored tile-ready (migration 0007); beyond, it is the boundary as drawn.
                CASE WHEN z <= 12 THEN tiles.snapped_tile_geometry(f.geom, z, x, y)
                    ELSE ST_AsMVTGeom(f.geom, ST_TileEnvelope(z, x, y), 4096, 64, true) END AS geom
            FROM tiles.divisions_features(z, x, y, tiles.today()) AS f
            ORDER BY f.id
            -- A fence: pulled up, the subquery would run ST_AsMVTGeom twice, for this filter and for the tile.
            OFFSET 0
        ) AS tile
        WHERE tile.geom IS NOT NULL AND NOT ST_IsEmpty(tile.geom)
    );
END
$$;

CREATE OR REPLACE FUNCTION tiles.divisions_features_json(z integer, x integer, y integer)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    IF z IS NULL OR z NOT BETWEEN 0 AND 30 OR x NOT BETWEEN 0 AND (1 << z) - 1 OR y NOT BETWEEN 0 AND (1 << z) - 1 THEN
        RAISE EXCEPTION 'tile %/%/% does not exist', z, x, y USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN (
        SELECT coalesce(json_agg(json_build_object(
            'id', f.id,
            'properties', json_build_object(
                'code', f.code,
                'name', f.name,
                'level', f.level,
                'kind', f.kind,
                'parentCode', f.parent_code,
                'provenance', f.provenance,
                'status', f.status,
                'chiefPostsFilled', f.chief_posts_filled
            ),
            'geometry', ST_AsGeoJSON(f.tile_geom, 0, 0)::json
        ) ORDER BY f.id), '[]')::text
        FROM (
            SELECT features.*, CASE WHEN z <= 12 THEN tiles.snapped_tile_geometry(features.geom, z, x, y)
                ELSE tiles.tile_geometry(features.geom, z, x, y) END AS tile_geom
            FROM tiles.divisions_features(z, x, y, tiles.today()) AS features
            -- A fence, as above: tiles.tile_geometry is inlined, and would otherwise run twice.
            OFFSET 0
        ) AS f
        WHERE f.tile_geom IS NOT NULL AND NOT ST_IsEmpty(f.tile_geom)
    );
END
$$;
