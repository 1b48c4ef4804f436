/**
 * The three belts (三带) from the server's `belts` vector tiles: drawn only for the belts of the current answer, as a
 * wide translucent band along the belt's outline, so the public map stays about townships until a belt matters. The
 * source is added on demand (the first answer that names a belt), keeping its tiles off the first map frame.
 */
import type * as maplibregl from "maplibre-gl";
import type { LayerContext, MapLayer } from "../map-layer.ts";
import type { BeltsTestHook } from "../map-test-hook.ts";
import type { LineLayerSpecification } from "../style-types.ts";
import { APPROXIMATE_DASH, selectedCodes, stateFlag, vectorTileSource, type VectorTileSet } from "./boundary-style.ts";

const BELTS_SOURCE_ID = "belts";
const BELTS_SOURCE_LAYER = "belts";

const BELT_LAYER_IDS = { halo: "belts-halo", line: "belts-line" } as const;

const BELT_COLORS = { line: "#6d28d9" } as const;

const SELECTED = stateFlag("selected");

export interface BeltsLayer extends MapLayer {
  /** Makes the belts drawable (they show only when highlighted); null removes them. Same object: no-op. */
  setTiles(tileSet: VectorTileSet | null): void;
  /** Draws these belts (by code). The same codes again: no-op. */
  setHighlight(beltCodes: readonly string[]): void;
}

/** A soft halo and a dashed line (the belts are derived from approximate township shapes), both hidden unless chosen. */
function beltLayers(): [LineLayerSpecification, LineLayerSpecification] {
  const line = (id: string, paint: LineLayerSpecification["paint"]): LineLayerSpecification => ({
    id,
    type: "line",
    source: BELTS_SOURCE_ID,
    "source-layer": BELTS_SOURCE_LAYER,
    layout: { "line-join": "round" },
    ...(paint ? { paint } : {}),
  });
  return [
    line(BELT_LAYER_IDS.halo, { "line-color": BELT_COLORS.line, "line-width": 8, "line-opacity": ["case", SELECTED, 0.18, 0] }),
    line(BELT_LAYER_IDS.line, {
      "line-color": BELT_COLORS.line,
      "line-width": 2,
      "line-dasharray": APPROXIMATE_DASH,
      "line-opacity": ["case", SELECTED, 0.9, 0],
    }),
  ];
}

/** The belts layer; nothing is added to the map until `setTiles` is given a tile set. */
export function beltsLayer(): BeltsLayer {
  let context: LayerContext | null = null;
  let tiles: VectorTileSet | null = null;
  let highlighted: readonly string[] = [];

  const setSelected = (map: maplibregl.Map, codes: readonly string[], selected: boolean): void => {
    if (!map.getSource(BELTS_SOURCE_ID)) return;
    for (const code of codes) map.setFeatureState({ source: BELTS_SOURCE_ID, sourceLayer: BELTS_SOURCE_LAYER, id: code }, { selected });
  };

  const applyTiles = (at: LayerContext, tileSet: VectorTileSet | null): void => {
    at.removeStyleLayers(Object.values(BELT_LAYER_IDS));
    if (at.map.getSource(BELTS_SOURCE_ID)) at.map.removeSource(BELTS_SOURCE_ID);
    if (!tileSet) return;
    at.map.addSource(BELTS_SOURCE_ID, vectorTileSource(tileSet, BELTS_SOURCE_LAYER));
    at.addStyleLayers(beltLayers());
    setSelected(at.map, highlighted, true);
  };

  return {
    attach(at) {
      context = at;
      if (tiles) {
        const tileSet = tiles;
        at.whenLoaded(() => applyTiles(at, tileSet));
      }
    },

    detach() {
      context = null;
    },

    setTiles(tileSet) {
      if (tileSet === tiles) return;
      tiles = tileSet;
      const at = context;
      at?.whenLoaded(() => applyTiles(at, tileSet));
    },

    setHighlight(beltCodes) {
      if (beltCodes.length === highlighted.length && beltCodes.every((code, index) => code === highlighted[index])) return;
      const previous = highlighted;
      highlighted = [...beltCodes];
      const at = context;
      at?.whenLoaded(() => {
        setSelected(at.map, previous, false);
        setSelected(at.map, beltCodes, true);
      });
    },

    testHook: (): BeltsTestHook => ({
      layerIds: { beltLine: BELT_LAYER_IDS.line },
      selectedBeltCodes: () => (context ? selectedCodes(context.map, BELT_LAYER_IDS.line) : []),
    }),
  };
}
