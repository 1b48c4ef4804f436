/**
 * Tile SQL. Each allowlisted layer maps to fixed tagged templates that call its functions (sql/functions/tiles), so
 * no request value ever becomes part of a statement's text: z, x and y travel as parameters of statements that
 * postgres.js prepares once per connection. The data revision is read in the same statement as the tile, so the
 * tile is known to show exactly that revision.
 */
import type { Sql } from "../db/database.ts";
import type { TileLayerName } from "../contracts/tiles.ts";
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

interface MvtRow {
  revision: string;
  /**
   * The tile as base64 text (encode(…, 'base64')). postgres.js reads every value as text, and a bytea's own text is
   * hex, twice the tile's size: base64 is a third larger instead, and Node decodes it faster (~16 vs ~41 µs for 30
   * KB) with less garbage. Alternating runs of the two (4 × 5 s each, divisions tiles): z6 at 2 connections median
   * 372 → 396 req/s, at 32 connections 435 → 455, z9 at 2 connections 703 → 787.
   */
  tile: string | null;
}

interface FeaturesRow {
  revision: string;
  features: string;
}

const EMPTY = Buffer.alloc(0);

/**
 * Renders tile z/x/y of a layer at the current data revision. z, x and y must form an existing tile (callers
 * validate; the SQL raises 22023 otherwise). An empty tile comes back as zero bytes, never as null.
 */
export async function renderTile(sql: Sql, encoding: TileEncoding, layer: TileLayerName, z: number, x: number, y: number): Promise<RenderedTile> {
  if (encoding === "mvt") {
    const [row] = await mvtQuery(sql, layer, z, x, y);
    if (!row) throw noTileRow(layer, z, x, y);
    return { revision: row.revision, bytes: row.tile ? Buffer.from(row.tile, "base64") : EMPTY };
  }
  const [row] = await featuresQuery(sql, layer, z, x, y);
  if (!row) throw noTileRow(layer, z, x, y);
  const features = JSON.parse(row.features) as TileFeature[];
  if (features.length === 0) return { revision: row.revision, bytes: EMPTY };
  const encoded = encodeTile([{ name: layer, extent: TILE_EXTENT, features }]);
  return { revision: row.revision, bytes: Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength) };
}

/**
 * The tile statements always answer one row; none means the embedded database's PostGIS failed inside GEOS on a
 * geometry of the tile (its WebAssembly build loses the error where native PostGIS reports it), so the log names it.
 */
function noTileRow(layer: TileLayerName, z: number, x: number, y: number): Error {
  return new Error(`the database answered no row for the ${layer} tile ${z}/${x}/${y} (a geometry PostGIS could not process?)`);
}

function mvtQuery(sql: Sql, layer: TileLayerName, z: number, x: number, y: number) {
  switch (layer) {
    case "divisions":
      return sql<MvtRow[]>`select tiles.data_revision() as revision, encode(tiles.divisions(${z}, ${x}, ${y}), 'base64') as tile`;
    case "areas":
      return sql<MvtRow[]>`select tiles.data_revision() as revision, encode(tiles.areas(${z}, ${x}, ${y}), 'base64') as tile`;
    case "belts":
      return sql<MvtRow[]>`select tiles.data_revision() as revision, encode(tiles.belts(${z}, ${x}, ${y}), 'base64') as tile`;
    case "projects":
      return sql<MvtRow[]>`select tiles.data_revision() as revision, encode(tiles.projects(${z}, ${x}, ${y}), 'base64') as tile`;
    case "opinions":
      return sql<MvtRow[]>`select tiles.data_revision() as revision, encode(tiles.opinions(${z}, ${x}, ${y}), 'base64') as tile`;
  }
}

function featuresQuery(sql: Sql, layer: TileLayerName, z: number, x: number, y: number) {
  switch (layer) {
    case "divisions":
      return sql<FeaturesRow[]>`select tiles.data_revision() as revision, tiles.divisions_features_json(${z}, ${x}, ${y}) as features`;
    case "areas":
      return sql<FeaturesRow[]>`select tiles.data_revision() as revision, tiles.areas_features_json(${z}, ${x}, ${y}) as features`;
    case "belts":
      return sql<FeaturesRow[]>`select tiles.data_revision() as revision, tiles.belts_features_json(${z}, ${x}, ${y}) as features`;
    case "projects":
      return sql<FeaturesRow[]>`select tiles.data_revision() as revision, tiles.projects_features_json(${z}, ${x}, ${y}) as features`;
    case "opinions":
      return sql<FeaturesRow[]>`select tiles.data_revision() as revision, tiles.opinions_features_json(${z}, ${x}, ${y}) as features`;
  }
}

/**
 * How this database makes tiles, found in the same statement that warms the session up (tiles.warm_up: PostGIS
 * loaded, every tile function planned), so that a server's first map request is as fast as the next.
 */
export async function prepareTileRendering(sql: Sql): Promise<TileEncoding> {
  const [row] = await sql<{ mvt: boolean }[]>`select postgis_libprotobuf_version() is not null as mvt, tiles.warm_up() as layers`;
  return row!.mvt ? "mvt" : "node";
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
  >`select tiles.data_revision() as revision, m.* from tiles.layer_metadata() as m`;
  return {
    revision: rows[0]!.revision,
    layers: rows.map((row) => ({
      layer: row.layer,
      bounds: row.west === null || row.south === null || row.east === null || row.north === null ? null : [row.west, row.south, row.east, row.north],
      sources: row.sources,
    })),
  };
}
