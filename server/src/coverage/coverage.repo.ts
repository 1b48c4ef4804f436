import type { Sql } from "../db/database.ts";
import type { TimelineQuery, WorkFiguresQuery } from "../contracts/coverage.ts";

/**
 * The coverage report on `date` (undefined: today in Jincheng) as JSON text built by api.coverage_report, shaped as
 * contracts/coverage.ts CoverageReport. Never empty: with no data every count is 0 and every post null.
 */
export async function coverageReport(sql: Sql, date: string | undefined): Promise<string> {
  const [row] = await sql<{ body: string }[]>`select api.coverage_report(${date ?? null}::date)::text as body`;
  return row!.body;
}

/**
 * The city figures from..to by step as JSON text built by api.coverage_timeline (CoverageTimeline); points is an
 * empty array when the range holds no step date. The database refuses from > to or more than 120 points (22023).
 */
export async function coverageTimeline(sql: Sql, query: TimelineQuery): Promise<string> {
  const [row] = await sql<{ body: string }[]>`
    select api.coverage_timeline(${query.from}::date, ${query.to}::date, ${query.step})::text as body`;
  return row!.body;
}

/** Every township-level unit with its status on `date` (undefined: today) as JSON text (UnitCoverageList). */
export async function unitCoverageList(sql: Sql, date: string | undefined): Promise<string> {
  const [row] = await sql<{ body: string }[]>`select api.unit_coverage_list(${date ?? null}::date)::text as body`;
  return row!.body;
}

/**
 * The unit-planner appointments of one unit as JSON text (AppointmentHistory); undefined for an unknown code. A
 * dismissal reads "ended" unless withStatusDetails (a bureau or leader sign-in).
 */
export async function unitAppointmentHistory(sql: Sql, code: string, withStatusDetails = false): Promise<string | undefined> {
  const [row] = await sql<{ body: string | null }[]>`select api.unit_appointment_history(${code}, ${withStatusDetails})::text as body`;
  return row?.body ?? undefined;
}

/** The coverage gaps on `date` (undefined: today) as JSON text built by api.coverage_gaps (CoverageGaps); never empty. */
export async function coverageGaps(sql: Sql, date: string | undefined): Promise<string> {
  const [row] = await sql<{ body: string }[]>`select api.coverage_gaps(${date ?? null}::date)::text as body`;
  return row!.body;
}

/**
 * Work records and opinion response times from..to (of query.county alone when given) as JSON text built by
 * api.work_figures (WorkFigures); every count 0 and every median null when nothing happened; undefined when
 * query.county names no county of the city. The database refuses from > to or over 120 months (22023).
 */
export async function workFigures(sql: Sql, query: WorkFiguresQuery): Promise<string | undefined> {
  const [row] = await sql<{ body: string | null }[]>`
    select api.work_figures(${query.from}::date, ${query.to}::date, ${query.county ?? null}::text)::text as body`;
  return row?.body ?? undefined;
}

/**
 * Where the work records of from..to (of query.county alone when given) lie, as JSON text built by api.work_cells
 * (WorkCells): counts per hexagon, cells under the minimum left out; cells is empty when none reaches it; undefined
 * when query.county names no county of the city. The database refuses as workFigures.
 */
export async function workCells(sql: Sql, query: WorkFiguresQuery): Promise<string | undefined> {
  const [row] = await sql<{ body: string | null }[]>`
    select api.work_cells(${query.from}::date, ${query.to}::date, ${query.county ?? null}::text)::text as body`;
  return row?.body ?? undefined;
}
