/**
 * The terra-draw half of the drawing layer, the only module that imports terra-draw and its MapLibre adapter.
 * drawing.layer.ts loads it on demand the first time drawing starts, so terra-draw reaches only the workspace and
 * only once a planner draws. One session = one TerraDraw instance: a polygon mode to draw outlines and a select mode
 * to reshape them (drag, insert and delete vertices), both snapping through `snap`, and outlines drawn red while they
 * cross themselves.
 */
import type * as maplibregl from "maplibre-gl";
import type { Polygon, Position } from "geojson";
import { TerraDraw, TerraDrawPolygonMode, TerraDrawSelectMode, type GeoJSONStoreFeatures, type HexColor, type SnapToCustom } from "terra-draw";
import { TerraDrawMapLibreGLAdapter } from "terra-draw-maplibre-gl-adapter";
import { measureDrawing, roundPolygon } from "./drawing-geometry.ts";

/** terra-draw's default coordinate precision (decimal places); added outlines are rounded to it or refused. */
const COORDINATE_PRECISION = 9;
const DRAW_COLOR: HexColor = "#1d4ed8";
const KINK_COLOR: HexColor = "#dc2626";

export interface DrawingSessionOptions {
  map: maplibregl.Map;
  /** The outlines to reshape; none: start drawing a new one. */
  polygons: readonly Polygon[];
  /** Where a pointer snaps (see drawing-geometry.ts snapPosition); undefined: where it is. */
  snap(pointer: { x: number; y: number }, projection: Parameters<SnapToCustom>[1]): Position | undefined;
  /** Something changed: a vertex placed or moved, the pointer moved while drawing. */
  onChange(polygons: Polygon[]): void;
  /** An outline was finished or an edit ended: the outlines as they are now. */
  onFinish(polygons: Polygon[]): void;
}

export interface DrawingSession {
  /** "polygon" (drawing a new outline) or "select" (reshaping). */
  mode(): string;
  /** Starts a new outline beside those already drawn. */
  drawNew(): void;
  /** Removes every outline and starts a new one. */
  clear(): void;
  /** Ends the session: terra-draw's sources, layers and listeners go. */
  stop(): void;
}

const hasKinks = (feature: GeoJSONStoreFeatures): boolean => feature.geometry.type === "Polygon" && measureDrawing(feature.geometry).kinks.length > 0;
const outlineColor = (feature: GeoJSONStoreFeatures): HexColor => (hasKinks(feature) ? KINK_COLOR : DRAW_COLOR);

/** The finished or in-progress polygons of the session (guidance points and lines left out). */
function polygonsIn(draw: TerraDraw): Polygon[] {
  return draw
    .getSnapshot()
    .filter((feature) => feature.properties.mode === "polygon" && feature.geometry.type === "Polygon")
    .map((feature) => feature.geometry as Polygon);
}

/** Starts a drawing session on a loaded map. */
export function startDrawingSession(options: DrawingSessionOptions): DrawingSession {
  const toCustom: SnapToCustom = (event, context) => options.snap({ x: event.containerX, y: event.containerY }, context);
  const draw = new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map: options.map, coordinatePrecision: COORDINATE_PRECISION }),
    modes: [
      new TerraDrawPolygonMode({
        snapping: { toCustom, toCoordinate: true },
        styles: { fillColor: outlineColor, fillOpacity: 0.2, outlineColor, outlineWidth: 2.5 },
      }),
      new TerraDrawSelectMode({
        flags: {
          polygon: {
            feature: {
              draggable: false,
              selfIntersectable: true,
              coordinates: { draggable: true, deletable: true, midpoints: true, snappable: { toCustom } },
            },
          },
        },
        styles: { selectedPolygonColor: outlineColor, selectedPolygonFillOpacity: 0.2, selectedPolygonOutlineColor: outlineColor, selectedPolygonOutlineWidth: 2.5 },
      }),
    ],
  });
  draw.start();
  draw.on("change", () => options.onChange(polygonsIn(draw)));
  draw.on("finish", (id, context) => {
    options.onFinish(polygonsIn(draw));
    // A new outline is done: go on reshaping it, as Placemark does (once terra-draw has finished its own handling).
    if (context.action === "draw") {
      queueMicrotask(() => {
        if (draw.enabled && draw.hasFeature(id)) draw.selectFeature(id);
      });
    }
  });

  const ids: Array<string | number> = [];
  for (const polygon of options.polygons) {
    const id = draw.getFeatureId();
    const [result] = draw.addFeatures([{ id, type: "Feature", geometry: roundPolygon(polygon, COORDINATE_PRECISION), properties: { mode: "polygon" } }]);
    if (result?.valid) ids.push(id);
  }
  if (ids.length > 0) draw.selectFeature(ids[0]!);
  else draw.setMode("polygon");

  return {
    mode: () => draw.getMode(),
    drawNew: () => draw.setMode("polygon"),
    clear() {
      draw.clear();
      draw.setMode("polygon");
      options.onFinish([]);
    },
    stop: () => draw.stop(),
  };
}
