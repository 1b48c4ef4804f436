-- The OGC API – Features collection "divisions": the counties and townships (街道/镇/乡) that have a boundary.
-- Feature id: the official code. Divisions have no time dimension, so the items functions take no dates.
--
-- ogc.divisions_features(): every feature of the collection with the columns the filters need and the GeoJSON
-- Feature as json. An inlinable SQL function: callers filter and page it, and the feature json is only built for the
-- rows they keep.
--
-- ogc.divisions_items(bbox_west, bbox_south, bbox_east, bbox_north, level_filter, kind_filter, code_filter,
-- parent_code_filter, provenance_filter, item_limit, item_offset, links, next_link): one page, ordered by code, as
-- FeatureCollection text (see ogc.feature_collection). The bbox is four nulls or a CRS84 rectangle (features that
-- intersect it); a null filter does not filter. Raises 22023 for a bad bbox or paging (ogc.bbox_envelope,
-- ogc.check_paging).
--
-- ogc.divisions_item(feature_id, links): the Feature text with links, or null when no division with a boundary has
-- that code. Raises nothing.

CREATE OR REPLACE FUNCTION ogc.divisions_features()
RETURNS TABLE (
    code text,
    level text,
    kind text,
    parent_code text,
    provenance text,
    geom geometry,
    feature json
)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT
        d.code,
        d.level,
        d.kind,
        d.parent_code,
        d.provenance,
        d.geom,
        json_build_object(
            'type', 'Feature',
            'id', d.code,
            'geometry', ST_AsGeoJSON(d.geom, 6)::json,
            'properties', json_build_object(
                'code', d.code,
                'name', d.name,
                'level', d.level,
                'kind', d.kind,
                'parentCode', d.parent_code,
                'provenance', d.provenance,
                'geomSource', d.geom_source
            )
        )
    FROM divisions AS d
    WHERE d.level IN ('county', 'township')
      AND d.geom IS NOT NULL
$$;

CREATE OR REPLACE FUNCTION ogc.divisions_items(
    bbox_west float8,
    bbox_south float8,
    bbox_east float8,
    bbox_north float8,
    level_filter text,
    kind_filter text,
    code_filter text,
    parent_code_filter text,
    provenance_filter text,
    item_limit integer,
    item_offset integer,
    links jsonb,
    next_link jsonb
)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    envelope geometry := ogc.bbox_envelope(bbox_west, bbox_south, bbox_east, bbox_north);
    number_matched bigint;
    number_returned integer;
    features json;
BEGIN
    PERFORM ogc.check_paging(item_limit, item_offset);
    -- plpgsql plans this with the actual values (custom plans), so the null tests fold away and a bbox reaches the
    -- GiST index on divisions.geom.
    WITH matched AS MATERIALIZED (
        SELECT f.code
        FROM ogc.divisions_features() AS f
        WHERE (envelope IS NULL OR (f.geom && envelope AND ST_Intersects(f.geom, envelope)))
          AND (level_filter IS NULL OR f.level = level_filter)
          AND (kind_filter IS NULL OR f.kind = kind_filter)
          AND (code_filter IS NULL OR f.code = code_filter)
          AND (parent_code_filter IS NULL OR f.parent_code = parent_code_filter)
          AND (provenance_filter IS NULL OR f.provenance = provenance_filter)
    ),
    page AS (
        SELECT m.code FROM matched AS m ORDER BY m.code LIMIT item_limit OFFSET item_offset
    )
    SELECT
        (SELECT count(*) FROM matched),
        count(*),
        coalesce(json_agg(f.feature ORDER BY f.code), '[]'::json)
    INTO number_matched, number_returned, features
    FROM page AS p
    JOIN ogc.divisions_features() AS f ON f.code = p.code;
    RETURN ogc.feature_collection(features, number_matched, number_returned, item_offset, links, next_link);
END
$$;

CREATE OR REPLACE FUNCTION ogc.divisions_item(feature_id text, links jsonb)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    RETURN (SELECT ogc.with_links(f.feature, links) FROM ogc.divisions_features() AS f WHERE f.code = feature_id);
END
$$;
