/**
 * Township areas (街道/镇/乡), when the database has any: thin outlines drawn over the county fills, dashed where the
 * boundary is approximate (the shipped township areas are approximations: official township polygons are not public).
 * Outlines only, so a click on the map still lands on the county fill underneath.
 */
import type { ExpressionSpecification, LineLayerSpecification, SourceSpecification } from "../style-types.ts";
import { APPROXIMATE_DASH, IS_APPROXIMATE } from "./counties.layer.ts";

export const TOWNSHIP_SOURCE_ID = "townships";

export const TOWNSHIP_LAYER_IDS = {
  line: "townships-line",
  approximateLine: "townships-line-approximate",
} as const;

export const TOWNSHIP_COLORS = { line: "#5f8572" } as const;

const WIDTH: ExpressionSpecification = ["interpolate", ["linear"], ["zoom"], 8, 0.6, 12, 1.4];

/** An empty GeoJSON source; data arrives through setData. */
export function townshipSource(): SourceSpecification {
  return { type: "geojson", data: { type: "FeatureCollection", features: [] }, promoteId: "code" };
}

/** Solid outlines, then dashed (approximate) ones. */
export function townshipLayers(): [LineLayerSpecification, LineLayerSpecification] {
  return [
    {
      id: TOWNSHIP_LAYER_IDS.line,
      type: "line",
      source: TOWNSHIP_SOURCE_ID,
      filter: ["!", IS_APPROXIMATE],
      paint: { "line-color": TOWNSHIP_COLORS.line, "line-width": WIDTH },
    },
    {
      id: TOWNSHIP_LAYER_IDS.approximateLine,
      type: "line",
      source: TOWNSHIP_SOURCE_ID,
      filter: IS_APPROXIMATE,
      paint: { "line-color": TOWNSHIP_COLORS.line, "line-width": WIDTH, "line-dasharray": APPROXIMATE_DASH },
    },
  ];
}
