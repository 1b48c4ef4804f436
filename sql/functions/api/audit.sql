-- The audit log read by resource (server/src/audit): history, the record as of a time, and undo of a change. A change
-- is every row one transaction wrote (audit_log.change_id, migration 0016); a resource is its main table's row plus
-- the rows of its member tables logged under the same key (audit_log.row_key: an area and its area_divisions).
-- Everything is generic over tables: rows are matched by their table's primary key, read from the catalog, and
-- restored through jsonb_populate_record on the table's row type.

-- api.audit_tables(): the tables of each resource; main is the table whose row is the resource. Inputs: none.
-- Raises nothing. Undo restores rows of these tables only.
CREATE OR REPLACE FUNCTION api.audit_tables()
RETURNS TABLE (resource text, table_name text, main boolean)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    VALUES
        ('areas', 'areas', true), ('areas', 'area_divisions', false), ('planners', 'planners', true),
        ('appointments', 'appointments', true), ('projects', 'projects', true)
$$;

-- api.audit_identity(table_name, image): the primary key part of a logged row image, e.g. {"id": 3} or
-- {"area_id": 3, "division_code": "140502001"}; null for a table without a primary key. Raises nothing.
CREATE OR REPLACE FUNCTION api.audit_identity(table_name text, image jsonb)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT jsonb_object_agg(a.attname, image -> a.attname::text)
    FROM pg_index AS i
    JOIN pg_attribute AS a ON a.attrelid = i.indrelid AND a.attnum = any(i.indkey)
    WHERE i.indrelid = to_regclass(format('public.%I', table_name)) AND i.indisprimary
$$;

-- api.audit_time(t): a time as the API writes it: ISO 8601 in UTC to the microsecond, so that a time read from the
-- history, given back as `at`, includes that change. Raises nothing.
CREATE OR REPLACE FUNCTION api.audit_time(t timestamptz)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;

-- api.audit_history(resource, resource_id, max_changes, before_change): the changes that wrote the resource, newest
-- first, at most max_changes of them, only those below before_change when it is given (paging). Each with its
-- actor, time, the resource's rows it wrote (in order) and, per other table, the keys of the other rows it wrote
-- (at most 20 each, with their count). No rows for an unknown resource or id. Raises nothing.
CREATE OR REPLACE FUNCTION api.audit_history(resource text, resource_id text, max_changes integer, before_change bigint)
RETURNS TABLE (change_id bigint, actor text, changed_at text, rows jsonb, also_changed jsonb)
LANGUAGE sql STABLE AS $$
    WITH own AS (
        SELECT logged.*
        FROM audit_log AS logged
        JOIN api.audit_tables() AS t ON t.table_name = logged.table_name
        WHERE t.resource = audit_history.resource AND logged.row_key = audit_history.resource_id
    ),
    changes AS (
        SELECT own.change_id FROM own
        WHERE before_change IS NULL OR own.change_id < before_change
        GROUP BY own.change_id
        ORDER BY own.change_id DESC
        LIMIT max_changes
    )
    SELECT
        c.change_id,
        (SELECT earliest.actor FROM own AS earliest WHERE earliest.change_id = c.change_id ORDER BY earliest.id LIMIT 1),
        (SELECT api.audit_time(min(own.changed_at)) FROM own WHERE own.change_id = c.change_id),
        (
            SELECT jsonb_agg(jsonb_build_object(
                'table', own.table_name, 'key', own.row_key, 'action', own.action, 'before', own.before, 'after', own.after
            ) ORDER BY own.id)
            FROM own WHERE own.change_id = c.change_id
        ),
        coalesce((
            SELECT jsonb_agg(jsonb_build_object(
                'table', other.table_name, 'resource', t.resource, 'count', other.count, 'keys', other.keys
            ) ORDER BY other.table_name)
            FROM (
                SELECT
                    logged.table_name, count(DISTINCT logged.row_key) AS count,
                    (array_agg(DISTINCT logged.row_key))[1:20] AS keys
                FROM audit_log AS logged
                WHERE logged.change_id = c.change_id AND NOT EXISTS (SELECT FROM own WHERE own.id = logged.id)
                GROUP BY logged.table_name
            ) AS other
            LEFT JOIN api.audit_tables() AS t ON t.table_name = other.table_name AND t.main
        ), '[]')
    FROM changes AS c
    ORDER BY c.change_id DESC
