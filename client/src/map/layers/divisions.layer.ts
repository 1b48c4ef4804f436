/**
 * Counties and townships (街道/镇/乡) from the server's `divisions` vector tiles (layer "divisions", attributes in
 * server/src/contracts/tiles.ts): the public finder's base layer. Townships are filled by today's coverage of their
 * unit post, so a resident sees at a glance where a planner is in place; outlines are solid for official or imported
 * boundaries and dashed for approximate ones. The chosen area is a feature state keyed by the division code
 * (promoteId), so choosing another one restyles without re-tiling. Names are symbol layers on the tiles' label points
 * (counties at low zoom, townships from zoom 7.5): without a glyphs URL MapLibre draws every character with the
 * browser's own fonts, so the names need no glyph server and no other host. The chosen area's name is an HTML label
 * at its label point, drawn above everything and never dropped for lack of room.
 *
 * Tiles rather than GET /api/boundaries: a tenth of the bytes for the first view, simplified to the screen, parsed in
 * the worker, cached by revision, and carrying each township's coverage status (README, "Web client").
 */
import type * as maplibregl from "maplibre-gl";
import type { Geometry } from "geojson";
import { boundsOf, labelPointOf, type Bounds } from "../../lib/polygon-geometry.ts";
import type { LayerContext, LngLatTuple, MapLayer, StyleParts } from "../map-layer.ts";
import type { DivisionsTestHook } from "../map-test-hook.ts";
import type { ExpressionSpecification, FillLayerSpecification, LineLayerSpecification, SymbolLayerSpecification } from "../style-types.ts";
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
  townshipLabel: "divisions-township-label",
  countyLabel: "divisions-county-label",
} as const;

/**
 * Township names from this zoom, where a township is some 40 px wide: MapLibre leaves out the names that do not fit
 * (county names first, up to COUNTY_LABEL_MAXZOOM), so a phone's map that shows a township with its neighbours names
 * some of them.
 */
const TOWNSHIP_LABEL_MINZOOM = 7.5;
const COUNTY_LABEL_MAXZOOM = 11;
/**
 * A fitted area takes at most this share of the map's width and height, so the neighbours around it stay in view
 * with their names: a resident recognises a place by what lies beside it.
 */
const FOCUS_AREA_SHARE = 0.5;

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
  /**
   * Pinyin of place names by Chinese name (English pages): each name on the map gets its pinyin on a second line
   * where the table has it; null: names as they are. The same object: no-op.
   */
  setNamePinyin(table: Readonly<Record<string, string>> | null): void;
}

// Each division comes as its boundary and as a label point (sql/functions/tiles/divisions.sql).
const IS_LABEL: ExpressionSpecification = ["==", ["geometry-type"], "Point"];
const IS_COUNTY: ExpressionSpecification = ["all", ["!", IS_LABEL], ["==", ["get", "level"], "county"]];
const IS_TOWNSHIP: ExpressionSpecification = ["all", ["!", IS_LABEL], ["==", ["get", "level"], "township"]];
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

/** The area shown around a fitted shape: the shape in the middle, taking FOCUS_AREA_SHARE of each side. */
function withNeighbours([west, south, east, north]: Bounds): Bounds {
  const margin = (1 / FOCUS_AREA_SHARE - 1) / 2;
  const width = (east - west) * margin;
  const height = (north - south) * margin;
  return [west - width, south - height, east + width, north + height];
}

/**
 * Bottom to top: county fill, township fill by status, township outlines, county outlines, township names, county
 * names (the upper symbol layer is placed first, so a county's name wins over a township's where both compete). The chosen area is drawn by
 * the same layers (a feature state switches its colours and width), not by layers of its own: every layer of a vector
 * source is one more bucket built for every tile in the worker (a highlight layer made the first frame's tiles take
 * ~40% longer to lay out). Default (miter) joins: round joins
 * add triangles at every vertex of these simplified outlines.
 */
