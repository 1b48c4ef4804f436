/**
 * The map: the only module that imports maplibre-gl. React creates one controller per page and feeds it through
 * setters that are idempotent and memoized (same input, no work), so re-renders never rebuild the map or reload data.
 * The style is self-contained: GeoJSON sources and fill/line layers only, no tiles, sprites or glyphs, so the page
 * makes no request to any other host. Place names are HTML markers, because symbol layers would need a glyph server.
 */
import * as maplibregl from "maplibre-gl";
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";
import "maplibre-gl/dist/maplibre-gl.css";
import "./map-labels.css";
import type { FeatureCollection, Geometry } from "geojson";
import { boundsOf, JINCHENG_BOUNDS, labelPointOf, type Bounds } from "../lib/polygon-geometry.ts";
import { COUNTY_LAYER_IDS, COUNTY_SOURCE_ID, countyLayers, countySource } from "./layers/counties.layer.ts";
import { TOWNSHIP_LAYER_IDS, TOWNSHIP_SOURCE_ID, townshipLayers, townshipSource } from "./layers/townships.layer.ts";
import { MAP_TEST_HOOK_NAME, type MapTestHook, type RenderedFeature } from "./map-test-hook.ts";
import type { StyleSpecification } from "./style-types.ts";

// MapLibre 6 does not find its worker by itself under Vite: hand it the URL of the bundled worker module.
maplibregl.setWorkerUrl(workerUrl);

/** What the map needs of a boundary feature; the API's boundary collections fit this shape. */
export interface BoundaryFeatureProperties {
  code: string;
  name: string;
  provenance: string;
}

export type BoundaryFeatures = FeatureCollection<Geometry, BoundaryFeatureProperties>;

/** Words the map shows itself (screen-reader label of the canvas). */
export interface MapLabels {
  map: string;
}

export interface MapControllerOptions {
  container: HTMLElement;
  labels: MapLabels;
  /** Called when the user clicks a county polygon; never called for changes made through the setters. */
  onCountyClick(code: string): void;
  /** Install the window hook for the browser tests (see map-test-hook.ts). */
  exposeTestHook?: boolean;
}

export interface MapController {
  /** Shows these county polygons; the first non-empty collection also fits the map to them. Same object: no-op. */
  setCountyBoundaries(collection: BoundaryFeatures): void;
  /** Shows these township outlines (an empty collection shows none). Same object: no-op. */
  setTownshipBoundaries(collection: BoundaryFeatures): void;
  /**
   * Highlights one county (null: none). With `focus`, also moves the map to it when it has a polygon. The same code
   * again is a no-op, so echoing back a selection that came from a map click does not move the map.
   */
  setSelectedCounty(code: string | null, options: { focus: boolean }): void;
  setLabels(labels: MapLabels): void;
  zoomIn(): void;
  zoomOut(): void;
  /** Fits the map to every county polygon, or to Jincheng's extent when there is none. */
  showWholeCity(): void;
  /** Removes the map, its markers and the test hook. Calling it twice is harmless. */
  destroy(): void;
}

function baseStyle(): StyleSpecification {
  return {
    version: 8,
    sources: { [COUNTY_SOURCE_ID]: countySource(), [TOWNSHIP_SOURCE_ID]: townshipSource() },
    layers: [{ id: "background", type: "background", paint: { "background-color": "#f3f1ea" } }, ...countyLayers(), ...townshipLayers()],
  };
}

/** Room around fitted data: more on the right, where the zoom buttons sit over the map. */
const FIT_PADDING = { top: 24, bottom: 24, left: 24, right: 64 };

function prefersReducedMotion(): boolean {
  return typeof window.matchMedia === "function" && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
}

