/**
 * Appointments as the bureau writes them: appoint, end, reassign, renew. Every write runs in one transaction that
 * names its actor for the audit log (migration 0002); a change applies only to the version it was based on (0013).
 * The database keeps one active holder per post (exclusion constraint of migration 0001); when it refuses one, the
 * appointment in the way is looked up and returned, so that the caller can name it.
 */
import { transaction, type Sql, type Tx } from "../db/database.ts";
import type { Appointment, AreaAppointments, ConflictingAppointment } from "../contracts/appointments.ts";

/** The fields of a new appointment; it starts active. */
export interface NewAppointment {
  plannerId: number;
  areaId: number;
  role: Appointment["role"];
  validFrom: string;
  validTo: string | null;
  selectionMethod: Appointment["selectionMethod"];
  contractYears: number | null;
  paid: boolean;
}

/** How an ending is recorded: the exclusive end date, ended or dismissed, and why. */
export interface Ending {
  validTo: string;
  status: "ended" | "dismissed";
  reason: string;
}

/** Why a write did not happen: the post is held (by `conflicting`, undefined if it ended meanwhile), a reference is missing, the version moved. */
export type WriteRefusal =
  | { ok: false; reason: "overlap"; conflicting: ConflictingAppointment | undefined }
  | { ok: false; reason: "missing-reference"; missing: "planner" | "area" }
  | { ok: false; reason: "stale" };

/** The appointment with every field; undefined when there is no such appointment. */
export async function readAppointment(sql: Sql, appointmentId: number): Promise<Appointment | undefined> {
  const [row] = await sql<Appointment[]>`select * from api.appointment_records where id = ${appointmentId}`;
  return row;
}

/** Every appointment to the area's posts, by role and start, with the planner's name. */
export async function listAreaAppointments(sql: Sql, areaId: number): Promise<AreaAppointments["appointments"]> {
  return sql<AreaAppointments["appointments"]>`
    select r.*, p.name as planner_name from api.appointment_records r join planners p on p.id = r.planner_id
    where r.area_id = ${areaId} order by r.role, r.valid_from, r.id`;
}

async function insertAppointment(tx: Tx, next: NewAppointment): Promise<Appointment> {
  const [row] = await tx<{ id: number }[]>`
    insert into appointments (planner_id, area_id, role, valid_from, valid_to, selection_method, contract_years, paid)
    values (${next.plannerId}, ${next.areaId}, ${next.role}, ${next.validFrom}::date, ${next.validTo}::date,
      ${next.selectionMethod}, ${next.contractYears}, ${next.paid})
    returning id`;
  return (await readAppointment(tx, row!.id))!;
}

/** Inside the caller's transaction: ends an active appointment still at `version`; undefined when it is not. */
export async function endIfAt(tx: Tx, appointmentId: number, version: number, ending: Ending): Promise<Appointment | undefined> {
  const [row] = await tx<{ id: number }[]>`
    update appointments set valid_to = ${ending.validTo}::date, status = ${ending.status}, end_reason = ${ending.reason}
    where id = ${appointmentId} and version = ${version} and status = 'active'
    returning id`;
  return row && readAppointment(tx, row.id);
}

/** The active appointment that holds the post of `next` over some of its dates, other than `except`; undefined if none. */
async function findHolder(sql: Sql, next: NewAppointment, except: number | null): Promise<ConflictingAppointment | undefined> {
  const [row] = await sql<ConflictingAppointment[]>`
    select a.id, a.planner_id, p.name as planner_name, a.valid_from::text as valid_from, a.valid_to::text as valid_to
    from appointments a join planners p on p.id = a.planner_id
    where a.area_id = ${next.areaId} and a.role = ${next.role} and a.status = 'active' and a.role <> 'project'
      and daterange(a.valid_from, a.valid_to, '[)') && daterange(${next.validFrom}::date, ${next.validTo}::date, '[)')
      and a.id is distinct from ${except}::bigint
    order by a.valid_from limit 1`;
  return row;
}

/** The refusal a database error stands for, looked up after the transaction rolled back; other errors are thrown on. */
async function refusalOf(sql: Sql, error: unknown, next: NewAppointment, except: number | null): Promise<WriteRefusal> {
  const { code, constraint_name: constraint } = error as { code?: string; constraint_name?: string };
  if (code === "23P01") return { ok: false, reason: "overlap", conflicting: await findHolder(sql, next, except) };
  if (code === "23503" && constraint === "appointments_planner_id_fkey") return { ok: false, reason: "missing-reference", missing: "planner" };
  if (code === "23503" && constraint === "appointments_area_id_fkey") return { ok: false, reason: "missing-reference", missing: "area" };
  throw error;
}

/** Appoints; `actor` is recorded in the audit log. Refused when the post is held over those dates or a reference is missing. */
export async function createAppointment(sql: Sql, next: NewAppointment, actor: string): Promise<{ ok: true; appointment: Appointment } | WriteRefusal> {
  try {
    const appointment = await transaction(sql, async (tx) => {
      await tx`select set_config('app.actor', ${actor}, true)`;
      return insertAppointment(tx, next);
    });
    return { ok: true, appointment };
  } catch (error) {
    return refusalOf(sql, error, next, null);
  }
}

/** Ends an active appointment still at `version`; undefined when it is not (changed, ended or gone meanwhile). */
export async function endAppointment(sql: Sql, appointmentId: number, version: number, ending: Ending, actor: string): Promise<Appointment | undefined> {
  return transaction(sql, async (tx) => {
    await tx`select set_config('app.actor', ${actor}, true)`;
    return endIfAt(tx, appointmentId, version, ending);
  });
}

/** Adds one contract year (from none: the first) to an active appointment still at `version`; undefined when it is not. */
export async function renewAppointment(sql: Sql, appointmentId: number, version: number, actor: string): Promise<Appointment | undefined> {
  return transaction(sql, async (tx) => {
    await tx`select set_config('app.actor', ${actor}, true)`;
    const [row] = await tx<{ id: number }[]>`
      update appointments set contract_years = coalesce(contract_years, 0) + 1
      where id = ${appointmentId} and version = ${version} and status = 'active'
      returning id`;
    return row && readAppointment(tx, row.id);
  });
}

/**
 * Ends the appointment (at `version`) on next.validFrom and starts `next` in the same post, in one transaction: when
 * the new one is refused, the ending is rolled back too.
 */
export async function reassignAppointment(
  sql: Sql,
  appointmentId: number,
  version: number,
  reason: string,
  next: NewAppointment,
  actor: string,
): Promise<{ ok: true; ended: Appointment; started: Appointment } | WriteRefusal> {
  try {
    return await transaction(sql, async (tx) => {
      await tx`select set_config('app.actor', ${actor}, true)`;
      const ended = await endIfAt(tx, appointmentId, version, { validTo: next.validFrom, status: "ended", reason });
      if (!ended) return { ok: false, reason: "stale" } as const;
      const started = await insertAppointment(tx, next);
      return { ok: true, ended, started } as const;
    });
  } catch (error) {
    return refusalOf(sql, error, next, appointmentId);
  }
}
