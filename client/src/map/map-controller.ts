/**
 * The one map of every page: with the layer modules under layers/, the only code that imports maplibre-gl (deck.gl
 * comes only inside the project-sites layer, on demand). A page creates one controller with its list of layers
 * (map-layer.ts) and feeds both through setters that are idempotent and memoized (same input, no work), so React
 * re-renders never rebuild the map or reload data. The style is self-contained: the server's data, fill, line and
 * symbol layers, no sprites and no glyphs URL (MapLibre then draws every character with the browser's fonts), and a
 * basemap only when the installation configured one (and, where the page offers it as a choice, the visitor chose
 * it), so by default the page makes no request to any other host.
 */
import * as maplibregl from "maplibre-gl";
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";
import "maplibre-gl/dist/maplibre-gl.css";
import "./map-labels.css";
import { JINCHENG_BOUNDS, type Bounds } from "../lib/polygon-geometry.ts";
import type { BasemapConfig } from "./basemap.ts";
import type { LayerContext, LngLatTuple, MapLayer, StyleParts } from "./map-layer.ts";
import { MAP_TEST_HOOK_NAME, type MapTestHook, type RenderedFeature } from "./map-test-hook.ts";
import type { LayerSpecification, SourceSpecification, StyleSpecification } from "./style-types.ts";

export type { LngLatTuple, MapLayer };

// Under Vite MapLibre does not find its worker by itself: hand it the URL of the bundled worker module. In the build
// that is the worker entry built from MapLibre's sources beside the app (see vite.config.ts).
maplibregl.setWorkerUrl(workerUrl);

/** Words the map shows itself or gives to screen readers. */
export interface MapLabels {
  /** Accessible name of the map canvas. */
  map: string;
  /** Accessible name of the attribution button; absent: MapLibre's own. */
  attribution?: string;
  /** Shown on a touch screen when one finger tries to move a map with cooperative gestures (read once). */
  twoFingers?: string;
}

