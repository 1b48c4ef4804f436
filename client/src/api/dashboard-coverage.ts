/**
 * The coverage answers the leadership dashboard reads: the report on a date, the monthly rollout timeline, every
 * unit's status on a date and one unit's appointment history, and the gaps (the workspace lists them). Types come from the server contracts (type-only).
 */
import type { AppointmentHistory, CoverageGaps, CoverageReport, CoverageTimeline, UnitCoverageList, WorkCells, WorkFigures } from "@contracts/coverage.ts";
import { getJson } from "./http.ts";

export type { AppointmentHistory, CoverageReport, CoverageTimeline, UnitCoverageList, WorkCells, WorkFigures };
export type UnitCoverage = UnitCoverageList["units"][number];
export type UnitStatus = UnitCoverage["status"];
export type PlanPhase = CoverageTimeline["phases"][number];
export type TimelinePoint = CoverageTimeline["points"][number];
export type PlannerRole = CoverageReport["plannerCounts"]["byRole"][number]["role"];

/**
 * Most points the server answers in one timeline (TIMELINE_MAX_POINTS in the contract; the client may only import
 * types from there, so the number is repeated here and a longer range is asked for in several calls).
 */
const TIMELINE_POINTS_PER_CALL = 120;

/** A date range of at most `maxPoints` month starts; both ends inclusive, YYYY-MM-DD. */
export interface DateRange {
  from: string;
  to: string;
}

/** YYYY-MM-01 of the month `months` after the month of `date` (YYYY-MM-DD); negative goes back. */
function monthStartAfter(date: string, months: number): string {
  const index = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + months;
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}-01`;
}

/**
 * Splits from..to into consecutive ranges that each hold at most `maxPoints` month starts, so that every call of
 * the timeline stays within the server's limit and together they give each month start exactly once. An empty
 * list when from is after to.
 */
export function timelineRanges(from: string, to: string, maxPoints: number): DateRange[] {
  if (from > to) return [];
  const ranges: DateRange[] = [];
  // The first month start on or after from.
  let start = from.endsWith("-01") ? from : monthStartAfter(from, 1);
  let rangeFrom = from;
  while (start <= to) {
    const next = monthStartAfter(start, maxPoints);
    const dayBefore = previousDay(next);
    const rangeTo = dayBefore < to ? dayBefore : to;
    ranges.push({ from: rangeFrom, to: rangeTo });
    start = next;
    rangeFrom = next;
  }
  // A range shorter than a month with no month start in it still gets one (empty) answer, with the phases.
  return ranges.length > 0 ? ranges : [{ from, to }];
}

function previousDay(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

/** The coverage report on a date (YYYY-MM-DD). */
export function getCoverageReport(date: string, signal?: AbortSignal): Promise<CoverageReport> {
  return getJson<CoverageReport>("/api/coverage", { date }, signal);
}

/** Where coverage has gaps on a date (today when undefined): units in no unit area, vacant unit posts, uncovered land. */
export function getCoverageGaps(date: string | undefined, signal?: AbortSignal): Promise<CoverageGaps> {
  return getJson<CoverageGaps>("/api/coverage/gaps", { date }, signal);
}

/** Every township-level unit with its status on a date, ordered by code. */
export function getUnitCoverage(date: string, signal?: AbortSignal): Promise<UnitCoverageList> {
  return getJson<UnitCoverageList>("/api/coverage/units", { date }, signal);
}

/**
 * The monthly city figures from `from` to `to`, in as many calls as the 120-point limit needs (one for ten years),
 * joined into one timeline. phases come from the first answer (every answer lists all of them).
 */
export async function getCoverageTimeline(from: string, to: string, signal?: AbortSignal): Promise<CoverageTimeline> {
  const ranges = timelineRanges(from, to, TIMELINE_POINTS_PER_CALL);
  const parts = await Promise.all(
    ranges.map((range) => getJson<CoverageTimeline>("/api/coverage/timeline", { from: range.from, to: range.to, step: "month" }, signal)),
  );
  const first = parts[0];
  if (!first) return { from, to, step: "month", phases: [], points: [] };
  return { from, to, step: "month", phases: first.phases, points: parts.flatMap((part) => part.points) };
}

/** The unit-planner appointments of one unit, newest first; a 404 ApiProblem for an unknown code. */
export function getAppointmentHistory(code: string, signal?: AbortSignal): Promise<AppointmentHistory> {
  return getJson<AppointmentHistory>(`/api/coverage/units/${encodeURIComponent(code)}/appointments`, {}, signal);
}

/**
 * Planners' work records by kind, county and month and the opinion response times, from..to inclusive (≤ 120
 * months), of one county (a 6-digit code) or of the whole city (null); a 400 ApiProblem for an unknown county.
 */
export function getWorkFigures(from: string, to: string, county: string | null, signal?: AbortSignal): Promise<WorkFigures> {
  return getJson<WorkFigures>("/api/coverage/work", { from, to, county: county ?? undefined }, signal);
}

/** Where the work records of from..to (of one county, or the city for null) lie: counts per hexagon of about 2 km, cells under the minimum left out. */
export function getWorkCells(from: string, to: string, county: string | null, signal?: AbortSignal): Promise<WorkCells> {
  return getJson<WorkCells>("/api/coverage/work/cells", { from, to, county: county ?? undefined }, signal);
}
