/**
 * Drawing and reshaping an area's own geometry (Placemark-style) with terra-draw, loaded on demand
 * (drawing.terra.ts) the first time drawing starts. While active the layer takes the map's clicks, snaps the pointer
 * to the vertices and edges of the boundaries it is given (so that neighbours share an edge), reports the drawn
 * shape's km² live, and marks every self-intersection with a red dot at once (the outline turns red too).
 */
import type * as maplibregl from "maplibre-gl";
import type { Geometry, MultiPolygon, Polygon } from "geojson";
import type { LayerContext, MapLayer } from "../map-layer.ts";
import type { DrawingTestHook } from "../map-test-hook.ts";
import type { LayerSpecification } from "../style-types.ts";
import { buildSnapIndex, draftGeometryOf, measureDrawing, polygonsOf, snapPosition, type DrawingMeasure, type SnapIndex } from "./drawing-geometry.ts";
import type { DrawingSession } from "./drawing.terra.ts";

export type { DrawingMeasure };

/** How close (CSS pixels) the pointer must come to a vertex or edge to snap to it. */
const SNAP_TOLERANCE_PX = 10;
const KINKS_SOURCE_ID = "drawing-kinks";
const KINKS_LAYER_ID = "drawing-kinks";

export interface DrawingLayerOptions {
  /** The drawn shape changed (null: nothing drawn): its measure, live while a vertex is placed or moved. */
  onMeasure(measure: DrawingMeasure | null): void;
  /** An outline was finished or reshaped (or all cleared: null): the drawn shape as an area's geometry. */
  onGeometry(geometry: Polygon | MultiPolygon | null): void;
  /** terra-draw could not be loaded: drawing is not available. */
  onUnavailable(): void;
}

export interface DrawingLayer extends MapLayer {
  /**
   * Starts drawing with `geometry` to reshape (null: a new outline), or stops (false). Stopping ends the session:
   * an unfinished outline is dropped. Starting while active does nothing.
   */
  setActive(active: boolean, geometry: Geometry | null): void;
  /** Starts a new outline beside those drawn (a MultiPolygon once finished). */
  drawNew(): void;
  /** Removes every drawn outline and starts a new one. */
  clear(): void;
  /** The boundaries a drawing snaps to. Same array: no-op. */
  setSnapTargets(geometries: readonly Geometry[]): void;
}

function kinkLayers(): LayerSpecification[] {
  return [
    {
      id: KINKS_LAYER_ID,
      type: "circle",
      source: KINKS_SOURCE_ID,
      paint: { "circle-radius": 6, "circle-color": "#dc2626", "circle-stroke-color": "#ffffff", "circle-stroke-width": 2 },
    },
  ];
}

/** The drawing layer; inactive (and terra-draw not loaded) until setActive(true). */
export function drawingLayer(options: DrawingLayerOptions): DrawingLayer {
  let context: LayerContext | null = null;
  let active = false;
  /** The geometry the current activation reshapes. */
  let startGeometry: Geometry | null = null;
  /** Counts activations, so that a session that arrives after drawing was stopped (or restarted) is ended at once. */
  let generation = 0;
  let session: DrawingSession | null = null;
  let measure: DrawingMeasure | null = null;
  let snapTargets: readonly Geometry[] = [];
  let snapIndex: SnapIndex | null = null;

  const showMeasure = (map: maplibregl.Map, polygons: Polygon[]): void => {
    const geometry = draftGeometryOf(polygons);
    measure = geometry ? measureDrawing(geometry) : null;
    map.getSource<maplibregl.GeoJSONSource>(KINKS_SOURCE_ID)?.setData({
      type: "FeatureCollection",
      features: (measure?.kinks ?? []).map((coordinates) => ({ type: "Feature", properties: {}, geometry: { type: "Point", coordinates } })),
    });
    options.onMeasure(measure);
  };

  const start = (at: LayerContext, geometry: Geometry | null, started: number): void => {
    import("./drawing.terra.ts").then(
      ({ startDrawingSession }) =>
        at.whenLoaded(() => {
          if (started !== generation || context !== at) return;
          const polygons = polygonsOf(geometry);
          session = startDrawingSession({
            map: at.map,
            polygons,
            snap: (pointer, projection) => {
              snapIndex ??= buildSnapIndex(snapTargets);
              return snapPosition(snapIndex, pointer, projection, SNAP_TOLERANCE_PX);
            },
            onChange: (drawn) => showMeasure(at.map, drawn),
            onFinish: (drawn) => {
              showMeasure(at.map, drawn);
              options.onGeometry(draftGeometryOf(drawn));
            },
          });
          showMeasure(at.map, polygons);
        }),
      (error: unknown) => {
        console.warn("the drawing tools could not be loaded", error);
        options.onUnavailable();
      },
    );
  };

  const stop = (): void => {
    session?.stop();
    session = null;
    const map = context?.map;
    if (map) showMeasure(map, []);
  };

  return {
    style: () => ({ sources: { [KINKS_SOURCE_ID]: { type: "geojson", data: { type: "FeatureCollection", features: [] } } }, layers: kinkLayers() }),

    attach(at) {
      context = at;
      if (active) start(at, startGeometry, generation);
    },

    detach() {
      session?.stop();
      session = null;
      context = null;
    },

    // While drawing, every click belongs to terra-draw: neither the layers below nor the page may answer it.
    click: () => active,

    setActive(next, geometry) {
      if (next === active) return;
      active = next;
      startGeometry = next ? geometry : null;
      generation += 1;
      if (!next) stop();
      else if (context) start(context, geometry, generation);
    },

    drawNew: () => session?.drawNew(),
    clear: () => session?.clear(),

    setSnapTargets(geometries) {
      if (geometries === snapTargets) return;
      snapTargets = geometries;
      snapIndex = null;
    },

    testHook: (): DrawingTestHook => ({
      drawing: () => ({
        active: session !== null,
        mode: session?.mode() ?? null,
        areaKm2: measure?.areaKm2 ?? null,
        kinks: measure?.kinks.length ?? 0,
      }),
    }),
  };
}