export interface FitPadding {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** How a page's camera behaves. */
export interface CameraOptions {
  maxZoom: number;
  /** Deepest zoom a fit goes to unless a layer asks for another, and of "show the whole city". */
  fitMaxZoom: number;
  /** How long a fit animates, in milliseconds (0 when the visitor prefers reduced motion). */
  fitMs: number;
  /** Room around a fitted area on a map `width` CSS pixels wide, so its outline does not touch the zoom buttons. */
  fitPadding(width: number): FitPadding;
}

export interface MapControllerOptions {
  container: HTMLElement;
  labels: MapLabels;
  /** The page's layers, bottom to top. */
  layers: readonly MapLayer[];
  camera: CameraOptions;
  /** One finger scrolls the page and two move the map (a long page on a touch screen). */
  cooperativeGestures?: boolean;
  /** A click or tap that no layer answered; never called for changes made through the setters. */
  onMapClick?(point: LngLatTuple): void;
  /**
   * The page offers the installation's basemap as a choice instead of drawing it at once: `onOffer` hears which
   * basemap there is (null: none), and nothing is drawn or requested until showBasemap(true).
   */
  basemapChoice?: { onOffer(basemap: BasemapConfig | null): void };
  /** Install the window hook for the browser tests (see map-test-hook.ts). */
  exposeTestHook?: boolean;
}

export interface MapController {
  /**
   * The installation's basemap (null: none). It goes under everything at once, or, with `basemapChoice`, when the
   * visitor asks for it (showBasemap). Same object: no-op.
   */
  setBasemap(basemap: BasemapConfig | null): void;
  /** With `basemapChoice`: draws the offered basemap (true) or takes it away (false). Without one: no-op. */
  showBasemap(shown: boolean): void;
  /** Shows the pin of the place asked about (a tap, the visitor's location, a search result), or none. */
  setMarker(point: LngLatTuple | null): void;
  setLabels(labels: MapLabels): void;
  /** The centre of the map now, so a keyboard user can ask about the place they panned to. */
  center(): LngLatTuple;
  zoomIn(): void;
  zoomOut(): void;
  /** Fits the map to the topmost layer's data extent, or to Jincheng's when no layer has one. */
  showWholeCity(): void;
  /** Removes the map, its layers' markers and overlays, and the test hook. Calling it twice is harmless. */
  destroy(): void;
}

const BACKGROUND_LAYER_ID = "background";

function prefersReducedMotion(): boolean {
  return typeof window.matchMedia === "function" && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
}

function baseStyle(parts: readonly StyleParts[]): StyleSpecification {
  return {
    version: 8,
    sources: Object.assign({}, ...parts.map((part) => part.sources)),
    layers: [{ id: BACKGROUND_LAYER_ID, type: "background", paint: { "background-color": "#f3f1ea" } }, ...parts.flatMap((part) => part.layers)],
  };
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
 * Creates the map in `options.container`, opened on Jincheng without rotation or pitch (on a flat administrative map
 * they only disorient), attaches the layers and returns the setters. Throws when the browser cannot start WebGL2.
 */
export function createMapController(options: MapControllerOptions): MapController {
  const { camera, layers } = options;
  // Start the worker first: it must load and compile its share of MapLibre before it can ask for the first tile, and
  // the Map constructor would create the WebGL context (slow in software rendering) before it.
  maplibregl.prewarm();
  const locale: Record<string, string> = { "Map.Title": options.labels.map };
  if (options.labels.attribution) locale["AttributionControl.ToggleAttribution"] = options.labels.attribution;
  if (options.labels.twoFingers) locale["CooperativeGesturesHandler.MobileHelpText"] = options.labels.twoFingers;
  const parts = layers.map((layer) => layer.style?.() ?? { sources: {}, layers: [] });
  const map = new maplibregl.Map({
    container: options.container,
    style: baseStyle(parts),
    bounds: JINCHENG_BOUNDS,
    fitBoundsOptions: { padding: 16 },
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
    minZoom: 5,
    maxZoom: camera.maxZoom,
    cooperativeGestures: options.cooperativeGestures ?? false,
    attributionControl: false,
    // The style is built here and checked by the type system; validating it again costs the first frame time.
    validateStyle: false,
    locale,
  });
  map.touchZoomRotate.disableRotation();
  map.keyboard.disableRotation();
  // Compact: the data and basemap credits sit behind an (i) button instead of covering a phone's map.
  map.addControl(new maplibregl.AttributionControl({ compact: true }), "bottom-right");

  // Work that needs the style: run at once once it has loaded, kept until then, dropped once the map is closed.
  let loaded = false;
  let closed = false;
  const waiting: Array<() => void> = [];
  const whenLoaded = (action: () => void): void => {
    if (closed) return;
    if (loaded) action();
    else waiting.push(action);
  };
  map.once("load", () => {
    loaded = true;
    for (const action of waiting.splice(0)) action();
  });

  /** The installation's basemap; undefined until the page has said (so that "none" is heard too). */
  let basemap: BasemapConfig | null | undefined;
  let basemapShown = options.basemapChoice === undefined;
  /** What is drawn, or being drawn once its module arrives. */
  let drawnBasemap: BasemapConfig | null = null;
  /** Its layers and sources as added, so that a change takes exactly those away. */
  let basemapLayerIds: string[] = [];
  let basemapSourceIds: string[] = [];
  /** Counts basemap changes, so that one whose module arrives after a later change is dropped. */
  let basemapChange = 0;

  // The basemap's module (its tile URLs) is loaded the first time a basemap is drawn: most visitors never need it.
  const drawBasemap = (): void => {
    const wanted = basemapShown ? (basemap ?? null) : null;
    if (wanted === drawnBasemap) return;
    drawnBasemap = wanted;
    const change = ++basemapChange;
    const draw = (parts: { sources: Record<string, SourceSpecification>; layers: LayerSpecification[] } | null): void =>
      whenLoaded(() => {
        if (change !== basemapChange) return;
        for (const id of basemapLayerIds) if (map.getLayer(id)) map.removeLayer(id);
        for (const id of basemapSourceIds) if (map.getSource(id)) map.removeSource(id);
        basemapLayerIds = parts?.layers.map((layer) => layer.id) ?? [];
        basemapSourceIds = Object.keys(parts?.sources ?? {});
        if (!parts) return;
        for (const [id, source] of Object.entries(parts.sources)) map.addSource(id, source);
        // Directly above the background, under every layer of the project's own data.
        const firstDataLayer = map.getStyle().layers.find((layer) => layer.id !== BACKGROUND_LAYER_ID && !basemapLayerIds.includes(layer.id));
        for (const layer of parts.layers) map.addLayer(layer, firstDataLayer?.id);
        // The basemap's terms ask for its credit in view: unfold the attribution that was folded at first.
        const attribution = map.getContainer().querySelector(".maplibregl-ctrl-attrib.maplibregl-compact");
        attribution?.classList.add("maplibregl-compact-show");
        attribution?.setAttribute("open", "");
      });
    if (!wanted) return draw(null);
    import("./basemap.ts").then(
      ({ basemapStyleParts }) => draw(basemapStyleParts(wanted)),
      (error: unknown) => console.warn("the basemap could not be loaded", error),
    );
  };
  let markerPoint: LngLatTuple | null = null;
  let marker: maplibregl.Marker | null = null;

  let isReady = false;
  let readyAt: number | null = null;
  let resolveReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });

