-- The OGC API – Features collection "belts": the three belts (三带) and any other area of kind belt, with the member
-- townships they group, their geometry derived from the members that have a boundary (null while none has one) and
-- the planners appointed to them on the requested dates. Feature id and key: the belt's area code (belt-qinhe).
--
-- ogc.belts_features(filters, on_from, on_to): the features as rows of (feature_key, geom, properties json), from which
-- service.sql makes ogc.belts_items and ogc.belts_item. filters: a jsonb object of property filters (code,
-- provenance; an absent one does not filter), or null for none. Planners as in ogc.appointed_planners (both dates
-- null: today); the dates choose the planners shown, not the belts. Inlinable, like ogc.divisions_features. Raises
-- nothing.

CREATE OR REPLACE FUNCTION ogc.belts_features(filters jsonb, on_from date, on_to date)
RETURNS TABLE (feature_key text, geom geometry, properties json)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT
        ag.code,
        ag.geom,
        (
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
    FROM api.area_geometries AS ag
    JOIN areas AS a ON a.id = ag.id
    -- A retired area is shown for dates before its retirement only (both dates null: today).
    WHERE api.area_in_force(a.retired_on, CASE WHEN on_from IS NULL AND on_to IS NULL THEN api.today() ELSE coalesce(on_from, '-infinity') END)
      AND ag.kind = 'belt'
      AND (filters ->> 'code' IS NULL OR ag.code = filters ->> 'code')
      AND (filters ->> 'provenance' IS NULL OR ag.provenance = filters ->> 'provenance')
$$;
