/**
 * The briefing's period and county as the URL and the command give them: a month YYYY-MM from the plan's first month
 * (2021-11, 动员部署) to the current month in Jincheng, and a county code of six digits. Pure: no React, DOM or fetch,
 * so scripts/briefing.ts checks its arguments with the same rules before it starts anything.
 */

/** The plan's first month: the mobilisation phase starts on 2021-11-01. */
export const FIRST_PERIOD = "2021-11";

const PERIOD = /^(\d{4})-(\d{2})$/;
const COUNTY_CODE = /^\d{6}$/;

/** A month of the briefing: its first and last days (YYYY-MM-DD), the days the API is asked about. */
export interface BriefingPeriod {
  period: string;
  year: number;
  month: number;
  from: string;
  to: string;
}

export type PeriodResult = { ok: true; value: BriefingPeriod } | { ok: false; reason: string };

/**
 * Reads YYYY-MM; `currentMonth` (YYYY-MM, China time) is the last month allowed. Expected failures come back as a
 * reason in English for the command (the page shows its own words).
 */
export function parseBriefingPeriod(value: string | null | undefined, currentMonth: string): PeriodResult {
  const match = PERIOD.exec(value ?? "");
  if (!match) return { ok: false, reason: `the period must be a month written YYYY-MM, e.g. 2022-12 (got ${JSON.stringify(value ?? "")})` };
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (month < 1 || month > 12) return { ok: false, reason: `${value} has no month ${match[2]}` };
  const period = `${match[1]}-${match[2]}`;
  if (period < FIRST_PERIOD || period > currentMonth) {
    return { ok: false, reason: `the period must lie between the plan's first month ${FIRST_PERIOD} and this month ${currentMonth} (got ${period})` };
  }
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { ok: true, value: { period, year, month, from: `${period}-01`, to: `${period}-${String(lastDay).padStart(2, "0")}` } };
}

/** True for a county code as the API writes it (six digits); whether that county exists is the API's to say. */
export function isCountyCode(value: string): boolean {
  return COUNTY_CODE.test(value);
}

/** The month (YYYY-MM) of a YYYY-MM-DD date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}
