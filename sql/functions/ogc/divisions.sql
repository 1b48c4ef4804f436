-- The OGC API – Features collection "divisions": the counties and townships (街道/镇/乡) that have a boundary.
-- Feature id and key: the official code. Divisions have no time dimension: the dates are taken and ignored.
--
-- ogc.divisions_features(filters, on_from, on_to): the features as rows of (feature_key, geom, properties json), from
-- which service.sql makes ogc.divisions_items and ogc.divisions_item. filters is a jsonb object of the collection's
-- property filters (level, kind, code, parentCode, provenance; an absent one does not filter), or null for no filter
-- at all. An inlinable SQL function: callers filter and page it, and the properties are only built for the rows they
-- keep. Raises nothing.

CREATE OR REPLACE FUNCTION ogc.divisions_features(filters jsonb, on_from date, on_to date)
RETURNS TABLE (feature_key text, geom geometry, properties json)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT
        d.code,
        d.geom,
        json_build_object(
            'code', d.code,
            'name', d.name,
            'level', d.level,
            'kind', d.kind,
            'parentCode', d.parent_code,
            'provenance', d.provenance,
            'geomSource', d.geom_source
        )
    FROM divisions AS d
    WHERE d.level IN ('county', 'township')
      AND d.geom IS NOT NULL
      AND (filters ->> 'level' IS NULL OR d.level = filters ->> 'level')
      AND (filters ->> 'kind' IS NULL OR d.kind = filters ->> 'kind')
      AND (filters ->> 'code' IS NULL OR d.code = filters ->> 'code')
      AND (filters ->> 'parentCode' IS NULL OR d.parent_code = filters ->> 'parentCode')
      AND (filters ->> 'provenance' IS NULL OR d.provenance = filters ->> 'provenance')
$$;
