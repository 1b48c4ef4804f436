-- 0019_add_search_names_version: a version of the names search matches, apart from the data revision. The server's
-- search index held every result and was rebuilt after every write; on a national set that took seconds and hundreds
-- of megabytes in each process. Now the index holds names only (api.search_names) and is rebuilt when this number
-- moves; results are read per answer (api.search_results).
--
-- The number rises once per transaction that inserts or deletes rows of divisions, planners or projects, truncates
-- one, or updates a column the names depend on so that a row differs (compared through the statement's transition
-- tables, so that saving a planner's office hours, which writes every column of the row, moves nothing). Like the
-- data revision, the row stays locked until the writer ends, so numbers follow commit order.

CREATE TABLE search_names_version (
    id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    number bigint NOT NULL
);
INSERT INTO search_names_version (number) VALUES (1);

CREATE FUNCTION raise_search_names_version() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('app.search_names_raised', true) IS DISTINCT FROM 'on' THEN
        UPDATE search_names_version SET number = number + 1 WHERE id = 1;
        PERFORM set_config('app.search_names_raised', 'on', true);
    END IF;
END
$$;

-- TG_ARGV[0]: the columns the names depend on, as a select list, for UPDATE.
CREATE FUNCTION search_names_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    changed boolean;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        changed := true;
    ELSIF TG_OP = 'INSERT' THEN
        SELECT EXISTS (SELECT FROM search_new_rows) INTO changed;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT EXISTS (SELECT FROM search_old_rows) INTO changed;
    ELSE
        EXECUTE format(
            'SELECT EXISTS (SELECT %1$s FROM search_new_rows EXCEPT ALL SELECT %1$s FROM search_old_rows)',
            TG_ARGV[0]
        ) INTO changed;
    END IF;
    IF changed THEN
        PERFORM raise_search_names_version();
    END IF;
    RETURN NULL;
END
$$;

DO $$
DECLARE
    searched record;
BEGIN
    FOR searched IN
        SELECT * FROM (VALUES
            ('divisions', 'code, name, level, kind, parent_code'),
            ('planners', 'id, name'),
            ('projects', 'id, name')
        ) AS t (name, columns)
    LOOP
        EXECUTE format(
            'CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS search_new_rows '
            'FOR EACH STATEMENT EXECUTE FUNCTION search_names_changed()',
            searched.name || '_search_names_insert', searched.name
        );
        EXECUTE format(
            'CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS search_old_rows NEW TABLE AS search_new_rows '
            'FOR EACH STATEMENT EXECUTE FUNCTION search_names_changed(%L)',
            searched.name || '_search_names_update', searched.name, searched.columns
        );
        EXECUTE format(
            'CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS search_old_rows '
            'FOR EACH STATEMENT EXECUTE FUNCTION search_names_changed()',
            searched.name || '_search_names_delete', searched.name
        );
        EXECUTE format(
            'CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION search_names_changed()',
            searched.name || '_search_names_truncate', searched.name
        );
    END LOOP;
END
$$;

-- Replaced by api.search_names and api.search_results (sql/functions/api/search.sql).
DROP FUNCTION IF EXISTS api.search_documents(date);
