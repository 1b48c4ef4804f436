/**
 * How one search result reads in the suggestion list: its name (with its pinyin in English), a line saying where or
 * what it is, its type, and for a village shown at its township, a note saying so.
 */
import type { SearchResult } from "../../../api/search.ts";
import type { Translate } from "../../../lib/i18n.ts";
import { kindText, projectText, roleText, type PlacePinyin } from "../answer/place-names.ts";
import "./search-messages.ts";

export interface ResultText {
  name: string;
  /** The name's pinyin, shown beside it in English; null in Chinese, and for planners and projects. */
  pinyin: string | null;
  detail: string;
  type: string;
  /** Where a village without a location of its own is put on the map; null for any other result. */
  note: string | null;
}

/** The name a chosen result leaves in the search box. */
export function resultName(result: SearchResult): string {
  return result.type === "planner" ? result.planner.name : result.name;
}

/** `english`: the result's own pinyin is shown; `placePinyin` gives that of the county and township it names. */
export function resultText(t: Translate, english: boolean, placePinyin: PlacePinyin, result: SearchResult): ResultText {
  const withPinyin = (name: string) => {
    const pinyin = placePinyin(name);
    return pinyin ? `${name} ${pinyin}` : name;
  };
  if (result.type === "planner") {
    const post = result.posts[0];
    const detail = post ? `${roleText(t, post.role)} · ${withPinyin(post.area.name)}` : (result.planner.organisation ?? "");
    return { name: result.planner.name, pinyin: null, detail, type: t("finder.search.type.planner"), note: null };
  }
  if (result.type === "project") {
    return { name: result.name, pinyin: null, detail: projectText(t, result.projectType, result.stage), type: t("finder.search.type.project"), note: null };
  }
  const pinyin = english ? result.pinyin : null;
  const kind = kindText(t, result.kind);
  const base = { name: result.name, pinyin, note: null };
  if (result.level === "city") return { ...base, detail: `${kind} · ${t("finder.searchBox.wholeCity")}`, type: t("finder.searchBox.type.city") };
  if (result.level === "county") return { ...base, detail: kind, type: t("finder.search.type.county") };
  const county = result.county ? withPinyin(result.county.name) : "";
  if (result.level === "township") return { ...base, detail: `${kind} · ${county}`, type: t("finder.search.type.township") };
  const note =
    result.locationBasis === "township-seat"
      ? t("finder.searchBox.placedAtTownshipSeat")
      : result.locationBasis === "township-inside"
        ? t("finder.searchBox.placedInTownship")
        : null;
  return {
    ...base,
    detail: `${kind} · ${county}${result.township ? ` ${withPinyin(result.township.name)}` : ""}`,
    type: t("finder.search.type.village"),
    note,
  };
}
