-- The items and item functions of every OGC API – Features collection, made here from one template for the fixed
-- list of collections below, as tiles/tile.sql makes the tile functions. Each collection writes only its feature query,
-- ogc.<collection>_features(filters jsonb, on_from date, on_to date) RETURNS TABLE (feature_key, geom, properties json)
-- (in ogc/<collection>.sql); feature_key orders the pages and identifies a feature. From it come:
--
-- ogc.<collection>_items(bbox_west, bbox_south, bbox_east, bbox_north, filters, on_from, on_to, item_limit,
-- item_offset, links, next_link): one page, ordered by feature key, as FeatureCollection text (ogc.feature_collection).
-- The bbox is four nulls or a CRS84 rectangle (features that intersect it); filters is the collection's property
-- filters as a jsonb object (null: none). Raises 22023 for a bad bbox or paging (ogc.bbox_envelope, ogc.check_paging).
--
-- ogc.<collection>_item(feature_id, on_from, on_to, links): the Feature text with links, or null when no feature's
-- key reads feature_id. Raises nothing.
--
-- PL/pgSQL keeps the parsed statements for the session and plans them with the values of each call (custom plans),
-- so absent filters fold away and a bbox reaches the GiST index. The page is looked up again by key, so that feature
-- json is only built for the page. This file sorts after the collections' files, so their feature functions exist
-- when it runs. Raises 42883 when a collection has no feature function.
DO $make$
DECLARE
    collection text;
    features text;
BEGIN
    FOREACH collection IN ARRAY ARRAY['divisions', 'areas', 'belts', 'projects'] LOOP
        features := format('ogc.%I', collection || '_features');
        IF to_regprocedure(features || '(jsonb, date, date)') IS NULL THEN
            RAISE EXCEPTION 'OGC collection % has no function %(filters, on_from, on_to)', collection, features
                USING ERRCODE = 'undefined_function';
        END IF;

        EXECUTE format($items$
CREATE OR REPLACE FUNCTION ogc.%1$I(
    bbox_west float8,
    bbox_south float8,
    bbox_east float8,
    bbox_north float8,
    filters jsonb,
    on_from date,
    on_to date,
    item_limit integer,
    item_offset integer,
    links jsonb,
    next_link jsonb
)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $body$
DECLARE
    envelope geometry := ogc.bbox_envelope(bbox_west, bbox_south, bbox_east, bbox_north);
    number_matched bigint;
    number_returned integer;
    features json;
BEGIN
    PERFORM ogc.check_paging(item_limit, item_offset);
    WITH matched AS MATERIALIZED (
        SELECT f.feature_key
        FROM %2$s(coalesce(filters, '{}'), on_from, on_to) AS f
        WHERE envelope IS NULL OR (f.geom && envelope AND ST_Intersects(f.geom, envelope))
    ),
    page AS (
        SELECT m.feature_key FROM matched AS m ORDER BY m.feature_key LIMIT item_limit OFFSET item_offset
    )
    SELECT
        (SELECT count(*) FROM matched),
        count(*),
        coalesce(json_agg(ogc.feature(f.feature_key, f.geom, f.properties) ORDER BY f.feature_key), '[]'::json)
    INTO number_matched, number_returned, features
    FROM page AS p
    JOIN %2$s(NULL, on_from, on_to) AS f ON f.feature_key = p.feature_key;
    RETURN ogc.feature_collection(features, number_matched, number_returned, item_offset, links, next_link);
END
$body$
$items$, collection || '_items', features);

        EXECUTE format($item$
CREATE OR REPLACE FUNCTION ogc.%1$I(feature_id text, on_from date, on_to date, links jsonb)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $body$
BEGIN
    RETURN (
        SELECT ogc.with_links(ogc.feature(f.feature_key, f.geom, f.properties), links) FROM %2$s(NULL, on_from, on_to) AS f WHERE f.feature_key::text = feature_id
    );
END
$body$
$item$, collection || '_item', features);
    END LOOP;
END
$make$;
