/**
 * The finder's map: with flat-map.ts (what it shares with the dashboard's map), the only module of the public page
 * that imports maplibre-gl. React creates one controller per page
 * and feeds it through setters that are idempotent and memoized (same input, no work), so re-renders never rebuild
 * the map or reload data. The style is self-contained: the server's vector tiles, fill and line layers, no sprites or
 * glyphs, and a basemap only when the installation configured one, so by default the page makes no request to any
 * other host. County names are HTML markers, because symbol layers would need a glyph server.
 */
import * as maplibregl from "maplibre-gl";
import "./map-labels.css";
import type { Geometry } from "geojson";
import { boundsOf, JINCHENG_BOUNDS, labelPointOf, type Bounds } from "../lib/polygon-geometry.ts";
import type { BasemapConfig } from "../api/client-config.ts";
import { BASEMAP_LAYER_IDS, basemapStyleParts } from "./basemap.ts";
import { BELT_LAYER_IDS, BELTS_SOURCE_ID, BELTS_SOURCE_LAYER, beltLayers, beltsSource } from "./layers/belts.layer.ts";
import {
  DIVISION_LAYER_IDS,
  DIVISIONS_SOURCE_ID,
  DIVISIONS_SOURCE_LAYER,
  divisionLayers,
  divisionsSource,
  type VectorTileSet,
} from "./layers/divisions.layer.ts";
import { createFlatMap, loadQueue } from "./flat-map.ts";
import { MAP_TEST_HOOK_NAME, type MapTestHook, type RenderedFeature } from "./map-test-hook.ts";
import type { StyleSpecification } from "./style-types.ts";

export type { VectorTileSet };

/** [longitude, latitude] in WGS84 degrees. */
export type LngLatTuple = [number, number];

/** Words the map shows itself or gives to screen readers. */
export interface MapLabels {
  /** Accessible name of the map canvas. */
  map: string;
  /** Accessible name of the attribution button. */
  attribution: string;
}

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

/** The chosen area and belts, drawn highlighted; null / empty for none. */
export interface Highlight {
  divisionCode: string | null;
  beltCodes: readonly string[];
}

export interface MapControllerOptions {
  container: HTMLElement;
  labels: MapLabels;
  /** The division tiles when already known: they go into the first style, so the first frame needs no second pass. */
  divisionTiles?: VectorTileSet | null;
  /** A click or tap anywhere on the map; never called for changes made through the setters. */
  onMapClick(point: LngLatTuple): void;
  /** What the drawn tiles hold (see MapDataSummary). */
  onDataSummary(summary: MapDataSummary): void;
  /** Install the window hook for the browser tests (see map-test-hook.ts). */
  exposeTestHook?: boolean;
}

export interface MapController {
  /** Draws the division tiles of this tile set (a new TileJSON replaces the source); null draws none. Same object: no-op. */
  setDivisionTiles(tileSet: VectorTileSet | null): void;
  /** Makes the belts drawable (they show only when highlighted). Same object: no-op. */
  setBeltTiles(tileSet: VectorTileSet | null): void;
  /** Puts the installation's basemap under everything, or removes it (null). Same object: no-op. */
  setBasemap(basemap: BasemapConfig | null): void;
  /** Highlights one division and some belts. The same codes again: no-op. */
  setHighlight(highlight: Highlight): void;
  /** Shows the pin of the place asked about (a tap, the visitor's location, a search result), or none. */
  setMarker(point: LngLatTuple | null): void;
  /** Moves the camera (see FocusTarget). */
  focus(target: FocusTarget): void;
  setLabels(labels: MapLabels): void;
  /** The centre of the map now, so a keyboard user can ask about the place they panned to. */
  center(): LngLatTuple;
  zoomIn(): void;
  zoomOut(): void;
  /** Fits the map to Jincheng. */
  showWholeCity(): void;
  /** Removes the map, its markers and the test hook. Calling it twice is harmless. */
  destroy(): void;
}

const BACKGROUND_LAYER_ID = "background";

