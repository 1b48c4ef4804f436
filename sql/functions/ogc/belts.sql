-- The OGC API – Features collection "belts": the three belts (三带) and any other area of kind belt, with the member
-- townships they group, their geometry derived from the members that have a boundary (null while none has one) and
-- the planners appointed to them on the requested dates. Feature id: the belt's area code (e.g. belt-qinhe).
--
-- ogc.belts_features(on_from, on_to): every feature with the columns the filters need and the GeoJSON Feature as
-- json; planners as in ogc.appointed_planners (both dates null: today). Inlinable, like ogc.areas_features.
--
-- ogc.belts_items(bbox_west, bbox_south, bbox_east, bbox_north, code_filter, provenance_filter, on_from, on_to,
-- item_limit, item_offset, links, next_link): one page ordered by code, as FeatureCollection text; the dates choose
-- the planners shown, not the belts. Raises 22023 for a bad bbox or paging.
--
-- ogc.belts_item(feature_id, on_from, on_to, links): the Feature text with links, or null when no belt has that
-- code. Raises nothing.

CREATE OR REPLACE FUNCTION ogc.belts_features(on_from date, on_to date)
RETURNS TABLE (
    id bigint,
    code text,
    provenance text,
    geom geometry,
    feature json
)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT
        ag.id,
        ag.code,
        ag.provenance,
        ag.geom,
        json_build_object(
            'type', 'Feature',
            'id', ag.code,
            'geometry', ST_AsGeoJSON(ag.geom, 6)::json,
            'properties', (
                SELECT json_build_object(
                    'code', ag.code,
                    'name', ag.name,
                    'nameEn', a.name_en,
                    'provenance', ag.provenance,
                    'geometryDerived', ag.geom_derived,
                    'members', (
                        SELECT coalesce(
                            json_agg(
                                json_build_object(
                                    'code', d.code,
                                    'name', d.name,
                                    'countyCode', d.parent_code,
                                    'hasGeometry', d.geom IS NOT NULL
                                )
                                ORDER BY d.code
                            ),
                            '[]'::json
                        )
                        FROM area_divisions AS ad
                        JOIN divisions AS d ON d.code = ad.division_code
                        WHERE ad.area_id = ag.id
                    ),
                    'membersTotal', ag.divisions_total,
                    'membersWithGeometry', ag.divisions_with_geom,
                    'planners', appointed.planners,
                    'plannerNames', appointed.planner_names,
                    'description', a.description,
                    'source', a.source
                )
                FROM ogc.appointed_planners(ag.id, on_from, on_to) AS appointed
            )
        )
    FROM api.area_geometries AS ag
    JOIN areas AS a ON a.id = ag.id
    WHERE ag.kind = 'belt'
$$;

CREATE OR REPLACE FUNCTION ogc.belts_items(
    bbox_west float8,
    bbox_south float8,
    bbox_east float8,
    bbox_north float8,
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
        FROM ogc.belts_features(on_from, on_to) AS f
        WHERE (envelope IS NULL OR (f.geom && envelope AND ST_Intersects(f.geom, envelope)))
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
    JOIN ogc.belts_features(on_from, on_to) AS f ON f.id = p.id;
    RETURN ogc.feature_collection(features, number_matched, number_returned, item_offset, links, next_link);
END
$$;

CREATE OR REPLACE FUNCTION ogc.belts_item(feature_id text, on_from date, on_to date, links jsonb)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    RETURN (
        SELECT ogc.with_links(f.feature, links) FROM ogc.belts_features(on_from, on_to) AS f WHERE f.code = feature_id
    );
END
$$;
