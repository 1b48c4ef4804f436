/** Schemas of the vector tile API (MVT tiles, TileJSON, the layer list); the only import is typebox. */
import { Type, type Static } from "typebox";

/** The tile layers, in the order the layer list shows them. Any other name is answered with a 404. */
export const TILE_LAYER_NAMES = ["divisions", "areas", "belts", "projects", "opinions"] as const;
export type TileLayerName = (typeof TILE_LAYER_NAMES)[number];

/** Deepest zoom a tile address may have; deeper is malformed (400), not merely outside a layer's range (404). */
const MAX_TILE_ZOOM = 30;

/** The data revision: "<revision number, in commit order>-<today in Jincheng, YYYYMMDD>", e.g. "2336-20240607". */
const DATA_REVISION_PATTERN = "^[0-9]{1,19}-[0-9]{8}$";

/**
 * The layer name is not an enum here: a name outside the allowlist is an unknown resource (404), not a malformed
 * request. z, x and y are checked against each other (x, y < 2^z) by the route, which answers 400 like the schema.
 */
export const TileParams = Type.Object(
  {
    layer: Type.String({ minLength: 1, maxLength: 100, description: "one of the layers in GET /tiles" }),
    z: Type.Integer({ minimum: 0, maximum: MAX_TILE_ZOOM, description: "zoom level" }),
    x: Type.Integer({ minimum: 0, maximum: 2 ** MAX_TILE_ZOOM - 1, description: "column, 0 ≤ x < 2^z" }),
    y: Type.Integer({ minimum: 0, maximum: 2 ** MAX_TILE_ZOOM - 1, description: "row from the north, 0 ≤ y < 2^z" }),
  },
  { additionalProperties: false },
);
export type TileParams = Static<typeof TileParams>;

/** `v` absent, old or unknown: the tile is still served, current, but only for TILE_MAX_AGE_S before revalidating. */
export const TileQuery = Type.Object(
  {
    v: Type.Optional(
      Type.String({
        pattern: DATA_REVISION_PATTERN,
        description: "data revision from the TileJSON tiles URL; when it is the current one the tile may be cached for good",
      }),
    ),
  },
  { additionalProperties: false },
);
export type TileQuery = Static<typeof TileQuery>;

/** A name outside the allowlist is answered with a 404 problem, as for tiles. */
export const TileJsonParams = Type.Object(
  { layer: Type.String({ minLength: 1, maxLength: 100, description: "one of the layers in GET /tiles" }) },
  { additionalProperties: false },
);
export type TileJsonParams = Static<typeof TileJsonParams>;

/**
 * One vector layer of a TileJSON document; fields maps each attribute to a description of it. levels (divisions
 * only) maps each level to the zooms whose tiles hold it; the layer's own range spans them all.
 */
const VectorLayer = Type.Object({
  id: Type.String(),
  description: Type.String(),
  minzoom: Type.Integer(),
  maxzoom: Type.Integer(),
  fields: Type.Record(Type.String(), Type.String()),
  levels: Type.Optional(Type.Record(Type.String(), Type.Object({ minzoom: Type.Integer(), maxzoom: Type.Integer() }))),
});

/**
 * TileJSON 3.0.0 of one layer. bounds is the extent of the layer's data, or the whole Web Mercator world when the
 * layer has no data yet; tiles holds one URL that carries the current data revision as `v`.
 */
export const TileJson = Type.Object({
  tilejson: Type.Literal("3.0.0"),
  name: Type.String(),
  description: Type.String(),
  version: Type.String(),
  attribution: Type.String(),
  scheme: Type.Literal("xyz"),
  tiles: Type.Array(Type.String(), { minItems: 1 }),
  minzoom: Type.Integer(),
  maxzoom: Type.Integer(),
  bounds: Type.Array(Type.Number(), { minItems: 4, maxItems: 4 }),
  center: Type.Array(Type.Number(), { minItems: 3, maxItems: 3 }),
  vector_layers: Type.Array(VectorLayer),
});
export type TileJson = Static<typeof TileJson>;

/** One entry of the layer list. */
export const TileLayerSummary = Type.Object({
  id: Type.String(),
  description: Type.String(),
  minzoom: Type.Integer(),
  maxzoom: Type.Integer(),
  geometryType: Type.Enum(["polygon", "point-or-polygon", "point"]),
  tilejson: Type.String({ description: "URL of the layer's TileJSON" }),
});
export type TileLayerSummary = Static<typeof TileLayerSummary>;

/** GET /tiles: every layer, in a fixed order; never empty. */
export const TileLayerList = Type.Object({ layers: Type.Array(TileLayerSummary) });
export type TileLayerList = Static<typeof TileLayerList>;
