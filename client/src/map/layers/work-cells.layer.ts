/**
 * Where planners recorded their work, as hexagons of about 2 km shaded by how many records each holds: the public
 * aggregate of GET /api/coverage/work/cells, so the map never shows a single record's place. Drawn by deck.gl
 * (work-cells.deck.ts), loaded the first time the layer is shown, so a dashboard that never shows it never loads it.
 * Its colour scale is exported for the legend.
 */
import type { LayerContext, MapLayer } from "../map-layer.ts";
import type { CellsOverlay } from "./work-cells.deck.ts";

/** One cell as the API gives it: its record count, centre and outer ring ([lon, lat]). */
export interface WorkCell {
  records: number;
  center: number[];
  polygon: number[][];
}

/** Record counts from which a cell takes each colour (light to dark); below the first no cell is listed by the API. */
export const WORK_CELL_STOPS: readonly (readonly [number, string])[] = [
  [3, "#fde6c4"],
  [5, "#f9b873"],
  [10, "#e8772e"],
  [20, "#b3471a"],
];

type Rgba = [number, number, number, number];

/** "#rrggbb" → [r, g, b, alpha] for deck.gl. */
function rgbaOf(hex: string, alpha: number): Rgba {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255, alpha];
}

const CELL_COLORS: readonly (readonly [number, Rgba])[] = WORK_CELL_STOPS.map(([from, hex]) => [from, rgbaOf(hex, 190)]);
const CELL_LINE: Rgba = [120, 53, 15, 220];

function cellFill(cell: WorkCell): Rgba {
  let color = CELL_COLORS[0]![1];
  for (const [from, stop] of CELL_COLORS) if (cell.records >= from) color = stop;
  return color;
}

/** Added to the map test hook by this layer. */
export interface WorkCellsTestHook {
  /** Cells handed to the layer, and those deck.gl drew in its latest frame (0 while hidden or not yet loaded). */
  workCells(): { loaded: number; drawn: number; visible: boolean };
}

export interface WorkCellsLayer extends MapLayer {
  /** The cells to draw. Same array: no-op. */
  setCells(cells: readonly WorkCell[]): void;
  /** Shows or hides the cells; the first show loads deck.gl's half of the layer. */
  setVisible(visible: boolean): void;
}

/** The work-cells layer, hidden until setVisible(true); it draws once deck.gl has arrived and the style has loaded. */
export function workCellsLayer(): WorkCellsLayer {
  let context: LayerContext | null = null;
  let overlay: CellsOverlay<WorkCell> | null = null;
  let loading = false;
  let cells: readonly WorkCell[] = [];
  let visible = false;

  const update = (): void => overlay?.draw(cells, visible);

  /** Loads the deck.gl half once the layer is both attached and visible. */
  const load = (): void => {
    const at = context;
    if (!at || !visible || overlay || loading) return;
    loading = true;
    const deck = import("./work-cells.deck.ts");
    at.whenLoaded(() => {
      deck.then(
        ({ createCellsOverlay }) => {
          loading = false;
          if (context !== at) return;
          overlay = createCellsOverlay<WorkCell>(at.map, { polygon: (cell) => cell.polygon, fill: cellFill, line: () => CELL_LINE });
          update();
        },
        (error: unknown) => {
          loading = false;
          console.warn("the work-record cells could not be drawn", error);
        },
      );
    });
  };

  return {
    attach(at) {
      context = at;
      load();
    },

    detach() {
      overlay?.remove();
      overlay = null;
      context = null;
    },

    setCells(next) {
      if (next === cells) return;
      cells = next;
      update();
    },

    setVisible(next) {
      if (next === visible) return;
      visible = next;
      load();
      update();
    },

    testHook: (): WorkCellsTestHook => ({
      workCells: () => ({ loaded: cells.length, drawn: overlay?.drawnCount() ?? 0, visible }),
    }),
  };
}
