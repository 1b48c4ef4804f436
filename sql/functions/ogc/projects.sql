-- The OGC API – Features collection "projects": planning projects (规划项目) with their site (a point or a polygon)
-- and the project planners appointed on the requested dates. Feature id: the project id (an integer).
--
-- ogc.projects_features(on_from, on_to): every feature with the columns the filters need and the GeoJSON Feature
-- as json; planners as in ogc.appointed_planners on the project's own area (both dates null: today). Inlinable.
--
-- ogc.projects_items(bbox_west, bbox_south, bbox_east, bbox_north, project_type_filter, stage_filter, on_from,
-- on_to, item_limit, item_offset, links, next_link): one page ordered by id, as FeatureCollection text. When dates
-- are given, only projects started on or before on_to (or without a start date) are listed: a project has a time
-- dimension, from its start on. Raises 22023 for a bad bbox or paging.
--
-- ogc.projects_item(feature_id, on_from, on_to, links): the Feature text with links, or null when no project has
-- that id. Raises nothing.

CREATE OR REPLACE FUNCTION ogc.projects_features(on_from date, on_to date)
RETURNS TABLE (
    id bigint,
    project_type text,
    stage text,
    started_on date,
    geom geometry,
    feature json
)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT
        p.id,
        p.project_type,
        p.stage,
        p.started_on,
        p.site,
        json_build_object(
            'type', 'Feature',
            'id', p.id,
            'geometry', ST_AsGeoJSON(p.site, 6)::json,
            'properties', (
                SELECT json_build_object(
                    'name', p.name,
                    'projectType', p.project_type,
                    'stage', p.stage,
                    'startedOn', p.started_on,
                    'areaCode', (SELECT a.code FROM areas AS a WHERE a.id = p.area_id),
                    'planners', appointed.planners,
                    'plannerNames', appointed.planner_names,
                    'description', p.description,
                    'isDemo', p.is_demo
                )
                -- One row even for a project without an area of its own: no planners then.
                FROM ogc.appointed_planners(p.area_id, on_from, on_to) AS appointed
            )
        )
    FROM projects AS p
$$;

CREATE OR REPLACE FUNCTION ogc.projects_items(
    bbox_west float8,
    bbox_south float8,
    bbox_east float8,
    bbox_north float8,
    project_type_filter text,
    stage_filter text,
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
        SELECT f.id
        FROM ogc.projects_features(on_from, on_to) AS f
        WHERE (envelope IS NULL OR (f.geom && envelope AND ST_Intersects(f.geom, envelope)))
          AND (project_type_filter IS NULL OR f.project_type = project_type_filter)
          AND (stage_filter IS NULL OR f.stage = stage_filter)
          AND (on_to IS NULL OR f.started_on IS NULL OR f.started_on <= on_to)
    ),
    page AS (
        SELECT m.id FROM matched AS m ORDER BY m.id LIMIT item_limit OFFSET item_offset
    )
    SELECT
        (SELECT count(*) FROM matched),
        count(*),
        coalesce(json_agg(f.feature ORDER BY f.id), '[]'::json)
    INTO number_matched, number_returned, features
    FROM page AS p
    JOIN ogc.projects_features(on_from, on_to) AS f ON f.id = p.id;
    RETURN ogc.feature_collection(features, number_matched, number_returned, item_offset, links, next_link);
END
$$;

CREATE OR REPLACE FUNCTION ogc.projects_item(feature_id bigint, on_from date, on_to date, links jsonb)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    RETURN (
        SELECT ogc.with_links(f.feature, links) FROM ogc.projects_features(on_from, on_to) AS f WHERE f.id = feature_id
    );
END
$$;
