-- 0011_create_data_revision: a data revision that follows commit order. It replaces max(audit_log.id), which 0002
-- made the revision: identity values are taken at insert, not at commit, so a transaction that took a lower id and
-- committed after one with a higher id left the max where it was, and a cache keyed on it stayed stale.
--
-- One row holds the revision's number. The first statement of a transaction that writes a table any answer shows
-- raises it, and keeps the row locked until that transaction ends: a concurrent writer waits there, before it has
-- touched a row, so the committed numbers follow commit order. Numbers come from a sequence, so a number seen inside
-- a transaction that rolls back is never committed for other data. users is left out (no answer shows accounts, and
-- signing in must not empty every cache), as are audit_log and data_loads (records of the writes, not content).

CREATE TABLE data_revision (
    id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    number bigint NOT NULL
);
CREATE SEQUENCE data_revision_number_seq AS bigint OWNED BY data_revision.number;

-- Above every revision the audit log gave, so that the revision never goes back across this upgrade.
INSERT INTO data_revision (number) SELECT coalesce(max(id), 0) + 1 FROM audit_log;
SELECT setval('data_revision_number_seq', number) FROM data_revision;

-- Raises the revision once per transaction: the flag is transaction-local (set_config's third argument), so, like
-- the update it stands for, it is undone at the end of the transaction or by a rollback to an earlier savepoint.
CREATE FUNCTION raise_data_revision() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('app.data_revision_raised', true) IS DISTINCT FROM 'on' THEN
        UPDATE data_revision SET number = nextval('data_revision_number_seq') WHERE id = 1;
        PERFORM set_config('app.data_revision_raised', 'on', true);
    END IF;
    RETURN NULL;
END
$$;

-- Statement-level, and separate from the audit triggers, so that a load with those disabled (the benchmark's
-- synthetic loader) still raises the revision, and COPY or TRUNCATE raise it once however many rows they write.
DO $$
DECLARE
    shown text;
BEGIN
    FOREACH shown IN ARRAY ARRAY[
        'divisions', 'central_urban_area_members', 'areas', 'area_divisions', 'planners', 'appointments', 'projects',
        'work_records', 'opinions', 'evaluations', 'plan_phases', 'unit_requirements'
    ]
    LOOP
        EXECUTE format(
            'CREATE TRIGGER %I BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
            'FOR EACH STATEMENT EXECUTE FUNCTION raise_data_revision()',
            shown || '_revision', shown
        );
    END LOOP;
END
$$;