function baseStyle(divisionTiles: VectorTileSet | null): StyleSpecification {
  return {
    version: 8,
    sources: divisionTiles ? { [DIVISIONS_SOURCE_ID]: divisionsSource(divisionTiles) } : {},
    layers: [
      { id: BACKGROUND_LAYER_ID, type: "background", paint: { "background-color": "#f3f1ea" } },
      ...(divisionTiles ? divisionLayers() : []),
    ],
  };
}

/** Room around a fitted area, so its outline does not touch the zoom buttons. */
const FIT_PADDING = { top: 32, bottom: 32, left: 32, right: 64 };
/** Zoom from which the division tiles carry townships (sql/functions/tiles/divisions.sql). */
const TOWNSHIP_MIN_ZOOM = 6;

function prefersReducedMotion(): boolean {
  return typeof window.matchMedia === "function" && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
}

function boundsArea([west, south, east, north]: Bounds): number {
  return (east - west) * (north - south);
}

function pinElement(): HTMLElement {
  const element = document.createElement("div");
  element.className = "map-pin";
  element.setAttribute("aria-hidden", "true");
  element.innerHTML =
    '<svg width="30" height="40" viewBox="0 0 30 40"><path d="M15 39C15 39 28 24 28 14a13 13 0 1 0-26 0c0 10 13 25 13 25z" ' +
    'fill="#b91c1c" stroke="#fff" stroke-width="2"/><circle cx="15" cy="14" r="5" fill="#fff"/></svg>';
  return element;
}

/**
 * Creates the map in `options.container` (it throws when the browser cannot start WebGL2) and returns its setters.
 * Until `setDivisionTiles` is called (or `options.divisionTiles` given) the map shows Jincheng's extent, empty.
 */
