/**
 * The audit log read by resource, and undo (sql/functions/api/audit.sql): one function call each. Row images come
 * from the log with the database's column names; they leave here with camelCase keys (only the top level: values
 * such as a planner's contacts keep their own keys).
 */
import postgres from "postgres";
import { transaction, type Sql } from "../db/database.ts";
import type { AuditChange, AuditResource, AuditRow, LaterChange } from "../contracts/audit.ts";

type Image = Record<string, unknown>;

/** Columns every update moves, left out of changedFields. */
const BOOKKEEPING = new Set(["version", "updated_at"]);

function camelImage(image: Image | null): Image | null {
  return image && Object.fromEntries(Object.entries(image).map(([key, value]) => [postgres.toCamel(key), value]));
}

interface LoggedRow {
  table: string;
  action: AuditRow["action"];
  before: Image | null;
  after: Image | null;
}

function auditRow(row: LoggedRow): AuditRow {
  const shaped: AuditRow = { table: row.table, action: row.action, before: camelImage(row.before), after: camelImage(row.after) };
  if (row.action === "update" && row.before && row.after) {
    const { before, after } = row;
    shaped.changedFields = Object.keys(after)
      .filter((key) => !BOOKKEEPING.has(key) && JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      .map((key) => postgres.toCamel(key))
      .sort();
  }
  return shaped;
}

/**
 * The resource's changes, newest first: at most `limit`, only those older than change `before` when given. Empty
 * when the log holds nothing (more) for it.
 */
export async function readHistory(sql: Sql, resource: AuditResource, id: number, limit: number, before?: number): Promise<AuditChange[]> {
  const rows = await sql<{ changeId: number; actor: string; changedAt: string; rows: LoggedRow[]; alsoChanged: AuditChange["alsoChanged"] }[]>`
    select * from api.audit_history(${resource}, ${String(id)}, ${limit}, ${before ?? null}::bigint)`;
  return rows.map((change) => ({
    id: change.changeId,
    actor: change.actor,
    changedAt: change.changedAt,
    rows: change.rows.map(auditRow),
    alsoChanged: change.alsoChanged,
  }));
}

/** The id of the resource's latest change; undefined when the log holds none for it. */
export async function readLastChange(sql: Sql, resource: AuditResource, id: number): Promise<number | undefined> {
  const [row] = await sql<{ change: number | null }[]>`select api.audit_last_change(${resource}, ${String(id)}) as change`;
  return row?.change ?? undefined;
}

/** The resource at a time: its row and member rows then, or record null when it did not exist then. */
export interface AsOf {
  /** The time read, ISO in UTC. */
  asOf: string;
  record: Image | null;
  members: Image[];
  /** The latest change at or before the time; null when there is none. */
  change: { id: number; actor: string; changedAt: string } | null;
  /** When the log first recorded the resource; null when it never did. */
  firstRecordedAt: string | null;
}

/**
 * The resource as the log says it was at `at` (a timestamptz literal with its offset). Sent as text: postgres.js
 * would send a timestamptz parameter through a JavaScript Date, which keeps milliseconds only.
 */
export async function readAsOf(sql: Sql, resource: AuditResource, id: number, at: string): Promise<AsOf> {
  const [row] = await sql<{ asOf: string; record: Image | null; members: Image[]; changeId: number | null; actor: string | null; changedAt: string | null; firstRecordedAt: string | null }[]>`
    select * from api.audit_as_of(${resource}, ${String(id)}, ${at}::text::timestamptz)`;
  const found = row!;
  return {
    asOf: found.asOf,
    record: camelImage(found.record),
    members: found.members.map((member) => camelImage(member)!),
    change: found.changeId === null ? null : { id: found.changeId, actor: found.actor!, changedAt: found.changedAt! },
    firstRecordedAt: found.firstRecordedAt,
  };
}

/** Why an undo did not happen; nothing was written. */
export type UndoRefusal =
  | { ok: false; reason: "not-found" }
  | { ok: false; reason: "empty" }
  | { ok: false; reason: "other-tables"; tables: string[] }
  /** A row of the change was written again by `later` (undefined: it is gone, and the log cannot say by whom). */
  | { ok: false; reason: "later-change"; later: LaterChange | undefined }
  /** A constraint refused a restored row: sqlstate 23503 (reference), 23P01 (overlap), 23505 (key) or another of class 23. */
  | { ok: false; reason: "constraint"; sqlstate: string; table: string; key: string; step: "insert" | "update" | "delete" };

type Outcome =
  | { outcome: "undone"; change: number }
  | { outcome: "not-found" | "empty" }
  | { outcome: "other-tables"; tables: string[] }
  | { outcome: "later-change"; change: number | null; table: string; key: string; resource: AuditResource | null }
  | { outcome: "refused"; sqlstate: string; table: string; key: string; step: "insert" | "update" | "delete" };

/**
 * Undoes change `changeId` as a new change by `actor` (e.g. "user:张三"), in one transaction: every row it wrote goes
 * back to its state before it. Returns the new change's id, or why not.
 */
export async function undoChange(sql: Sql, changeId: number, actor: string): Promise<{ ok: true; change: number } | UndoRefusal> {
  const outcome = await transaction(sql, async (tx) => {
    const [row] = await tx<{ outcome: Outcome }[]>`select api.undo_change(${changeId}, ${actor}) as outcome`;
    return row!.outcome;
  });
  switch (outcome.outcome) {
    case "undone":
      return { ok: true, change: outcome.change };
    case "not-found":
      return { ok: false, reason: "not-found" };
    case "empty":
      return { ok: false, reason: "empty" };
    case "other-tables":
      return { ok: false, reason: "other-tables", tables: outcome.tables };
    case "refused":
      return { ok: false, reason: "constraint", sqlstate: outcome.sqlstate, table: outcome.table, key: outcome.key, step: outcome.step };
    case "later-change": {
      if (outcome.change === null) return { ok: false, reason: "later-change", later: undefined };
      const [change] = await sql<{ actor: string; changedAt: string }[]>`
        select actor, api.audit_time(changed_at) as changed_at from audit_log where change_id = ${outcome.change} order by id limit 1`;
      const later = change && { id: outcome.change, actor: change.actor, changedAt: change.changedAt, resource: outcome.resource, table: outcome.table, key: outcome.key };
      return { ok: false, reason: "later-change", later };
    }
  }
}
