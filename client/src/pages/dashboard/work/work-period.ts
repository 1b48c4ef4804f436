/** The period the dashboard's work section covers for its date. Pure: no React, DOM or fetch. */

/** Months in the period: the date's month and the eleven before it. */
const WORK_PERIOD_MONTHS = 12;

/**
 * The twelve calendar months up to `date` (YYYY-MM-DD): from the first of the month eleven months before to the
 * date itself, so that the by-month chart shows twelve bars, the last one the month so far.
 */
export function workPeriod(date: string): { from: string; to: string } {
  const index = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 - (WORK_PERIOD_MONTHS - 1);
  const from = `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}-01`;
  return { from, to: date };
}
