-- 0005_create_ogc_schema: the schema of the OGC API – Features functions (sql/functions/ogc), kept apart from api
-- so that the standard's collections can change shape without touching the functions the app's own API calls.
CREATE SCHEMA IF NOT EXISTS ogc;
