/**
 * County polygons (县/市/区): a fill that takes the clicks and shows hover and selection, and an outline that is solid
 * for official or imported boundaries and dashed for approximate ones, so an approximate line is never mistaken for a
 * legal one. Selection and hover are feature states keyed by the division code (promoteId), not filters, so changing
 * them restyles without re-tiling the source.
 */
import type {
  ExpressionSpecification,
  FillLayerSpecification,
  LineLayerSpecification,
  SourceSpecification,
} from "../style-types.ts";

export const COUNTY_SOURCE_ID = "counties";

export const COUNTY_LAYER_IDS = {
  fill: "counties-fill",
  line: "counties-line",
  approximateLine: "counties-line-approximate",
} as const;

/** Colours shared with the legend, so the legend always matches the map. */
export const COUNTY_COLORS = {
  fill: "#cfe3d4",
  hoverFill: "#b5d5bf",
  selectedFill: "#f5d48a",
  line: "#2f5d46",
  selectedLine: "#b45309",
} as const;

/** Dash pattern of an approximate outline, in line widths. */
export const APPROXIMATE_DASH: [number, number] = [3, 2];

const SELECTED: ExpressionSpecification = ["boolean", ["feature-state", "selected"], false];
const HOVERED: ExpressionSpecification = ["boolean", ["feature-state", "hover"], false];
/** Exported for the township layer, which draws approximate outlines the same way. */
export const IS_APPROXIMATE: ExpressionSpecification = ["==", ["get", "provenance"], "approximate"];

/** An empty GeoJSON source; data arrives through setData. */
export function countySource(): SourceSpecification {
  return { type: "geojson", data: { type: "FeatureCollection", features: [] }, promoteId: "code" };
}

/** Bottom to top: fill, solid outline, dashed outline. */
export function countyLayers(): [FillLayerSpecification, LineLayerSpecification, LineLayerSpecification] {
  const lineColor: ExpressionSpecification = ["case", SELECTED, COUNTY_COLORS.selectedLine, COUNTY_COLORS.line];
  const lineWidth: ExpressionSpecification = ["case", SELECTED, 3.5, 1.6];
  return [
    {
      id: COUNTY_LAYER_IDS.fill,
      type: "fill",
      source: COUNTY_SOURCE_ID,
      paint: {
        "fill-color": ["case", SELECTED, COUNTY_COLORS.selectedFill, HOVERED, COUNTY_COLORS.hoverFill, COUNTY_COLORS.fill],
        "fill-opacity": 0.6,
      },
    },
    {
      id: COUNTY_LAYER_IDS.line,
      type: "line",
      source: COUNTY_SOURCE_ID,
      filter: ["!", IS_APPROXIMATE],
      layout: { "line-join": "round" },
      paint: { "line-color": lineColor, "line-width": lineWidth },
    },
    {
      id: COUNTY_LAYER_IDS.approximateLine,
      type: "line",
      source: COUNTY_SOURCE_ID,
      filter: IS_APPROXIMATE,
      paint: { "line-color": lineColor, "line-width": lineWidth, "line-dasharray": APPROXIMATE_DASH },
    },
  ];
}
