/**
 * The project's server, unchanged, with its in-process hot-tile cache unable to store anything: what
 * TILE_CACHE_MAX_BYTES=0 would do (TileCache.set returns at once when its bound is 0), for a server whose configuration
 * does not read that variable yet. The bench uses it only then, and says so in its results.
 * The cache class is looked up at run time, not imported by type, so that the bench does not bind the server's
 * internals into its own type-check; if the class is gone the server is not started and the bench reports why.
 */
const cacheModule = (await import(new URL("../../../server/src/tiles/tile-cache.ts", import.meta.url).href)) as {
  TileCache?: { prototype: Record<string, unknown> };
};
const prototype = cacheModule.TileCache?.prototype;
if (!prototype || typeof prototype.set !== "function") {
  console.error("uncached-server: server/src/tiles/tile-cache.ts has no TileCache with a set method; cannot disable the tile cache");
  process.exit(3);
}
prototype.set = function set(): void {};
await import(new URL("../../../server/src/server.ts", import.meta.url).href);
