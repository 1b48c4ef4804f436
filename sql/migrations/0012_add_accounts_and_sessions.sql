-- 0012_add_accounts_and_sessions: accounts that sign in, and their sessions (server/src/auth).
-- users: role leadership becomes leader; username becomes name, which may be Chinese (NFC, trimmed, 1-64
-- characters, no control characters; the server checks the same before writing); lockout and password-age columns.
-- sessions: one row per signed-in browser, keyed by the SHA-256 of its cookie token (the token itself is never
-- stored), shared by every server process on the database.

ALTER TABLE users DROP CONSTRAINT users_username_check;
ALTER TABLE users DROP CONSTRAINT users_role_check;
UPDATE users SET role = 'leader' WHERE role = 'leadership';
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'bureau', 'leader', 'planner'));

ALTER TABLE users RENAME COLUMN username TO name;
ALTER TABLE users RENAME CONSTRAINT users_username_key TO users_name_key;
ALTER TABLE users ADD CONSTRAINT users_name_check CHECK (
    char_length(name) BETWEEN 1 AND 64
    AND name = btrim(name)
    AND name !~ '[[:cntrl:]]'
    AND name IS NFC NORMALIZED
);

ALTER TABLE users
ADD COLUMN password_changed_at timestamptz,
-- Failed sign-ins in a row; reset by a successful one. At the limit the account is locked until locked_until.
ADD COLUMN failed_sign_ins integer NOT NULL DEFAULT 0 CHECK (failed_sign_ins >= 0),
ADD COLUMN locked_until timestamptz;

-- Sign-in bookkeeping (failed_sign_ins, locked_until) is not an edit of the data: it stays out of the audit log, and
-- so does not move the data revision (api.data_revision reads the log). Every other change of a user is logged,
-- without password_hash (audit_row_change strips it).
DROP TRIGGER users_audit ON users;
CREATE TRIGGER users_audit AFTER INSERT OR DELETE ON users
FOR EACH ROW EXECUTE FUNCTION audit_row_change('id');
CREATE TRIGGER users_audit_update AFTER UPDATE OF name, display_name, role, planner_id, password_hash, password_changed_at, disabled
ON users
FOR EACH ROW EXECUTE FUNCTION audit_row_change('id');

-- Not audited: a row holds a credential (the token's hash) and changes on every sign-in.
CREATE TABLE sessions (
    token_hash bytea PRIMARY KEY CHECK (octet_length(token_hash) = 32),
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    -- The absolute end of the session; the idle timeout is counted from last_seen_at by the server's setting.
    expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);