  const fit = (bounds: Bounds, fitOptions: { maxZoom?: number; animate?: boolean } = {}): void => {
    const animate = (fitOptions.animate ?? true) && !prefersReducedMotion();
    map.fitBounds(bounds, {
      padding: camera.fitPadding(options.container.clientWidth),
      maxZoom: fitOptions.maxZoom ?? camera.fitMaxZoom,
      duration: animate ? camera.fitMs : 0,
    });
  };

  // Which style layers each map layer owns, so that one added later goes in its layer's place, not on top.
  const owners = new Map<string, number>();
  parts.forEach((part, index) => {
    for (const layer of part.layers) owners.set(layer.id, index);
  });
  const contextOf = (index: number): LayerContext => ({
    map,
    addStyleLayers(specs) {
      const above = map.getStyle().layers.find((layer) => (owners.get(layer.id) ?? -1) > index);
      for (const spec of specs) {
        map.addLayer(spec, above?.id);
        owners.set(spec.id, index);
      }
    },
    removeStyleLayers(ids) {
      for (const id of ids) {
        if (map.getLayer(id)) map.removeLayer(id);
        owners.delete(id);
      }
    },
    whenLoaded,
    fit,
    flyTo: (center, zoom) => map.flyTo({ center, zoom, duration: prefersReducedMotion() ? 0 : 900, essential: false }),
    addLabel(point, text, className) {
      const element = document.createElement("div");
      element.className = className;
      element.textContent = text;
      element.setAttribute("aria-hidden", "true");
      return new maplibregl.Marker({ element, anchor: "center" }).setLngLat(point).addTo(map);
    },
    prefersReducedMotion,
  });
  layers.forEach((layer, index) => layer.attach(contextOf(index)));

  map.on("idle", () => {
    if (closed || isReady || !layers.every((layer) => layer.isReady?.() ?? true)) return;
    isReady = true;
    readyAt = performance.now();
    resolveReady();
    // MapLibre opens a compact attribution at first and folds it on the first drag; the data credits are long, so
    // fold them once the map shows data, behind the (i) button. A basemap's credit stays in view, as its terms ask.
    if (!drawnBasemap) {
      const attribution = map.getContainer().querySelector(".maplibregl-ctrl-attrib.maplibregl-compact-show");
      attribution?.classList.remove("maplibregl-compact-show");
      attribution?.removeAttribute("open");
    }
  });

  map.on("click", (event) => {
    for (let index = layers.length - 1; index >= 0; index--) if (layers[index]!.click?.(event)) return;
    options.onMapClick?.([event.lngLat.lng, event.lngLat.lat]);
  });

  if (options.exposeTestHook) {
    const hook: MapTestHook = {
      ready,
      get isReady() {
        return isReady;
      },
      get readyAt() {
        return readyAt;
      },
      layerIds: {},
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
    for (const layer of layers) {
      // Descriptors, not values: a layer's getters (firstDataFrameAt …) must stay live.
      const { layerIds, ...members } = Object.getOwnPropertyDescriptors(layer.testHook?.() ?? {});
      Object.assign(hook.layerIds, layerIds?.value);
      Object.defineProperties(hook, members);
    }
    (window as unknown as Record<string, unknown>)[MAP_TEST_HOOK_NAME] = hook;
  }

  return {
    setBasemap(next) {
      if (next === basemap) return;
      basemap = next;
      options.basemapChoice?.onOffer(next);
      drawBasemap();
    },

    showBasemap(shown) {
      if (!options.basemapChoice || shown === basemapShown) return;
      basemapShown = shown;
      drawBasemap();
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
    },

    setLabels(labels) {
      map.getCanvas().setAttribute("aria-label", labels.map);
      if (labels.attribution) map.getContainer().querySelector(".maplibregl-ctrl-attrib-button")?.setAttribute("aria-label", labels.attribution);
    },

    center: () => map.getCenter().toArray(),
    zoomIn: () => map.zoomIn({ duration: prefersReducedMotion() ? 0 : 250 }),
    zoomOut: () => map.zoomOut({ duration: prefersReducedMotion() ? 0 : 250 }),
    showWholeCity() {
      const extent = [...layers].reverse().find((layer) => layer.bounds?.())?.bounds?.();
      fit(extent ?? JINCHENG_BOUNDS);
    },

    destroy() {
      if (closed) return;
      closed = true;
      waiting.length = 0;
      for (const layer of layers) layer.detach?.();
      marker?.remove();
      map.remove();
      if (options.exposeTestHook) delete (window as unknown as Record<string, unknown>)[MAP_TEST_HOOK_NAME];
    },
  };
}
