-- The OGC API – Features collection "areas": every responsibility area (责任区) of any kind, with its effective
-- geometry from api.area_geometries (null while none of its divisions has a boundary) and the planners appointed to
-- it on the requested dates. Feature id: the area code (e.g. township-140502001).
--
-- ogc.areas_features(on_from, on_to): every feature with the columns the filters need and the GeoJSON Feature as
-- json; planners are those appointed at any time within on_from..on_to (both null: today; see
-- ogc.appointed_planners). An inlinable SQL function: the feature json is only built for the rows a caller keeps.
--
-- ogc.areas_items(bbox_west, bbox_south, bbox_east, bbox_north, kind_filter, code_filter, provenance_filter,
-- on_from, on_to, item_limit, item_offset, links, next_link): one page ordered by code, as FeatureCollection text.
-- The dates choose the planners shown, not the areas: an area exists whoever holds it, and one without a planner
-- then is a vacancy worth seeing. Raises 22023 for a bad bbox or paging.
--
-- ogc.areas_item(feature_id, on_from, on_to, links): the Feature text with links, or null when no area has that
-- code. Raises nothing.

CREATE OR REPLACE FUNCTION ogc.areas_features(on_from date, on_to date)
RETURNS TABLE (
    id bigint,
    code text,
    kind text,
    provenance text,
    geom geometry,
    feature json
)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT
        ag.id,
        ag.code,
        ag.kind,
        ag.provenance,
        ag.geom,
        json_build_object(
            'type', 'Feature',
            'id', ag.code,
            'geometry', ST_AsGeoJSON(ag.geom, 6)::json,
            -- A scalar subquery rather than a LATERAL join, so that counting and filtering never look up planners.
            'properties', (
                SELECT json_build_object(
                    'code', ag.code,
                    'name', ag.name,
                    'nameEn', a.name_en,
                    'kind', ag.kind,
                    'provenance', ag.provenance,
                    'geometryDerived', ag.geom_derived,
                    'divisionCodes', (
                        SELECT coalesce(json_agg(ad.division_code ORDER BY ad.division_code), '[]'::json)
                        FROM area_divisions AS ad
                        WHERE ad.area_id = ag.id
                    ),
                    'planners', appointed.planners,
                    'plannerNames', appointed.planner_names,
                    'description', a.description,
                    'isDemo', a.is_demo
                )
                FROM ogc.appointed_planners(ag.id, on_from, on_to) AS appointed
            )
        )
    FROM api.area_geometries AS ag
    JOIN areas AS a ON a.id = ag.id
$$;

CREATE OR REPLACE FUNCTION ogc.areas_items(
    bbox_west float8,
    bbox_south float8,
    bbox_east float8,
    bbox_north float8,
    kind_filter text,
    code_filter text,
    provenance_filter text,
    on_from date,
    on_to date,
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
    WITH matched AS MATERIALIZED (
        SELECT f.id, f.code
        FROM ogc.areas_features(on_from, on_to) AS f
        WHERE (envelope IS NULL OR (f.geom && envelope AND ST_Intersects(f.geom, envelope)))
          AND (kind_filter IS NULL OR f.kind = kind_filter)
          AND (code_filter IS NULL OR f.code = code_filter)
          AND (provenance_filter IS NULL OR f.provenance = provenance_filter)
    ),
    page AS (
        SELECT m.id, m.code FROM matched AS m ORDER BY m.code LIMIT item_limit OFFSET item_offset
    )
    SELECT
        (SELECT count(*) FROM matched),
        count(*),
        coalesce(json_agg(f.feature ORDER BY f.code), '[]'::json)
    INTO number_matched, number_returned, features
    FROM page AS p
    JOIN ogc.areas_features(on_from, on_to) AS f ON f.id = p.id;
    RETURN ogc.feature_collection(features, number_matched, number_returned, item_offset, links, next_link);
END
$$;

CREATE OR REPLACE FUNCTION ogc.areas_item(feature_id text, on_from date, on_to date, links jsonb)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    RETURN (
        SELECT ogc.with_links(f.feature, links) FROM ogc.areas_features(on_from, on_to) AS f WHERE f.code = feature_id
    );
END
$$;
