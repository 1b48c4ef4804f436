/** TileJSON of the server's vector tile layers; its tiles URL carries the data revision, so tiles are never stale. */
import type { TileJson } from "@contracts/tiles.ts";
import { getJson } from "./http.ts";

export type { TileJson };

/** The layers the public page draws (the workspace also draws "areas"). */
export type FinderTileLayer = "divisions" | "belts" | "opinions";

/**
 * The TileJSON 3.0.0 document of one layer (bounds is the whole world while the layer has no data); the divisions
 * layer says in `vector_layers[0].levels` from which zoom its tiles carry each level.
 */
export function getTileJson(layer: FinderTileLayer | "areas", signal?: AbortSignal): Promise<TileJson> {
  return getJson<TileJson>(`/tiles/${layer}.json`, {}, signal);
}
