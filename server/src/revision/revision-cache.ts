/**
 * Values kept for one data revision: the one cache behind hot tiles, TileJSON metadata, lookup chains and the search
 * index. A value is stored with the revision it was read at and served only to a caller that names that same
 * revision, which the caller has read itself (in the same statement as its own data, or through RevisionReader after
 * it arrived). Seeing a newer revision empties the cache, so nothing read from older data can be found again; a value
 * read at an older revision than the cache's is handed to its caller and not kept. Least recently used goes first
 * once the bound is reached. Concurrent loads of one key at one revision share one load; a failed load is not kept.
 */

/** A value with the data revision it was read at. */
export interface Revisioned<V> {
  revision: string;
  value: V;
}

export interface RevisionCacheOptions<V> {
  /** Bound of what is kept, in the unit of costOf; 0 keeps nothing. */
  maxCost: number;
  /** What keeping a value costs; 1 when absent, so that maxCost counts entries. */
  costOf?: (value: V) => number;
  /** A value costing more is not kept (it would evict many others); default maxCost. */
  maxValueCost?: number;
  /** The value as kept, e.g. a copy that does not pin a larger shared buffer; the value itself when absent. */
  retain?: (value: V) => V;
}

interface Entry<V> {
  value: V;
  cost: number;
}

export class RevisionCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly loads = new Map<string, Promise<Revisioned<V>>>();
  private readonly options: Required<Omit<RevisionCacheOptions<V>, "retain">> & RevisionCacheOptions<V>;
  private cost = 0;
  private current: string | undefined;

  constructor(options: RevisionCacheOptions<V>) {
    this.options = { costOf: () => 1, maxValueCost: options.maxCost, ...options };
  }

  /** The revision of the kept values; undefined before the first is kept. */
  get revision(): string | undefined {
    return this.current;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The summed cost of the kept values. */
  get storedCost(): number {
    return this.cost;
  }

  /** Whether a value is kept for key at the cache's revision, whichever that is: worth asking for the revision. */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** The value kept for key at `revision`, marked as recently used; undefined when there is none. */
  get(revision: string, key: string): V | undefined {
    this.advance(revision);
    if (revision !== this.current) return undefined;
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Keeps a value read at `revision`, unless that revision is older than the cache's or the value is too costly. */
  set(revision: string, key: string, value: V): void {
    this.advance(revision);
    if (revision !== this.current || this.options.maxCost <= 0) return;
    const cost = this.options.costOf(value);
    if (cost > this.options.maxValueCost) return;
    this.remove(key);
    this.entries.set(key, { value: this.options.retain ? this.options.retain(value) : value, cost });
    this.cost += cost;
    for (const oldestKey of this.entries.keys()) {
      if (this.cost <= this.options.maxCost) break;
      this.remove(oldestKey);
    }
  }

  /**
   * The value of key at `revision`: the kept one, else the result of `load`, which every caller asking for key at
   * that revision meanwhile shares. `load` answers with the revision it read at, which may be newer than `revision`
   * when a write committed in between: the value is kept under the revision it was read at, and callers compare it
   * with theirs. Rejects when `load` fails.
   */
  async load(revision: string, key: string, load: () => Promise<Revisioned<V>>): Promise<Revisioned<V>> {
    const kept = this.get(revision, key);
    if (kept !== undefined) return { revision, value: kept };
    const loadKey = `${revision}\u0000${key}`;
    let loading = this.loads.get(loadKey);
    if (loading === undefined) {
      loading = load().then((read) => {
        this.set(read.revision, key, read.value);
        return read;
      });
      this.loads.set(loadKey, loading);
      const forget = () => this.loads.delete(loadKey);
      loading.then(forget, forget);
    }
    return loading;
  }

  /** Moves the cache to `revision` when that is newer than its own, dropping every value of the old one. */
  private advance(revision: string): void {
    if (this.current !== undefined && compareDataRevisions(revision, this.current) <= 0) return;
    this.entries.clear();
    this.cost = 0;
    this.current = revision;
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.cost -= entry.cost;
  }
}

/**
 * Orders two data revisions ("<number>-<YYYYMMDD>", api.data_revision): negative when a is older than b, 0 when
 * equal, positive when newer. Compares the number, then the date; a string that is not a revision sorts before
 * every revision.
 */
export function compareDataRevisions(a: string, b: string): number {
  const [numberA, dayA] = splitRevision(a);
  const [numberB, dayB] = splitRevision(b);
  if (numberA !== numberB) return numberA < numberB ? -1 : 1;
  return dayA === dayB ? 0 : dayA < dayB ? -1 : 1;
}

function splitRevision(revision: string): [bigint, string] {
  const match = /^([0-9]{1,19})-([0-9]{8})$/.exec(revision);
  return match ? [BigInt(match[1]!), match[2]!] : [-1n, ""];
}