function divisionLayers(): Array<FillLayerSpecification | LineLayerSpecification | SymbolLayerSpecification> {
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
    nameLayer(DIVISION_LAYER_IDS.townshipLabel, "township", 12.5, { minzoom: TOWNSHIP_LABEL_MINZOOM }),
    nameLayer(DIVISION_LAYER_IDS.countyLabel, "county", 15, { maxzoom: COUNTY_LABEL_MAXZOOM }),
  ];
}

/**
 * Names at the label points of one level. No text-font: the default stack makes MapLibre draw Chinese characters with
 * `localIdeographFontFamily`, and without a glyphs URL the rest with the browser's fonts too. The chosen area's name
 * is hidden here, as its HTML label says it.
 */
function nameLayer(id: string, level: "county" | "township", size: number, zooms: { minzoom?: number; maxzoom?: number }): SymbolLayerSpecification {
  return {
    id,
    type: "symbol",
    source: DIVISIONS_SOURCE_ID,
    "source-layer": DIVISIONS_SOURCE_LAYER,
    ...zooms,
    filter: ["all", IS_LABEL, ["==", ["get", "level"], level]],
    layout: { "text-field": nameText(null), "text-size": size, "text-padding": 4, "text-max-width": 8 },
    paint: {
      "text-color": level === "county" ? DIVISION_COLORS.countyLine : "#2c4a3a",
      "text-halo-color": "rgba(255, 255, 255, 0.92)",
      "text-halo-width": 1.6,
      "text-opacity": ["case", SELECTED, 0, 1],
    },
  };
}

/** The text of a name label: the name, and under it, smaller, its pinyin where the table has one. */
function nameText(pinyin: Readonly<Record<string, string>> | null): ExpressionSpecification {
  if (pinyin === null) return ["get", "name"];
  return ["format", ["get", "name"], {}, ["case", ["has", ["get", "name"], ["literal", pinyin]], ["concat", "\n", ["get", ["get", "name"], ["literal", pinyin]]], ""], { "font-scale": 0.8 }];
}

