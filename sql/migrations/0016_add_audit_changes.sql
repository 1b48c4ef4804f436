-- 0016_add_audit_changes: groups the audit log's rows by change, so that history, undo and as-of reads
-- (server/src/audit, sql/functions/api/audit.sql) can speak of one change: every row that one transaction wrote.
--
-- change_id is the data revision that the transaction raised (migration 0011): the revision row is locked from a
-- writer's first statement until it commits, so change ids follow commit order, and the id says which data revision
-- first showed the change. A transaction id (txid_current) would not: it is taken at the first write, not at commit,
-- and pg_restore into another cluster starts the counter anew, so restored and new changes could share ids. A
-- transaction that writes only tables without a revision trigger (users) takes a number of the revision's sequence
-- without raising the revision, so that it is a change of its own and leaves the caches alone.

-- The change id of the current transaction: taken at its first audited row and kept in a transaction-local setting
-- (undone with the transaction or a rolled-back savepoint, like the revision flag).
CREATE FUNCTION audit_change_id() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    change text := nullif(current_setting('app.audit_change', true), '');
BEGIN
    IF change IS NULL THEN
        IF current_setting('app.data_revision_raised', true) = 'on' THEN
            change := (SELECT number FROM data_revision WHERE id = 1)::text;
        ELSE
            change := nextval('data_revision_number_seq')::text;
        END IF;
        PERFORM set_config('app.audit_change', change, true);
    END IF;
    RETURN change::bigint;
END
$$;

ALTER TABLE audit_log ADD COLUMN change_id bigint;

-- Rows logged so far: one change per transaction start time and actor (changed_at is now(), the transaction's start).
UPDATE audit_log AS logged SET change_id = grouped.change_id
FROM (
    SELECT changed_at, actor, row_number() OVER (ORDER BY min(id)) AS change_id
    FROM audit_log
    GROUP BY changed_at, actor
) AS grouped
WHERE logged.changed_at = grouped.changed_at AND logged.actor = grouped.actor;

-- Those numbers stay below every number the sequence gives from now on.
SELECT setval('data_revision_number_seq', greatest(max(change_id), (SELECT last_value FROM data_revision_number_seq)))
FROM audit_log;

ALTER TABLE audit_log
ALTER COLUMN change_id SET DEFAULT audit_change_id(),
ALTER COLUMN change_id SET NOT NULL;

CREATE INDEX audit_log_change_id_idx ON audit_log (change_id);
