/**
 * Words on screen, Chinese first with an English switch. The terms follow the table in the design document
 * (示意边界（非法定界线） = approximate boundary (not official), 街道/镇/乡 = subdistrict/town/township, …), so the
 * same idea is never named two ways. Each page keeps its words in its own messages.ts; the few shared by every page
 * are here. The caller keeps the chosen language (localStorage, <html lang>).
 *
 * A lazily loaded page brings its own words: the dashboard's chunk adds them (addMessages) when it loads, so the
 * public page's bundle carries only its own. The keys of every page are known to the type checker all the same.
 */

import type { DASHBOARD_ZH } from "../pages/dashboard/messages.ts";
import { FINDER_EN, FINDER_ZH } from "../pages/finder/messages.ts";

export const LANGUAGES = ["zh", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "zh";

const COMMON_ZH = {
  "app.title": "晋城市责任规划师一张图",
  "language.switch": "English",
  "language.switchLabel": "Switch to English",
} as const;

const ZH = { ...COMMON_ZH, ...FINDER_ZH } as const;

/** Every key of every page, the lazily loaded dashboard's included. */
export type MessageKey = keyof typeof ZH | keyof typeof DASHBOARD_ZH;

const COMMON_EN: Record<keyof typeof COMMON_ZH, string> = {
  "app.title": "Planner Atlas — Jincheng",
  "language.switch": "中文",
  "language.switchLabel": "切换为中文",
};

const EN: Record<keyof typeof ZH, string> = { ...COMMON_EN, ...FINDER_EN };

const DICTIONARIES: Record<Language, Partial<Record<MessageKey, string>>> = { zh: { ...ZH }, en: { ...EN } };

/**
 * Adds the words of a lazily loaded page, in both languages (the types make both give the same keys). Its chunk
 * calls this when it loads, before anything of it renders.
 */
export function addMessages<K extends MessageKey>(zh: Record<K, string>, en: Record<K, string>): void {
  Object.assign(DICTIONARIES.zh, zh);
  Object.assign(DICTIONARIES.en, en);
}

/** The BCP 47 tag for <html lang>, so screen readers and font fallback pick Chinese or English. */
export const HTML_LANG: Record<Language, string> = { zh: "zh-CN", en: "en" };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/**
 * A translator for one language; `{name}` placeholders are filled from params, unknown ones are left as written. A
 * key whose page has not added its words yet reads as the key itself.
 */
export function translator(language: Language): Translate {
  const dictionary = DICTIONARIES[language];
  return (key, params) =>
    (dictionary[key] ?? key).replace(/\{(\w+)\}/g, (placeholder, name: string) =>
      params && name in params ? String(params[name]) : placeholder,
    );
}

/** Reads a stored or requested language; anything unknown (null, "fr", garbage) gives the default, Chinese. */
export function parseLanguage(value: string | null | undefined): Language {
  return (LANGUAGES as readonly string[]).includes(value ?? "") ? (value as Language) : DEFAULT_LANGUAGE;
}
