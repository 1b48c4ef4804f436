/**
 * Where the tile routes get tiles, revisions and layer metadata: the SQL of tiles.repo.ts behind an in-process
 * cache of hot tiles and a strict revision check.
 *
 * Never stale: a cached tile is served only after a revision read that started after the request arrived
 * (RevisionReader) has shown that the cache's revision is still current. A tile that is not cached is rendered
 * together with the revision of its snapshot, in one statement, so a cold request costs one query, the same as
 * calling the tile function directly.
 */
import type { Sql } from "../db/database.ts";
import type { TileLayerName } from "../contracts/tiles.ts";
import { compareDataRevisions, readDataRevision } from "../revision/revision.repo.ts";
import { RevisionReader } from "../revision/revision-reader.ts";
import { TileCache } from "./tile-cache.ts";
import { readLayerMetadata, renderTile, type LayerMetadata, type RenderedTile, type TileEncoding } from "./tiles.repo.ts";

export { DEFAULT_TILE_CACHE_BYTES } from "../config.ts";

export interface TileProviderOptions {
  sql: Sql;
  encoding: TileEncoding;
  /** Bound of the hot-tile cache in bytes; 0 disables it. */
  cacheMaxBytes: number;
}

const isNewer = (a: string, b: string) => compareDataRevisions(a, b) > 0;

export class TileProvider {
  readonly encoding: TileEncoding;
  private readonly sql: Sql;
  private readonly revisions: RevisionReader;
  private readonly cache: TileCache;
  private metadata: { revision: string; layers: LayerMetadata[] } | undefined;

  constructor(options: TileProviderOptions) {
    this.sql = options.sql;
    this.encoding = options.encoding;
    this.cache = new TileCache(options.cacheMaxBytes);
    this.revisions = new RevisionReader(() => readDataRevision(this.sql));
  }

  /** The current data revision, as of a snapshot taken after this call. */
  revision(): Promise<string> {
    return this.revisions.read();
  }

  /** Tile z/x/y of a layer (an existing tile: callers validate), current as of this call; empty bytes when empty. */
  async tile(layer: TileLayerName, z: number, x: number, y: number): Promise<RenderedTile> {
    const key = `${layer}/${z}/${x}/${y}`;
    if (this.cache.get(key) !== undefined) {
      const revision = await this.revisions.read();
      // Read again: the cache may have moved to another revision while the revision query ran.
      const cached = revision === this.cache.revision ? this.cache.get(key) : undefined;
      if (cached !== undefined) return { revision, bytes: cached };
      if (this.cache.revision !== undefined && isNewer(revision, this.cache.revision)) this.cache.reset(revision);
    }
    const rendered = await renderTile(this.sql, this.encoding, layer, z, x, y);
    this.cache.set(rendered.revision, key, rendered.bytes, isNewer);
    return rendered;
  }

  /**
   * Bounds and sources of every layer, current as of this call, with the revision they belong to. Read once per
   * revision: TileJSON requests between two writes share one query.
   */
  async layerMetadata(): Promise<{ revision: string; layers: LayerMetadata[] }> {
    const revision = await this.revisions.read();
    if (this.metadata?.revision === revision) return this.metadata;
    const metadata = await readLayerMetadata(this.sql);
    if (this.metadata === undefined || isNewer(metadata.revision, this.metadata.revision)) this.metadata = metadata;
    return metadata;
  }

  /** What the hot-tile cache holds, for logs and tests. */
  cacheStats(): { revision: string | undefined; tiles: number; bytes: number } {
    return { revision: this.cache.revision, tiles: this.cache.size, bytes: this.cache.storedBytes };
  }
}
