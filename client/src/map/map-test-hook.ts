/**
 * The test-only window hook of the map. It is installed only when the page was opened with
 * `window[TEST_HOOKS_FLAG] = true` set before the scripts ran (the browser tests do it with an init script), so
 * production visitors never get it. Plain data crosses the boundary: features come back as JSON-safe objects.
 */

/** Global the browser test sets before the page loads to ask for the hook. */
export const TEST_HOOKS_FLAG = "__plannerAtlasTestHooks";
/** Global under which the hook is installed. */
export const MAP_TEST_HOOK_NAME = "__plannerAtlasMap";

export interface RenderedFeature {
  layerId: string;
  sourceId: string;
  id: string | number | undefined;
  properties: Record<string, unknown>;
  /** Feature state (selected, hover); empty when none was set. */
  state: Record<string, unknown>;
}

export interface MapTestHook {
  /** Resolves on the first `idle` after both the county and the township boundaries were handed to the map. */
  ready: Promise<void>;
  /** The same as `ready`, as a flag that can be polled. */
  readonly isReady: boolean;
  /** Style layer ids by role, so a test never repeats them. */
  layerIds: { countyFill: string; countyLine: string; countyApproximateLine: string; townshipLine: string; townshipApproximateLine: string };
  /** Features drawn now in the given layers (all layers when omitted); an empty array when nothing is drawn there. */
  queryRenderedFeatures(layerIds?: string[]): RenderedFeature[];
  /** Where a longitude/latitude is on the page, in CSS pixels from the top-left of the viewport. */
  clientPointOf(lngLat: [number, number]): { x: number; y: number };
  /** True while the camera moves (a fit or zoom animation). */
  isMoving(): boolean;
}
