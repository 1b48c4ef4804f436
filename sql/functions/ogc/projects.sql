-- The OGC API – Features collection "projects": planning projects (规划项目) with their site (a point or a polygon)
-- and the project planners appointed on the requested dates. Feature id and key: the project id (an integer).
--
-- ogc.projects_features(filters, on_from, on_to): the features as rows of (feature_key, geom, properties json), from
-- which service.sql makes ogc.projects_items and ogc.projects_item. filters: a jsonb object of property filters
-- (projectType, stage; an absent one does not filter), or null for none. A project has a time dimension from its
-- start on: when filters are given and on_to is not null, only projects started on or before on_to (or without a
-- start date) are listed; a single feature, looked up with null filters, is found whatever its start. Planners as in
-- ogc.appointed_planners on the project's own area (both dates null: today). Inlinable, like
-- ogc.divisions_features. Raises nothing.

CREATE OR REPLACE FUNCTION ogc.projects_features(filters jsonb, on_from date, on_to date)
RETURNS TABLE (feature_key bigint, geom geometry, properties json)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT
        p.id,
        p.site,
        (
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
    FROM projects AS p
    WHERE (filters ->> 'projectType' IS NULL OR p.project_type = filters ->> 'projectType')
      AND (filters ->> 'stage' IS NULL OR p.stage = filters ->> 'stage')
      AND (filters IS NULL OR on_to IS NULL OR p.started_on IS NULL OR p.started_on <= on_to)
$$;
