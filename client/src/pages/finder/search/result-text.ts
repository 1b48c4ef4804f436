/** How one search result reads in the suggestion list: its name, a line saying where or what it is, and its type. */
import type { SearchResult } from "../../../api/search.ts";
import type { Translate } from "../../../lib/i18n.ts";
import { kindText, projectText, roleText } from "../answer/place-names.ts";

export interface ResultText {
  name: string;
  detail: string;
  type: string;
}

/** The name a chosen result leaves in the search box. */
export function resultName(result: SearchResult): string {
  return result.type === "planner" ? result.planner.name : result.name;
}

export function resultText(t: Translate, result: SearchResult): ResultText {
  if (result.type === "planner") {
    const post = result.posts[0];
    const detail = post ? `${roleText(t, post.role)} · ${post.area.name}` : (result.planner.organisation ?? "");
    return { name: result.planner.name, detail, type: t("finder.search.type.planner") };
  }
  if (result.type === "project") {
    return { name: result.name, detail: projectText(t, result.projectType, result.stage), type: t("finder.search.type.project") };
  }
  const kind = kindText(t, result.kind);
  if (result.level === "county") return { name: result.name, detail: kind, type: t("finder.search.type.county") };
  const county = result.county?.name ?? "";
  if (result.level === "township") return { name: result.name, detail: `${kind} · ${county}`, type: t("finder.search.type.township") };
  return {
    name: result.name,
    detail: `${kind} · ${county}${result.township ? ` ${result.township.name}` : ""}`,
    type: t("finder.search.type.village"),
  };
}
