/**
 * Words on screen, Chinese first with an English switch. The terms follow the table in the design document
 * (示意边界（非法定界线） = approximate boundary (not official), 街道/镇/乡 = subdistrict/town/township, …), so the
 * same idea is never named two ways. Each page keeps its words in its own messages.ts; the few shared by every page
 * are here. The caller keeps the chosen language (localStorage, <html lang>).
 *
 * Each page brings its own words: its module adds them (addMessages) when it loads, so a page's bundle carries only
 * its own, and this module knows no page. The keys of every page are known to the type checker all the same: each
 * page's messages.ts adds its dictionary's type to PageDictionaries (module augmentation).
 */

const LANGUAGES = ["zh", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
const DEFAULT_LANGUAGE: Language = "zh";

const COMMON_ZH = {
  "app.title": "晋城市责任规划师一张图",
  "language.switch": "English",
  "language.switchLabel": "Switch to English",
} as const;

const COMMON_EN: Record<keyof typeof COMMON_ZH, string> = {
  "app.title": "Planner Atlas — Jincheng",
  "language.switch": "中文",
  "language.switchLabel": "切换为中文",
};

/**
 * The Chinese dictionary of each page, by page, as types only. A page adds its own from its messages.ts:
 * `declare module "../../lib/i18n" { interface PageDictionaries { finder: typeof FINDER_ZH } }`.
 * @public (used through that augmentation, which the unused-exports check does not follow)
 */
export interface PageDictionaries {
  common: typeof COMMON_ZH;
}

/** Every key of every page, the lazily loaded ones included. */
export type MessageKey = { [Page in keyof PageDictionaries]: keyof PageDictionaries[Page] & string }[keyof PageDictionaries];

const DICTIONARIES: Record<Language, Partial<Record<MessageKey, string>>> = { zh: { ...COMMON_ZH }, en: { ...COMMON_EN } };

/**
 * Adds the words of a page, in both languages (the types make both give the same keys). The page's module calls this
 * when it loads, before anything of it renders.
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
