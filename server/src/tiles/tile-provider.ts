/**
 * Where the tile routes get tiles, revisions and layer metadata: the SQL of tiles.repo.ts behind revision caches
 * (revision-cache.ts) of hot tiles and of the layers' metadata.
 *
 * Never stale: a kept tile is served only at a revision read after the request arrived (RevisionReader). A tile
 * that is not kept is rendered together with the revision of its snapshot, in one statement, so a cold request costs
 * one query, the same as calling the tile function directly.
 */
import type { Sql } from "../db/database.ts";
import type { TileLayerName } from "../contracts/tiles.ts";
import { readDataRevision } from "../revision/revision.repo.ts";
import { RevisionCache } from "../revision/revision-cache.ts";
import { RevisionReader } from "../revision/revision-reader.ts";
import { readLayerMetadata, tileRenderer, type LayerMetadata, type RenderedTile, type TileRenderer, type TileRendering } from "./tiles.repo.ts";

export { DEFAULT_TILE_CACHE_BYTES } from "../config.ts";

export interface TileProviderOptions extends TileRendering {
  sql: Sql;
  /** Bound of the hot-tile cache in bytes; 0 disables it. */
  cacheMaxBytes: number;
  /** Highest zoom read through the tile pyramid (tiles.pyramid_tile) when tiles are MVT from the database; -1: none. */
  pyramidMaxZoom?: number;
}

/** Bytes a kept tile is charged beyond its own: the key and the Map's bookkeeping, roughly. */
const TILE_OVERHEAD_BYTES = 128;

export class TileProvider {
  readonly encoding: TileRendering["encoding"];
  readonly divisionLevels: TileRendering["divisionLevels"];
  private readonly sql: Sql;
  private readonly render: TileRenderer;
  private readonly revisions: RevisionReader;
  private readonly tiles: RevisionCache<Buffer>;
  private readonly metadata = new RevisionCache<{ revision: string; layers: LayerMetadata[] }>({ maxCost: 1 });

  constructor(options: TileProviderOptions) {
    this.sql = options.sql;
    this.encoding = options.encoding;
    this.divisionLevels = options.divisionLevels;
    this.render = tileRenderer(options.sql, options.encoding, options.pyramidMaxZoom ?? -1);
    this.revisions = new RevisionReader(() => readDataRevision(this.sql));
    // Empty tiles are kept too, at the fixed overhead, so that a flood of them cannot grow the cache without bound.
    // A tile larger than a quarter of the cache is not kept: it would evict many small hot ones.
    this.tiles = new RevisionCache({
      maxCost: options.cacheMaxBytes,
      costOf: (tile) => tile.byteLength + TILE_OVERHEAD_BYTES,
      maxValueCost: options.cacheMaxBytes / 4,
      retain: ownCopy,
    });
  }

  /** The current data revision, as of a snapshot taken after this call. */
  revision(): Promise<string> {
    return this.revisions.read();
  }

  /** Tile z/x/y of a layer (an existing tile: callers validate), current as of this call; empty bytes when empty. */
  async tile(layer: TileLayerName, z: number, x: number, y: number): Promise<RenderedTile> {
    const key = `${layer}/${z}/${x}/${y}`;
    // Only a kept tile is worth a revision query first; any other is rendered at once, with its revision.
    if (this.tiles.has(key)) {
      const { revision, value } = await this.tiles.load(await this.revisions.read(), key, () =>
        this.render(layer, z, x, y).then(({ revision, bytes }) => ({ revision, value: bytes })),
      );
      return { revision, bytes: value };
    }
    const rendered = await this.render(layer, z, x, y);
    this.tiles.set(rendered.revision, key, rendered.bytes);
    return rendered;
  }

  /**
   * Bounds and sources of every layer, current as of this call, with the revision they belong to. Read once per
   * revision: TileJSON requests between two writes share one query.
   */
  async layerMetadata(): Promise<{ revision: string; layers: LayerMetadata[] }> {
    const read = await this.metadata.load(await this.revisions.read(), "layers", () =>
      readLayerMetadata(this.sql).then((metadata) => ({ revision: metadata.revision, value: metadata })),
    );
    return read.value;
  }

  /** What the hot-tile cache holds, for logs and tests. */
  cacheStats(): { revision: string | undefined; tiles: number; bytes: number } {
    return { revision: this.tiles.revision, tiles: this.tiles.size, bytes: this.tiles.storedCost };
  }
}

/**
 * The tile in memory of its own. A small Buffer is often a view into an 8 KB slab that Node shares between
 * allocations (Buffer.poolSize); keeping the view for minutes would keep the whole slab, up to 16 times the bytes
 * the cache counts for a 500-byte tile.
 */
export function ownCopy(tile: Buffer): Buffer {
  if (tile.byteOffset === 0 && tile.byteLength === tile.buffer.byteLength) return tile;
  const copy = Buffer.allocUnsafeSlow(tile.byteLength);
  tile.copy(copy);
  return copy;
}
