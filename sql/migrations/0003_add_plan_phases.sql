-- 0003_add_plan_phases: the rollout phases of the pilot plan (晋市政办函〔2022〕24号) and when each township-level
-- unit must have a unit planner. The phases are facts of the plan; requirements are data the bureau can change.

CREATE TABLE plan_phases (
    code text PRIMARY KEY CHECK (code ~ '^[a-z_]+$'),
    name text NOT NULL,
    name_en text NOT NULL,
    starts_on date NOT NULL,
    ends_on date NOT NULL CHECK (ends_on > starts_on)
);

INSERT INTO plan_phases (code, name, name_en, starts_on, ends_on) VALUES
    ('mobilisation', '动员部署阶段', 'mobilisation', '2021-11-01', '2022-05-16'),
    ('pilot', '试点先行阶段', 'pilot', '2022-05-16', '2022-12-01'),
    ('full_coverage', '全域覆盖阶段', 'full coverage of the whole city', '2022-12-01', '2023-12-31');

-- From which date a township-level unit counts as needing a unit planner: the central urban area from the pilot,
-- every other subdistrict and township from the full-coverage phase. Units without a row are never required.
CREATE TABLE unit_requirements (
    division_code text PRIMARY KEY REFERENCES divisions (code) ON UPDATE CASCADE,
    required_from date NOT NULL,
    basis text NOT NULL
);

CREATE TRIGGER unit_requirements_audit AFTER INSERT OR UPDATE OR DELETE ON unit_requirements
FOR EACH ROW EXECUTE FUNCTION audit_row_change('division_code');
