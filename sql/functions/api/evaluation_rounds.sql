-- The yearly two-way evaluation (双向评估) as the bureau and leaders read it (server/src/evaluations).
--
-- api.evaluation_rating_records: every rating with every field, in the shape of server/src/contracts/evaluations.ts
-- Rating (score as a number, dates as ISO text, updated_at in UTC to the microsecond).
--
-- api.evaluation_result_records: every pass | fail of the bureau, in the shape of EvaluationResult.
--
-- api.evaluation_round(for_year): JSON of the round of that year (EvaluationRound): the round, and every
-- appointment in force on some day of the year (any role, any status now), ordered by area code, role and start,
-- each with its figures in view: the planner's work records on the appointment's area (or a project on it) dated on
-- the appointment's days of that year, by kind; the opinions routed to the planner received on those days (hidden
-- ones left out) with their response times (api.opinion_response); both ratings of the round (null when not given)
-- and the bureau's result (null when none yet). Null when there is no round of that year (the route answers 404).
-- Raises nothing.

CREATE OR REPLACE VIEW api.evaluation_rating_records AS
SELECT
    e.id, e.appointment_id, e.round_id, e.year::int AS year, e.direction, e.score::float8 AS score, e.comment, e.entered_by,
    e.evaluated_on::text AS evaluated_on, e.is_demo, e.version,
    to_char(e.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS updated_at
FROM evaluations AS e;

CREATE OR REPLACE VIEW api.evaluation_result_records AS
SELECT
    er.id, er.appointment_id, r.year::int AS year, er.result, er.comment, er.effective_from::text AS effective_from,
    er.decided_on::text AS decided_on, er.version,
    to_char(er.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS updated_at
FROM evaluation_results AS er
JOIN evaluation_rounds AS r ON r.id = er.round_id;

CREATE OR REPLACE FUNCTION api.evaluation_round(for_year integer)
RETURNS json
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    evaluated evaluation_rounds;
    year_start date;
    year_end date;
BEGIN
    SELECT * INTO evaluated FROM evaluation_rounds WHERE year = for_year;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    year_start := make_date(for_year, 1, 1);
    year_end := make_date(for_year + 1, 1, 1);

    RETURN (
        SELECT json_build_object(
            'year', evaluated.year,
            'openedOn', evaluated.opened_on,
            'closesOn', evaluated.closes_on,
            'status', evaluated.status,
            'version', evaluated.version,
            'appointments', coalesce(json_agg(json_build_object(
                'appointment', json_build_object(
                    'id', ap.id,
                    'plannerId', ap.planner_id,
                    'plannerName', p.name,
                    'areaId', a.id,
                    'areaCode', a.code,
                    'areaName', a.name,
                    'role', ap.role,
                    'validFrom', ap.valid_from,
                    'validTo', ap.valid_to,
                    'status', ap.status,
                    'contractYears', ap.contract_years,
                    'version', ap.version
                ),
                'workRecords', work.figures,
                'opinions', opinion.figures,
                'ratings', json_build_object(
                    'areaToPlanner', (
                        SELECT json_build_object(
                            'score', e.score, 'comment', e.comment, 'enteredBy', e.entered_by, 'evaluatedOn', e.evaluated_on,
                            'version', e.version
                        )
                        FROM api.evaluation_rating_records AS e
                        WHERE e.round_id = evaluated.id AND e.appointment_id = ap.id AND e.direction = 'area_to_planner'
                    ),
                    'plannerToArea', (
                        SELECT json_build_object(
                            'score', e.score, 'comment', e.comment, 'enteredBy', e.entered_by, 'evaluatedOn', e.evaluated_on,
                            'version', e.version
                        )
                        FROM api.evaluation_rating_records AS e
                        WHERE e.round_id = evaluated.id AND e.appointment_id = ap.id AND e.direction = 'planner_to_area'
                    )
                ),
                'result', (
                    SELECT json_build_object(
                        'result', er.result, 'comment', er.comment, 'effectiveFrom', er.effective_from,
                        'decidedOn', er.decided_on, 'version', er.version
                    )
                    FROM evaluation_results AS er
                    WHERE er.round_id = evaluated.id AND er.appointment_id = ap.id
                )
            ) ORDER BY a.code, ap.role, ap.valid_from, ap.id), '[]'::json)
        )
        FROM appointments AS ap
        JOIN planners AS p ON p.id = ap.planner_id
        JOIN areas AS a ON a.id = ap.area_id
        -- The appointment's days within the year: [first_day, end_day).
        CROSS JOIN LATERAL (
            SELECT greatest(ap.valid_from, year_start) AS first_day, least(coalesce(ap.valid_to, year_end), year_end) AS end_day
        ) AS days
        CROSS JOIN LATERAL (
            SELECT json_build_object(
                'total', sum(counted.records),
                'byKind', json_agg(json_build_object('kind', kinds.kind, 'records', counted.records) ORDER BY kinds.position)
                    FILTER (WHERE kinds.position <= 7 OR counted.records > 0)
            ) AS figures
            FROM unnest(api.work_record_kinds()) WITH ORDINALITY AS kinds (kind, position)
            CROSS JOIN LATERAL (
                SELECT count(*) AS records
                FROM work_records AS w
                LEFT JOIN projects AS pr ON pr.id = w.project_id
                WHERE w.planner_id = ap.planner_id
                  AND w.kind = kinds.kind
                  AND (w.area_id = ap.area_id OR pr.area_id = ap.area_id)
                  AND w.occurred_on >= days.first_day AND w.occurred_on < days.end_day
            ) AS counted
        ) AS work
        CROSS JOIN LATERAL (
            SELECT api.opinion_response(array_agg(o.created_at), array_agg(o.acknowledged_at), array_agg(o.answered_at)) AS figures
            FROM opinions AS o
            WHERE o.planner_id = ap.planner_id AND NOT o.hidden
              AND (o.created_at AT TIME ZONE 'Asia/Shanghai')::date >= days.first_day
              AND (o.created_at AT TIME ZONE 'Asia/Shanghai')::date < days.end_day
        ) AS opinion
        WHERE ap.valid_from < year_end AND (ap.valid_to IS NULL OR ap.valid_to > year_start)
    );
END
$$;
