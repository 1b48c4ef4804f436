/**
 * Colours of the dashboard, shared by the map, the legend and the chart so that they cannot drift apart. Coverage
 * uses teal (covered) against orange (vacant) rather than green against red, which readers with red-green colour
 * blindness cannot tell apart; every status is also written out in the tables, so colour is never the only cue.
 */
import type { ProjectStage } from "../../api/dashboard-ogc.ts";
import type { UnitStatus } from "../../api/dashboard-coverage.ts";

export const STATUS_COLORS: Record<UnitStatus, string> = {
  covered: "#1f7a6d",
  vacant: "#e0812b",
  not_required: "#c9cdc5",
};

/** County fill by the share of its required units that are covered: stops at 0, 50 and 100 %. */
export const SHARE_STOPS: readonly [number, string][] = [
  [0, "#f7e4cf"],
  [50, "#8cc3b5"],
  [100, "#1f7a6d"],
];
/** A county with no unit required yet (share unknown). */
export const SHARE_NONE = "#e4e6e1";

/** County fill by county chief posts filled (0, 1 or 2 of 2). */
export const CHIEF_POST_COLORS: readonly [string, string, string] = ["#e0812b", "#f3cf95", "#1f7a6d"];

export const OUTLINE_COLORS = { county: "#24453a", township: "#ffffff", selected: "#111827" } as const;

/** Belt outlines, by position in the list of belts (ordered by code); more belts than colours reuse them. */
export const BELT_COLORS: readonly string[] = ["#7b3fa0", "#1d5fa8", "#a1401a", "#4b5563"];

/** Project site colours by type; any type not listed is drawn in OTHER_PROJECT_TYPE_COLOR. */
export const PROJECT_TYPE_COLORS: Readonly<Record<string, string>> = {
  城市更新: "#c2410c",
  公共空间: "#2563eb",
  村庄规划: "#15803d",
  污水治理: "#0e7490",
  海绵城市: "#7c3aed",
};
export const OTHER_PROJECT_TYPE_COLOR = "#57534e";
export const SUSPENDED_PROJECT_COLOR = "#9ca3af";

/** How a stage is drawn: a hollow ring before building starts, a solid dot from construction on, grey when suspended. */
export type StageMark = "hollow" | "solid" | "suspended";

export function stageMark(stage: ProjectStage): StageMark {
  if (stage === "suspended") return "suspended";
  return stage === "construction" || stage === "completed" ? "solid" : "hollow";
}

export function projectTypeColor(projectType: string): string {
  return PROJECT_TYPE_COLORS[projectType] ?? OTHER_PROJECT_TYPE_COLOR;
}

/** "#rrggbb" → [r, g, b] for deck.gl. */
export function rgbOf(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}
