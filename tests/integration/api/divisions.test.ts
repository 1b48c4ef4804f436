import type { FastifyInstance } from "fastify";
import { describe, expect, it } from "vitest";
import { useFreshApp } from "../../helpers/app.ts";
import { enabledBackends } from "../../helpers/backends.ts";

describe.each(enabledBackends())("HTTP API on %s", (backend) => {
  let app: FastifyInstance;
  useFreshApp(backend, (built) => {
    app = built;
  });

  it("reports health with the backend and the PostGIS version", async () => {
    const response = await app.inject("/api/health");
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok", database: backend, postgis: expect.stringMatching(/^3\.\d+\.\d+/) });
  });

  it("lists all 77 townships in one answer, with string codes and their county", async () => {
    const response = await app.inject("/api/divisions?level=township");
    expect(response.statusCode).toBe(200);
    const townships = response.json<{ code: string; parentCode: string; kind: string; hasGeometry: boolean }[]>();
    expect(townships).toHaveLength(77);
    expect(townships[0]).toMatchObject({ code: "140502001", name: "东街街道", level: "township", parentCode: "140502", kind: "街道" });
    expect(new Set(townships.map((t) => typeof t.code))).toEqual(new Set(["string"]));
  });

  it("lists all 1,729 villages and communities in one answer", async () => {
    const response = await app.inject("/api/divisions?level=village");
    expect(response.json()).toHaveLength(1729);
  });

  it("filters by parent and honours limit", async () => {
    const children = (await app.inject("/api/divisions?parent=140502")).json<{ code: string }[]>();
    expect(children.map((c) => c.code)).toEqual(["140502001", "140502002", "140502003", "140502004", "140502006", "140502007", "140502009", "140502100"]);
    const limited = (await app.inject("/api/divisions?level=village&limit=5&offset=5")).json<{ code: string }[]>();
    expect(limited).toHaveLength(5);
  });

  it("answers an unknown parent with a 404 problem", async () => {
    const response = await app.inject("/api/divisions?parent=140599");
    expect(response.statusCode).toBe(404);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ type: "/problems/not-found", status: 404, instance: "/api/divisions?parent=140599" });
  });

  it.each([
    ["level=district", "querystring.level"],
    ["limit=0", "querystring.limit"],
    ["limit=100000", "querystring.limit"],
    ["offset=-1", "querystring.offset"],
    ["parent=1405' or 1=1--", "querystring.parent"],
    ["color=red", "querystring.color"],
  ])("rejects %s with a 400 problem naming the field", async (query, path) => {
    const response = await app.inject(`/api/divisions?${encodeURI(query)}`);
    expect(response.statusCode).toBe(400);
    const body = response.json<{ type: string; errors: { path: string }[] }>();
    expect(body.type).toBe("/problems/validation-failed");
    expect(body.errors.map((e) => e.path)).toContain(path);
  });

  it("answers unknown routes with a 404 problem", async () => {
    const response = await app.inject("/api/nothing-here");
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ type: "/problems/not-found" });
  });

  it.each(["/api/divisions%FF", "/tiles/divisions/%E4%B8/1/1.mvt", "/%FF"])("answers %s, not valid percent encoding, with a 400 problem", async (url) => {
    const response = await app.inject(url);
    expect(response.statusCode).toBe(400);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(response.json()).toEqual({ type: "/problems/bad-request", title: "Bad request", status: 400, detail: `'${url}' is not a valid url component`, instance: url });
  });

  it("serves boundaries as GeoJSON built in SQL", async () => {
    const response = await app.inject("/api/boundaries?level=county");
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^application\/geo\+json/);
    const collection = response.json<{ type: string; features: { properties: { provenance: string } }[] }>();
    expect(collection.type).toBe("FeatureCollection");
    for (const feature of collection.features) expect(["official", "approximate", "imported"]).toContain(feature.properties.provenance);
  });
});
