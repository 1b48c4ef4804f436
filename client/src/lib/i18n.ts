/**
 * Words on screen, Chinese first with an English switch. The terms follow the table in the design document
 * (示意边界（非法定界线） = approximate boundary (not official), 街道/镇/乡 = subdistrict/town/township, …), so the
 * same idea is never named two ways. Pure: the caller keeps the chosen language (localStorage, <html lang>).
 */

import { DASHBOARD_EN, DASHBOARD_ZH } from "../pages/dashboard/messages.ts";
import { FINDER_EN, FINDER_ZH } from "../pages/finder/messages.ts";

export const LANGUAGES = ["zh", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "zh";

const COMMON_ZH = {
  "app.title": "晋城市责任规划师一张图",
  "app.subtitle": "县（市、区）与乡镇（街道）边界",
  "app.skipToList": "跳到县（市、区）列表",
  "language.switch": "English",
  "language.switchLabel": "Switch to English",
  "status.loading": "正在加载…",
  "status.loadFailed": "数据加载失败：{title}",
  "status.retry": "重试",
  "counties.heading": "县（市、区）",
  "counties.listLabel": "选择县（市、区），在地图上查看",
  "counties.withoutBoundary": "无边界",
  "county.prompt": "在地图上点击或从列表中选择一个县（市、区），查看下辖的街道、镇、乡。",
  "county.boundary": "边界：{provenance}",
  "county.noBoundary": "边界：尚未载入",
  "county.townshipsHeading": "下辖街道、镇、乡（{count}）",
  "county.noTownships": "暂无下辖街道、镇、乡的数据。",
  "county.selectedAnnouncement": "已选中{name}",
  "boundaries.none": "尚未载入边界数据，地图上暂无县（市、区）范围。导入边界：",
  "boundaries.approximateNote": "虚线为示意边界（非法定界线），仅供参考，以主管部门公布的界线为准。",
  "legend.heading": "图例",
  "legend.county": "县（市、区）界",
  "legend.township": "街道、镇、乡范围",
  "legend.approximate": "示意边界（非法定界线）",
  "legend.selected": "当前选中",
  "provenance.official": "法定界线",
  "provenance.approximate": "示意边界（非法定界线）",
  "provenance.imported": "导入边界",
  "kind.街道": "街道",
  "kind.镇": "镇",
  "kind.乡": "乡",
  "kind.区": "区",
  "kind.县": "县",
  "kind.县级市": "县级市",
  "kind.市": "市",
  "map.label": "晋城市县（市、区）与乡镇边界地图",
  "map.zoomIn": "放大",
  "map.zoomOut": "缩小",
  "map.showWholeCity": "显示全市",
  "map.controls": "地图缩放",
  "map.unavailable": "地图无法显示：此浏览器未能启用 WebGL。县（市、区）列表仍可使用。",
  "panel.collapse": "收起面板",
  "panel.expand": "展开面板",
  "health.database": "数据库：{database} · PostGIS {postgis}",
  "health.pglite": "内嵌 PGlite",
  "health.postgis": "PostgreSQL",
  "health.unavailable": "数据库暂不可用",
} as const;

const ZH = { ...COMMON_ZH, ...FINDER_ZH, ...DASHBOARD_ZH } as const;

export type MessageKey = keyof typeof ZH;

const COMMON_EN: Record<keyof typeof COMMON_ZH, string> = {
  "app.title": "Planner Atlas — Jincheng",
  "app.subtitle": "Counties and townships of Jincheng",
  "app.skipToList": "Skip to the county list",
  "language.switch": "中文",
  "language.switchLabel": "切换为中文",
  "status.loading": "Loading…",
  "status.loadFailed": "Could not load the data: {title}",
  "status.retry": "Retry",
  "counties.heading": "Counties and districts",
  "counties.listLabel": "Choose a county or district to show it on the map",
  "counties.withoutBoundary": "no boundary",
  "county.prompt": "Click a county on the map or choose one from the list to see its subdistricts, towns and townships.",
  "county.boundary": "Boundary: {provenance}",
  "county.noBoundary": "Boundary: not loaded yet",
  "county.townshipsHeading": "Subdistricts, towns and townships ({count})",
  "county.noTownships": "No subdistricts, towns or townships are listed.",
  "county.selectedAnnouncement": "{name} selected",
  "boundaries.none": "No boundaries are loaded yet, so the map shows no county areas. To import them:",
  "boundaries.approximateNote":
    "Dashed outlines are approximate boundaries (not official), for reference only; the lines published by the authorities prevail.",
  "legend.heading": "Legend",
  "legend.county": "county boundary",
  "legend.township": "subdistrict, town or township area",
  "legend.approximate": "approximate boundary (not official)",
  "legend.selected": "selected",
  "provenance.official": "official boundary",
  "provenance.approximate": "approximate boundary (not official)",
  "provenance.imported": "imported boundary",
  "kind.街道": "subdistrict",
  "kind.镇": "town",
  "kind.乡": "township",
  "kind.区": "district",
  "kind.县": "county",
  "kind.县级市": "county-level city",
  "kind.市": "city",
  "map.label": "Map of the counties and townships of Jincheng",
  "map.zoomIn": "Zoom in",
  "map.zoomOut": "Zoom out",
  "map.showWholeCity": "Show the whole city",
  "map.controls": "Map zoom",
  "map.unavailable": "The map cannot be shown: this browser could not start WebGL. The county list still works.",
  "panel.collapse": "Collapse the panel",
  "panel.expand": "Expand the panel",
  "health.database": "Database: {database} · PostGIS {postgis}",
  "health.pglite": "embedded PGlite",
  "health.postgis": "PostgreSQL",
  "health.unavailable": "The database is unavailable",
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

/** The message key for a division kind (街道, 镇, 乡, 区, 县, 县级市, 市); undefined for a kind this page does not know. */
export function kindKey(kind: string): MessageKey | undefined {
  const key = `kind.${kind}`;
  return key in ZH ? (key as MessageKey) : undefined;
}
