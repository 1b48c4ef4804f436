/**
 * Calendar dates of the dashboard, as YYYY-MM-DD strings in China time; today, day numbers and date checks are in
 * lib/calendar-dates.ts, shared with the workspace. Pure: no React, DOM or fetch.
 */
import { dateOfDay, dayNumber } from "../../../lib/calendar-dates.ts";

/**
 * Where the dashboard's timeline and slider start: the first day of the plan's mobilisation phase (动员部署,
 * 2021-11). The phases themselves come from the API; this is only the first date worth asking about.
 */
export const PLAN_START = "2021-11-01";

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
