/**
 * The yearly two-way evaluation (tables evaluation_rounds, evaluations, evaluation_results; migration 0018). Every
 * write runs in one transaction that names its actor for the audit log; a change applies only to the version it was
 * based on. A fail ends its appointment through the appointments repo in the same transaction as the verdict.
 */
import { transaction, type Sql } from "../db/database.ts";
import { endIfAt, readAppointment } from "../appointments/appointments.repo.ts";
import type { Appointment } from "../contracts/appointments.ts";
import type { EvaluationResult, Rating, RatingBody, Round } from "../contracts/evaluations.ts";

/** The round of `year` without its appointments; undefined when there is none. */
export async function readRound(sql: Sql, year: number): Promise<Round | undefined> {
  const [row] = await sql<Round[]>`
    select year::int as year, opened_on::text as opened_on, closes_on::text as closes_on, status, version
    from evaluation_rounds where year = ${year}`;
  return row;
}

/** The round of `year` with every appointment in force that year and its figures, as JSON text (EvaluationRound); undefined when there is no round. */
export async function readEvaluationRound(sql: Sql, year: number): Promise<string | undefined> {
  const [row] = await sql<{ body: string | null }[]>`select api.evaluation_round(${year}::int)::text as body`;
  return row?.body ?? undefined;
}

/**
 * Opens the round of `year` (openedOn default today in Jincheng, closesOn default the later of 31 December and
 * openedOn) and links the ratings of that year already recorded to it. Undefined when the year has a round already.
 * A closing date before the opening is refused by the database (23514).
 */
export async function openRound(sql: Sql, year: number, openedOn: string | undefined, closesOn: string | undefined, actor: string): Promise<Round | undefined> {
  return transaction(sql, async (tx) => {
    await tx`select set_config('app.actor', ${actor}, true)`;
    const [row] = await tx<{ id: number }[]>`
      insert into evaluation_rounds (year, opened_on, closes_on)
      select ${year}, opened.day, coalesce(${closesOn ?? null}::date, greatest(make_date(${year}::int, 12, 31), opened.day))
      from (select coalesce(${openedOn ?? null}::date, api.today()) as day) as opened
      on conflict (year) do nothing
      returning id`;
    if (!row) return undefined;
    await tx`update evaluations set round_id = ${row.id} where year = ${year} and round_id is null`;
    return readRound(tx, year);
  });
}

/** Changes the round's closing date or status if it is still at `version`; undefined when it is not (or is gone). */
export async function updateRound(sql: Sql, year: number, version: number, changes: Pick<Round, "closesOn" | "status">, actor: string): Promise<Round | undefined> {
  return transaction(sql, async (tx) => {
    await tx`select set_config('app.actor', ${actor}, true)`;
    const [row] = await tx<{ year: number }[]>`
      update evaluation_rounds set closes_on = ${changes.closesOn}::date, status = ${changes.status}
      where year = ${year} and version = ${version}
      returning year`;
    return row && readRound(tx, year);
  });
}

/** The rating of the appointment in one direction for `year`; undefined when none was given. */
export async function readRating(sql: Sql, year: number, appointmentId: number, direction: Rating["direction"]): Promise<Rating | undefined> {
  const [row] = await sql<(Rating & { roundId: number | null; isDemo: boolean })[]>`
    select * from api.evaluation_rating_records
    where year = ${year} and appointment_id = ${appointmentId} and direction = ${direction}`;
  if (!row) return undefined;
  const { roundId: _roundId, isDemo: _isDemo, ...rating } = row;
  return rating;
}

/**
 * Sets a rating of the round of `year`, dated today: a new one when `version` is null, otherwise over the one at
 * that version (undefined when it is no longer there: changed meanwhile). Two first ratings at once: the second
 * is refused by the database (23505).
 */
