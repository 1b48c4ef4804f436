/**
 * Counties and townships (街道/镇/乡) from the server's `divisions` vector tiles (layer "divisions", attributes in
 * server/src/contracts/tiles.ts): the public finder's base layer. Townships are filled by today's coverage of their
 * unit post, so a resident sees at a glance where a planner is in place; outlines are solid for official or imported
 * boundaries and dashed for approximate ones. The chosen area is a feature state keyed by the division code
 * (promoteId), so choosing another one restyles without re-tiling. County names are HTML labels.
 *
 * Tiles rather than GET /api/boundaries: a tenth of the bytes for the first view, simplified to the screen, parsed in
 * the worker, cached by revision, and carrying each township's coverage status (README, "Web client").
 */
import type * as maplibregl from "maplibre-gl";
import type { Geometry } from "geojson";
import { boundsOf, labelPointOf } from "../../lib/polygon-geometry.ts";
import type { LayerContext, LngLatTuple, MapLayer, StyleParts } from "../map-layer.ts";
import type { DivisionsTestHook } from "../map-test-hook.ts";
import type { ExpressionSpecification, FillLayerSpecification, LineLayerSpecification } from "../style-types.ts";
import { APPROXIMATE_DASH, IS_APPROXIMATE, selectedCodes, stateFlag, vectorTileSource, type VectorTileSet } from "./boundary-style.ts";

export { APPROXIMATE_DASH, type VectorTileSet };

const DIVISIONS_SOURCE_ID = "divisions";
/** The MVT layer inside the tiles. */
const DIVISIONS_SOURCE_LAYER = "divisions";

const DIVISION_LAYER_IDS = {
  countyFill: "divisions-county-fill",
  townshipFill: "divisions-township-fill",
  townshipLine: "divisions-township-line",
  townshipApproximateLine: "divisions-township-line-approximate",
  countyLine: "divisions-county-line",
  countyApproximateLine: "divisions-county-line-approximate",
} as const;

/** Colours shared with the legend, so the legend always matches the map. */
export const DIVISION_COLORS = {
  countyFill: "#e3ece5",
  covered: "#9fd1ad",
  vacant: "#f3c58f",
  notRequired: "#dcdcd4",
  townshipLine: "#4f7a63",
  countyLine: "#23412f",
  // Blue, a hue none of the coverage colours uses, so a chosen vacant (orange) township still reads as chosen.
  selectedFill: "#3b82f6",
  selectedLine: "#1e3a8a",
} as const;

/** What the division tiles in view hold; reported after the map settles, and again only when it changes. */
export interface MapDataSummary {
  /** At least one township (街道/镇/乡) boundary is drawn: taps can be answered at township level. */
  townshipBoundaries: boolean;
  /** At least one drawn boundary is approximate (示意边界（非法定界线）). */
  approximateBoundaries: boolean;
}

/** Where to move the camera. A new id moves it even to the same place; the same id again does nothing. */
export interface FocusTarget {
  id: number;
  /** Fit the map to this division's shape when its tiles are loaded. */
  divisionCode: string | null;
  /** Otherwise fly here, at `zoom`; with neither (or no loaded shape and no centre) the camera stays. */
  center: LngLatTuple | null;
  zoom: number;
}

export interface DivisionsLayerOptions {
  /** What the drawn tiles hold (see MapDataSummary). */
  onDataSummary(summary: MapDataSummary): void;
}

export interface DivisionsLayer extends MapLayer {
  /** Draws the tiles of this tile set (a new TileJSON replaces the source); null draws none. Same object: no-op. */
  setTiles(tileSet: VectorTileSet | null): void;
  /** Draws one division as chosen (null: none). The same code again: no-op. */
  setHighlight(divisionCode: string | null): void;
  /** Moves the camera (see FocusTarget). */
  focus(target: FocusTarget): void;
}

const IS_COUNTY: ExpressionSpecification = ["==", ["get", "level"], "county"];
const IS_TOWNSHIP: ExpressionSpecification = ["==", ["get", "level"], "township"];
const SELECTED = stateFlag("selected");

/**
 * The zoom from which the tiles carry townships, as the TileJSON publishes it (vector_layers[0].levels.township);
 * where it does not, the layer's own minimum zoom, the most that can be said.
 */
export function townshipMinZoom(tileSet: VectorTileSet): number {
  const layer = tileSet.vector_layers?.[0];
  return layer?.levels?.township?.minzoom ?? layer?.minzoom ?? tileSet.minzoom;
}

function boundsArea([west, south, east, north]: [number, number, number, number]): number {
  return (east - west) * (north - south);
}

/**
 * Bottom to top: county fill, township fill by status, township outlines, county outlines. The chosen area is drawn by
 * the same layers (a feature state switches its colours and width), not by layers of its own: every layer of a vector
 * source is one more bucket built for every tile in the worker (a highlight layer made the first frame's tiles take
 * ~40% longer to lay out). Default (miter) joins: round joins
 * add triangles at every vertex of these simplified outlines.
 */
