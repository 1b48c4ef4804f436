import { describe, expect, it } from "vitest";
import { compareDataRevisions } from "../../server/src/revision/revision.repo.ts";
import { TileCache } from "../../server/src/tiles/tile-cache.ts";

const isNewer = (a: string, b: string) => compareDataRevisions(a, b) > 0;
const tile = (bytes: number, fill = 1) => Buffer.alloc(bytes, fill);

describe("the hot-tile cache", () => {
  it("returns what was stored for the cache's revision", () => {
    const cache = new TileCache(1_000_000);
    cache.set("5-20240607", "divisions/8/208/100", tile(100), isNewer);
    expect(cache.revision).toBe("5-20240607");
    expect(cache.get("divisions/8/208/100")?.byteLength).toBe(100);
    expect(cache.get("divisions/8/208/101")).toBeUndefined();
  });

  it("empties itself when a tile of a newer revision arrives, and drops one of an older revision", () => {
    const cache = new TileCache(1_000_000);
    cache.set("5-20240607", "a", tile(10), isNewer);
    cache.set("6-20240607", "b", tile(10), isNewer);
    expect(cache.revision).toBe("6-20240607");
    expect(cache.get("a")).toBeUndefined();
    cache.set("5-20240607", "a", tile(10), isNewer);
    expect(cache.get("a")).toBeUndefined();
    expect(cache.size).toBe(1);
    // Midnight without writes is a newer revision too.
    cache.set("6-20240608", "c", tile(10), isNewer);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.revision).toBe("6-20240608");
  });

  it("evicts the least recently used tiles to stay within its bytes", () => {
    const cache = new TileCache(4 * (1000 + 128));
    for (const key of ["a", "b", "c", "d"]) cache.set("1-20240607", key, tile(1000), isNewer);
    expect(cache.get("a")).toBeDefined();
    cache.set("1-20240607", "e", tile(1000), isNewer);
    expect(cache.get("b")).toBeUndefined();
    expect(["a", "c", "d", "e"].every((key) => cache.get(key) !== undefined)).toBe(true);
    expect(cache.storedBytes).toBeLessThanOrEqual(cache.maxBytes);
  });

  it("keeps empty tiles at a small cost, never stores a tile over a quarter of its size, and can be turned off", () => {
    const cache = new TileCache(10_000);
    cache.set("1-20240607", "empty", Buffer.alloc(0), isNewer);
    expect(cache.get("empty")?.byteLength).toBe(0);
    cache.set("1-20240607", "huge", tile(3000), isNewer);
    expect(cache.get("huge")).toBeUndefined();
    const off = new TileCache(0);
    off.set("1-20240607", "a", tile(10), isNewer);
    expect(off.get("a")).toBeUndefined();
  });

  it("replaces a tile stored again under the same key without counting it twice", () => {
    const cache = new TileCache(100_000);
    cache.set("1-20240607", "a", tile(1000), isNewer);
    cache.set("1-20240607", "a", tile(500, 2), isNewer);
    expect(cache.get("a")?.[0]).toBe(2);
    expect(cache.storedBytes).toBe(500 + 128);
  });
});

describe("data revisions", () => {
  it.each([
    ["1-20240607", "2-20240607", -1],
    ["10-20240607", "9-20240607", 1],
    ["9-20240608", "9-20240607", 1],
    ["9-20240607", "9-20240607", 0],
    ["99999999999999999-20240607", "99999999999999998-20240607", 1],
    ["garbage", "0-20240607", -1],
  ])("orders %s against %s as %i", (a, b, order) => {
    expect(Math.sign(compareDataRevisions(a, b))).toBe(order);
  });
});

describe("the hot-tile cache's memory", () => {
  it("keeps a tile that is a view into a shared slab as a copy of its own", () => {
    const cache = new TileCache(100_000);
    const slab = Buffer.alloc(8192, 7);
    cache.set("1-20240607", "a", slab.subarray(100, 600), isNewer);
    const stored = cache.get("a")!;
    expect(stored.byteLength).toBe(500);
    expect(stored.buffer.byteLength).toBe(500);
    expect(stored.every((byte) => byte === 7)).toBe(true);
    const own = Buffer.allocUnsafeSlow(300);
    cache.set("1-20240607", "b", own, isNewer);
    expect(cache.get("b")).toBe(own);
  });
});