/** The divisions layer; until `setTiles` is given a tile set it draws nothing. */
export function divisionsLayer(options: DivisionsLayerOptions): DivisionsLayer {
  let context: LayerContext | null = null;
  let tiles: VectorTileSet | null = null;
  let highlighted: string | null = null;
  let lastFocusId: number | null = null;
  /** A focus asked for before the map existed, carried out once it does. */
  let pendingFocus: FocusTarget | null = null;
  /**
   * The last fitted area, fitted again when the map changes size (a phone's answer sheet rises under it) until the
   * visitor moves the map themselves.
   */
  let fitted: { bounds: Bounds; maxZoom: number } | null = null;
  /** The chosen area's name on the map, and the division it names. */
  let selectedLabel: { code: string; marker: maplibregl.Marker } | null = null;
  let summary: MapDataSummary | null = null;
  let namePinyin: Readonly<Record<string, string>> | null = null;
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

  const clearSelectedLabel = (): void => {
    selectedLabel?.marker.remove();
    selectedLabel = null;
  };

  /**
   * Names the chosen area at its label point from the tiles; where the loaded tiles hold none yet, inside the largest
   * loaded piece of its shape, moved to the label point once that arrives. Visual only: the answer panel names the
   * place for screen readers.
   */
  const placeSelectedLabel = (at: LayerContext): void => {
    const code = highlighted;
    if (selectedLabel && selectedLabel.code !== code) clearSelectedLabel();
    if (code === null) return;
    const loaded = features(at.map, ["==", ["get", "code"], code]);
    const labelPoint = loaded.find((feature) => feature.geometry.type === "Point");
    let point: LngLatTuple | null = labelPoint?.geometry.type === "Point" ? (labelPoint.geometry.coordinates as LngLatTuple) : null;
    if (!point && selectedLabel?.code === code) return;
    if (!point) {
      let largest: { geometry: Geometry; area: number } | null = null;
      for (const feature of loaded) {
        const bounds = boundsOf([feature.geometry]);
        if (bounds && (largest === null || boundsArea(bounds) > largest.area)) largest = { geometry: feature.geometry, area: boundsArea(bounds) };
      }
      point = largest ? labelPointOf(largest.geometry) : null;
    }
    const name: unknown = (labelPoint ?? loaded[0])?.properties.name;
    if (!point || typeof name !== "string") return;
    if (selectedLabel?.code === code) {
      selectedLabel.marker.setLngLat(point);
      return;
    }
    clearSelectedLabel();
    // Just under the point, so that the pin of a place asked about there (which stands above it) leaves it readable.
    const marker = at.addLabel(point, name, "map-label map-label--selected").setOffset([0, 14]);
    marker.getElement().dataset.testid = "map:selected-name";
    selectedLabel = { code, marker };
  };

  const applyNamePinyin = (map: maplibregl.Map): void => {
    for (const id of [DIVISION_LAYER_IDS.townshipLabel, DIVISION_LAYER_IDS.countyLabel]) {
      if (map.getLayer(id)) map.setLayoutProperty(id, "text-field", nameText(namePinyin));
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
      fitted = shape ? { bounds: withNeighbours(shape), maxZoom: target.zoom } : null;
      if (fitted) at.fit(fitted.bounds, { maxZoom: fitted.maxZoom });
      else if (target.center) at.flyTo(target.center, Math.max(target.zoom, 5));
    });
  };

  const applyTiles = (at: LayerContext, tileSet: VectorTileSet | null): void => {
    const { map } = at;
    at.removeStyleLayers(Object.values(DIVISION_LAYER_IDS));
    if (hasSource(map)) map.removeSource(DIVISIONS_SOURCE_ID);
    clearSelectedLabel();
    summary = null;
    if (!tileSet) return;
    map.addSource(DIVISIONS_SOURCE_ID, vectorTileSource(tileSet, DIVISIONS_SOURCE_LAYER));
    at.addStyleLayers(divisionLayers());
    applyNamePinyin(at.map);
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
      // Only a visitor's own gesture carries an originalEvent; the camera moves of the page do not.
      map.on("movestart", (event) => {
        if (event.originalEvent) fitted = null;
      });
      map.on("resize", () => {
        if (context === at && fitted) at.fit(fitted.bounds, { maxZoom: fitted.maxZoom, animate: false });
      });
      map.on("idle", () => {
        if (context !== at || !hasSource(map) || !map.isSourceLoaded(DIVISIONS_SOURCE_ID)) return;
        placeSelectedLabel(at);
        reportSummary(map);
      });
      at.whenLoaded(() => setSelected(map, highlighted, true));
      if (pendingFocus) focusOn(at, pendingFocus);
      pendingFocus = null;
    },

    detach() {
      clearSelectedLabel();
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
        placeSelectedLabel(at);
      });
    },

    setNamePinyin(table) {
      if (table === namePinyin) return;
      namePinyin = table;
      const at = context;
      at?.whenLoaded(() => applyNamePinyin(at.map));
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
      nameLabelText: () => (context?.map.getLayer(DIVISION_LAYER_IDS.townshipLabel) ? JSON.stringify(context.map.getLayoutProperty(DIVISION_LAYER_IDS.townshipLabel, "text-field")) : null),
      selectedAreaName: () => {
        const element = selectedLabel?.marker.getElement();
        return element?.isConnected ? element.textContent : null;
      },
      selectedAreaShare: () => {
        const map = context?.map;
        if (!map || highlighted === null) return null;
        const shape = boundsOf(features(map, ["all", ["!", IS_LABEL], ["==", ["get", "code"], highlighted]]).map((feature) => feature.geometry));
        if (!shape) return null;
        const [west, south, east, north] = shape;
        const [topLeft, bottomRight] = [map.project([west, north]), map.project([east, south])];
        const canvas = map.getCanvas();
        return { width: (bottomRight.x - topLeft.x) / canvas.clientWidth, height: (bottomRight.y - topLeft.y) / canvas.clientHeight };
      },
    }),
  };
}
