/**
 * Splitting and merging areas through the whole app (POST /api/areas/{id}/split and /merge): by members or by a
 * cutting line (the new area takes the part left of the line), a line that does not cut the area in two, merging
 * members and geometries (the other area retired today, its posts ended), and the 412 and 409 refusals. Each is one
 * transaction: a refusal leaves nothing written.
 */
import type { InjectOptions } from "fastify";
import { describe, expect, it } from "vitest";
import type { Area } from "../../../server/src/contracts/areas.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { useSignedInApp } from "../auth/accounts.ts";

const PASSWORD = "split merge password 1234";

/** A closed rectangle [west, south, east, north] as a GeoJSON Polygon. */
function box(west: number, south: number, east: number, north: number) {
  return { type: "Polygon" as const, coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]] };
}

// Inside 城区, clear of the demo's unit areas (as in areas.test.ts).
const WEST = 112.84;
const SOUTH = 35.48;

describe.each(enabledBackends())("splitting and merging areas on %s", (backend) => {
  const session = useSignedInApp(backend, "split-merge", ["bureau"], PASSWORD);
  const send = (method: InjectOptions["method"], url: string, payload?: object, headers: Record<string, string> = {}) =>
    session.send("bureau", method, url, payload, headers);
  const ifMatch = (area: { version: number }) => ({ "if-match": `"${area.version}"` });

  async function create(body: object): Promise<Area> {
    const response = await send("POST", "/api/areas", body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  /** Three township-level divisions, for belts (which may group townships that unit areas hold). */
  async function townships(): Promise<string[]> {
    const rows = await session.app.db.sql<{ code: string }[]>`select code from divisions where level = 'township' order by code limit 3`;
    expect(rows.length).toBe(3);
    return rows.map((row) => row.code);
  }

  it("splits some members off into a new area of the same kind, in one change", async () => {
    const members = await townships();
    const area = await create({ code: "test-split-members", name: "测试拆分成员", kind: "belt", members });
    const response = await send("POST", `/api/areas/${area.id}/split`, { code: "test-split-members-b", name: "测试拆分成员乙", members: [members[2]] }, ifMatch(area));
    expect(response.statusCode, response.body).toBe(201);
    const { kept, created } = response.json() as { kept: Area; created: Area };
    expect(response.headers.etag).toBe(`"${kept.version}"`);
    expect(kept).toMatchObject({ id: area.id, members: members.slice(0, 2), version: area.version + 1 });
    expect(created).toMatchObject({ code: "test-split-members-b", kind: "belt", members: [members[2]], geometry: null });
    // One transaction, so one change in the log names both areas.
    const history = (await send("GET", `/api/audit?resource=areas&id=${created.id}&limit=1`)).json();
    expect(history.changes[0].alsoChanged).toContainEqual(expect.objectContaining({ table: "areas", keys: [String(area.id)] }));

    const stranger = await send("POST", `/api/areas/${area.id}/split`, { code: "test-split-stranger", name: "外人", members: ["140599999"] }, ifMatch(kept));
    expect(stranger.statusCode).toBe(422);
    const everything = await send("POST", `/api/areas/${area.id}/split`, { code: "test-split-all", name: "全部", members: kept.members }, ifMatch(kept));
    expect(everything.statusCode).toBe(422);
    const both = await send("POST", `/api/areas/${area.id}/split`, { code: "test-split-both", name: "两者", members: kept.members, line: { type: "LineString", coordinates: [[0, 0], [1, 1]] } }, ifMatch(kept));
    expect(both.statusCode).toBe(400);
  });

  it("cuts a drawn area in two along a line: the part left of it goes to the new area, and the areas add up", async () => {
    const area = await create({ code: "test-split-line", name: "测试拆分线", kind: "township", geometry: box(WEST, SOUTH, WEST + 0.01, SOUTH + 0.01) });
    // Drawn northwards, so its left is the west.
    const line = { type: "LineString", coordinates: [[WEST + 0.004, SOUTH - 0.001], [WEST + 0.004, SOUTH + 0.011]] };
    const response = await send("POST", `/api/areas/${area.id}/split`, { code: "test-split-line-west", name: "测试拆分线西", line }, ifMatch(area));
    expect(response.statusCode, response.body).toBe(201);
    const { kept, created } = response.json() as { kept: Area; created: Area };
    expect(created).toMatchObject({ kind: "township", members: [], provenance: "approximate" });
    expect(created.areaM2! / area.areaM2!).toBeCloseTo(0.4, 3);
    expect(kept.areaM2! / area.areaM2!).toBeCloseTo(0.6, 3);
    expect(kept.areaM2! + created.areaM2!).toBeCloseTo(area.areaM2!, -1);
    const westOf = (geometry: unknown) => Math.max(...(geometry as { coordinates: number[][][][] }).coordinates[0]![0]!.map(([lon]) => lon!));
    expect(westOf(created.geometry)).toBeCloseTo(WEST + 0.004, 9);
  });

  it("refuses a line that does not cut the area in two, and a line for an area without its own geometry, writing nothing", async () => {
    const area = await create({ code: "test-split-miss", name: "测试拆分不中", kind: "township", geometry: box(WEST, SOUTH + 0.02, WEST + 0.01, SOUTH + 0.03) });
    const outside = { type: "LineString", coordinates: [[WEST + 0.02, SOUTH + 0.019], [WEST + 0.02, SOUTH + 0.031]] };
    const into = { type: "LineString", coordinates: [[WEST + 0.004, SOUTH + 0.019], [WEST + 0.004, SOUTH + 0.025]] };
    for (const line of [outside, into]) {
      const response = await send("POST", `/api/areas/${area.id}/split`, { code: "test-split-miss-b", name: "乙", line }, ifMatch(area));
      expect(response.statusCode, response.body).toBe(422);
      expect(response.json().errors).toEqual([{ path: "body.line", message: "does not cut the area in two" }]);
    }
    const composed = await create({ code: "test-split-composed", name: "测试组合", kind: "belt", members: (await townships()).slice(0, 1) });
    const notDrawn = await send("POST", `/api/areas/${composed.id}/split`, { code: "test-split-miss-c", name: "丙", line: outside }, ifMatch(composed));
    expect(notDrawn.statusCode).toBe(422);
    expect((await send("GET", `/api/areas/${area.id}`)).json()).toEqual(area);
    const [none] = await session.app.db.sql<{ n: string }[]>`select count(*) as n from areas where code like 'test-split-miss-%'`;
    expect(Number(none!.n)).toBe(0);
  });

  it("merges another area into this one: members and drawn geometries join, the other is retired today and its posts end", async () => {
    const members = await townships();
    const west = await create({ code: "test-merge-west", name: "测试合并西", kind: "belt", members: [members[0]], geometry: box(WEST, SOUTH + 0.04, WEST + 0.01, SOUTH + 0.05) });
    const east = await create({ code: "test-merge-east", name: "测试合并东", kind: "belt", members: [members[1]], geometry: box(WEST + 0.01, SOUTH + 0.04, WEST + 0.02, SOUTH + 0.05) });
    const planner = (await send("POST", "/api/planners", { name: "合并测试规划师" })).json();
    const post = (await send("POST", "/api/appointments", { plannerId: planner.id, areaId: east.id, role: "project", validFrom: "2024-01-01" })).json();

    const response = await send("POST", `/api/areas/${west.id}/merge`, { otherAreaId: east.id, otherVersion: east.version }, ifMatch(west));
    expect(response.statusCode, response.body).toBe(200);
    const merged: Area = response.json();
    expect(response.headers.etag).toBe(`"${merged.version}"`);
    expect(merged).toMatchObject({ id: west.id, members: [members[0], members[1]].sort() });
    expect(merged.areaM2! / (west.areaM2! + east.areaM2!)).toBeCloseTo(1, 3);
    expect((merged.geometry as { coordinates: unknown[] }).coordinates).toHaveLength(1);

    const [{ today }] = [...(await session.app.db.sql<{ today: string }[]>`select api.today()::text as today`)] as [{ today: string }];
    const retired: Area = (await send("GET", `/api/areas/${east.id}`)).json();
    expect(retired).toMatchObject({ retiredOn: today, retireReason: "merged into test-merge-west" });
    expect((await send("GET", `/api/appointments/${post.id}`)).json()).toMatchObject({ status: "ended", validTo: today, endReason: "merged into test-merge-west" });
  });

  it("refuses a stale version of either area with 412, and a locked, retired or other-kind area with 409, writing nothing", async () => {
    const a = await create({ code: "test-merge-a", name: "测试合并甲", kind: "township", geometry: box(WEST, SOUTH + 0.06, WEST + 0.01, SOUTH + 0.07) });
    const b = await create({ code: "test-merge-b", name: "测试合并乙", kind: "township", geometry: box(WEST + 0.01, SOUTH + 0.06, WEST + 0.02, SOUTH + 0.07) });
    const belt = await create({ code: "test-merge-belt", name: "测试合并带", kind: "belt", geometry: box(WEST, SOUTH + 0.06, WEST + 0.02, SOUTH + 0.07) });

    const staleThis = await send("POST", `/api/areas/${a.id}/merge`, { otherAreaId: b.id, otherVersion: b.version }, { "if-match": `"${a.version + 1}"` });
    expect(staleThis.statusCode).toBe(412);
    expect(staleThis.json().current).toMatchObject({ id: a.id });
    const staleOther = await send("POST", `/api/areas/${a.id}/merge`, { otherAreaId: b.id, otherVersion: b.version + 1 }, ifMatch(a));
    expect(staleOther.statusCode).toBe(412);
    expect(staleOther.json().current).toMatchObject({ id: b.id, version: b.version });

    expect((await send("POST", `/api/areas/${a.id}/merge`, { otherAreaId: belt.id, otherVersion: belt.version }, ifMatch(a))).statusCode).toBe(409);

    const locked = (await send("PATCH", `/api/areas/${b.id}`, { locked: true }, ifMatch(b))).json() as Area;
    const refused = await send("POST", `/api/areas/${a.id}/merge`, { otherAreaId: b.id, otherVersion: locked.version }, ifMatch(a));
    expect(refused.statusCode).toBe(409);
    expect(refused.json().type).toBe("/problems/area-locked");
    const splitLocked = await send("POST", `/api/areas/${b.id}/split`, { code: "test-merge-c", name: "丙", line: { type: "LineString", coordinates: [[WEST + 0.015, SOUTH + 0.059], [WEST + 0.015, SOUTH + 0.071]] } }, ifMatch(locked));
    expect(splitLocked.statusCode).toBe(409);

    expect((await send("GET", `/api/areas/${a.id}`)).json()).toEqual(a);
    expect((await send("GET", `/api/areas/${b.id}`)).json()).toEqual(locked);
  });
});