export function createMapController(options: MapControllerOptions): MapController {
  // Start the worker first: it must load and compile its share of MapLibre before it can ask for the first tile, and
  // the Map constructor would create the WebGL context (slow in software rendering) before it.
  maplibregl.prewarm();
  const map = createFlatMap({
    container: options.container,
    style: baseStyle(options.divisionTiles ?? null),
    attributionControl: false,
    maxZoom: 17,
    // The style is built here and checked by the type system; validating it again costs the first frame time.
    validateStyle: false,
    locale: { "Map.Title": options.labels.map, "AttributionControl.ToggleAttribution": options.labels.attribution },
  });
  // Compact: the data and basemap credits sit behind an (i) button instead of covering a phone's map.
  map.addControl(new maplibregl.AttributionControl({ compact: true }), "bottom-right");

  const queue = loadQueue(map);
  const whenLoaded = queue.whenLoaded;

  let divisionTiles: VectorTileSet | null = options.divisionTiles ?? null;
  let beltTiles: VectorTileSet | null = null;
  let basemap: BasemapConfig | null = null;
  let basemapSourceIds: string[] = [];
  let highlightedDivision: string | null = null;
  let highlightedBelts: readonly string[] = [];
  let markerPoint: LngLatTuple | null = null;
  let marker: maplibregl.Marker | null = null;
  let lastFocusId: number | null = null;
  let labelMarkers = new Map<string, maplibregl.Marker>();
  let summary: MapDataSummary | null = null;

  let isReady = false;
  let readyAt: number | null = null;
  let firstTileLoaded = false;
  let firstDataFrameAt: number | null = null;
  let resolveReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });

  const setDivisionState = (code: string | null, selected: boolean): void => {
    if (code === null || !map.getSource(DIVISIONS_SOURCE_ID)) return;
    map.setFeatureState({ source: DIVISIONS_SOURCE_ID, sourceLayer: DIVISIONS_SOURCE_LAYER, id: code }, { selected });
  };
  const setBeltState = (code: string, selected: boolean): void => {
    if (!map.getSource(BELTS_SOURCE_ID)) return;
    map.setFeatureState({ source: BELTS_SOURCE_ID, sourceLayer: BELTS_SOURCE_LAYER, id: code }, { selected });
  };

  /** Features of the loaded division tiles (each tile's piece of a feature separately). */
  const divisionFeatures = (filter?: maplibregl.FilterSpecification): maplibregl.GeoJSONFeature[] =>
    map.getSource(DIVISIONS_SOURCE_ID)
      ? map.querySourceFeatures(DIVISIONS_SOURCE_ID, { sourceLayer: DIVISIONS_SOURCE_LAYER, ...(filter ? { filter } : {}) })
      : [];

  const clearCountyLabels = (): void => {
    for (const label of labelMarkers.values()) label.remove();
    labelMarkers = new Map();
  };

  /**
   * County names at a point inside each county, placed once the county's tiles are loaded. A county spans several
   * tiles and each holds its own clipped piece, so the label goes inside the largest piece loaded when first placed.
   */
  const placeCountyLabels = (): void => {
    const pieces = new Map<string, { name: string; geometry: Geometry; area: number }>();
    for (const feature of divisionFeatures(["==", ["get", "level"], "county"])) {
      const code: unknown = feature.properties.code;
      const name: unknown = feature.properties.name;
      if (typeof code !== "string" || typeof name !== "string" || labelMarkers.has(code)) continue;
      const bounds = boundsOf([feature.geometry]);
      if (!bounds) continue;
      const area = boundsArea(bounds);
      if ((pieces.get(code)?.area ?? -1) < area) pieces.set(code, { name, geometry: feature.geometry, area });
    }
    for (const [code, piece] of pieces) {
      const point = labelPointOf(piece.geometry);
      if (!point) continue;
      const element = document.createElement("div");
      element.className = "map-label";
      element.textContent = piece.name;
      // Visual only: the answer panel names every place for screen readers.
      element.setAttribute("aria-hidden", "true");
      const label = new maplibregl.Marker({ element, anchor: "center" }).setLngLat(point).addTo(map);
      element.removeAttribute("role");
      element.removeAttribute("aria-label");
      element.removeAttribute("tabindex");
      labelMarkers.set(code, label);
    }
  };

  const reportSummary = (): void => {
    // Below this zoom the tiles carry no township at all, so their absence says nothing.
    if (map.getZoom() < TOWNSHIP_MIN_ZOOM || !map.getSource(DIVISIONS_SOURCE_ID)) return;
    const features = divisionFeatures();
    if (features.length === 0) return;
    const next: MapDataSummary = {
      townshipBoundaries: features.some((feature) => feature.properties.level === "township"),
      approximateBoundaries: features.some((feature) => feature.properties.provenance === "approximate"),
    };
    if (summary && summary.townshipBoundaries === next.townshipBoundaries && summary.approximateBoundaries === next.approximateBoundaries) return;
    summary = next;
    options.onDataSummary(next);
  };

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
    if (queue.closed || !map.getSource(DIVISIONS_SOURCE_ID) || !map.isSourceLoaded(DIVISIONS_SOURCE_ID)) return;
    if (!isReady) {
      isReady = true;
      readyAt = performance.now();
      resolveReady();
      // MapLibre opens a compact attribution at first and folds it on the first drag; the data credits are long, so
      // fold them once the map shows data, behind the (i) button. A basemap's credit stays in view, as its terms ask.
      if (!basemap) {
        const attribution = map.getContainer().querySelector(".maplibregl-ctrl-attrib.maplibregl-compact-show");
        attribution?.classList.remove("maplibregl-compact-show");
        attribution?.removeAttribute("open");
      }
    }
    placeCountyLabels();
    reportSummary();
  });

  map.on("click", (event) => {
    options.onMapClick([event.lngLat.lng, event.lngLat.lat]);
  });

  const fit = (bounds: Bounds, maxZoom: number): void => {
    map.fitBounds(bounds, { padding: FIT_PADDING, maxZoom, duration: prefersReducedMotion() ? 0 : 700 });
  };

  const addDivisionLayers = (tileSet: VectorTileSet): void => {
    for (const layer of divisionLayers()) if (map.getLayer(layer.id)) map.removeLayer(layer.id);
    if (map.getSource(DIVISIONS_SOURCE_ID)) map.removeSource(DIVISIONS_SOURCE_ID);
    clearCountyLabels();
    summary = null;
    map.addSource(DIVISIONS_SOURCE_ID, divisionsSource(tileSet));
    // Below the belts when those are already there, so a highlighted belt stays visible over the townships.
    const beforeId = map.getLayer(BELT_LAYER_IDS.halo) ? BELT_LAYER_IDS.halo : undefined;
    for (const layer of divisionLayers()) map.addLayer(layer, beforeId);
    setDivisionState(highlightedDivision, true);
  };

  if (options.exposeTestHook) {
    const selectedCodes = (...layerIds: string[]): string[] =>
      layerIds.every((layerId) => map.getLayer(layerId))
        ? [
            ...new Set(
              map
                .queryRenderedFeatures({ layers: layerIds })
                .filter((feature) => feature.state.selected === true)
                .map((feature) => String(feature.properties.code)),
            ),
          ].sort()
        : [];
    const hook: MapTestHook = {
      ready,
      get isReady() {
        return isReady;
      },
      get readyAt() {
        return readyAt;
      },
      get firstDataFrameAt() {
        return firstDataFrameAt;
      },
      layerIds: {
        countyFill: DIVISION_LAYER_IDS.countyFill,
        townshipFill: DIVISION_LAYER_IDS.townshipFill,
        townshipLine: DIVISION_LAYER_IDS.townshipLine,
        townshipApproximateLine: DIVISION_LAYER_IDS.townshipApproximateLine,
        countyLine: DIVISION_LAYER_IDS.countyLine,
        countyApproximateLine: DIVISION_LAYER_IDS.countyApproximateLine,
        beltLine: BELT_LAYER_IDS.line,
      },
      queryRenderedFeatures(layerIds) {
        const existing = layerIds?.filter((id) => map.getLayer(id));
        if (existing && existing.length === 0) return [];
        return map.queryRenderedFeatures(existing ? { layers: existing } : {}).map(
          (feature): RenderedFeature => ({
            layerId: feature.layer.id,
            sourceId: feature.source,
            id: feature.id,
            properties: { ...feature.properties },
            state: { ...feature.state },
          }),
        );
      },
      selectedDivisionCodes: () => selectedCodes(DIVISION_LAYER_IDS.countyFill, DIVISION_LAYER_IDS.townshipFill),
      selectedBeltCodes: () => selectedCodes(BELT_LAYER_IDS.line),
      clientPointOf(lngLat) {
        const point = map.project(lngLat);
        const box = map.getCanvas().getBoundingClientRect();
        return { x: box.left + point.x, y: box.top + point.y };
      },
      isMoving: () => map.isMoving(),
      jumpTo: (center, zoom) => map.jumpTo({ center, zoom }),
      view: () => ({ center: map.getCenter().toArray(), zoom: map.getZoom() }),
      markerPosition: () => (marker ? marker.getLngLat().toArray() : null),
      styleLayerIds: () => map.getStyle().layers.map((layer) => layer.id),
      attribution: () => {
        const control = map.getContainer().querySelector(".maplibregl-ctrl-attrib");
        return {
          text: control?.querySelector(".maplibregl-ctrl-attrib-inner")?.textContent ?? "",
          expanded: control !== null && (!control.classList.contains("maplibregl-compact") || control.classList.contains("maplibregl-compact-show")),
        };
      },
      idle: () =>
        new Promise<void>((resolve) => {
          if (map.loaded() && !map.isMoving()) resolve();
          else map.once("idle", () => resolve());
        }),
    };
    (window as unknown as Record<string, unknown>)[MAP_TEST_HOOK_NAME] = hook;
  }

  return {
    setDivisionTiles(tileSet) {
      if (tileSet === divisionTiles) return;
      divisionTiles = tileSet;
      whenLoaded(() => {
        if (tileSet) addDivisionLayers(tileSet);
        else {
          for (const layer of divisionLayers()) if (map.getLayer(layer.id)) map.removeLayer(layer.id);
          if (map.getSource(DIVISIONS_SOURCE_ID)) map.removeSource(DIVISIONS_SOURCE_ID);
          clearCountyLabels();
        }
      });
    },

    setBeltTiles(tileSet) {
      if (tileSet === beltTiles) return;
      beltTiles = tileSet;
      whenLoaded(() => {
        for (const layer of beltLayers()) if (map.getLayer(layer.id)) map.removeLayer(layer.id);
        if (map.getSource(BELTS_SOURCE_ID)) map.removeSource(BELTS_SOURCE_ID);
        if (!tileSet) return;
        map.addSource(BELTS_SOURCE_ID, beltsSource(tileSet));
        for (const layer of beltLayers()) map.addLayer(layer);
        for (const code of highlightedBelts) setBeltState(code, true);
      });
    },

    setBasemap(next) {
      if (next === basemap) return;
      basemap = next;
      whenLoaded(() => {
        for (const id of BASEMAP_LAYER_IDS) if (map.getLayer(id)) map.removeLayer(id);
        for (const id of basemapSourceIds) if (map.getSource(id)) map.removeSource(id);
        const parts = basemapStyleParts(next);
        basemapSourceIds = Object.keys(parts.sources);
        for (const [id, source] of Object.entries(parts.sources)) map.addSource(id, source);
        // Directly above the background, under every layer of the project's own data.
        const style = map.getStyle();
        const firstDataLayer = style.layers.find((layer) => layer.id !== BACKGROUND_LAYER_ID && !parts.layers.some((part) => part.id === layer.id));
        for (const layer of parts.layers) map.addLayer(layer, firstDataLayer?.id);
      });
    },

    setHighlight({ divisionCode, beltCodes }) {
      const sameBelts = beltCodes.length === highlightedBelts.length && beltCodes.every((code, index) => code === highlightedBelts[index]);
      if (divisionCode === highlightedDivision && sameBelts) return;
      const previousDivision = highlightedDivision;
      const previousBelts = highlightedBelts;
      highlightedDivision = divisionCode;
      highlightedBelts = [...beltCodes];
      whenLoaded(() => {
        setDivisionState(previousDivision, false);
        setDivisionState(divisionCode, true);
        for (const code of previousBelts) setBeltState(code, false);
        for (const code of beltCodes) setBeltState(code, true);
      });
    },

    setMarker(point) {
      if (point === markerPoint || (point && markerPoint && point[0] === markerPoint[0] && point[1] === markerPoint[1])) return;
      markerPoint = point;
      if (!point) {
        marker?.remove();
        marker = null;
        return;
      }
      if (!marker) marker = new maplibregl.Marker({ element: pinElement(), anchor: "bottom" }).setLngLat(point).addTo(map);
      else marker.setLngLat(point);
      marker.getElement().removeAttribute("tabindex");
    },

    focus(target) {
      if (target.id === lastFocusId) return;
      lastFocusId = target.id;
      whenLoaded(() => {
        const shape =
          target.divisionCode === null ? null : boundsOf(divisionFeatures(["==", ["get", "code"], target.divisionCode]).map((feature) => feature.geometry));
        if (shape) fit(shape, target.zoom);
        else if (target.center)
          map.flyTo({ center: target.center, zoom: Math.max(target.zoom, 5), duration: prefersReducedMotion() ? 0 : 900, essential: false });
      });
    },

    setLabels(labels) {
      map.getCanvas().setAttribute("aria-label", labels.map);
      map
        .getContainer()
        .querySelector(".maplibregl-ctrl-attrib-button")
        ?.setAttribute("aria-label", labels.attribution);
    },

    center: () => map.getCenter().toArray(),
    zoomIn: () => map.zoomIn({ duration: prefersReducedMotion() ? 0 : 250 }),
    zoomOut: () => map.zoomOut({ duration: prefersReducedMotion() ? 0 : 250 }),
    showWholeCity: () => fit(JINCHENG_BOUNDS, 12),

    destroy() {
      if (queue.closed) return;
      queue.close();
      clearCountyLabels();
      marker?.remove();
      map.remove();
      const registry = window as unknown as Record<string, unknown>;
      if (options.exposeTestHook) delete registry[MAP_TEST_HOOK_NAME];
    },
  };
}
