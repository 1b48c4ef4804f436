/**
 * Features drawn over the workspace's areas as a distinct, dashed layer until cleared: an import's preview, the
 * judge's overlaps and what lies outside the city. Each new non-empty overlay fits the map to its extent, so the
 * planner sees where the features land.
 */
import type * as maplibregl from "maplibre-gl";
import type { FeatureCollection, Geometry, Position } from "geojson";
import type { Bounds } from "../../lib/polygon-geometry.ts";
import type { LayerContext, MapLayer } from "../map-layer.ts";
import type { OverlayTestHook } from "../map-test-hook.ts";
import type { ExpressionSpecification, LayerSpecification } from "../style-types.ts";

export interface OverlayLayer extends MapLayer {
  /** Draws these features (null or an empty collection: none) and fits the map to a non-empty one. Same object: no-op. */
  setOverlay(overlay: FeatureCollection | null): void;
}

const OVERLAY_SOURCE_ID = "workspace-overlay";
const LAYER = { overlayFill: "workspace-overlay-fill", overlayLine: "workspace-overlay-line", overlayPoint: "workspace-overlay-point" } as const;
/** Red-violet, a hue none of the area colours use. */
const OVERLAY_COLOR = "#be123c";

// MapLibre names a multi-part geometry's type "Multi…", so each test lists both.
const IS_POLYGON: ExpressionSpecification = ["in", ["geometry-type"], ["literal", ["Polygon", "MultiPolygon"]]];
const IS_POINT: ExpressionSpecification = ["in", ["geometry-type"], ["literal", ["Point", "MultiPoint"]]];

function overlayLayers(): LayerSpecification[] {
  return [
    { id: LAYER.overlayFill, type: "fill", source: OVERLAY_SOURCE_ID, filter: IS_POLYGON, paint: { "fill-color": OVERLAY_COLOR, "fill-opacity": 0.14 } },
    {
      id: LAYER.overlayLine,
      type: "line",
      source: OVERLAY_SOURCE_ID,
      filter: ["!", IS_POINT],
      layout: { "line-join": "round" },
      paint: { "line-color": OVERLAY_COLOR, "line-width": 2.2, "line-dasharray": [2, 1.5] },
    },
    {
      id: LAYER.overlayPoint,
      type: "circle",
      source: OVERLAY_SOURCE_ID,
      filter: IS_POINT,
      paint: { "circle-radius": 5, "circle-color": "#ffffff", "circle-stroke-color": OVERLAY_COLOR, "circle-stroke-width": 2 },
    },
  ];
}

/** The box around every position of the geometries; null when there is none. */
export function extentOf(geometries: Iterable<Geometry | null>): Bounds | null {
  const box: Bounds = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (value: Position | Position[] | Position[][] | Position[][][]): void => {
    if (typeof value[0] === "number") {
      const [x, y] = value as Position;
      if (x === undefined || y === undefined) return;
      box[0] = Math.min(box[0], x);
      box[1] = Math.min(box[1], y);
      box[2] = Math.max(box[2], x);
      box[3] = Math.max(box[3], y);
      return;
    }
    for (const item of value as Position[][]) visit(item);
  };
  for (const geometry of geometries) {
    if (!geometry) continue;
    if (geometry.type === "GeometryCollection") {
      const inner = extentOf(geometry.geometries);
      if (inner) visit([inner.slice(0, 2), inner.slice(2)]);
    } else visit(geometry.coordinates);
  }
  return box[0] <= box[2] && box[1] <= box[3] ? box : null;
}

/** The overlay layer; empty until setOverlay gives it features. */
export function overlayLayer(): OverlayLayer {
  let context: LayerContext | null = null;
  let overlay: FeatureCollection | null = null;

  const apply = (at: LayerContext, fit: boolean): void => {
    at.map.getSource<maplibregl.GeoJSONSource>(OVERLAY_SOURCE_ID)?.setData(overlay ?? { type: "FeatureCollection", features: [] });
    const extent = fit && overlay ? extentOf(overlay.features.map((feature) => feature.geometry)) : null;
    if (extent) at.fit(extent, { maxZoom: 14 });
  };

  return {
    style: () => ({ sources: { [OVERLAY_SOURCE_ID]: { type: "geojson", data: { type: "FeatureCollection", features: [] } } }, layers: overlayLayers() }),

    attach(at) {
      context = at;
      at.whenLoaded(() => apply(at, false));
    },

    detach() {
      context = null;
    },

    setOverlay(next) {
      if (next === overlay) return;
      overlay = next;
      const at = context;
      at?.whenLoaded(() => apply(at, true));
    },

    testHook: (): OverlayTestHook => ({
      layerIds: { ...LAYER },
      overlayFeatureCount: () => overlay?.features.length ?? 0,
    }),
  };
}
