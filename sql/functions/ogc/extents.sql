-- ogc.collection_extents(): the extent of each OGC API – Features collection, for its description. One row per
-- collection (divisions, areas, belts, projects): west/south/east/north in CRS84, null when no feature of the
-- collection has a geometry; first_date/last_date bound the appointments (areas, belts) or project starts
-- (projects) that its features carry, last_date null when one is open-ended or the dates are unbounded, both null
-- when the collection has no dates. Raises nothing.
CREATE OR REPLACE FUNCTION ogc.collection_extents()
RETURNS TABLE (
    collection_id text,
    west float8,
    south float8,
    east float8,
    north float8,
    first_date date,
    last_date date
)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH area_extents AS (
        SELECT ag.kind = 'belt' AS is_belt, ST_Extent(ag.geom) AS box
        FROM api.area_geometries AS ag
        GROUP BY 1
    ),
    appointment_dates AS (
        SELECT
            a.kind = 'belt' AS is_belt,
            min(ap.valid_from) AS first_date,
            -- An open appointment leaves the interval open.
            CASE WHEN bool_or(ap.valid_to IS NULL) THEN NULL ELSE max(ap.valid_to) END AS last_date
        FROM appointments AS ap
        JOIN areas AS a ON a.id = ap.area_id
        GROUP BY 1
    ),
    boxes AS (
        SELECT 'divisions' AS collection_id, ST_Extent(d.geom) AS box, NULL::date AS first_date, NULL::date AS last_date
        FROM divisions AS d
        WHERE d.level IN ('county', 'township')
        UNION ALL
        SELECT
            'areas',
            ST_Extent(ae.box),
            (SELECT min(ad.first_date) FROM appointment_dates AS ad),
            (SELECT CASE WHEN bool_or(ad.last_date IS NULL) THEN NULL ELSE max(ad.last_date) END FROM appointment_dates AS ad)
        FROM area_extents AS ae
        UNION ALL
        SELECT
            'belts',
            (SELECT ae.box FROM area_extents AS ae WHERE ae.is_belt),
            (SELECT ad.first_date FROM appointment_dates AS ad WHERE ad.is_belt),
            (SELECT ad.last_date FROM appointment_dates AS ad WHERE ad.is_belt)
        UNION ALL
        SELECT 'projects', ST_Extent(p.site), min(p.started_on), NULL
        FROM projects AS p
    )
    SELECT b.collection_id, ST_XMin(b.box), ST_YMin(b.box), ST_XMax(b.box), ST_YMax(b.box), b.first_date, b.last_date
    FROM boxes AS b
$$;