$$;

-- api.audit_as_of(resource, resource_id, at_time): the resource as the log says it was at at_time (as_of, as text): record, the
-- main row's image after the latest change at or before then (null when it did not exist then), and members, the
-- images of its member tables' rows then (an area's area_divisions). change_id, actor and changed_at name that latest
-- change; first_recorded_at is when the log first saw the resource (null: never). Data loaded before the log existed
-- is recorded from its load. One row, always. Raises nothing.
CREATE OR REPLACE FUNCTION api.audit_as_of(resource text, resource_id text, at_time timestamptz)
RETURNS TABLE (
    as_of text, record jsonb, members jsonb, change_id bigint, actor text, changed_at text, first_recorded_at text
)
LANGUAGE sql STABLE AS $$
    WITH own AS (
        SELECT logged.*, t.main
        FROM audit_log AS logged
        JOIN api.audit_tables() AS t ON t.table_name = logged.table_name
        WHERE t.resource = audit_as_of.resource AND logged.row_key = audit_as_of.resource_id
    ),
    latest AS (
        SELECT DISTINCT ON (own.table_name, api.audit_identity(own.table_name, coalesce(own.after, own.before))) own.*
        FROM own
        WHERE own.changed_at <= at_time
        ORDER BY own.table_name, api.audit_identity(own.table_name, coalesce(own.after, own.before)), own.id DESC
    ),
    last_change AS (
        SELECT own.change_id, own.actor, own.changed_at FROM own WHERE own.changed_at <= at_time ORDER BY own.id DESC LIMIT 1
    )
    SELECT
        api.audit_time(at_time),
        (SELECT latest.after FROM latest WHERE latest.main),
        coalesce((SELECT jsonb_agg(latest.after ORDER BY latest.id) FROM latest WHERE NOT latest.main AND latest.after IS NOT NULL), '[]'),
        (SELECT last_change.change_id FROM last_change),
        (SELECT last_change.actor FROM last_change),
        (SELECT api.audit_time(last_change.changed_at) FROM last_change),
        (SELECT api.audit_time(min(own.changed_at)) FROM own)
$$;

-- api.audit_last_change(resource, resource_id): the id of the latest change that wrote the resource; null when the
-- log has none. Raises nothing.
CREATE OR REPLACE FUNCTION api.audit_last_change(resource text, resource_id text)
RETURNS bigint
LANGUAGE sql STABLE AS $$
    SELECT max(logged.change_id)
    FROM audit_log AS logged
    JOIN api.audit_tables() AS t ON t.table_name = logged.table_name
    WHERE t.resource = audit_last_change.resource AND logged.row_key = audit_last_change.resource_id
$$;

-- api.audit_restore_row(table_name, identity, before, after): puts one row back to `before`: deleted when it was
-- inserted (before null), inserted again (with its identity values) when it was deleted (after null), else the
-- columns that differ between before and after set to before (version and updated_at then move on through their
-- triggers). Generated columns are left to the database. Returns false when there was nothing to write. Raises what
-- the statement raises (constraint violations) and no_data_found when the row to delete or update is not there.
CREATE OR REPLACE FUNCTION api.audit_restore_row(table_name text, identity jsonb, before jsonb, after jsonb)
RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    relation regclass := to_regclass(format('public.%I', table_name));
    key_match text;
    columns text[];
    touched integer;
