/**
 * Calendar dates of the dashboard, as YYYY-MM-DD strings in China time (the API's dates are China calendar days).
 * The slider works on day numbers (days since 1970-01-01), so one step is one day whatever the month length.
 * Pure: no React, DOM or fetch.
 */

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Where the dashboard's timeline and slider start: the first day of the plan's mobilisation phase (动员部署,
 * 2021-11). The phases themselves come from the API; this is only the first date worth asking about.
 */
export const PLAN_START = "2021-11-01";

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

/** The same day of the month `months` later (earlier when negative), clamped to the month's last day: 01-31 + 1 → 02-28. */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index - targetYear * 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  return new Date(Date.UTC(targetYear, targetMonth, Math.min(day, lastDay))).toISOString().slice(0, 10);
}

/** The date clamped into min..max (all YYYY-MM-DD, which compare as strings). */
export function clampDate(date: string, min: string, max: string): string {
  if (date < min) return min;
  if (date > max) return max;
  return date;
}

/** The first of January of every year from the year after `from` to the year of `to`: the chart's year ticks. */
export function yearStarts(from: string, to: string): string[] {
  const ticks: string[] = [];
  for (let year = Number(from.slice(0, 4)) + 1; year <= Number(to.slice(0, 4)); year++) ticks.push(`${year}-01-01`);
  return ticks;
}

/** The day before a date: the last day of a range whose end is exclusive (appointments, phases). */
export function dayBefore(date: string): string {
  return dateOfDay(dayNumber(date) - 1);
}
