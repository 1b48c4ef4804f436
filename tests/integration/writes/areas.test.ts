/**
 * The bureau's area writes through the whole app, with PostGIS as the judge: drawn and composed areas, overlaps of
 * unit areas beyond the tolerance (with their size and place), slivers within it, invalid geometry with its proposed
 * repair, land outside the city, member conflicts, versions, lock, retire, and concurrent saves judged one after the
 * other.
 */
import type { InjectOptions } from "fastify";
import { describe, expect, it } from "vitest";
import type { Area, AreaVerdict } from "../../../server/src/contracts/areas.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { OWN_ORIGIN, useSignedInApp } from "../auth/accounts.ts";

const PASSWORD = "areas password 1234";

/** A closed rectangle [west, south, east, north] as a GeoJSON Polygon. */
function box(west: number, south: number, east: number, north: number) {
  return { type: "Polygon" as const, coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]] };
}

// Inside 城区, clear of the county's edge; 0.01° is about 906 m east–west and 1,110 m north–south here.
const WEST = 112.84;
const SOUTH = 35.48;

describe.each(enabledBackends())("the bureau's area writes on %s", (backend) => {
  const session = useSignedInApp(backend, "areas", ["bureau", "leader", "planner"], PASSWORD);
  const send = (method: InjectOptions["method"], url: string, payload?: object, headers: Record<string, string> = {}, role: "bureau" | "leader" | "planner" = "bureau") =>
    session.send(role, method, url, payload, headers);

  async function create(body: object): Promise<Area> {
    const response = await send("POST", "/api/areas", body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  const areaCount = async () => Number((await session.app.db.sql<{ n: string }[]>`select count(*) as n from areas`)[0]!.n);

  it("creates a drawn unit area, with its ETag, and leaders read it whole", async () => {
    const area = await create({ code: "test-draw-a", name: "测试绘制甲", kind: "township", geometry: box(WEST, SOUTH, WEST + 0.01, SOUTH + 0.01) });
    expect(area).toMatchObject({ code: "test-draw-a", kind: "township", members: [], locked: false, retiredOn: null, version: 1, provenance: "approximate" });
    expect(area.geometry).toMatchObject({ type: "MultiPolygon" });
    expect(area.areaM2).toBeGreaterThan(990_000);
    expect(area.areaM2).toBeLessThan(1_020_000);
    const read = await send("GET", `/api/areas/${area.id}`, undefined, {}, "leader");
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    expect(read.json()).toEqual(area);
  });

  it("refuses a unit area overlapping another beyond the tolerance, saying by how much and where", async () => {
    const before = await areaCount();
    // Overlaps test-draw-a by a strip 0.002° wide: about 0.2 km².
    const response = await send("POST", "/api/areas", { code: "test-draw-b", name: "测试绘制乙", kind: "township", geometry: box(WEST + 0.008, SOUTH, WEST + 0.02, SOUTH + 0.01) });
    expect(response.statusCode, response.body).toBe(422);
    const problem = response.json();
    expect(problem.type).toBe("/problems/geometry-rejected");
    const verdict: AreaVerdict = problem.verdict;
    expect(verdict.problems).toEqual(["overlap"]);
    expect(verdict.overlaps).toHaveLength(1);
    expect(verdict.overlaps[0]).toMatchObject({ code: "test-draw-a", name: "测试绘制甲" });
    expect(verdict.overlaps[0]!.areaM2).toBeGreaterThan(190_000);
    expect(verdict.overlaps[0]!.areaM2).toBeLessThan(210_000);
    const [lon, lat] = verdict.overlaps[0]!.at;
    expect(lon).toBeGreaterThan(WEST + 0.008);
    expect(lon).toBeLessThan(WEST + 0.01);
    expect(lat).toBeGreaterThan(SOUTH);
    expect(problem.detail).toMatch(/overlaps 测试绘制甲 \(test-draw-a\) by [0-9,]+ m²/);
    expect(await areaCount()).toBe(before);
  });

  it("accepts a sliver within the tolerance between unit areas, and any overlap of a belt", async () => {
    // 0.000005° is about 0.45 m: a strip of about 500 m², under the 1,000 m² allowed.
    await create({ code: "test-draw-c", name: "测试绘制丙", kind: "township", geometry: box(WEST + 0.01 - 0.000005, SOUTH, WEST + 0.02, SOUTH + 0.01) });
    await create({ code: "test-belt", name: "测试带", kind: "belt", geometry: box(WEST, SOUTH, WEST + 0.02, SOUTH + 0.01) });
  });

  it("proposes a repair for an invalid geometry and stores it only when asked", async () => {
    const bowTie = { type: "Polygon", coordinates: [[[WEST, SOUTH + 0.02], [WEST + 0.01, SOUTH + 0.03], [WEST + 0.01, SOUTH + 0.02], [WEST, SOUTH + 0.03], [WEST, SOUTH + 0.02]]] };
    const body = { code: "test-bow-tie", name: "测试自交", kind: "belt", geometry: bowTie };
    const refused = await send("POST", "/api/areas", body);
    expect(refused.statusCode, refused.body).toBe(422);
    const verdict: AreaVerdict = refused.json().verdict;
    expect(verdict.problems).toEqual(["invalid-geometry"]);
    expect(verdict.invalid!.reason).toMatch(/self-intersection/i);
    expect(verdict.invalid!.geometry).toMatchObject({ type: "MultiPolygon" });
    expect(verdict.invalid!.areaAfterM2).toBeGreaterThan(400_000);
    expect(refused.json().detail).toMatch(/"repair": true/);

    const repaired = await create({ ...body, repair: true });
    expect((repaired.geometry as { coordinates: unknown[] }).coordinates).toHaveLength(2);
    expect(repaired.areaM2).toBe(verdict.invalid!.areaAfterM2);
  });

  it("refuses land outside the city beyond the tolerance", async () => {
    const response = await send("POST", "/api/areas", { code: "test-outside", name: "测试城外", kind: "belt", geometry: box(111.5, 35.0, 111.52, 35.02) });
    expect(response.statusCode).toBe(422);
    const verdict: AreaVerdict = response.json().verdict;
    expect(verdict.problems).toEqual(["outside-city"]);
    expect(verdict.outsideCity!.areaM2).toBeGreaterThan(3_000_000);
    expect(verdict.outsideCity!.geometry).toBeTruthy();
  });

  it("composes unit areas from townships, refusing a township another unit area holds, unknown codes and counties", async () => {
    const [held] = await session.app.db.sql<{ code: string; areaCode: string; name: string }[]>`
      select ad.division_code as code, a.code as area_code, d.name
      from area_divisions ad join areas a on a.id = ad.area_id join divisions d on d.code = ad.division_code
      where a.kind = 'township' order by ad.division_code limit 1`;
    const response = await send("POST", "/api/areas", { code: "test-compose", name: "测试组合", kind: "township", members: [held!.code, "140599999", "140502"] });
    expect(response.statusCode).toBe(422);
    const verdict: AreaVerdict = response.json().verdict;
    // The county's outline (城区) also overlaps the unit areas drawn above.
    expect(verdict.problems).toEqual(["unknown-divisions", "unsuitable-divisions", "member-conflict", "overlap"]);
    expect(verdict.unknownDivisions).toEqual(["140599999"]);
    expect(verdict.unsuitableDivisions).toEqual(["140502"]);
    expect(verdict.memberConflicts).toEqual([expect.objectContaining({ divisionCode: held!.code, divisionName: held!.name, code: held!.areaCode })]);
    // A belt may group townships that unit areas hold.
    const belt = await create({ code: "test-compose-belt", name: "测试组合带", kind: "belt", members: [held!.code] });
    expect(belt).toMatchObject({ members: [held!.code], geometry: null });
  });

  it("judges a proposal without saving it", async () => {
    const before = await areaCount();
    const response = await send("POST", "/api/areas/check", { kind: "township", geometry: box(WEST + 0.005, SOUTH + 0.005, WEST + 0.006, SOUTH + 0.006) });
    expect(response.statusCode, response.body).toBe(200);
    const verdict: AreaVerdict = response.json();
    expect(verdict.problems).toEqual(["overlap"]);
    expect(verdict.tolerances).toEqual({ overlapM2: 1000, outsideCityM2: 10000 });
    expect(await areaCount()).toBe(before);
  });

  it("refuses a ring that is not closed and a position that is no longitude, latitude with 400", async () => {
    const open = { type: "Polygon", coordinates: [[[WEST, SOUTH], [WEST + 0.01, SOUTH], [WEST + 0.01, SOUTH + 0.01], [WEST, SOUTH + 0.011]]] };
    const response = await send("POST", "/api/areas", { code: "test-open", name: "测试开口", kind: "belt", geometry: open });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].path).toBe("body.geometry/coordinates/0");
    const far = await send("POST", "/api/areas/check", { kind: "belt", geometry: { type: "Point", coordinates: [212.8, 35.5] } });
    expect(far.statusCode).toBe(400);
    expect(far.json().errors[0].path).toBe("body.geometry/coordinates/0");
  });

  it("changes an area at its version only, and a locked one not at all until unlocked", async () => {
    const area = await create({ code: "test-versions", name: "测试版本", kind: "belt", geometry: box(WEST, SOUTH + 0.04, WEST + 0.01, SOUTH + 0.05) });
    expect((await send("PATCH", `/api/areas/${area.id}`, { name: "测试版本二" })).statusCode).toBe(428);
    const renamed = await send("PATCH", `/api/areas/${area.id}`, { name: "测试版本二" }, { "if-match": '"1"' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.headers.etag).toBe('"2"');
    const stale = await send("PATCH", `/api/areas/${area.id}`, { name: "测试版本三" }, { "if-match": '"1"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().current).toMatchObject({ name: "测试版本二", version: 2 });

    expect((await send("PATCH", `/api/areas/${area.id}`, { locked: true }, { "if-match": '"2"' })).statusCode).toBe(200);
    const locked = await send("PATCH", `/api/areas/${area.id}`, { name: "测试版本四" }, { "if-match": '"3"' });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().type).toBe("/problems/area-locked");
    expect((await send("PATCH", `/api/areas/${area.id}`, { locked: false }, { "if-match": '"3"' })).statusCode).toBe(200);
    const reshaped = await send("PATCH", `/api/areas/${area.id}`, { geometry: box(WEST, SOUTH + 0.04, WEST + 0.02, SOUTH + 0.05) }, { "if-match": '"4"' });
    expect(reshaped.statusCode, reshaped.body).toBe(200);
    expect(reshaped.json().areaM2).toBeGreaterThan(1.9 * area.areaM2!);

    const [actors] = await session.app.db.sql<{ actors: string[] }[]>`
      select array_agg(distinct actor) as actors from audit_log where table_name = 'areas' and row_key = ${String(area.id)}`;
    expect(actors!.actors).toEqual(["user:areas-bureau"]);
  });

  it("changes members, judging the new set", async () => {
    const [free] = await session.app.db.sql<{ code: string }[]>`
      select d.code from divisions d where d.level = 'township'
      order by d.code desc limit 1`;
    const belt = await create({ code: "test-members", name: "测试成员", kind: "belt", members: [free!.code] });
    const changed = await send("PATCH", `/api/areas/${belt.id}`, { members: [] , geometry: box(WEST, SOUTH + 0.06, WEST + 0.01, SOUTH + 0.07) }, { "if-match": '"1"' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ members: [], version: 2 });
    const wrong = await send("PATCH", `/api/areas/${belt.id}`, { members: ["140599999"] }, { "if-match": '"2"' });
    expect(wrong.statusCode).toBe(422);
  });

  it("retires an area from a date, ending its posts held past it, and refuses while a post starts later", async () => {
    const area = await create({ code: "test-retire", name: "测试撤销", kind: "township", geometry: box(WEST, SOUTH + 0.08, WEST + 0.01, SOUTH + 0.09) });
    const planner = (await send("POST", "/api/planners", { name: "撤销测试规划师" })).json();
    const held = (await send("POST", "/api/appointments", { plannerId: planner.id, areaId: area.id, role: "unit", validFrom: "2024-01-01" })).json();
    const later = await send("POST", "/api/appointments", { plannerId: planner.id, areaId: area.id, role: "project", validFrom: "2026-03-01" });
    expect(later.statusCode, later.body).toBe(201);

    // The lists the workspace reads: areas with today's holders, planners, and an area's posts over time.
    const list = (await send("GET", "/api/areas", undefined, {}, "leader")).json().areas;
    expect(list.find((item: { code: string }) => item.code === "test-retire")).toMatchObject({
      id: area.id,
      kind: "township",
      holders: [
        expect.objectContaining({ plannerId: planner.id, name: "撤销测试规划师", role: "unit" }),
        expect.objectContaining({ appointmentId: later.json().id, role: "project" }),
      ],
    });
    expect((await send("GET", "/api/planners", undefined, {}, "leader")).json().planners).toContainEqual(
      expect.objectContaining({ id: planner.id, name: "撤销测试规划师" }),
    );
    const posts = (await send("GET", `/api/areas/${area.id}/appointments`)).json().appointments;
    expect(posts.map((post: { id: number; plannerName: string }) => [post.id, post.plannerName])).toEqual([
      [later.json().id, "撤销测试规划师"],
      [held.id, "撤销测试规划师"],
    ]);

    const refused = await send("POST", `/api/areas/${area.id}/retire`, { on: "2026-01-01", reason: "测试：区划调整" }, { "if-match": '"1"' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().appointmentIds).toEqual([later.json().id]);

    const retired = await send("POST", `/api/areas/${area.id}/retire`, { on: "2026-06-01", reason: "测试：区划调整" }, { "if-match": '"1"' });
    expect(retired.statusCode, retired.body).toBe(200);
    expect(retired.json().area).toMatchObject({ retiredOn: "2026-06-01", retireReason: "测试：区划调整", version: 2 });
    expect(retired.json().endedAppointmentIds).toEqual([held.id, later.json().id].sort((a, b) => a - b));
    const ended = (await send("GET", `/api/appointments/${held.id}`)).json();
    expect(ended).toMatchObject({ status: "ended", validTo: "2026-06-01", endReason: "测试：区划调整" });
    const again = await send("PATCH", `/api/areas/${area.id}`, { name: "改名" }, { "if-match": '"2"' });
    expect(again.statusCode).toBe(409);

    // The public map shows it for dates before its retirement only.
    const items = async (query: string) =>
      (await session.app.inject({ url: `/ogc/collections/areas/items?code=test-retire${query}` })).json().features.map((feature: { id: string }) => feature.id);
    expect(await items("")).toEqual([]);
    expect(await items("&datetime=2026-01-01")).toEqual(["test-retire"]);
  });

  it("judges concurrent saves one after the other: of two overlapping unit areas only one is stored", async () => {
    const geometry = box(WEST + 0.05, SOUTH, WEST + 0.06, SOUTH + 0.01);
    const answers = await Promise.all(
      ["test-race-1", "test-race-2"].map((code) => send("POST", "/api/areas", { code, name: code, kind: "township", geometry })),
    );
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 422]);
  });

  it("lets planners read the areas (public names only) but not the posts' records or the audit history", async () => {
    const [first] = (await send("GET", "/api/areas", undefined, {}, "planner")).json().areas;
    expect(first).toMatchObject({ id: expect.any(Number), code: expect.any(String) });
    expect((await send("GET", `/api/areas/${first.id}`, undefined, {}, "planner")).statusCode).toBe(200);
    expect((await send("GET", `/api/areas/${first.id}/appointments`, undefined, {}, "planner")).statusCode).toBe(403);
    expect((await send("GET", `/api/audit?resource=areas&id=${first.id}`, undefined, {}, "planner")).statusCode).toBe(403);
  });

  it("refuses writes to anonymous callers and leaders", async () => {
    const body = { code: "test-denied", name: "测试拒绝", kind: "belt", geometry: box(WEST, SOUTH, WEST + 0.01, SOUTH + 0.01) };
    expect((await session.app.inject({ method: "POST", url: "/api/areas", headers: { origin: OWN_ORIGIN }, payload: body })).statusCode).toBe(401);
    expect((await send("POST", "/api/areas", body, {}, "leader")).statusCode).toBe(403);
  });
});
