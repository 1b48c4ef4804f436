/**
 * The three belts (三带) from the server's `belts` vector tiles: drawn only for the belts of the current answer, as a
 * wide translucent band along the belt's outline, so the public map stays about townships until a belt matters. The
 * source is added on demand (the first answer that names a belt), keeping its tiles off the first map frame.
 */
import type { ExpressionSpecification, LineLayerSpecification, SourceSpecification } from "../style-types.ts";
import { APPROXIMATE_DASH, type VectorTileSet } from "./divisions.layer.ts";

export const BELTS_SOURCE_ID = "belts";
export const BELTS_SOURCE_LAYER = "belts";

export const BELT_LAYER_IDS = { halo: "belts-halo", line: "belts-line" } as const;

export const BELT_COLORS = { line: "#6d28d9" } as const;

const SELECTED: ExpressionSpecification = ["boolean", ["feature-state", "selected"], false];

/** The vector source of the belt tiles; features are keyed by their belt code for feature state. */
export function beltsSource(tileSet: VectorTileSet): SourceSpecification {
  return {
    type: "vector",
    tiles: tileSet.tiles,
    minzoom: tileSet.minzoom,
    maxzoom: tileSet.maxzoom,
    attribution: tileSet.attribution,
    promoteId: { [BELTS_SOURCE_LAYER]: "code" },
  };
}

/** A soft halo and a dashed line (the belts are derived from approximate township shapes), both hidden unless chosen. */
export function beltLayers(): [LineLayerSpecification, LineLayerSpecification] {
  return [
    {
      id: BELT_LAYER_IDS.halo,
      type: "line",
      source: BELTS_SOURCE_ID,
      "source-layer": BELTS_SOURCE_LAYER,
      layout: { "line-join": "round" },
      paint: { "line-color": BELT_COLORS.line, "line-width": 8, "line-opacity": ["case", SELECTED, 0.18, 0] },
    },
    {
      id: BELT_LAYER_IDS.line,
      type: "line",
      source: BELTS_SOURCE_ID,
      "source-layer": BELTS_SOURCE_LAYER,
      layout: { "line-join": "round" },
      paint: {
        "line-color": BELT_COLORS.line,
        "line-width": 2,
        "line-dasharray": APPROXIMATE_DASH,
        "line-opacity": ["case", SELECTED, 0.9, 0],
      },
    },
  ];
}