export function createMapController(options: MapControllerOptions): MapController {
  const map = new maplibregl.Map({
    container: options.container,
    style: baseStyle(),
    bounds: JINCHENG_BOUNDS,
    fitBoundsOptions: { padding: 16 },
    // A flat administrative map: rotation and pitch only disorient, and there is nothing to attribute but our own data.
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
    attributionControl: false,
    minZoom: 5,
    maxZoom: 16,
    locale: { "Map.Title": options.labels.map },
  });
  map.touchZoomRotate.disableRotation();
  map.keyboard.disableRotation();

  let destroyed = false;
  let styleLoaded = false;
  const afterLoad: Array<() => void> = [];
  const whenLoaded = (action: () => void): void => {
    if (destroyed) return;
    if (styleLoaded) action();
    else afterLoad.push(action);
  };
  map.once("load", () => {
    styleLoaded = true;
    for (const action of afterLoad.splice(0)) action();
  });

  let counties: BoundaryFeatures | undefined;
  let townships: BoundaryFeatures | undefined;
  let countyBounds: Bounds | null = null;
  let fittedToData = false;
  let selectedCode: string | null = null;
  let hoveredCode: string | null = null;
  let canvasLabel = options.labels.map;
  const labelElements = new Map<string, HTMLElement>();
  let labelMarkers: maplibregl.Marker[] = [];

  let isReady = false;
  let waitingForIdle = false;
  let resolveReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });
  const noteDataApplied = (): void => {
    if (isReady || waitingForIdle || counties === undefined || townships === undefined) return;
    waitingForIdle = true;
    // setData is processed in the worker; `idle` fires only once every source has loaded and drawn what it was given.
    map.once("idle", () => {
      isReady = true;
      resolveReady();
    });
    map.triggerRepaint();
  };

  const geoJsonSource = (id: string): maplibregl.GeoJSONSource | undefined => map.getSource<maplibregl.GeoJSONSource>(id);

  const renderCountyLabels = (collection: BoundaryFeatures): void => {
    for (const marker of labelMarkers) marker.remove();
    labelElements.clear();
    labelMarkers = [];
    for (const feature of collection.features) {
      const point = labelPointOf(feature.geometry);
      if (!point) continue;
      const element = document.createElement("div");
      element.className = "map-label";
      element.textContent = feature.properties.name;
      element.classList.toggle("map-label--selected", feature.properties.code === selectedCode);
      labelMarkers.push(new maplibregl.Marker({ element, anchor: "center" }).setLngLat(point).addTo(map));
      // The county list already names every county for screen readers; these labels are visual only.
      element.removeAttribute("role");
      element.removeAttribute("aria-label");
      element.setAttribute("aria-hidden", "true");
      labelElements.set(feature.properties.code, element);
    }
  };

  const setCountyState = (code: string | null, state: Record<string, boolean>): void => {
    if (code !== null) map.setFeatureState({ source: COUNTY_SOURCE_ID, id: code }, state);
  };

  const fit = (bounds: Bounds, padding: number | typeof FIT_PADDING, animate: boolean, maxZoom?: number): void => {
    map.fitBounds(bounds, { padding, duration: animate && !prefersReducedMotion() ? 500 : 0, ...(maxZoom ? { maxZoom } : {}) });
  };

  map.on("click", COUNTY_LAYER_IDS.fill, (event) => {
    const code: unknown = event.features?.[0]?.properties.code;
    if (typeof code === "string") options.onCountyClick(code);
  });
  map.on("mousemove", COUNTY_LAYER_IDS.fill, (event) => {
    const code: unknown = event.features?.[0]?.properties.code;
    const next = typeof code === "string" ? code : null;
    if (next === hoveredCode) return;
    setCountyState(hoveredCode, { hover: false });
    hoveredCode = next;
    setCountyState(hoveredCode, { hover: true });
    map.getCanvas().style.cursor = "pointer";
  });
  map.on("mouseleave", COUNTY_LAYER_IDS.fill, () => {
    setCountyState(hoveredCode, { hover: false });
    hoveredCode = null;
    map.getCanvas().style.cursor = "";
  });

  if (options.exposeTestHook) {
    const hook: MapTestHook = {
      ready,
      get isReady() {
        return isReady;
      },
      layerIds: {
        countyFill: COUNTY_LAYER_IDS.fill,
        countyLine: COUNTY_LAYER_IDS.line,
        countyApproximateLine: COUNTY_LAYER_IDS.approximateLine,
        townshipLine: TOWNSHIP_LAYER_IDS.line,
        townshipApproximateLine: TOWNSHIP_LAYER_IDS.approximateLine,
      },
      queryRenderedFeatures(layerIds) {
        return map.queryRenderedFeatures(layerIds ? { layers: layerIds } : {}).map(
          (feature): RenderedFeature => ({
            layerId: feature.layer.id,
            sourceId: feature.source,
            id: feature.id,
            properties: { ...feature.properties },
            state: { ...feature.state },
          }),
        );
      },
      clientPointOf(lngLat) {
        const point = map.project(lngLat);
        const box = map.getCanvas().getBoundingClientRect();
        return { x: box.left + point.x, y: box.top + point.y };
      },
      isMoving: () => map.isMoving(),
    };
    (window as unknown as Record<string, unknown>)[MAP_TEST_HOOK_NAME] = hook;
  }

  return {
    setCountyBoundaries(collection) {
      if (collection === counties) return;
      counties = collection;
      countyBounds = boundsOf(collection.features.map((feature) => feature.geometry));
      whenLoaded(() => {
        geoJsonSource(COUNTY_SOURCE_ID)?.setData(collection);
        renderCountyLabels(collection);
        // Fit once, to the first data: later updates must not yank the view away from where the user is looking.
        if (!fittedToData && countyBounds) {
          fit(countyBounds, FIT_PADDING, false);
          fittedToData = true;
        }
        noteDataApplied();
      });
    },

    setTownshipBoundaries(collection) {
      if (collection === townships) return;
      townships = collection;
      whenLoaded(() => {
        geoJsonSource(TOWNSHIP_SOURCE_ID)?.setData(collection);
        noteDataApplied();
      });
    },

    setSelectedCounty(code, { focus }) {
      if (code === selectedCode) return;
      const previous = selectedCode;
      selectedCode = code;
      whenLoaded(() => {
        setCountyState(previous, { selected: false });
        setCountyState(code, { selected: true });
        if (previous !== null) labelElements.get(previous)?.classList.remove("map-label--selected");
        if (code !== null) labelElements.get(code)?.classList.add("map-label--selected");
        if (!focus || code === null) return;
        const feature = counties?.features.find((candidate) => candidate.properties.code === code);
        const bounds = feature ? boundsOf([feature.geometry]) : null;
        if (bounds) fit(bounds, 48, true, 11);
      });
    },

    setLabels(labels) {
      if (labels.map === canvasLabel) return;
      canvasLabel = labels.map;
      map.getCanvas().setAttribute("aria-label", labels.map);
    },

    zoomIn: () => map.zoomIn({ duration: prefersReducedMotion() ? 0 : 250 }),
    zoomOut: () => map.zoomOut({ duration: prefersReducedMotion() ? 0 : 250 }),
    showWholeCity: () => fit(countyBounds ?? JINCHENG_BOUNDS, FIT_PADDING, true),

    destroy() {
      if (destroyed) return;
      destroyed = true;
      afterLoad.length = 0;
      for (const marker of labelMarkers) marker.remove();
      map.remove();
      const registry = window as unknown as Record<string, unknown>;
      if (options.exposeTestHook) delete registry[MAP_TEST_HOOK_NAME];
    },
  };
}
