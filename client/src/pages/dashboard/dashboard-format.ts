/** How the dashboard writes dates and percentages, per language. Pure: no React, DOM or fetch. */
import type { Language } from "../../lib/i18n.ts";

const DATE_FORMATS: Record<Language, Intl.DateTimeFormat> = {
  zh: new Intl.DateTimeFormat("zh-CN", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" }),
  en: new Intl.DateTimeFormat("en-GB", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }),
};
const MONTH_FORMATS: Record<Language, Intl.DateTimeFormat> = {
  zh: new Intl.DateTimeFormat("zh-CN", { year: "numeric", month: "long", timeZone: "UTC" }),
  en: new Intl.DateTimeFormat("en-GB", { year: "numeric", month: "short", timeZone: "UTC" }),
};

/** 2022年5月16日 / 16 May 2022 for a YYYY-MM-DD date (a calendar day: formatted in UTC so it never shifts). */
export function formatDate(date: string, language: Language): string {
  return DATE_FORMATS[language].format(new Date(`${date}T00:00:00Z`));
}

/** 2022年5月 / May 2022. */
export function formatMonth(date: string, language: Language): string {
  return MONTH_FORMATS[language].format(new Date(`${date}T00:00:00Z`));
}

/** "22.1%" with one decimal, as the API rounds it; "—" when there is no percentage (nothing required yet). */
export function formatPercent(value: number | null): string {
  return value === null ? "—" : `${value.toFixed(1)}%`;
}
