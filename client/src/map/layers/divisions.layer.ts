/**
 * Counties and townships (街道/镇/乡) from the server's `divisions` vector tiles (layer "divisions", attributes in
 * server/src/contracts/tiles.ts). Townships are filled by today's coverage of their unit post, so a resident sees at a
 * glance where a planner is in place; outlines are solid for official or imported boundaries and dashed for
 * approximate ones (示意边界（非法定界线）), so an approximate line is never mistaken for a legal one. The chosen area is
 * a feature state keyed by the division code (promoteId), so choosing another one restyles without re-tiling.
 *
 * Why tiles rather than GET /api/boundaries: measured on the reference data (6 counties, 75 townships), the two
 * GeoJSON collections are 193 KB (the API does not compress them) and carry full-resolution rings, while the 4 tiles
 * of the first view at zoom 8 are 19 KB in all, simplified to the screen, fetched in parallel, parsed in the worker,
 * cached by the server and by the browser (the URL carries the data revision), and they already carry each township's
 * coverage status, which the GeoJSON does not.
 */
import type { ExpressionSpecification, FillLayerSpecification, LineLayerSpecification, SourceSpecification } from "../style-types.ts";

export const DIVISIONS_SOURCE_ID = "divisions";
/** The MVT layer inside the tiles. */
export const DIVISIONS_SOURCE_LAYER = "divisions";

export const DIVISION_LAYER_IDS = {
  countyFill: "divisions-county-fill",
  townshipFill: "divisions-township-fill",
  townshipLine: "divisions-township-line",
  townshipApproximateLine: "divisions-township-line-approximate",
  countyLine: "divisions-county-line",
  countyApproximateLine: "divisions-county-line-approximate",
} as const;

/** Colours shared with the legend, so the legend always matches the map. */
export const DIVISION_COLORS = {
  countyFill: "#e3ece5",
  covered: "#9fd1ad",
  vacant: "#f3c58f",
  notRequired: "#dcdcd4",
  townshipLine: "#4f7a63",
  countyLine: "#23412f",
  // Blue, a hue none of the coverage colours uses, so a chosen vacant (orange) township still reads as chosen.
  selectedFill: "#3b82f6",
  selectedLine: "#1e3a8a",
} as const;

/** Dash pattern of an approximate outline, in line widths. */
export const APPROXIMATE_DASH: [number, number] = [3, 2];

const IS_COUNTY: ExpressionSpecification = ["==", ["get", "level"], "county"];
const IS_TOWNSHIP: ExpressionSpecification = ["==", ["get", "level"], "township"];
const IS_APPROXIMATE: ExpressionSpecification = ["==", ["get", "provenance"], "approximate"];
const SELECTED: ExpressionSpecification = ["boolean", ["feature-state", "selected"], false];

/** What the source needs from the TileJSON. */
export interface VectorTileSet {
  tiles: string[];
  minzoom: number;
  maxzoom: number;
  attribution: string;
}

/** The vector source of the tile set; features are keyed by their division code for feature state. */
export function divisionsSource(tileSet: VectorTileSet): SourceSpecification {
  return {
    type: "vector",
    tiles: tileSet.tiles,
    minzoom: tileSet.minzoom,
    maxzoom: tileSet.maxzoom,
    attribution: tileSet.attribution,
    promoteId: { [DIVISIONS_SOURCE_LAYER]: "code" },
  };
}

function fill(id: string, filter: ExpressionSpecification, paint: FillLayerSpecification["paint"]): FillLayerSpecification {
  return { id, type: "fill", source: DIVISIONS_SOURCE_ID, "source-layer": DIVISIONS_SOURCE_LAYER, filter, ...(paint ? { paint } : {}) };
}

function line(id: string, filter: ExpressionSpecification, paint: LineLayerSpecification["paint"]): LineLayerSpecification {
  return {
    id,
    type: "line",
    source: DIVISIONS_SOURCE_ID,
    "source-layer": DIVISIONS_SOURCE_LAYER,
    filter,
    ...(paint ? { paint } : {}),
  };
}

/**
 * Bottom to top: county fill, township fill by status, township outlines, county outlines. The chosen area is drawn by
 * the same layers (a feature state switches its colours and width), not by layers of its own: every layer of a vector
 * source is one more bucket built for every tile in the worker, and a highlight layer over all features doubled the
 * work of the first map frame (measured: the tiles took ~40% longer to lay out). Default (miter) joins: round joins
 * add triangles at every vertex of these simplified outlines.
 */
export function divisionLayers(): Array<FillLayerSpecification | LineLayerSpecification> {
  const width = (atZoom7: number, atZoom12: number, selected: number): ExpressionSpecification => [
    "interpolate",
    ["linear"],
    ["zoom"],
    7,
    ["case", SELECTED, selected, atZoom7],
    12,
    ["case", SELECTED, selected + 1, atZoom12],
  ];
  const lineColor = (color: string): ExpressionSpecification => ["case", SELECTED, DIVISION_COLORS.selectedLine, color];
  return [
    // No antialiasing pass on either fill: the outline layers draw every edge anyway.
    fill(DIVISION_LAYER_IDS.countyFill, IS_COUNTY, {
      "fill-antialias": false,
      "fill-color": ["case", SELECTED, DIVISION_COLORS.selectedFill, DIVISION_COLORS.countyFill],
      "fill-opacity": ["case", SELECTED, 0.35, 0.7],
    }),
    fill(DIVISION_LAYER_IDS.townshipFill, IS_TOWNSHIP, {
      "fill-antialias": false,
      "fill-color": [
        "case",
        SELECTED,
        DIVISION_COLORS.selectedFill,
        ["match", ["get", "status"], "covered", DIVISION_COLORS.covered, "vacant", DIVISION_COLORS.vacant, DIVISION_COLORS.notRequired],
      ],
      "fill-opacity": ["case", SELECTED, 0.5, 0.55],
    }),
    line(DIVISION_LAYER_IDS.townshipLine, ["all", IS_TOWNSHIP, ["!", IS_APPROXIMATE]], {
      "line-color": lineColor(DIVISION_COLORS.townshipLine),
      "line-width": width(0.5, 1.4, 3),
    }),
    line(DIVISION_LAYER_IDS.townshipApproximateLine, ["all", IS_TOWNSHIP, IS_APPROXIMATE], {
      "line-color": lineColor(DIVISION_COLORS.townshipLine),
      "line-width": width(0.5, 1.4, 3),
      "line-dasharray": APPROXIMATE_DASH,
    }),
    line(DIVISION_LAYER_IDS.countyLine, ["all", IS_COUNTY, ["!", IS_APPROXIMATE]], {
      "line-color": lineColor(DIVISION_COLORS.countyLine),
      "line-width": width(1.4, 2.4, 3.5),
    }),
    line(DIVISION_LAYER_IDS.countyApproximateLine, ["all", IS_COUNTY, IS_APPROXIMATE], {
      "line-color": lineColor(DIVISION_COLORS.countyLine),
      "line-width": width(1.4, 2.4, 3.5),
      "line-dasharray": APPROXIMATE_DASH,
    }),
  ];
}
