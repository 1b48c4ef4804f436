/**
 * The selected county: UI state only. `from` says where the change came from, so the map moves to a county chosen
 * in the list but stays put when the user clicked the county on the map (no map ↔ state feedback loop).
 */
export type SelectionOrigin = "list" | "map";

export interface CountySelection {
  code: string | null;
  from: SelectionOrigin;
}

export const NO_SELECTION: CountySelection = { code: null, from: "list" };
