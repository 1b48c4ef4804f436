/**
 * Answered public opinions from the server's `opinions` vector tiles (zoom 10 and up, each on a ~100 m grid, with
 * status and category only): small markers on the public map. A click on one hands its id, category and status to
 * the page, which shows them as text. The source is added once the page gives it a tile set.
 */
import type * as maplibregl from "maplibre-gl";
import type { LayerContext, MapLayer } from "../map-layer.ts";
import type { LayerSpecification } from "../style-types.ts";
import type { VectorTileSet } from "./boundary-style.ts";

const OPINIONS_SOURCE_ID = "opinions";
const OPINIONS_SOURCE_LAYER = "opinions";
const OPINIONS_LAYER_ID = "opinions-marker";
/** How far from a marker's centre a click still picks it, in CSS pixels (the marker is 5 px across its radius). */
const CLICK_TOLERANCE = 6;

/** What the tile says of one answered opinion: nothing personal, no text. */
export interface MapOpinion {
  id: number;
  category: string | null;
  status: string;
}

/** Added by the opinions layer to the map test hook. */
export interface OpinionsTestHook {
  layerIds: { opinionMarker: string };
}

export interface OpinionsLayer extends MapLayer {
  /** The opinions' tile set; null removes the markers. Same object: no-op. */
  setTiles(tileSet: VectorTileSet | null): void;
}

function markerLayer(): LayerSpecification {
  return {
    id: OPINIONS_LAYER_ID,
    type: "circle",
    source: OPINIONS_SOURCE_ID,
    "source-layer": OPINIONS_SOURCE_LAYER,
    paint: { "circle-radius": 5, "circle-color": "#0e7490", "circle-stroke-color": "#ffffff", "circle-stroke-width": 1.5 },
  };
}

export function opinionsLayer(options: { onOpinionClick(opinion: MapOpinion): void }): OpinionsLayer {
  let context: LayerContext | null = null;
  let tiles: VectorTileSet | null = null;

  const applyTiles = (at: LayerContext, tileSet: VectorTileSet | null): void => {
    at.removeStyleLayers([OPINIONS_LAYER_ID]);
    if (at.map.getSource(OPINIONS_SOURCE_ID)) at.map.removeSource(OPINIONS_SOURCE_ID);
    if (!tileSet) return;
    at.map.addSource(OPINIONS_SOURCE_ID, {
      type: "vector",
      tiles: tileSet.tiles,
      minzoom: tileSet.minzoom,
      maxzoom: tileSet.maxzoom,
      attribution: tileSet.attribution,
    });
    at.addStyleLayers([markerLayer()]);
  };

  return {
    attach(at) {
      context = at;
      const tileSet = tiles;
      if (tileSet) at.whenLoaded(() => applyTiles(at, tileSet));
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

    click(event: maplibregl.MapMouseEvent) {
      const map = context?.map;
      if (!map?.getLayer(OPINIONS_LAYER_ID)) return false;
      const { x, y } = event.point;
      const box: [[number, number], [number, number]] = [
        [x - CLICK_TOLERANCE, y - CLICK_TOLERANCE],
        [x + CLICK_TOLERANCE, y + CLICK_TOLERANCE],
      ];
      const feature = map.queryRenderedFeatures(box, { layers: [OPINIONS_LAYER_ID] })[0];
      if (!feature || typeof feature.id !== "number") return false;
      const { category, status } = feature.properties as { category?: unknown; status?: unknown };
      options.onOpinionClick({ id: feature.id, category: typeof category === "string" ? category : null, status: String(status) });
      return true;
    },

    testHook: (): OpinionsTestHook => ({ layerIds: { opinionMarker: OPINIONS_LAYER_ID } }),
  };
}
