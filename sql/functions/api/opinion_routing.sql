-- Who receives a public opinion (征求意见): a resident is never left without someone responsible.
--
-- api.route_opinion(lon, lat, on_date): one row for a point in Jincheng, none outside it (no county boundary holds
-- the point: the caller refuses the opinion). on_date null means today in Jincheng. The rule, on that date:
--   1. the unit planner of the unit area (kind township or subdistrict, not retired) whose effective geometry holds
--      the point; where several do (approximate boundaries overlap a little, a group and its member), a held post
--      before a vacant one, then the smallest area, then the lowest code;
--   2. where that post is vacant (routed_reason unit_post_vacant) or no unit area holds the point (no_unit_area,
--      e.g. before township boundaries are loaded): the county's chief planners, the seconded one before the hired one,
--      whichever holds the post first (routed_post says which);
--   3. where both county posts are vacant (county_posts_vacant): the city chief planner;
--   4. where that post is vacant too (city_post_vacant): the bureau (routed_role bureau, no planner, no area), which
--      sees every opinion.
-- Columns: county_code (the county holding the point: that of the township holding it, else the county boundary's),
-- routed_role (unit | chief_county | chief_city | bureau), routed_post (appointments.role of the post, null for the
-- bureau), routed_reason, planner_id and area_id (the post's area: the unit area, the county's or the city's).
-- Raises nothing for finite coordinates; the caller validates them.

CREATE OR REPLACE FUNCTION api.route_opinion(lon float8, lat float8, on_date date DEFAULT NULL)
RETURNS TABLE (
    county_code text,
    routed_role text,
    routed_post text,
    routed_reason text,
    planner_id bigint,
    area_id bigint
)
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    at_point geometry := ST_SetSRID(ST_MakePoint(lon, lat), 4326);
    routing_date date := coalesce(on_date, api.today());
    unit_found boolean := false;
    city_code text;
BEGIN
    -- The county as the lookup finds it (api.lookup_place): the first township by code holding the point, else the
    -- first county.
    SELECT t.parent_code INTO county_code
    FROM divisions AS t
    WHERE t.level = 'township' AND t.geom && at_point AND ST_Intersects(t.geom, at_point)
    ORDER BY t.code
    LIMIT 1;
    IF county_code IS NULL THEN
        SELECT c.code INTO county_code
        FROM divisions AS c
        WHERE c.level = 'county' AND c.geom && at_point AND ST_Intersects(c.geom, at_point)
        ORDER BY c.code
        LIMIT 1;
    END IF;
    IF county_code IS NULL THEN
        RETURN;
    END IF;

    SELECT true, unit.area_id, holder.planner_id INTO unit_found, area_id, planner_id
    FROM (
        SELECT a.id AS area_id, a.code, e.geom
        FROM area_effective_geometries AS e
        JOIN areas AS a ON a.id = e.area_id
        WHERE a.kind IN ('township', 'subdistrict')
          AND api.area_in_force(a.retired_on, routing_date)
          AND e.geom && at_point
          AND ST_Intersects(e.geom, at_point)
    ) AS unit
    LEFT JOIN LATERAL (
        SELECT ap.planner_id
        FROM appointments AS ap
        WHERE ap.area_id = unit.area_id
          AND ap.role = 'unit'
          AND api.in_force(ap.valid_from, ap.valid_to, routing_date)
        ORDER BY ap.valid_from DESC, ap.id DESC
        LIMIT 1
    ) AS holder ON true
    ORDER BY holder.planner_id IS NULL, ST_Area(unit.geom), unit.code
    LIMIT 1;
    IF planner_id IS NOT NULL THEN
        routed_role := 'unit';
        routed_post := 'unit';
        routed_reason := 'unit_post_held';
        RETURN NEXT;
        RETURN;
    END IF;

    routed_reason := CASE WHEN unit_found THEN 'unit_post_vacant' ELSE 'no_unit_area' END;
    SELECT posts.role, holder.planner_id, holder.area_id INTO routed_post, planner_id, area_id
    FROM (VALUES (1, 'chief_county_seconded'), (2, 'chief_county_hired')) AS posts (n, role)
    CROSS JOIN LATERAL api.post_holder(county_code, posts.role, 'county', routing_date) AS holder
    ORDER BY posts.n
    LIMIT 1;
    IF planner_id IS NOT NULL THEN
        routed_role := 'chief_county';
        RETURN NEXT;
        RETURN;
    END IF;

    SELECT c.parent_code INTO city_code FROM divisions AS c WHERE c.code = county_code;
    SELECT holder.planner_id, holder.area_id INTO planner_id, area_id
    FROM api.post_holder(city_code, 'chief_city', 'city', routing_date) AS holder;
    IF planner_id IS NOT NULL THEN
        routed_role := 'chief_city';
        routed_post := 'chief_city';
        routed_reason := 'county_posts_vacant';
        RETURN NEXT;
        RETURN;
    END IF;

    routed_role := 'bureau';
    routed_post := NULL;
    routed_reason := 'city_post_vacant';
    area_id := NULL;
    RETURN NEXT;
END
$$;
