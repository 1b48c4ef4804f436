/**
 * The deck.gl half of the work-cells layer, loaded on demand by work-cells.layer.ts. The cells are a PolygonLayer
 * on an overlay canvas above the map: MapLibreOverlay allows one interleaved overlay per map, and the project sites
 * (project-sites.deck.ts) hold it. The cells take no clicks (the canvas lets them through to the map).
 */
import { MapLibreOverlay } from "@deck.gl/maplibre";
import { PolygonLayer } from "@deck.gl/layers";
import type * as maplibregl from "maplibre-gl";

type Rgba = [number, number, number, number];

const CELL_LAYER_ID = "dashboard-work-cells";

export interface CellsOverlay<Cell> {
  /** Draws these cells (hidden when not visible); deck.gl keeps its buffers while the array is the same. */
  draw(cells: readonly Cell[], visible: boolean): void;
  /** How many cells deck.gl drew in its latest frame: 0 before the first frame and while hidden. */
  drawnCount(): number;
  remove(): void;
}

/** Adds an overlay to `map` that draws cells as filled, outlined polygons, ring and colours from the accessors. */
export function createCellsOverlay<Cell>(
  map: maplibregl.Map,
  accessors: { polygon(cell: Cell): number[][]; fill(cell: Cell): Rgba; line(cell: Cell): Rgba },
): CellsOverlay<Cell> {
  let drawn = 0;
  let requested: { cells: readonly Cell[]; visible: boolean } = { cells: [], visible: false };
  // What the frame showed, counted when deck.gl has drawn it rather than when it was asked to.
  const overlay = new MapLibreOverlay({
    interleaved: false,
    layers: [],
    onAfterRender: () => {
      drawn = requested.visible ? requested.cells.length : 0;
    },
  });
  map.addControl(overlay);
  return {
    draw(cells, visible) {
      requested = { cells, visible };
      overlay.setProps({
        layers: [
          new PolygonLayer<Cell>({
            id: CELL_LAYER_ID,
            data: cells,
            visible,
            getPolygon: accessors.polygon,
            getFillColor: accessors.fill,
            getLineColor: accessors.line,
            lineWidthUnits: "pixels",
            getLineWidth: 1,
            stroked: true,
            filled: true,
            pickable: false,
          }),
        ],
      });
    },
    drawnCount: () => drawn,
    remove: () => map.removeControl(overlay),
  };
}
