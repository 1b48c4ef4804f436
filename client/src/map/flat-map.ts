/**
 * What the finder's map (map-controller.ts) and the dashboard's map (pages/dashboard/dashboard-map.ts) share:
 * MapLibre with its bundled worker and stylesheet, a flat administrative map opened on Jincheng, and the queue of
 * work that waits for the style to load. Each map module imports this one; neither reaches the other's bundle.
 */
import * as maplibregl from "maplibre-gl";
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";
import "maplibre-gl/dist/maplibre-gl.css";
import { JINCHENG_BOUNDS } from "../lib/polygon-geometry.ts";

// Under Vite MapLibre does not find its worker by itself: hand it the URL of the bundled worker module. In the build
// that is the worker entry built from MapLibre's sources beside the app (see vite.config.ts).
maplibregl.setWorkerUrl(workerUrl);

/**
 * Creates a map opened on Jincheng without rotation or pitch (on a flat administrative map they only disorient), with
 * `options` on top. Throws when the browser cannot start WebGL2.
 */
export function createFlatMap(options: maplibregl.MapOptions): maplibregl.Map {
  const map = new maplibregl.Map({
    bounds: JINCHENG_BOUNDS,
    fitBoundsOptions: { padding: 16 },
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
    minZoom: 5,
    ...options,
  });
  map.touchZoomRotate.disableRotation();
  map.keyboard.disableRotation();
  return map;
}

/** Work that needs the style: run at once once it has loaded, kept until then, dropped once the map is closed. */
export interface LoadQueue {
  /** Runs `action` now if the style has loaded, else after it has; does nothing once closed. */
  whenLoaded(action: () => void): void;
  /** Whether the style has loaded. */
  readonly loaded: boolean;
  /** Whether close() was called: the map is being removed. */
  readonly closed: boolean;
  /** Drops what waits and ignores later work. */
  close(): void;
}

/** The queue of `map`; `onLoad` runs when the style has loaded, before the work that waited for it. */
export function loadQueue(map: maplibregl.Map, onLoad?: () => void): LoadQueue {
  let loaded = false;
  let closed = false;
  const waiting: Array<() => void> = [];
  map.once("load", () => {
    loaded = true;
    onLoad?.();
    for (const action of waiting.splice(0)) action();
  });
  return {
    whenLoaded(action) {
      if (closed) return;
      if (loaded) action();
      else waiting.push(action);
    },
    get loaded() {
      return loaded;
    },
    get closed() {
      return closed;
    },
    close() {
      closed = true;
      waiting.length = 0;
    },
  };
}