function divisionLayers(): Array<FillLayerSpecification | LineLayerSpecification> {
  const source = { source: DIVISIONS_SOURCE_ID, "source-layer": DIVISIONS_SOURCE_LAYER } as const;
  const width = (atZoom7: number, atZoom12: number, selected: number): ExpressionSpecification => [
    "interpolate",
    ["linear"],
    ["zoom"],
    7,
    ["case", SELECTED, selected, atZoom7],
    12,
    ["case", SELECTED, selected + 1, atZoom12],
  ];
  const outline = (id: string, level: ExpressionSpecification, approximate: boolean, color: string, widths: [number, number, number]): LineLayerSpecification => ({
    id,
    type: "line",
    ...source,
    filter: ["all", level, approximate ? IS_APPROXIMATE : ["!", IS_APPROXIMATE]],
    paint: {
      "line-color": ["case", SELECTED, DIVISION_COLORS.selectedLine, color],
      "line-width": width(...widths),
      ...(approximate ? { "line-dasharray": APPROXIMATE_DASH } : {}),
    },
  });
  return [
    // No antialiasing pass on either fill: the outline layers draw every edge anyway.
    {
      id: DIVISION_LAYER_IDS.countyFill,
      type: "fill",
      ...source,
      filter: IS_COUNTY,
      paint: {
        "fill-antialias": false,
        "fill-color": ["case", SELECTED, DIVISION_COLORS.selectedFill, DIVISION_COLORS.countyFill],
        "fill-opacity": ["case", SELECTED, 0.35, 0.7],
      },
    },
    {
      id: DIVISION_LAYER_IDS.townshipFill,
      type: "fill",
      ...source,
      filter: IS_TOWNSHIP,
      paint: {
        "fill-antialias": false,
        "fill-color": [
          "case",
          SELECTED,
          DIVISION_COLORS.selectedFill,
          ["match", ["get", "status"], "covered", DIVISION_COLORS.covered, "vacant", DIVISION_COLORS.vacant, DIVISION_COLORS.notRequired],
        ],
        "fill-opacity": ["case", SELECTED, 0.5, 0.55],
      },
    },
    outline(DIVISION_LAYER_IDS.townshipLine, IS_TOWNSHIP, false, DIVISION_COLORS.townshipLine, [0.5, 1.4, 3]),
    outline(DIVISION_LAYER_IDS.townshipApproximateLine, IS_TOWNSHIP, true, DIVISION_COLORS.townshipLine, [0.5, 1.4, 3]),
    outline(DIVISION_LAYER_IDS.countyLine, IS_COUNTY, false, DIVISION_COLORS.countyLine, [1.4, 2.4, 3.5]),
    outline(DIVISION_LAYER_IDS.countyApproximateLine, IS_COUNTY, true, DIVISION_COLORS.countyLine, [1.4, 2.4, 3.5]),
  ];
}

