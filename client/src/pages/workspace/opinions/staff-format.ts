/** What the opinions and work-records tabs share: a time in words, and a place shown on the workspace's map. */
import type { Language } from "../../../lib/i18n.ts";
import type { WorkspaceState } from "../workspace-context.tsx";

const INSTANT_FORMATS: Record<Language, Intl.DateTimeFormat> = {
  zh: new Intl.DateTimeFormat("zh-CN", { dateStyle: "short", timeStyle: "short", timeZone: "Asia/Shanghai" }),
  en: new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Shanghai" }),
};

/** An ISO instant in Jincheng's time. */
export function formatInstant(instant: string, language: Language): string {
  return INSTANT_FORMATS[language].format(new Date(instant));
}

/** Marks the place on the map with the overlay (which zooms to it); a new object each time, so a second click goes there again. */
export function showPlace(workspace: Pick<WorkspaceState, "setOverlay">, point: [number, number]): void {
  workspace.setOverlay({ type: "FeatureCollection", features: [{ type: "Feature", properties: {}, geometry: { type: "Point", coordinates: point } }] });
}
