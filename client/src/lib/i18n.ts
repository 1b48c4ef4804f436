/**
 * Words on screen, Chinese first with an English switch. The terms follow the table in the design document
 * (示意边界（非法定界线） = approximate boundary (not official), 街道/镇/乡 = subdistrict/town/township, …), so the
 * same idea is never named two ways. Each page keeps its words in its own messages.ts; the few shared by every page
 * are here. Pure: the caller keeps the chosen language (localStorage, <html lang>).
 */

import { DASHBOARD_EN, DASHBOARD_ZH } from "../pages/dashboard/messages.ts";
import { FINDER_EN, FINDER_ZH } from "../pages/finder/messages.ts";

export const LANGUAGES = ["zh", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "zh";

const COMMON_ZH = {
  "app.title": "晋城市责任规划师一张图",
  "language.switch": "English",
  "language.switchLabel": "Switch to English",
} as const;

const ZH = { ...COMMON_ZH, ...FINDER_ZH, ...DASHBOARD_ZH } as const;

export type MessageKey = keyof typeof ZH;

const COMMON_EN: Record<keyof typeof COMMON_ZH, string> = {
  "app.title": "Planner Atlas — Jincheng",
  "language.switch": "中文",
  "language.switchLabel": "切换为中文",
};

const EN: Record<MessageKey, string> = { ...COMMON_EN, ...FINDER_EN, ...DASHBOARD_EN };

const DICTIONARIES: Record<Language, Record<MessageKey, string>> = { zh: ZH, en: EN };

/** The BCP 47 tag for <html lang>, so screen readers and font fallback pick Chinese or English. */
export const HTML_LANG: Record<Language, string> = { zh: "zh-CN", en: "en" };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** A translator for one language; `{name}` placeholders are filled from params, unknown ones are left as written. */
export function translator(language: Language): Translate {
  const dictionary = DICTIONARIES[language];
  return (key, params) =>
    dictionary[key].replace(/\{(\w+)\}/g, (placeholder, name: string) =>
      params && name in params ? String(params[name]) : placeholder,
    );
}

/** Reads a stored or requested language; anything unknown (null, "fr", garbage) gives the default, Chinese. */
export function parseLanguage(value: string | null | undefined): Language {
  return (LANGUAGES as readonly string[]).includes(value ?? "") ? (value as Language) : DEFAULT_LANGUAGE;
}
