-- ogc.appointed_planners(for_area_id, on_from, on_to): the planners appointed to one area at any time within the
-- dates on_from..on_to (both inclusive; both null means today, the database's current_date; '-infinity' and
-- 'infinity' leave an end open), with what is public about them: name, English name, team or person, role and the
-- dates of the appointment. One row: planners is a json array ('[]' when none), planner_names joins the distinct
-- names with 、 (null when none). Ended and dismissed appointments count for the dates they were in force, as in
-- api.unit_coverage. Raises nothing. An inlinable SQL function, so callers may join it LATERAL per row.
--
-- This file sorts before areas.sql, belts.sql and projects.sql on purpose: their SQL-language *_features functions
-- call this one, and PostgreSQL checks a SQL function's body against existing objects when it is created. The
-- plpgsql entry points (*_items, *_item, made in service.sql) are only resolved when called.
CREATE OR REPLACE FUNCTION ogc.appointed_planners(for_area_id bigint, on_from date, on_to date)
RETURNS TABLE (planners json, planner_names text)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT
        coalesce(
            json_agg(
                json_build_object(
                    'name', pl.name,
                    'nameEn', pl.name_en,
                    'isTeam', pl.is_team,
                    'role', ap.role,
                    'validFrom', ap.valid_from,
                    'validTo', ap.valid_to
                )
                ORDER BY
                    array_position(
                        ARRAY['chief_city', 'chief_county_seconded', 'chief_county_hired', 'unit', 'project'], ap.role
                    ),
                    ap.valid_from,
                    ap.id
            ),
            '[]'::json
        ),
        string_agg(DISTINCT pl.name, '、' ORDER BY pl.name)
    FROM appointments AS ap
    JOIN planners AS pl ON pl.id = ap.planner_id
    WHERE ap.area_id = for_area_id
      AND ap.valid_from <= coalesce(on_to, current_date)
      AND (ap.valid_to IS NULL OR ap.valid_to > coalesce(on_from, current_date))
$$;
