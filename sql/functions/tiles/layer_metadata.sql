-- tiles.layer_metadata(): for each tile layer, the bounds of its data in EPSG:4326 and the sources of its boundaries,
-- for TileJSON (bounds, attribution). One row per layer (divisions, areas, belts, projects, opinions); west, south,
-- east, north are null when the layer has no geometry; sources are the distinct geom_source texts of the boundaries
-- the layer draws (divisions' own, and for areas and belts their member divisions' and their own), '{}' when none.
-- Inputs: none. Raises nothing.
CREATE OR REPLACE FUNCTION tiles.layer_metadata()
RETURNS TABLE (layer text, west float8, south float8, east float8, north float8, sources text [])
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH area_groups AS (
        SELECT a.id, CASE WHEN a.kind = 'belt' THEN 'belts' ELSE 'areas' END AS layer, a.geom_source, a.geom IS NOT NULL AS own
        FROM areas AS a
        WHERE a.kind IN ('city', 'county', 'subdistrict', 'township', 'belt')
    ), area_sources AS (
        SELECT g.layer, g.geom_source AS source FROM area_groups AS g WHERE g.own
        UNION
        SELECT g.layer, d.geom_source
        FROM area_groups AS g
        JOIN area_divisions AS ad ON ad.area_id = g.id
        JOIN divisions AS d ON d.code = ad.division_code
        WHERE NOT g.own AND d.geom IS NOT NULL
    ), extents AS (
        SELECT 'divisions' AS layer, ST_Extent(d.geom) AS extent,
            array_agg(DISTINCT d.geom_source) FILTER (WHERE d.geom_source IS NOT NULL) AS sources
        FROM divisions AS d
        WHERE d.level IN ('county', 'township') AND d.geom IS NOT NULL
        UNION ALL
        SELECT g.layer, ST_Extent(e.geom),
            (SELECT array_agg(s.source ORDER BY s.source) FROM area_sources AS s WHERE s.layer = g.layer AND s.source IS NOT NULL)
        FROM (VALUES ('areas'), ('belts')) AS g (layer)
        LEFT JOIN area_groups AS a ON a.layer = g.layer
        LEFT JOIN area_effective_geometries AS e ON e.area_id = a.id
        GROUP BY g.layer
        UNION ALL
        SELECT 'projects', ST_Extent(p.site), NULL FROM projects AS p
        UNION ALL
        -- The opinions the layer shows, on its grid (tiles/opinions.sql): the bounds must not place the others.
        SELECT 'opinions', ST_Extent(ST_SnapToGrid(o.location, 0.001)), NULL FROM opinions AS o
        WHERE o.status IN ('answered', 'closed') AND o.answer IS NOT NULL AND NOT o.hidden
    )
    SELECT layer, ST_XMin(extent), ST_YMin(extent), ST_XMax(extent), ST_YMax(extent), coalesce(sources, '{}')
    FROM extents
$$;
