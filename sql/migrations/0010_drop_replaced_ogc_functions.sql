-- 0010_drop_replaced_ogc_functions: the OGC functions whose signature changed when every collection came to write
-- only its feature query (sql/functions/ogc/service.sql makes the items and item functions from it, and
-- ogc.feature the Feature around its properties). The function files, re-applied after every migration, create
-- what replaces them; no function body depends on these in the catalogue, so nothing needs CASCADE.
DROP FUNCTION IF EXISTS ogc.divisions_items(
    float8, float8, float8, float8, text, text, text, text, text, integer, integer, jsonb, jsonb
);
DROP FUNCTION IF EXISTS ogc.divisions_item(text, jsonb);
DROP FUNCTION IF EXISTS ogc.divisions_features();
DROP FUNCTION IF EXISTS ogc.areas_items(
    float8, float8, float8, float8, text, text, text, date, date, integer, integer, jsonb, jsonb
);
DROP FUNCTION IF EXISTS ogc.areas_features(date, date);
DROP FUNCTION IF EXISTS ogc.belts_items(
    float8, float8, float8, float8, text, text, date, date, integer, integer, jsonb, jsonb
);
DROP FUNCTION IF EXISTS ogc.belts_features(date, date);
DROP FUNCTION IF EXISTS ogc.projects_items(
    float8, float8, float8, float8, text, text, date, date, integer, integer, jsonb, jsonb
);
DROP FUNCTION IF EXISTS ogc.projects_item(bigint, date, date, jsonb);
DROP FUNCTION IF EXISTS ogc.projects_features(date, date);
DROP FUNCTION IF EXISTS ogc.divisions_features(jsonb, date, date);
DROP FUNCTION IF EXISTS ogc.areas_features(jsonb, date, date);
DROP FUNCTION IF EXISTS ogc.belts_features(jsonb, date, date);
DROP FUNCTION IF EXISTS ogc.projects_features(jsonb, date, date);
