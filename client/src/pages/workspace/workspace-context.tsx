/**
 * What the parts of the workspace share: who is signed in and whether they may edit, the selected area, the mode of
 * the map, the draft of the selected area's shape (what compose and draw change and the area panel saves), a
 * counter that every successful write raises so that lists and the map read again, and the day they show.
 */
import { createContext, useContext } from "react";
import type { FeatureCollection, Geometry } from "geojson";
import type { Bounds } from "../../lib/polygon-geometry.ts";
import type { SessionUser } from "../../api/session.ts";

/** 选择 select · 组合 compose · 绘制 draw · 导入 import. */
export type WorkspaceMode = "select" | "compose" | "draw" | "import";

/** A one-shot request for a place on the map (a work record's place): the next click goes to onPick as [lon, lat]. */
export interface PointPick {
  onPick(point: [number, number]): void;
}

/** The selected area's shape as it is being edited, before it is saved: its member division codes and its own geometry. */
export interface AreaDraft {
  areaId: number;
  members: string[];
  /** Its own drawn geometry (Polygon or MultiPolygon), or null for the union of its members. */
  geometry: Geometry | null;
  /** Whether members or geometry differ from the saved area. */
  dirty: boolean;
}

export interface WorkspaceState {
  user: SessionUser;
  /** bureau edits; every other role sees the same screens read-only (the server refuses their writes anyway). */
  canEdit: boolean;
  selectedAreaId: number | null;
  selectArea(areaId: number | null): void;
  mode: WorkspaceMode;
  setMode(mode: WorkspaceMode): void;
  draft: AreaDraft | null;
  setDraft(draft: AreaDraft | null): void;
  /** Raised after every successful write: components keyed on it read again. */
  dataVersion: number;
  dataChanged(): void;
  /** A short message after an action (saved, undone, refused), shown in the page's status line. */
  notify(message: string): void;
  /** Features drawn over the map as a dashed layer until cleared: an import's preview, a verdict's overlaps. */
  overlay: FeatureCollection | null;
  setOverlay(overlay: FeatureCollection | null): void;
  /** Where the map should go next (a gap, an overlap, the selected area); the map follows each new value. */
  focus: { bounds: Bounds } | null;
  setFocus(focus: { bounds: Bounds } | null): void;
  /** While set, the next click on the map picks a point (and selects nothing); the map clears it after the pick. */
  pointPick: PointPick | null;
  setPointPick(pick: PointPick | null): void;
  /** The day the map and lists show (YYYY-MM-DD, Jincheng; today by default); a past day is read-only (canEdit false). */
  viewDate: string;
  setViewDate(date: string): void;
  /** viewDate when it is a past day, null on today's view: what the reads pass as their `date`. */
  asOf: string | null;
}

export const WorkspaceContext = createContext<WorkspaceState | null>(null);

export function useWorkspace(): WorkspaceState {
  const state = useContext(WorkspaceContext);
  if (!state) throw new Error("useWorkspace outside the workspace page");
  return state;
}