BEGIN
    SELECT string_agg(format('t.%1$I = k.%1$I', key_column), ' AND ') INTO key_match
    FROM jsonb_object_keys(identity) AS key_column;
    SELECT array_agg(a.attname::text ORDER BY a.attnum) INTO columns
    FROM pg_attribute AS a
    WHERE a.attrelid = relation AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
        AND before ? a.attname AND (after IS NULL OR (before -> a.attname::text) IS DISTINCT FROM (after -> a.attname::text));
    IF before IS NULL THEN
        EXECUTE format(
            'DELETE FROM %s AS t USING jsonb_populate_record(NULL::%s, $1) AS k WHERE %s', relation, relation, key_match
        ) USING identity;
    ELSIF after IS NULL THEN
        EXECUTE format(
            'INSERT INTO %s (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM jsonb_populate_record(NULL::%s, $1) AS r',
            relation,
            (SELECT string_agg(format('%I', c), ', ') FROM unnest(columns) AS c),
            (SELECT string_agg(format('r.%I', c), ', ') FROM unnest(columns) AS c),
            relation
        ) USING before;
    ELSIF columns IS NULL THEN
        RETURN false;
    ELSE
        EXECUTE format(
            'UPDATE %s AS t SET %s FROM jsonb_populate_record(NULL::%s, $1) AS r, jsonb_populate_record(NULL::%s, $2) AS k WHERE %s',
            relation,
            (SELECT string_agg(format('%1$I = r.%1$I', c), ', ') FROM unnest(columns) AS c),
            relation, relation, key_match
        ) USING before, identity;
    END IF;
    GET DIAGNOSTICS touched = ROW_COUNT;
    IF touched = 0 THEN
        RAISE EXCEPTION 'the row to restore is not there' USING ERRCODE = 'no_data_found';
    END IF;
    RETURN true;
END
$$;

