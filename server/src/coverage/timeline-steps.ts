/**
 * How many points a coverage timeline has, computed the way api.coverage_timeline computes its series (first month
 * start, or Monday, on or after `from`, then every step up to `to`), so that the server can refuse an oversized range
 * with a 400 naming the field before asking the database.
 */
import type { TimelineQuery } from "../contracts/coverage.ts";

const DAY_MS = 86_400_000;

function utcDate(text: string): Date {
  return new Date(`${text}T00:00:00Z`);
}

/** Points of the series from..to (dates YYYY-MM-DD, from ≤ to); 0 when the range holds no step date. */
export function timelinePointCount(from: string, to: string, step: TimelineQuery["step"]): number {
  const start = utcDate(from);
  const end = utcDate(to);
  if (step === "month") {
    const startMonth = start.getUTCFullYear() * 12 + start.getUTCMonth() + (start.getUTCDate() === 1 ? 0 : 1);
    const endMonth = end.getUTCFullYear() * 12 + end.getUTCMonth();
    return Math.max(0, endMonth - startMonth + 1);
  }
  // getUTCDay: 0 is Sunday; days forward to the next Monday (0 when from is a Monday).
  const toMonday = (8 - start.getUTCDay()) % 7;
  const firstMonday = start.getTime() + toMonday * DAY_MS;
  if (firstMonday > end.getTime()) return 0;
  return Math.floor((end.getTime() - firstMonday) / (7 * DAY_MS)) + 1;
}
