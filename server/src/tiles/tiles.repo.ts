/**
 * Tile SQL. Every layer has the same two functions, made in the database from the layer's feature query
 * (sql/functions/tiles/tile.sql): tiles.<layer>(z, x, y), MVT by ST_AsMVT, and tiles.<layer>_features_json(z, x, y),
 * tile-space features for the Node encoder. Their names come from the fixed list of layers and enter a statement only
 * as identifiers (postgres.js sql(name)); z, x and y travel as parameters of statements that postgres.js prepares
 * once per connection. The data revision is read in the same statement as the tile, so the tile is known to show
 * exactly that revision. Tiles up to the pyramid's top zoom go through tiles.pyramid_tile, which keeps them in the
 * database per revision (sql/functions/tiles/pyramid.sql).
 */
import type { Sql } from "../db/database.ts";
import { TILE_LAYER_NAMES, type TileLayerName } from "../contracts/tiles.ts";
import { encodeTile, type TileFeature } from "./mvt-encoder.ts";
import { TILE_EXTENT } from "./tile-layers.ts";

/**
 * How tiles are made: `mvt` by ST_AsMVT in the database (PostGIS with protobuf), `node` from tile-space features
 * that the database prepares and mvt-encoder.ts encodes (PGlite, whose PostGIS lacks protobuf).
 */
export type TileEncoding = "mvt" | "node";

export interface RenderedTile {
  /** The data revision the tile was rendered from. */
  revision: string;
  /** The MVT bytes; empty (length 0) when no feature falls in the tile. */
  bytes: Buffer;
}

interface TileRow {
  revision: string;
  /**
   * mvt: the tile as base64 text (encode(…, 'base64')): postgres.js reads every value as text, and a bytea's own text
   * is hex, twice the tile's size, which Node also decodes more slowly. node: the features' JSON text.
   */
  tile: string | null;
}

const EMPTY = Buffer.alloc(0);

/**
 * Renders tile z/x/y of a layer at the current data revision. z, x and y must form an existing tile (callers
 * validate; the SQL raises 22023 otherwise). An empty tile comes back as zero bytes, never as null.
 */
export type TileRenderer = (layer: TileLayerName, z: number, x: number, y: number) => Promise<RenderedTile>;

/**
 * The tile statements of every layer of the allowlist, for one client and encoding, made once as a tile server
 * prepares one statement per source: the function names become identifiers here, not on every request.
 */
export function tileRenderer(sql: Sql, encoding: TileEncoding, pyramidMaxZoom = -1): TileRenderer {
  const functions = new Map(TILE_LAYER_NAMES.map((layer) => [layer, sql(encoding === "mvt" ? `tiles.${layer}` : `tiles.${layer}_features_json`)]));
  // The pyramid keeps MVT bytes, so only where the database makes them (not on PGlite).
  const pyramidUpTo = encoding === "mvt" ? pyramidMaxZoom : -1;
  return async (layer, z, x, y) => {
    const tileFunction = functions.get(layer);
    if (tileFunction === undefined) throw new Error(`tileRenderer: "${String(layer)}" is not a tile layer`);
    const [row] =
      z <= pyramidUpTo
        ? await sql<TileRow[]>`select p.revision, encode(p.tile, 'base64') as tile from tiles.pyramid_tile(${layer}, ${z}, ${x}, ${y}) as p`
        : encoding === "mvt"
          ? await sql<TileRow[]>`select api.data_revision() as revision, encode(${tileFunction}(${z}, ${x}, ${y}), 'base64') as tile`
          : await sql<TileRow[]>`select api.data_revision() as revision, ${tileFunction}(${z}, ${x}, ${y}) as tile`;
    // The statement always answers one row; none means the embedded database's PostGIS failed inside GEOS on a
    // geometry of the tile (its WebAssembly build loses the error where native PostGIS reports it), so the log names it.
    if (!row) throw new Error(`the database answered no row for the ${layer} tile ${z}/${x}/${y} (a geometry PostGIS could not process?)`);
    if (encoding === "mvt") return { revision: row.revision, bytes: row.tile ? Buffer.from(row.tile, "base64") : EMPTY };
    const features = JSON.parse(row.tile!) as TileFeature[];
    if (features.length === 0) return { revision: row.revision, bytes: EMPTY };
    const encoded = encodeTile([{ name: layer, extent: TILE_EXTENT, features }]);
    return { revision: row.revision, bytes: Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength) };
  };
}

/** A zoom range, both ends included. */
export interface ZoomRange {
  minzoom: number;
  maxzoom: number;
}

/** How this database makes tiles, and the zoom range of each division level (tiles.division_level_zooms). */
export interface TileRendering {
  encoding: TileEncoding;
  /** Level (county, township) → the zooms whose divisions tiles hold that level; never empty. */
  divisionLevels: Record<string, ZoomRange>;
}

/**
 * How this database makes tiles, found in the same statement that warms the session up (tiles.warm_up: PostGIS
 * loaded, the first layers' tile functions planned), so that a server's first map request is as fast as the next.
 */
export async function prepareTileRendering(sql: Sql): Promise<TileRendering> {
  const [row] = await sql<{ mvt: boolean; divisionLevels: string }[]>`
    select postgis_libprotobuf_version() is not null as mvt, tiles.warm_up() as layers,
      (select json_object_agg(z.level, json_build_object('minzoom', z.minzoom, 'maxzoom', z.maxzoom) order by z.minzoom, z.level)
       from tiles.division_level_zooms() as z)::text as division_levels`;
  return { encoding: row!.mvt ? "mvt" : "node", divisionLevels: JSON.parse(row!.divisionLevels) as Record<string, ZoomRange> };
}

export interface LayerMetadata {
  layer: string;
  /** [west, south, east, north] in degrees; null when the layer has no geometry. */
  bounds: [number, number, number, number] | null;
  /** Distinct geom_source texts of the boundaries the layer draws; empty when none. */
  sources: string[];
}

/**
 * Bounds and boundary sources of every layer, with the revision they were read at. Every layer has an entry, even
 * an empty one (bounds null, sources []).
 */
export async function readLayerMetadata(sql: Sql): Promise<{ revision: string; layers: LayerMetadata[] }> {
  const rows = await sql<
    { revision: string; layer: string; west: number | null; south: number | null; east: number | null; north: number | null; sources: string[] }[]
  >`select api.data_revision() as revision, m.* from tiles.layer_metadata() as m`;
  return {
    revision: rows[0]!.revision,
    layers: rows.map((row) => ({
      layer: row.layer,
      bounds: row.west === null || row.south === null || row.east === null || row.north === null ? null : [row.west, row.south, row.east, row.north],
      sources: row.sources,
    })),
  };
}
