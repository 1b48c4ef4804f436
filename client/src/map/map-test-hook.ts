/**
 * The test-only window hook of the map, on every page. It is installed only when the page was opened with
 * `window[TEST_HOOKS_FLAG] = true` set before the scripts ran (the browser tests do it with an init script), so
 * production visitors never get it. Plain data crosses the boundary: features come back as JSON-safe objects.
 * The controller gives the members of MapTestHook; each layer adds its own (the interfaces below), so a page's hook
 * is MapTestHook with those of its layers. Type-only apart from the names, so a test driver can import it without
 * pulling in MapLibre or deck.gl.
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
  /** Feature state (selected, status, dimmed …); empty when none was set. */
  state: Record<string, unknown>;
}

export interface MapTestHook {
  /** Resolves on the first `idle` at which every layer's first data is drawn: the first map frame that shows data. */
  ready: Promise<void>;
  /** The same as `ready`, as a flag that can be polled. */
  readonly isReady: boolean;
  /** performance.now() when `ready` resolved (milliseconds since the navigation started); null before. */
  readonly readyAt: number | null;
  /** Style layer ids by role (each layer adds its own), so a test never repeats them. */
  layerIds: Record<string, string>;
  /** Features drawn now in the given layers (all layers when omitted); an empty array when nothing is drawn there. */
  queryRenderedFeatures(layerIds?: string[]): RenderedFeature[];
  /** Where a longitude/latitude is on the page, in CSS pixels from the top-left of the viewport. */
  clientPointOf(lngLat: [number, number]): { x: number; y: number };
  /** True while the camera moves (a fly, fit or zoom animation). */
  isMoving(): boolean;
  /** Moves the camera at once (no animation), as a visitor panning there would. */
  jumpTo(center: [number, number], zoom: number): void;
  /** The centre [lon, lat] and zoom of the map now. */
  view(): { center: [number, number]; zoom: number };
  /** Ids of the style's layers, bottom to top. */
  styleLayerIds(): string[];
  /** Text of the attribution control, and whether it is shown expanded (not folded behind its button). */
  attribution(): { text: string; expanded: boolean };
  /** The position of the location pin, or null when none is shown. */
  markerPosition(): [number, number] | null;
  /** Resolves once the map is idle: no tile loading, no camera movement. */
  idle(): Promise<void>;
}

/** Added by the divisions layer (layers/divisions.layer.ts). */
export interface DivisionsTestHook {
  layerIds: {
    countyFill: string;
    townshipFill: string;
    townshipLine: string;
    townshipApproximateLine: string;
    countyLine: string;
    countyApproximateLine: string;
    townshipLabel: string;
    countyLabel: string;
  };
  /** performance.now() after the first frame that drew any division tile (before `ready`, which waits for all). */
  readonly firstDataFrameAt: number | null;
  /** Codes of the divisions drawn as chosen now (sorted, no duplicates); empty when none is chosen or in view. */
  selectedDivisionCodes(): string[];
  /** The township names' text-field expression as JSON (it carries the pinyin table in English); null before the layer exists. */
  nameLabelText(): string | null;
  /** The name shown on the map for the chosen area; null when none is chosen or its label is not placed yet. */
  selectedAreaName(): string | null;
  /** How much of the map's width and height the chosen area's loaded shape spans (1 = all); null without one. */
  selectedAreaShare(): { width: number; height: number } | null;
}

/** Added by the you-are-here layer (layers/you-are-here.layer.ts). */
export interface YouAreHereTestHook {
  layerIds: { youAreHereAccuracy: string; youAreHereDot: string };
  /** The visitor's position and its accuracy as drawn; null when none is shown. */
  youAreHere(): { position: [number, number]; accuracyMetres: number } | null;
}

/** Added by the belts layer (layers/belts.layer.ts). */
export interface BeltsTestHook {
  layerIds: { beltLine: string };
  /** Codes of the belts drawn as chosen now; empty when none (or when the belt source has not been added). */
  selectedBeltCodes(): string[];
}

/** Added by the dashboard's coverage layer (layers/coverage.layer.ts). */
export interface CoverageTestHook {
  layerIds: { countyFill: string; townshipFill: string; beltLine: string; beltCasing: string; selectedUnit: string };
  /** The date whose unit statuses the map shows now; null before the first. */
  statusDate(): string | null;
}

/** Added by the project-sites layer (layers/project-sites.layer.ts). */
export interface ProjectSitesTestHook {
  /**
   * Project sites handed to the map; those the deck.gl layer draws at rest (after the date filter) and while the
   * camera moves; whether the layer is visible; whether WebGL runs in software (then fewer are drawn while moving).
   */
  projects(): { loaded: number; drawn: number; drawnWhileMoving: number; visible: boolean; softwareRenderer: boolean };
  /** Turns the software-renderer sampling while moving off (false) or back on, to measure what it saves. */
  setAdaptiveDetail(enabled: boolean): void;
}

/** Added by the workspace's base layer (layers/workspace-areas.layer.ts). */
export interface WorkspaceAreasTestHook {
  layerIds: {
    townshipFill: string;
    areaFill: string;
    areaLine: string;
    townshipLine: string;
    countyLine: string;
    selectionFill: string;
    selectionLine: string;
  };
  /** A point inside a township's boundary, [lon, lat] (for clientPointOf); null without its boundary. */
  townshipLabelPoint(code: string): [number, number] | null;
  /** Codes of the townships highlighted as in no unit area (sorted). */
  unassignedCodes(): string[];
  /** The unit status a township is coloured by on a past day; null on today's view (the area tiles colour it). */
  unitStatus(code: string): string | null;
  /** Codes of the member divisions drawn as the selected area's shape (sorted); empty for a drawn geometry or none. */
  selectionCodes(): string[];
}

/** Added by the workspace's overlay layer (layers/overlay.layer.ts). */
export interface OverlayTestHook {
  layerIds: { overlayFill: string; overlayLine: string; overlayPoint: string };
  /** How many features the overlay was given (0 when none). */
  overlayFeatureCount(): number;
}

/** Added by the drawing layer (layers/drawing.layer.ts). */
export interface DrawingTestHook {
  /**
   * Whether drawing is on, terra-draw's mode then ("polygon" while drawing a new outline, "select" while reshaping;
   * null when off), and what the drawn shape measures now (null when nothing is drawn).
   */
  drawing(): { active: boolean; mode: string | null; areaKm2: number | null; kinks: number };
}
