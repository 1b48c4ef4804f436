/**
 * An in-process cache of hot tiles for one data revision, least recently used first out, bounded by the bytes it
 * holds. Every entry belongs to the cache's revision; moving to another revision empties it, so nothing rendered from
 * older data can be found again. Keys are the caller's (layer/z/x/y). Empty tiles are cached too (as zero bytes) and
 * count a small fixed overhead, so that a flood of empty tiles cannot grow the cache without bound either.
 */
export class TileCache {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;
  private currentRevision: string | undefined;

  /** maxBytes 0 disables the cache: nothing is stored. */
  constructor(readonly maxBytes: number) {}

  /** The revision the cached tiles belong to; undefined before the first tile is stored. */
  get revision(): string | undefined {
    return this.currentRevision;
  }

  get size(): number {
    return this.entries.size;
  }

  get storedBytes(): number {
    return this.bytes;
  }

  /** The tile stored under key for the cache's current revision, marked as recently used; undefined when absent. */
  get(key: string): Buffer | undefined {
    const tile = this.entries.get(key);
    if (tile === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, tile);
    return tile;
  }

  /** Empties the cache and makes `revision` the one whose tiles it holds. */
  reset(revision: string): void {
    this.entries.clear();
    this.bytes = 0;
    this.currentRevision = revision;
  }

  /**
   * Stores a tile rendered at `revision`. A tile of another revision than the cache's is stored only when `isNewer`
   * says that revision is newer, after emptying the cache; an older one is dropped (a slow request that finished late).
   * A tile larger than a quarter of the cache is not stored: it would evict many small hot ones.
   */
  set(revision: string, key: string, tile: Buffer, isNewer: (a: string, b: string) => boolean): void {
    if (this.maxBytes <= 0) return;
    if (revision !== this.currentRevision) {
      if (this.currentRevision !== undefined && !isNewer(revision, this.currentRevision)) return;
      this.reset(revision);
    }
    const cost = costOf(tile);
    if (cost > this.maxBytes / 4) return;
    const previous = this.entries.get(key);
    if (previous !== undefined) {
      this.entries.delete(key);
      this.bytes -= costOf(previous);
    }
    this.entries.set(key, ownCopy(tile));
    this.bytes += cost;
    for (const [oldestKey, oldest] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldestKey);
      this.bytes -= costOf(oldest);
    }
  }
}

/**
 * The tile in memory of its own. A small Buffer is often a view into an 8 KB slab that Node shares between
 * allocations (Buffer.poolSize); keeping the view for minutes would keep the whole slab, up to 16 times the bytes
 * the cache counts for a 500-byte tile.
 */
function ownCopy(tile: Buffer): Buffer {
  if (tile.byteOffset === 0 && tile.byteLength === tile.buffer.byteLength) return tile;
  const copy = Buffer.allocUnsafeSlow(tile.byteLength);
  tile.copy(copy);
  return copy;
}

/** Bytes an entry is charged: the tile plus the key and Map bookkeeping, roughly. */
function costOf(tile: Buffer): number {
  return tile.byteLength + ENTRY_OVERHEAD_BYTES;
}

const ENTRY_OVERHEAD_BYTES = 128;