export async function putRating(
  sql: Sql,
  year: number,
  rating: Pick<RatingBody, "appointmentId" | "direction" | "score"> & { comment: string | null; enteredBy: "bureau" | "planner" },
  version: number | null,
  actor: string,
): Promise<Rating | undefined> {
  return transaction(sql, async (tx) => {
    await tx`select set_config('app.actor', ${actor}, true)`;
    const [row] =
      version === null
        ? await tx<{ id: number }[]>`
            insert into evaluations (appointment_id, direction, year, score, comment, entered_by, evaluated_on, round_id)
            values (${rating.appointmentId}, ${rating.direction}, ${year}, ${rating.score}, ${rating.comment}, ${rating.enteredBy},
              api.today(), (select id from evaluation_rounds where year = ${year}))
            returning id`
        : await tx<{ id: number }[]>`
            update evaluations set score = ${rating.score}, comment = ${rating.comment}, entered_by = ${rating.enteredBy},
              evaluated_on = api.today(), round_id = (select id from evaluation_rounds where year = ${year})
            where year = ${year} and appointment_id = ${rating.appointmentId} and direction = ${rating.direction}
              and version = ${version}
            returning id`;
    return row && readRating(tx, year, rating.appointmentId, rating.direction);
  });
}

/** The bureau's verdict on the appointment in the round of `year`; undefined when none yet. */
async function readResult(sql: Sql, year: number, appointmentId: number): Promise<EvaluationResult | undefined> {
  const [row] = await sql<EvaluationResult[]>`
    select * from api.evaluation_result_records where year = ${year} and appointment_id = ${appointmentId}`;
  return row;
}

/** A verdict to record: for a fail, the reason and the first day without the appointment. */
export type Verdict =
  | { result: "pass"; comment: string | null }
  | { result: "fail"; comment: string; effectiveFrom: string };

/** Why a verdict was not recorded: the round has one for the appointment already, or a fail found it no longer active. */
export type VerdictRefusal = { ok: false; reason: "decided" | "not-active" };

/** Thrown inside the transaction so that it rolls back, and turned into a refusal outside it. */
class RolledBack extends Error {
  constructor(readonly refusal: VerdictRefusal) {
    super(refusal.reason);
  }
}

/**
 * Records the verdict of the round of `year` on the appointment, decided today; a fail also ends the appointment on
 * effectiveFrom, dismissed with the reason, in the same transaction (the appointment row is locked first, so the
 * version it is ended at is the one it has). Nothing is written when refused.
 */
export async function recordVerdict(
  sql: Sql,
  year: number,
  appointmentId: number,
  verdict: Verdict,
  actor: string,
): Promise<{ ok: true; result: EvaluationResult; appointment: Appointment } | VerdictRefusal> {
  try {
    return await transaction(sql, async (tx) => {
      await tx`select set_config('app.actor', ${actor}, true)`;
      const [locked] = await tx<{ version: number }[]>`select version from appointments where id = ${appointmentId} for update`;
      const effectiveFrom = verdict.result === "fail" ? verdict.effectiveFrom : null;
      const [row] = await tx<{ id: number }[]>`
        insert into evaluation_results (round_id, appointment_id, result, comment, effective_from, decided_on)
        select id, ${appointmentId}, ${verdict.result}, ${verdict.comment}, ${effectiveFrom}::date, api.today()
        from evaluation_rounds where year = ${year}
        on conflict (round_id, appointment_id) do nothing
        returning id`;
      if (!row) throw new RolledBack({ ok: false, reason: "decided" });
      if (verdict.result === "fail") {
        const ended = locked && (await endIfAt(tx, appointmentId, locked.version, { validTo: verdict.effectiveFrom, status: "dismissed", reason: verdict.comment }));
        if (!ended) throw new RolledBack({ ok: false, reason: "not-active" });
      }
      return { ok: true, result: (await readResult(tx, year, appointmentId))!, appointment: (await readAppointment(tx, appointmentId))! } as const;
    });
  } catch (error) {
    if (error instanceof RolledBack) return error.refusal;
    throw error;
  }
}
