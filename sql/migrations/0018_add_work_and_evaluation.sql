-- 0018_add_work_and_evaluation: what planners' work records and the yearly two-way evaluation (双向评估) need
-- (server/src/work-records, server/src/evaluations).
-- work_records: a version raised by every update (the ETag; a planner edits only from the version read).
-- evaluation_rounds: one round a year, opened by the bureau; ratings and results are taken while it is open.
-- evaluations: the ratings of both directions, each linked to its round (the round's year is the rating's year),
-- with who entered it; result becomes optional (a rating is a score; the verdict is the bureau's, below).
-- evaluation_results: the bureau's pass | fail per appointment and round; a fail ends the appointment from
-- effective_from (dismissed), written in the same transaction by the server.

ALTER TABLE work_records
ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1);
CREATE TRIGGER work_records_version BEFORE UPDATE ON work_records
FOR EACH ROW EXECUTE FUNCTION raise_row_version();
CREATE INDEX work_records_occurred_on_idx ON work_records (occurred_on);

CREATE TABLE evaluation_rounds (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    year smallint NOT NULL UNIQUE CHECK (year BETWEEN 2021 AND 2100),
    opened_on date NOT NULL,
    -- The last day ratings and results are expected; the round stays open until the bureau closes it.
    closes_on date NOT NULL,
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT evaluation_rounds_dates_ordered CHECK (closes_on >= opened_on),
    -- The target of evaluations' (round_id, year) key, which keeps a rating in the round of its own year.
    UNIQUE (id, year)
);

ALTER TABLE evaluations
ADD COLUMN round_id bigint,
-- Who entered the rating: the bureau (for the unit, or for the planner) or the planner themself.
ADD COLUMN entered_by text CHECK (entered_by IN ('bureau', 'planner')),
ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
ALTER COLUMN result DROP NOT NULL,
ADD CONSTRAINT evaluations_round_year_fkey FOREIGN KEY (round_id, year) REFERENCES evaluation_rounds (id, year);
CREATE INDEX evaluations_round_id_idx ON evaluations (round_id);

CREATE TABLE evaluation_results (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    round_id bigint NOT NULL REFERENCES evaluation_rounds (id),
    appointment_id bigint NOT NULL REFERENCES appointments (id),
    result text NOT NULL CHECK (result IN ('pass', 'fail')),
    -- The bureau's words; for a fail, the reason the appointment ends with.
    comment text CHECK (comment IS NULL OR length(comment) BETWEEN 1 AND 1000),
    -- A fail's first day without the appointment (its valid_to); null for a pass.
    effective_from date,
    decided_on date NOT NULL,
    version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (round_id, appointment_id),
    CONSTRAINT evaluation_results_fail_ends CHECK ((result = 'fail') = (effective_from IS NOT NULL)),
    CONSTRAINT evaluation_results_fail_has_reason CHECK (result = 'pass' OR comment IS NOT NULL)
);
CREATE INDEX evaluation_results_appointment_id_idx ON evaluation_results (appointment_id);

-- Logged like every domain table (0002), kept current (updated_at) and versioned (0013).
CREATE TRIGGER evaluation_rounds_audit AFTER INSERT OR UPDATE OR DELETE ON evaluation_rounds
FOR EACH ROW EXECUTE FUNCTION audit_row_change('id');
CREATE TRIGGER evaluation_results_audit AFTER INSERT OR UPDATE OR DELETE ON evaluation_results
FOR EACH ROW EXECUTE FUNCTION audit_row_change('id');
CREATE TRIGGER evaluation_rounds_touch BEFORE UPDATE ON evaluation_rounds
FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER evaluation_results_touch BEFORE UPDATE ON evaluation_results
FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER evaluations_touch BEFORE UPDATE ON evaluations
FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER evaluation_rounds_version BEFORE UPDATE ON evaluation_rounds
FOR EACH ROW EXECUTE FUNCTION raise_row_version();
CREATE TRIGGER evaluation_results_version BEFORE UPDATE ON evaluation_results
FOR EACH ROW EXECUTE FUNCTION raise_row_version();
CREATE TRIGGER evaluations_version BEFORE UPDATE ON evaluations
FOR EACH ROW EXECUTE FUNCTION raise_row_version();
-- The revision (0011) is raised by a transaction's first write, so that a fail, which writes its result before
-- it ends the appointment, takes its change id (0016) from the revision like every other change.
CREATE TRIGGER evaluation_rounds_revision BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON evaluation_rounds
FOR EACH STATEMENT EXECUTE FUNCTION raise_data_revision();
CREATE TRIGGER evaluation_results_revision BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON evaluation_results
FOR EACH STATEMENT EXECUTE FUNCTION raise_data_revision();