/** The divisions layer; until `setTiles` is given a tile set it draws nothing. */
export function divisionsLayer(options: DivisionsLayerOptions): DivisionsLayer {
  let context: LayerContext | null = null;
  let tiles: VectorTileSet | null = null;
  let highlighted: string | null = null;
  let lastFocusId: number | null = null;
  /** A focus asked for before the map existed, carried out once it does. */
  let pendingFocus: FocusTarget | null = null;
  let labels = new Map<string, maplibregl.Marker>();
  let summary: MapDataSummary | null = null;
  let firstTileLoaded = false;
  let firstDataFrameAt: number | null = null;

  const hasSource = (map: maplibregl.Map): boolean => map.getSource(DIVISIONS_SOURCE_ID) !== undefined;
  const setSelected = (map: maplibregl.Map, code: string | null, selected: boolean): void => {
    if (code === null || !hasSource(map)) return;
    map.setFeatureState({ source: DIVISIONS_SOURCE_ID, sourceLayer: DIVISIONS_SOURCE_LAYER, id: code }, { selected });
  };

  /** Features of the loaded division tiles (each tile's piece of a feature separately). */
  const features = (map: maplibregl.Map, filter?: maplibregl.FilterSpecification): maplibregl.GeoJSONFeature[] =>
    hasSource(map) ? map.querySourceFeatures(DIVISIONS_SOURCE_ID, { sourceLayer: DIVISIONS_SOURCE_LAYER, ...(filter ? { filter } : {}) }) : [];

  const clearLabels = (): void => {
    for (const label of labels.values()) label.remove();
    labels = new Map();
  };

  /**
   * County names at a point inside each county, placed once the county's tiles are loaded. A county spans several
   * tiles and each holds its own clipped piece, so the label goes inside the largest piece loaded when first placed.
   */
  const placeCountyLabels = (at: LayerContext): void => {
    const pieces = new Map<string, { name: string; geometry: Geometry; area: number }>();
    for (const feature of features(at.map, ["==", ["get", "level"], "county"])) {
      const code: unknown = feature.properties.code;
      const name: unknown = feature.properties.name;
      if (typeof code !== "string" || typeof name !== "string" || labels.has(code)) continue;
      const bounds = boundsOf([feature.geometry]);
      if (!bounds) continue;
      const area = boundsArea(bounds);
      if ((pieces.get(code)?.area ?? -1) < area) pieces.set(code, { name, geometry: feature.geometry, area });
    }
    for (const [code, piece] of pieces) {
      const point = labelPointOf(piece.geometry);
      // Visual only: the answer panel names every place for screen readers.
      if (point) labels.set(code, at.addLabel(point, piece.name, "map-label"));
    }
  };

  const reportSummary = (map: maplibregl.Map): void => {
    // Below this zoom the tiles carry no township at all, so their absence says nothing.
    if (!tiles || map.getZoom() < townshipMinZoom(tiles) || !hasSource(map)) return;
    const drawn = features(map);
    if (drawn.length === 0) return;
    const next: MapDataSummary = {
      townshipBoundaries: drawn.some((feature) => feature.properties.level === "township"),
      approximateBoundaries: drawn.some((feature) => feature.properties.provenance === "approximate"),
    };
    if (summary && summary.townshipBoundaries === next.townshipBoundaries && summary.approximateBoundaries === next.approximateBoundaries) return;
    summary = next;
    options.onDataSummary(next);
  };

  const focusOn = (at: LayerContext, target: FocusTarget): void => {
    at.whenLoaded(() => {
      const shape =
        target.divisionCode === null ? null : boundsOf(features(at.map, ["==", ["get", "code"], target.divisionCode]).map((feature) => feature.geometry));
      if (shape) at.fit(shape, { maxZoom: target.zoom });
      else if (target.center) at.flyTo(target.center, Math.max(target.zoom, 5));
    });
  };

  const applyTiles = (at: LayerContext, tileSet: VectorTileSet | null): void => {
    const { map } = at;
    at.removeStyleLayers(Object.values(DIVISION_LAYER_IDS));
    if (hasSource(map)) map.removeSource(DIVISIONS_SOURCE_ID);
    clearLabels();
    summary = null;
    if (!tileSet) return;
    map.addSource(DIVISIONS_SOURCE_ID, vectorTileSource(tileSet, DIVISIONS_SOURCE_LAYER));
    at.addStyleLayers(divisionLayers());
    setSelected(map, highlighted, true);
  };

  return {
    style: (): StyleParts =>
      tiles
        ? { sources: { [DIVISIONS_SOURCE_ID]: vectorTileSource(tiles, DIVISIONS_SOURCE_LAYER) }, layers: divisionLayers() }
        : { sources: {}, layers: [] },

    attach(at) {
      context = at;
      summary = null;
      const { map } = at;
      // The first frame that draws division data: the first render after a division tile has been laid out.
      const onTileData = (event: maplibregl.MapSourceDataEvent): void => {
        if (event.sourceId !== DIVISIONS_SOURCE_ID || !event.tile) return;
        firstTileLoaded = true;
        map.off("sourcedata", onTileData);
      };
      const onRender = (): void => {
        if (!firstTileLoaded) return;
        firstDataFrameAt = performance.now();
        map.off("render", onRender);
      };
      map.on("sourcedata", onTileData);
      map.on("render", onRender);
      map.on("idle", () => {
        if (context !== at || !hasSource(map) || !map.isSourceLoaded(DIVISIONS_SOURCE_ID)) return;
        placeCountyLabels(at);
        reportSummary(map);
      });
      at.whenLoaded(() => setSelected(map, highlighted, true));
      if (pendingFocus) focusOn(at, pendingFocus);
      pendingFocus = null;
    },

    detach() {
      clearLabels();
      context = null;
    },

    isReady: () => context !== null && hasSource(context.map) && context.map.isSourceLoaded(DIVISIONS_SOURCE_ID),

    setTiles(tileSet) {
      if (tileSet === tiles) return;
      tiles = tileSet;
      const at = context;
      at?.whenLoaded(() => applyTiles(at, tileSet));
    },

    setHighlight(divisionCode) {
      if (divisionCode === highlighted) return;
      const previous = highlighted;
      highlighted = divisionCode;
      const at = context;
      at?.whenLoaded(() => {
        setSelected(at.map, previous, false);
        setSelected(at.map, divisionCode, true);
      });
    },

    focus(target) {
      if (target.id === lastFocusId) return;
      lastFocusId = target.id;
      if (context) focusOn(context, target);
      else pendingFocus = target;
    },

    testHook: (): DivisionsTestHook => ({
      layerIds: { ...DIVISION_LAYER_IDS },
      get firstDataFrameAt() {
        return firstDataFrameAt;
      },
      selectedDivisionCodes: () => (context ? selectedCodes(context.map, DIVISION_LAYER_IDS.countyFill, DIVISION_LAYER_IDS.townshipFill) : []),
    }),
  };
}
