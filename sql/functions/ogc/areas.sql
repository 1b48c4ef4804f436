-- The OGC API – Features collection "areas": every responsibility area (责任区) of any kind, with its effective
-- geometry from api.area_geometries (null while none of its divisions has a boundary) and the planners appointed to
-- it on the requested dates. Feature id and key: the area code (e.g. township-140502001).
--
-- ogc.areas_features(filters, on_from, on_to): the features as rows of (feature_key, geom, properties json), from which
-- service.sql makes ogc.areas_items and ogc.areas_item. filters: a jsonb object of property filters (kind, code,
-- provenance; an absent one does not filter), or null for none. Planners are those appointed at any time within
-- on_from..on_to (both null: today; see ogc.appointed_planners). The dates choose the planners shown, not the areas:
-- an area exists whoever holds it, and one without a planner then is a vacancy worth seeing; only an area retired
-- (areas.retired_on) by the start of the dates is left out. Inlinable, like
-- ogc.divisions_features. Raises nothing.

CREATE OR REPLACE FUNCTION ogc.areas_features(filters jsonb, on_from date, on_to date)
RETURNS TABLE (feature_key text, geom geometry, properties json)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT
        ag.code,
        ag.geom,
        -- A scalar subquery rather than a LATERAL join, so that counting and filtering never look up planners.
        (
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
    FROM api.area_geometries AS ag
    JOIN areas AS a ON a.id = ag.id
    -- A retired area is shown for dates before its retirement only (both dates null: today).
    WHERE api.area_in_force(a.retired_on, CASE WHEN on_from IS NULL AND on_to IS NULL THEN api.today() ELSE coalesce(on_from, '-infinity') END)
      AND (filters ->> 'kind' IS NULL OR ag.kind = filters ->> 'kind')
      AND (filters ->> 'code' IS NULL OR ag.code = filters ->> 'code')
      AND (filters ->> 'provenance' IS NULL OR ag.provenance = filters ->> 'provenance')
$$;
