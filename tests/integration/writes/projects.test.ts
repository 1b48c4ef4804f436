/**
 * The bureau's project writes through the whole app: a project with its own area, the unit areas its site crosses
 * (flagged when several), its planners, the judge on its site, versions, and the public map showing it at once.
 */
import type { InjectOptions } from "fastify";
import { describe, expect, it } from "vitest";
import type { Project } from "../../../server/src/contracts/projects.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { useSignedInApp } from "../auth/accounts.ts";

const PASSWORD = "projects password 1234";
const box = (west: number, south: number, east: number, north: number) => ({
  type: "Polygon" as const,
  coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]],
});

describe.each(enabledBackends())("the bureau's project writes on %s", (backend) => {
  const session = useSignedInApp(backend, "projects", ["bureau", "leader"], PASSWORD);
  const send = (method: InjectOptions["method"], url: string, payload?: object, headers: Record<string, string> = {}, role: "bureau" | "leader" = "bureau") =>
    session.send(role, method, url, payload, headers);

  async function post(url: string, body: object): Promise<Record<string, unknown>> {
    const response = await send("POST", url, body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  it("creates a project with its own area, flags a site crossing two unit areas, and lists its planners", async () => {
    await post("/api/areas", { code: "proj-unit-west", name: "项目测试西", kind: "township", geometry: box(112.84, 35.48, 112.85, 35.49) });
    await post("/api/areas", { code: "proj-unit-east", name: "项目测试东", kind: "township", geometry: box(112.85, 35.48, 112.86, 35.49) });
    const project = (await post("/api/projects", {
      name: "示例测试：跨界绿道",
      projectType: "公共空间",
      site: box(112.845, 35.484, 112.855, 35.486),
      startedOn: "2026-01-05",
    })) as unknown as Project;
    expect(project).toMatchObject({ name: "示例测试：跨界绿道", stage: "planning", version: 1, crossesUnitBoundary: true, planners: [] });
    expect(project.crosses.map((area) => area.code)).toEqual(["proj-unit-east", "proj-unit-west"]);
    expect(project.areaCode).toBe(`project-${project.areaId}`);
    const area = (await send("GET", `/api/areas/${project.areaId}`)).json();
    expect(area).toMatchObject({ kind: "project", name: "示例测试：跨界绿道", geometry: { type: "MultiPolygon" } });

    const planner = await post("/api/planners", { name: "项目测试规划师" });
    await post("/api/appointments", { plannerId: planner.id, areaId: project.areaId, role: "project", validFrom: "2026-01-05" });
    const read = await send("GET", `/api/projects/${project.id}`, undefined, {}, "leader");
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    expect(read.json().planners).toEqual([expect.objectContaining({ plannerId: planner.id, name: "项目测试规划师" })]);
  });

  it("takes a point site inside one unit area, and the public map and search show the project at once", async () => {
    const project = (await post("/api/projects", { name: "示例测试：口袋公园", projectType: "公共空间", site: { type: "Point", coordinates: [112.842, 35.482] } })) as unknown as Project;
    expect(project.crosses.map((area) => area.code)).toEqual(["proj-unit-west"]);
    expect(project.crossesUnitBoundary).toBe(false);
    const items = await session.app.inject({ url: "/ogc/collections/projects/items?limit=100" });
    expect(items.statusCode).toBe(200);
    expect(items.json().features.map((feature: { properties: { name: string } }) => feature.properties.name)).toContain("示例测试：口袋公园");
    const search = await session.app.inject({ url: `/api/search?q=${encodeURIComponent("示例测试：口袋公园")}` });
    expect(search.json().results.map((result: { name: string }) => result.name)).toContain("示例测试：口袋公园");
  });

  it("refuses a site outside the city, and an invalid polygon unless its repair is accepted", async () => {
    const outside = await send("POST", "/api/projects", { name: "城外", projectType: "城市更新", site: { type: "Point", coordinates: [110.5, 34.5] } });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().verdict.problems).toEqual(["outside-city"]);
    const bowTie = { type: "Polygon", coordinates: [[[112.84, 35.5], [112.85, 35.51], [112.85, 35.5], [112.84, 35.51], [112.84, 35.5]]] };
    const invalid = await send("POST", "/api/projects", { name: "自交", projectType: "城市更新", site: bowTie });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().verdict.problems).toEqual(["invalid-geometry"]);
    const repaired = (await post("/api/projects", { name: "自交修复", projectType: "城市更新", site: bowTie, repair: true })) as unknown as Project;
    expect(repaired.site).toMatchObject({ type: "MultiPolygon" });
  });

  it("changes a project at its version only, moving its area with the site", async () => {
    const project = (await post("/api/projects", { name: "示例测试：改址", projectType: "城市更新", site: { type: "Point", coordinates: [112.843, 35.483] } })) as unknown as Project;
    expect((await send("PATCH", `/api/projects/${project.id}`, { stage: "design" })).statusCode).toBe(428);
    const moved = await send("PATCH", `/api/projects/${project.id}`, { stage: "design", site: box(112.852, 35.482, 112.853, 35.483) }, { "if-match": '"1"' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.headers.etag).toBe('"2"');
    expect(moved.json()).toMatchObject({ stage: "design", crosses: [expect.objectContaining({ code: "proj-unit-east" })] });
    const area = (await send("GET", `/api/areas/${project.areaId}`)).json();
    expect(area.geometry).toMatchObject({ type: "MultiPolygon" });
    const stale = await send("PATCH", `/api/projects/${project.id}`, { stage: "approval" }, { "if-match": '"1"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().current).toMatchObject({ stage: "design", version: 2 });
    expect((await send("PATCH", `/api/projects/${project.id}`, { stage: "approval" }, { "if-match": '"2"' }, "leader")).statusCode).toBe(403);
  });
});
