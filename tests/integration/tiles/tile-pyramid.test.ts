/**
 * The tile pyramid: tiles up to its top zoom are kept in the database per data revision (tiles.pyramid_tile), read
 * from there while the revision holds, and never served once a write has moved it. PGlite makes no MVT in the
 * database, so there the pyramid is not used and nothing is stored.
 */
import { describe, expect, it } from "vitest";
import type { Sql } from "../../../server/src/db/database.ts";
import { TileProvider } from "../../../server/src/tiles/tile-provider.ts";
import { prepareTileRendering } from "../../../server/src/tiles/tiles.repo.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { useFreshDatabase } from "../../helpers/databases.ts";
import { layerFeatures } from "./tile-dump.ts";
import { FIXTURES, HOLE_POINT, insertTileFixtures, tileAt } from "./tile-fixtures.ts";

const LOW = tileAt(HOLE_POINT.lon, HOLE_POINT.lat, 7);
const HIGH = tileAt(HOLE_POINT.lon, HOLE_POINT.lat, 10);

describe.each(enabledBackends())("the tile pyramid on %s", (backend) => {
  let sql: Sql;
  let provider: TileProvider;
  let unpyramided: TileProvider;
  useFreshDatabase(backend, async ({ database }) => {
    sql = database.sql;
    await insertTileFixtures(sql);
    const rendering = await prepareTileRendering(sql);
    // No hot-tile cache, so every tile comes from the database.
    provider = new TileProvider({ sql, ...rendering, cacheMaxBytes: 0, pyramidMaxZoom: 8 });
    unpyramided = new TileProvider({ sql, ...rendering, cacheMaxBytes: 0, pyramidMaxZoom: -1 });
  });

  const kept = () => sql<{ layer: string; z: number; x: number; y: number; revision: string; bytes: number }[]>`
    select layer, z, x, y, revision, length(tile) as bytes from tile_pyramid order by layer, z, x, y`;
  const nameInTile = (bytes: Buffer) => layerFeatures(bytes, "divisions").find((feature) => feature.id === Number(FIXTURES.multipolygonWithHole.code))?.properties.name;

  it("answers a low-zoom tile with the very bytes the tile function renders, and keeps it where MVT comes from the database", async () => {
    const tile = await provider.tile("divisions", LOW.z, LOW.x, LOW.y);
    const direct = await unpyramided.tile("divisions", LOW.z, LOW.x, LOW.y);
    expect(tile.bytes.byteLength).toBeGreaterThan(0);
    expect(tile.bytes.equals(direct.bytes)).toBe(true);
    expect(tile.revision).toBe(direct.revision);
    if (backend === "postgis") {
      expect(await kept()).toEqual([{ layer: "divisions", ...LOW, revision: tile.revision, bytes: tile.bytes.byteLength }]);
    } else {
      expect(provider.encoding).toBe("node");
      expect(await kept()).toEqual([]);
    }
  });

  it("serves the kept tile while the revision holds, and renders it anew after a write", async () => {
    if (backend === "postgis") {
      // A kept row is what is served: marked bytes under the current revision come back as they are.
      const revision = (await sql<{ revision: string }[]>`select api.data_revision() as revision`)[0]!.revision;
      await sql`update tile_pyramid set tile = '\\x1a00'::bytea where layer = 'divisions' and z = ${LOW.z} and x = ${LOW.x} and y = ${LOW.y}`;
      const served = await provider.tile("divisions", LOW.z, LOW.x, LOW.y);
      expect(served).toEqual({ revision, bytes: Buffer.from([0x1a, 0x00]) });
    }
    await sql`update divisions set name = '测试环岛乡（金字塔）' where code = ${FIXTURES.multipolygonWithHole.code}`;
    const after = await provider.tile("divisions", LOW.z, LOW.x, LOW.y);
    expect(nameInTile(after.bytes)).toBe("测试环岛乡（金字塔）");
    const current = (await sql<{ current: string }[]>`select api.data_revision() as current`)[0]!.current;
    expect(after.revision).toBe(current);
    if (backend === "postgis") expect((await kept()).map((row) => row.revision)).toEqual([current]);
  });

  it("renders tiles above its top zoom as before, keeping none of them", async () => {
    const before = await kept();
    const tile = await provider.tile("divisions", HIGH.z, HIGH.x, HIGH.y);
    expect(tile.bytes.byteLength).toBeGreaterThan(0);
    expect(await kept()).toEqual(before);
  });

  it("keeps empty tiles too, and refuses a layer outside the fixed list", async () => {
    const empty = await provider.tile("opinions", 6, 0, 0);
    expect(empty.bytes.byteLength).toBe(0);
    if (backend === "postgis") {
      expect((await kept()).find((row) => row.layer === "opinions")).toMatchObject({ z: 6, x: 0, y: 0, bytes: 0 });
      await expect(sql`select * from tiles.pyramid_tile('users', 6, 0, 0)`).rejects.toMatchObject({ code: "22023" });
    }
  });

  // PGlite makes no MVT in the database, so it has no pyramid to keep read-only.
  it.skipIf(backend !== "postgis")("stores nothing in a read-only transaction, and still answers (PostgreSQL only)", async () => {
    await sql`delete from tile_pyramid`;
    const reserved = await sql.reserve();
    try {
      await reserved`begin read only`;
      const [row] = await reserved<{ bytes: number }[]>`select length(tile) as bytes from tiles.pyramid_tile('divisions', ${LOW.z}, ${LOW.x}, ${LOW.y})`;
      await reserved`commit`;
      expect(row!.bytes).toBeGreaterThan(0);
    } finally {
      reserved.release();
    }
    expect(await kept()).toEqual([]);
  });
});
