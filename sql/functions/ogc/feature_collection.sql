-- ogc.feature_collection(features, number_matched, number_returned, item_offset, links, next_link): the GeoJSON
-- FeatureCollection text of one page of an OGC API – Features items response, with numberMatched, numberReturned
-- and timeStamp (UTC, to the second). features is the json array of the page (never null: pass '[]'). links are
-- copied as given; next_link is appended only when features remain after this page, which only this function knows
-- without a second count. Raises nothing.

CREATE OR REPLACE FUNCTION ogc.feature_collection(
    features json,
    number_matched bigint,
    number_returned integer,
    item_offset integer,
    links jsonb,
    next_link jsonb
)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT json_build_object(
        'type', 'FeatureCollection',
        'numberMatched', number_matched,
        'numberReturned', number_returned,
        'timeStamp', to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        'links', CASE
            WHEN next_link IS NOT NULL AND item_offset::bigint + number_returned < number_matched
                THEN coalesce(links, '[]'::jsonb) || jsonb_build_array(next_link)
            ELSE coalesce(links, '[]'::jsonb)
        END,
        'features', features
    )::text
$$;

-- ogc.feature(id, geom, properties): a GeoJSON Feature, the same for every collection: its key as id (a text code or a
-- number), the geometry in CRS84 to 6 decimals (~0.1 m), its properties. Raises nothing.

CREATE OR REPLACE FUNCTION ogc.feature(id anyelement, geom geometry, properties json)
RETURNS json
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT json_build_object('type', 'Feature', 'id', id, 'geometry', ST_AsGeoJSON(geom, 6)::json, 'properties', properties)
$$;

-- ogc.with_links(feature, links): the Feature text with a "links" member added at its end. The feature comes from
-- json_build_object, whose text always ends with the object's closing brace, so the member is spliced in as text:
-- going through jsonb would parse and re-print every coordinate of the geometry. Null when feature is null.
CREATE OR REPLACE FUNCTION ogc.with_links(feature json, links jsonb)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT left(rtrim(feature::text), -1) || ', "links" : ' || coalesce(links, '[]'::jsonb)::text || '}'
$$;
