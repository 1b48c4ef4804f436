/**
 * The hot-tile cache behind the tile routes: hot tiles come from memory while the data revision holds, and no tile
 * older than a write committed before the request is ever handed out, even with many requests in flight.
 */
import { describe, expect, it } from "vitest";
import type { Sql } from "../../../server/src/db/database.ts";
import { compareDataRevisions } from "../../../server/src/revision/revision-cache.ts";
import { TileProvider } from "../../../server/src/tiles/tile-provider.ts";
import { prepareTileRendering } from "../../../server/src/tiles/tiles.repo.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { useFreshDatabase } from "../../helpers/databases.ts";
import { layerFeatures } from "./tile-dump.ts";
import { FIXTURES, HOLE_POINT, insertTileFixtures, tileAt } from "./tile-fixtures.ts";

const HOLE_TILE = tileAt(HOLE_POINT.lon, HOLE_POINT.lat, 10);
const NEIGHBOUR = { ...HOLE_TILE, x: HOLE_TILE.x - 1 };

describe.each(enabledBackends())("the tile provider on %s", (backend) => {
  let sql: Sql;
  let provider: TileProvider;
  useFreshDatabase(backend, async ({ database }) => {
    sql = database.sql;
    await insertTileFixtures(sql);
    provider = new TileProvider({ sql, ...(await prepareTileRendering(sql)), cacheMaxBytes: 1024 * 1024 });
  });

  const holeTile = () => provider.tile("divisions", HOLE_TILE.z, HOLE_TILE.x, HOLE_TILE.y);
  const nameInTile = (bytes: Buffer) => layerFeatures(bytes, "divisions").find((feature) => feature.id === Number(FIXTURES.multipolygonWithHole.code))?.properties.name;

  it("builds MVT in the database where PostGIS has protobuf, in Node where it has not", () => {
    expect(provider.encoding).toBe(backend === "postgis" ? "mvt" : "node");
  });

  it("serves a hot tile from memory while the revision holds", async () => {
    const first = await holeTile();
    const second = await holeTile();
    const third = await holeTile();
    expect(second.bytes.equals(first.bytes)).toBe(true);
    // The very same Buffer, the cache's own copy: nothing was rendered again.
    expect(third.bytes).toBe(second.bytes);
    expect(third.revision).toBe(first.revision);
    expect(provider.cacheStats()).toMatchObject({ revision: first.revision, tiles: 1 });
  });

  it("drops every cached tile when a write changes the revision", async () => {
    const before = await holeTile();
    await provider.tile("divisions", NEIGHBOUR.z, NEIGHBOUR.x, NEIGHBOUR.y);
    expect(provider.cacheStats().tiles).toBe(2);
    await sql`update divisions set name = '测试环岛乡（改名）' where code = ${FIXTURES.multipolygonWithHole.code}`;
    const after = await holeTile();
    expect(after.bytes).not.toBe(before.bytes);
    expect(compareDataRevisions(after.revision, before.revision)).toBeGreaterThan(0);
    expect(nameInTile(after.bytes)).toBe("测试环岛乡（改名）");
    expect(provider.cacheStats()).toMatchObject({ revision: after.revision, tiles: 1 });
  });

  it("never hands out a tile older than a write committed before the request, with many requests in flight", async () => {
    for (let round = 0; round < 8; round++) {
      // Readers keep the cache hot and the revision reader busy while the write lands.
      const background = Array.from({ length: 6 }, (_, index) =>
        index % 2 === 0 ? holeTile() : provider.tile("divisions", NEIGHBOUR.z, NEIGHBOUR.x, NEIGHBOUR.y),
      );
      const name = `测试环岛乡 ${round}`;
      await sql`update divisions set name = ${name} where code = ${FIXTURES.multipolygonWithHole.code}`;
      const [committed] = await sql<{ revision: string }[]>`select api.data_revision() as revision`;
      const [tile] = await Promise.all([holeTile(), ...background]);
      expect(nameInTile(tile!.bytes)).toBe(name);
      expect(compareDataRevisions(tile!.revision, committed!.revision)).toBeGreaterThanOrEqual(0);
      expect(compareDataRevisions(await provider.revision(), committed!.revision)).toBeGreaterThanOrEqual(0);
    }
  });

  it("reads layer metadata once per revision", async () => {
    const first = await provider.layerMetadata();
    const second = await provider.layerMetadata();
    expect(second).toBe(first);
    await sql`update divisions set geom = ST_Translate(geom, -0.5, 0) where code = ${FIXTURES.tiny.code}`;
    const third = await provider.layerMetadata();
    expect(third).not.toBe(first);
    expect(third.layers.find((layer) => layer.layer === "divisions")!.bounds![0]).toBeCloseTo(101.05, 3);
  });
});
