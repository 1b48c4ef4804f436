-- 0002_create_audit_log: every change to the domain tables, with who, when, before and after.
-- The actor is the session setting app.actor (set with set_config by the server or the command); without it the
-- database user is recorded. The log's id also serves as the data revision: it grows on every write.

CREATE TABLE audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    table_name text NOT NULL,
    row_key text NOT NULL,
    action text NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
    actor text NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    before jsonb,
    after jsonb
);
CREATE INDEX audit_log_table_row_idx ON audit_log (table_name, row_key);
CREATE INDEX audit_log_changed_at_idx ON audit_log (changed_at);

CREATE FUNCTION audit_row_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    -- Secrets never reach the log.
    before_row jsonb := CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN to_jsonb(OLD) - 'password_hash' END;
    after_row jsonb := CASE WHEN TG_OP IN ('INSERT', 'UPDATE') THEN to_jsonb(NEW) - 'password_hash' END;
    key_column text := TG_ARGV[0];
BEGIN
    IF TG_OP = 'UPDATE' AND before_row = after_row THEN
        RETURN NEW;
    END IF;
    INSERT INTO audit_log (table_name, row_key, action, actor, before, after)
    VALUES (
        TG_TABLE_NAME,
        coalesce(after_row, before_row) ->> key_column,
        lower(TG_OP),
        coalesce(nullif(current_setting('app.actor', true), ''), 'db:' || current_user),
        before_row,
        after_row
    );
    RETURN coalesce(NEW, OLD);
END
$$;

CREATE FUNCTION touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

DO $$
DECLARE
    audited record;
BEGIN
    FOR audited IN
        SELECT * FROM (VALUES
            ('divisions', 'code'), ('central_urban_area_members', 'division_code'), ('areas', 'id'),
            ('area_divisions', 'area_id'), ('planners', 'id'), ('appointments', 'id'), ('projects', 'id'),
            ('work_records', 'id'), ('opinions', 'id'), ('evaluations', 'id'), ('users', 'id')
        ) AS t (table_name, key_column)
    LOOP
        EXECUTE format(
            'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION audit_row_change(%L)',
            audited.table_name || '_audit', audited.table_name, audited.key_column
        );
    END LOOP;
    FOR audited IN
        SELECT table_name FROM information_schema.columns
        WHERE table_schema = 'public' AND column_name = 'updated_at'
    LOOP
        EXECUTE format(
            'CREATE TRIGGER %I BEFORE UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION touch_updated_at()',
            audited.table_name || '_touch', audited.table_name
        );
    END LOOP;
END
$$;
