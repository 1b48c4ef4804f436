-- 0008_drop_replaced_functions: functions whose role moved to another name or signature. api.today() replaces
-- api.jincheng_today() and tiles.today(), and api.data_revision() replaces tiles.data_revision() (one statement of
-- each rule, sql/functions/api/_as_of.sql); the divisions and areas feature functions read today themselves, so that
-- every layer's features take the same (z, x, y) (sql/functions/tiles/tile.sql). The function files, re-applied after
-- every migration, create what replaces them. No function body depends on these in the catalogue (SQL and PL/pgSQL
-- bodies are text), so nothing needs CASCADE.
DROP FUNCTION IF EXISTS api.jincheng_today();
DROP FUNCTION IF EXISTS tiles.today();
DROP FUNCTION IF EXISTS tiles.data_revision();
DROP FUNCTION IF EXISTS tiles.divisions_features(integer, integer, integer, date);
DROP FUNCTION IF EXISTS tiles.areas_features(integer, integer, integer, date);
