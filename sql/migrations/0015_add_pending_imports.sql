-- 0015_add_pending_imports: imports uploaded over HTTP (POST /api/imports, server/src/imports) and kept as a preview
-- until the bureau commits or cancels them. preview is what GET /api/imports/{id} shows; plan is what a commit
-- writes (server/src/import/import-boundaries.ts PreparedImport), dropped once the import is no longer pending.
-- Not map data: no audit trigger and no data revision (a preview changes nothing anyone sees); the commit's writes
-- to divisions are audited as every write is.

CREATE TABLE pending_imports (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'committed', 'cancelled', 'expired')),
    created_by bigint NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    -- A pending import past this time can no longer be committed; it reads as expired.
    expires_at timestamptz NOT NULL,
    -- The choices of the upload: provenance, coordinates, repair, skipUnmatched.
    options jsonb NOT NULL,
    preview jsonb NOT NULL,
    plan jsonb,
    -- The import report of a committed import.
    report jsonb,
    closed_by bigint REFERENCES users (id),
    closed_at timestamptz,
    CONSTRAINT pending_imports_closed CHECK ((status = 'pending') = (closed_at IS NULL)),
    CONSTRAINT pending_imports_plan_while_pending CHECK (status = 'pending' OR plan IS NULL),
    CONSTRAINT pending_imports_expiry CHECK (expires_at > created_at)
);
CREATE INDEX pending_imports_pending_idx ON pending_imports (expires_at) WHERE status = 'pending';
