/**
 * The test-only window hook of the dashboard map, installed only when the page was opened with the test-hooks flag
 * of map/map-test-hook.ts set before its scripts ran (the browser tests do it with an init script). Type-only apart
 * from the name, so the test driver can import it without pulling in MapLibre or deck.gl.
 */

/** Global under which the dashboard map's hook is installed. */
export const DASHBOARD_MAP_TEST_HOOK_NAME = "__plannerAtlasDashboardMap";

export interface DashboardRenderedFeature {
  layerId: string;
  id: string | number | undefined;
  properties: Record<string, unknown>;
  /** Feature state (status, share, dimmed, selected …); empty when none was set. */
  state: Record<string, unknown>;
}

export interface DashboardMapTestHook {
  /** Resolves on the first `idle` after the boundaries and the first unit statuses were handed to the map. */
  ready: Promise<void>;
  readonly isReady: boolean;
  /** Style layer ids by role, so a test never repeats them. */
  layerIds: { countyFill: string; townshipFill: string; beltLine: string };
  /** The date whose unit statuses the map shows now; null before the first. */
  statusDate(): string | null;
  /** Features drawn now in the given layers (all when omitted); empty when nothing is drawn there. */
  queryRenderedFeatures(layerIds?: string[]): DashboardRenderedFeature[];
  /** Where a longitude/latitude is on the page, in CSS pixels from the viewport's top-left. */
  clientPointOf(lngLat: [number, number]): { x: number; y: number };
  isMoving(): boolean;
  /**
   * Project sites handed to the map; those the deck.gl layer draws at rest (after the date filter) and while the
   * camera moves; whether the layer is visible; whether WebGL runs in software (then fewer are drawn while moving).
   */
  projects(): { loaded: number; drawn: number; drawnWhileMoving: number; visible: boolean; softwareRenderer: boolean };
  /** Turns the software-renderer sampling while moving off (false) or back on, to measure what it saves. */
  setAdaptiveDetail(enabled: boolean): void;
  /** Moves the camera at once (no animation), for the frame-time measurement. */
  jumpTo(center: [number, number], zoom: number): void;
  /** The camera now. */
  camera(): { center: [number, number]; zoom: number };
}
