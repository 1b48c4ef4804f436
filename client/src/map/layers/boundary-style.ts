/**
 * What the boundary layers share: the dash of an approximate outline (示意边界（非法定界线）, never to be mistaken for a
 * legal line), feature-state flags, the vector source built from a TileJSON, and the test hooks' view of what is
 * drawn as chosen. Type-only imports of MapLibre: nothing here loads it.
 */
import type * as maplibregl from "maplibre-gl";
import type { ExpressionSpecification, SourceSpecification } from "../style-types.ts";

/** Dash pattern of an approximate outline, in line widths. */
export const APPROXIMATE_DASH: [number, number] = [3, 2];

export const IS_APPROXIMATE: ExpressionSpecification = ["==", ["get", "provenance"], "approximate"];

/** A boolean feature state; false where it was never set. */
export function stateFlag(name: string): ExpressionSpecification {
  return ["boolean", ["feature-state", name], false];
}

/** What a vector source needs from a layer's TileJSON (server/src/contracts/tiles.ts). */
export interface VectorTileSet {
  tiles: string[];
  minzoom: number;
  maxzoom: number;
  attribution: string;
  /** The TileJSON's vector layers; `levels` gives the zoom range of each division level, where the server says. */
  vector_layers?: ReadonlyArray<{ id: string; minzoom?: number; levels?: Readonly<Record<string, { minzoom: number; maxzoom: number }>> }>;
}

/** The vector source of a tile set; features of `sourceLayer` are keyed by their code for feature state. */
export function vectorTileSource(tileSet: VectorTileSet, sourceLayer: string): SourceSpecification {
  return {
    type: "vector",
    tiles: tileSet.tiles,
    minzoom: tileSet.minzoom,
    maxzoom: tileSet.maxzoom,
    attribution: tileSet.attribution,
    promoteId: { [sourceLayer]: "code" },
  };
}

/** Codes of the features drawn with the `selected` state in all these style layers (sorted, once each); [] if one is missing. */
export function selectedCodes(map: maplibregl.Map, ...layerIds: string[]): string[] {
  if (!layerIds.every((layerId) => map.getLayer(layerId))) return [];
  const features = map.queryRenderedFeatures({ layers: layerIds }).filter((feature) => feature.state.selected === true);
  return [...new Set(features.map((feature) => String(feature.properties.code)))].sort();
}
