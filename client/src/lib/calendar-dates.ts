/**
 * Calendar dates as YYYY-MM-DD strings in China time (the API's dates are China calendar days), shared by the
 * dashboard and the workspace: today in Jincheng, whether a string names a real day, and day numbers (days since
 * 1970-01-01), so that one step is one day whatever the month length. Pure: no React, DOM or fetch.
 */

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Today's date in Jincheng (Asia/Shanghai), whatever the visitor's own time zone. */
export function jinchengToday(now: Date = new Date()): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** True for a YYYY-MM-DD string naming a day that exists (2023-02-29 does not). */
export function isIsoDate(value: string | null | undefined): value is string {
  const match = ISO_DATE.exec(value ?? "");
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
export function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** The YYYY-MM-DD date of a day number. */
export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
