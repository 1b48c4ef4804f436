import { describe, expect, it } from "vitest";
import { compareDataRevisions, RevisionCache } from "../../server/src/revision/revision-cache.ts";
import { ownCopy } from "../../server/src/tiles/tile-provider.ts";

const tile = (bytes: number, fill = 1) => Buffer.alloc(bytes, fill);
const tileCache = (maxBytes: number) =>
  new RevisionCache<Buffer>({ maxCost: maxBytes, costOf: (value) => value.byteLength + 128, maxValueCost: maxBytes / 4 });

/** A load that resolves when told to, and counts how often it was started. */
function deferredLoad<V>() {
  let resolve!: (read: { revision: string; value: V }) => void;
  let reject!: (error: Error) => void;
  let started = 0;
  const load = () => {
    started++;
    return new Promise<{ revision: string; value: V }>((res, rej) => {
      resolve = res;
      reject = rej;
    });
  };
  return { load, resolve: (read: { revision: string; value: V }) => resolve(read), reject: (error: Error) => reject(error), started: () => started };
}

describe("the revision cache", () => {
  it("serves a kept value only at the revision it was kept at", () => {
    const cache = new RevisionCache<string>({ maxCost: 10 });
    cache.set("5-20240607", "a", "chain");
    expect(cache.revision).toBe("5-20240607");
    expect(cache.has("a")).toBe(true);
    expect(cache.get("5-20240607", "a")).toBe("chain");
    expect(cache.get("5-20240607", "b")).toBeUndefined();
    expect(cache.get("4-20240607", "a")).toBeUndefined();
  });

  it("empties itself when it sees a newer revision, and does not keep a value of an older one", () => {
    const cache = new RevisionCache<string>({ maxCost: 10 });
    cache.set("5-20240607", "a", "old");
    cache.set("6-20240607", "b", "new");
    expect(cache.revision).toBe("6-20240607");
    expect(cache.has("a")).toBe(false);
    cache.set("5-20240607", "a", "late");
    expect(cache.has("a")).toBe(false);
    expect(cache.size).toBe(1);
    // Reading at a newer revision moves the cache too; midnight without writes is a newer revision.
    expect(cache.get("6-20240608", "b")).toBeUndefined();
    expect(cache.revision).toBe("6-20240608");
    expect(cache.size).toBe(0);
  });

  it("evicts the least recently used values to stay within its bound", () => {
    const cache = tileCache(4 * (1000 + 128));
    for (const key of ["a", "b", "c", "d"]) cache.set("1-20240607", key, tile(1000));
    expect(cache.get("1-20240607", "a")).toBeDefined();
    cache.set("1-20240607", "e", tile(1000));
    expect(cache.has("b")).toBe(false);
    expect(["a", "c", "d", "e"].every((key) => cache.has(key))).toBe(true);
    expect(cache.storedCost).toBeLessThanOrEqual(4 * (1000 + 128));
  });

  it("keeps zero-byte values at their overhead, never a value over its largest cost, and nothing when turned off", () => {
    const cache = tileCache(10_000);
    cache.set("1-20240607", "empty", Buffer.alloc(0));
    expect(cache.get("1-20240607", "empty")?.byteLength).toBe(0);
    cache.set("1-20240607", "huge", tile(3000));
    expect(cache.has("huge")).toBe(false);
    const off = tileCache(0);
    off.set("1-20240607", "a", tile(10));
    expect(off.has("a")).toBe(false);
  });

  it("replaces a value kept again under the same key without counting it twice", () => {
    const cache = tileCache(100_000);
    cache.set("1-20240607", "a", tile(1000));
    cache.set("1-20240607", "a", tile(500, 2));
    expect(cache.get("1-20240607", "a")?.[0]).toBe(2);
    expect(cache.storedCost).toBe(500 + 128);
  });

  it("shares one load among concurrent misses of a key at a revision, and keeps it under the revision it was read at", async () => {
    const cache = new RevisionCache<string>({ maxCost: 10 });
    const deferred = deferredLoad<string>();
    const first = cache.load("3-20240607", "a", deferred.load);
    const second = cache.load("3-20240607", "a", deferred.load);
    expect(deferred.started()).toBe(1);
    deferred.resolve({ revision: "4-20240607", value: "read after a write" });
    expect(await first).toEqual({ revision: "4-20240607", value: "read after a write" });
    expect(await second).toEqual({ revision: "4-20240607", value: "read after a write" });
    expect(cache.get("4-20240607", "a")).toBe("read after a write");
    expect(await cache.load("4-20240607", "a", deferred.load)).toEqual({ revision: "4-20240607", value: "read after a write" });
    expect(deferred.started()).toBe(1);
  });

  it("does not keep a failed load: the next caller loads again", async () => {
    const cache = new RevisionCache<string>({ maxCost: 10 });
    const deferred = deferredLoad<string>();
    const failing = cache.load("3-20240607", "a", deferred.load);
    deferred.reject(new Error("statement timeout"));
    await expect(failing).rejects.toThrow("statement timeout");
    const retry = cache.load("3-20240607", "a", deferred.load);
    deferred.resolve({ revision: "3-20240607", value: "ok" });
    expect((await retry).value).toBe("ok");
    expect(deferred.started()).toBe(2);
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

describe("a kept tile's memory", () => {
  it("is a copy of its own when the tile is a view into a shared slab", () => {
    const cache = new RevisionCache<Buffer>({ maxCost: 100_000, retain: ownCopy });
    const slab = Buffer.alloc(8192, 7);
    cache.set("1-20240607", "a", slab.subarray(100, 600));
    const stored = cache.get("1-20240607", "a")!;
    expect(stored.byteLength).toBe(500);
    expect(stored.buffer.byteLength).toBe(500);
    expect(stored.every((byte: number) => byte === 7)).toBe(true);
    const own = Buffer.allocUnsafeSlow(300);
    cache.set("1-20240607", "b", own);
    expect(cache.get("1-20240607", "b")).toBe(own);
  });
});
