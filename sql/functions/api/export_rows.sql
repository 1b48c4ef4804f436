-- api.export_rows(dataset, on_date): every row of one dataset of the bureau's export (GET /api/export/{dataset}) as
-- of on_date, as (feature_key, geom, properties json), in the order the download lists them. Nothing is written
-- twice: 'areas' and 'divisions' are the OGC collections' own features, by code (ogc.areas_features with the
-- planners in force on on_date, which leaves out the areas retired by then; ogc.divisions_features, the counties and
-- townships that have a boundary); 'appointments' the records of api.appointment_records in force on on_date (api.in_force) with the
-- planner's and the area's names, by area code, role and start; 'planners' every record of api.planner_records with
-- the codes of the areas they hold on on_date (an array, null when none), by id. The records hold private contacts
-- and end reasons: only bureau and leader call this. Raises 20000 (case_not_found) for any other dataset.
-- PL/pgSQL: its body names functions of sql/functions/ogc, created after this folder's files (migrate.ts applies them
-- in path order), and a PL/pgSQL body is only resolved when called.
CREATE OR REPLACE FUNCTION api.export_rows(dataset text, on_date date)
RETURNS TABLE (feature_key text, geom geometry, properties json)
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    CASE dataset
        WHEN 'areas' THEN
            RETURN QUERY SELECT f.* FROM ogc.areas_features(NULL, on_date, on_date) AS f ORDER BY f.feature_key;
        WHEN 'divisions' THEN
            RETURN QUERY SELECT f.* FROM ogc.divisions_features(NULL, on_date, on_date) AS f ORDER BY f.feature_key;
        WHEN 'appointments' THEN
            RETURN QUERY
            SELECT r.id::text, NULL::geometry, to_json(r)
            FROM (
                SELECT ap.*, pl.name AS planner_name, ar.code AS area_code, ar.name AS area_name
                FROM api.appointment_records AS ap
                JOIN planners AS pl ON pl.id = ap.planner_id
                JOIN areas AS ar ON ar.id = ap.area_id
                WHERE api.in_force(ap.valid_from::date, ap.valid_to::date, on_date)
            ) AS r
            ORDER BY r.area_code, r.role, r.valid_from, r.id;
        WHEN 'planners' THEN
            RETURN QUERY
            SELECT r.id::text, NULL::geometry, to_json(r)
            FROM (
                SELECT
                    pr.*,
                    (
                        SELECT array_agg(DISTINCT ar.code ORDER BY ar.code)
                        FROM appointments AS ap
                        JOIN areas AS ar ON ar.id = ap.area_id
                        WHERE ap.planner_id = pr.id AND api.in_force(ap.valid_from, ap.valid_to, on_date)
                    ) AS area_codes
                FROM api.planner_records AS pr
            ) AS r
            ORDER BY r.id;
    END CASE;
END
$$;