-- api.undo_change(change, actor): undoes a change as a new change by `actor`, in the caller's transaction: every row
-- the change wrote goes back to its state before the change (one net step per row: a row inserted and updated is
-- deleted). Steps run newest first; one that a constraint refuses (a reference, a post's one holder) is tried again
-- after the others, so that the order of the original writes does not matter. Returns jsonb, one of
--   {"outcome": "undone", "change": <the new change's id>}
--   {"outcome": "not-found"}                                   no such change
--   {"outcome": "other-tables", "tables": [...]}               it wrote tables undo does not restore (a data load)
--   {"outcome": "later-change", "change": <id>, "table", "key", "resource"}  a row of it was written again later
--                                                              (change null: a row is gone without a logged change)
--   {"outcome": "refused", "sqlstate", "table", "key", "step": "insert|update|delete"}   a constraint refused a step
--   {"outcome": "empty"}                                       it left nothing to undo
-- On every outcome but "undone" nothing was written. Rows are locked first, so a concurrent change of them waits
-- or is seen as a later change. Raises only unexpected errors.
CREATE OR REPLACE FUNCTION api.undo_change(change bigint, actor text)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    net jsonb;
    foreign_tables text[];
    later record;
    step jsonb;
    pending jsonb;
    failed jsonb;
    progress boolean;
    wrote boolean := false;
    refusal jsonb;
    failure_state text;
BEGIN
    SELECT
        jsonb_agg(jsonb_build_object(
            'table', n.table_name, 'key', n.row_key, 'identity', n.identity, 'before', n.before, 'after', n.after,
            'lastId', n.last_id
        ) ORDER BY n.last_id DESC),
        array_agg(DISTINCT n.table_name) FILTER (WHERE n.table_name NOT IN (SELECT t.table_name FROM api.audit_tables() AS t))
    INTO net, foreign_tables
    FROM (
        SELECT
            logged.table_name, logged.row_key, logged.identity, max(logged.id) AS last_id,
            (array_agg(logged.before ORDER BY logged.id))[1] AS before,
            (array_agg(logged.after ORDER BY logged.id DESC))[1] AS after
        FROM (
            SELECT a.*, api.audit_identity(a.table_name, coalesce(a.after, a.before)) AS identity
            FROM audit_log AS a WHERE a.change_id = change
        ) AS logged
        GROUP BY logged.table_name, logged.row_key, logged.identity
    ) AS n;
    IF net IS NULL THEN
        RETURN jsonb_build_object('outcome', 'not-found');
    END IF;
    IF foreign_tables IS NOT NULL THEN
        RETURN jsonb_build_object('outcome', 'other-tables', 'tables', to_jsonb(foreign_tables));
    END IF;

    -- Lock the rows as they are now, then look for later writes of them: a writer that commits meanwhile is seen.
    FOR step IN SELECT value FROM jsonb_array_elements(net) WHERE value -> 'after' <> 'null' LOOP
        EXECUTE format(
            'SELECT FROM %1$s AS t, jsonb_populate_record(NULL::%1$s, $1) AS k WHERE %2$s FOR UPDATE OF t',
            to_regclass(format('public.%I', step ->> 'table')),
            (SELECT string_agg(format('t.%1$I = k.%1$I', key_column), ' AND ') FROM jsonb_object_keys(step -> 'identity') AS key_column)
        ) USING step -> 'identity';
    END LOOP;
    SELECT l.change_id, l.table_name, l.row_key INTO later
    FROM jsonb_array_elements(net) AS n (value)
    JOIN audit_log AS l
        ON l.table_name = n.value ->> 'table' AND l.row_key = n.value ->> 'key'
        AND l.id > (n.value ->> 'lastId')::bigint AND l.change_id <> change
    WHERE api.audit_identity(l.table_name, coalesce(l.after, l.before)) = n.value -> 'identity'
    ORDER BY l.id
    LIMIT 1;
    IF FOUND THEN
        RETURN jsonb_build_object(
            'outcome', 'later-change', 'change', later.change_id, 'table', later.table_name, 'key', later.row_key,
            'resource', (SELECT t.resource FROM api.audit_tables() AS t WHERE t.table_name = later.table_name)
        );
    END IF;

    PERFORM set_config('app.actor', actor, true);
    BEGIN
        pending := net;
        LOOP
            progress := false;
            failed := '[]';
            FOR step IN SELECT value FROM jsonb_array_elements(pending) LOOP
                BEGIN
                    -- Not `wrote := f() OR wrote`: the planner may fold that to true without calling f.
                    IF api.audit_restore_row(
                        step ->> 'table', step -> 'identity', nullif(step -> 'before', 'null'), nullif(step -> 'after', 'null')
                    ) THEN
                        wrote := true;
                    END IF;
                    progress := true;
                EXCEPTION WHEN integrity_constraint_violation THEN
                    failed := failed || jsonb_build_array(step);
                    IF jsonb_array_length(failed) = 1 THEN
                        GET STACKED DIAGNOSTICS failure_state = RETURNED_SQLSTATE;
                        refusal := jsonb_build_object(
                            'outcome', 'refused', 'sqlstate', failure_state, 'table', step ->> 'table', 'key', step ->> 'key',
                            'step', CASE WHEN step -> 'before' = 'null' THEN 'delete' WHEN step -> 'after' = 'null' THEN 'insert' ELSE 'update' END
                        );
                    END IF;
                END;
            END LOOP;
            EXIT WHEN jsonb_array_length(failed) = 0;
            IF NOT progress THEN
                RAISE EXCEPTION 'undo refused by a constraint' USING ERRCODE = failure_state;
            END IF;
            pending := failed;
        END LOOP;
    EXCEPTION WHEN integrity_constraint_violation THEN
        RETURN refusal;
    WHEN no_data_found THEN
        RETURN jsonb_build_object('outcome', 'later-change', 'change', NULL);
    END;
    IF NOT wrote THEN
        RETURN jsonb_build_object('outcome', 'empty');
    END IF;
    RETURN jsonb_build_object('outcome', 'undone', 'change', current_setting('app.audit_change')::bigint);
END
$$;
