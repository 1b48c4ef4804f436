import type { FastifyInstance } from "fastify";
import { describe, expect, it } from "vitest";
import { LookupResult, type UnitPost } from "../../../server/src/contracts/lookup.ts";
import { importBoundaries } from "../../../server/src/import/import-boundaries.ts";
import { useFreshApp } from "../../helpers/app.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { requireReferenceData } from "../../helpers/reference-data.ts";
import { getPublicJson, readTownshipSeats } from "./public-fields.ts";

const referenceFolder = requireReferenceData("point lookup at township level");

// The seat of 东街街道 (townships.csv); with the built-in data it lies in the county polygon of 城区.
const DONGJIE_SEAT = { lon: 112.846381, lat: 35.495141 };

/** GET /api/lookup, checked against the response schema, with every planner carrying the public fields only. */
const lookup = (app: FastifyInstance, query: string) => getPublicJson<LookupResult>(app, `/api/lookup?${query}`, LookupResult);

const plannerName = (unit: UnitPost | undefined) => unit?.planner?.name ?? null;

describe.each(enabledBackends())("point lookup on %s with the built-in data (county polygons only)", (backend) => {
  let app: FastifyInstance;
  useFreshApp(backend, (built) => {
    app = built;
  });

  it("answers at county level and lists the county's townships with their unit posts", async () => {
    const body = await lookup(app, `lon=${DONGJIE_SEAT.lon}&lat=${DONGJIE_SEAT.lat}&date=2024-01-01`);
    expect(body.precision).toBe("county");
    expect(body.township).toBeNull();
    expect(body.county).toMatchObject({ code: "140502", name: "城区", provenance: "approximate", approximate: true });
    const townships = new Map(body.countyTownships!.map((township) => [township.code, township]));
    expect([...townships.keys()]).toEqual(["140502001", "140502002", "140502003", "140502004", "140502006", "140502007", "140502009", "140502100"]);
    expect(townships.get("140502001")).toMatchObject({ name: "东街街道", hasGeometry: false, unit: { status: "covered", appointedOn: "2023-06-01" } });
    expect(plannerName(townships.get("140502001")?.unit)).toBe("示例规划师 10");
    // 钟家庄街道: its planner was dismissed after the failed 2023 assessment.
    expect(townships.get("140502006")!.unit).toMatchObject({ status: "vacant", vacant: true, vacantSince: "2023-07-01", planner: null });
    // No township geometry, so no belt can be placed at the point.
    expect(body.belts).toEqual([]);
  });

  it("gives the city and county chief planners of the date", async () => {
    const body = await lookup(app, `lon=${DONGJIE_SEAT.lon}&lat=${DONGJIE_SEAT.lat}&date=2024-01-01`);
    expect(body.city).toMatchObject({ code: "140500", name: "晋城市", chiefPlanner: { name: "示例规划师 01" } });
    expect(body.county.chiefPosts).toMatchObject({ seconded: { name: "示例规划师 02" }, hired: { name: "示例规划师 03" }, covered: true });
    const before = await lookup(app, `lon=${DONGJIE_SEAT.lon}&lat=${DONGJIE_SEAT.lat}&date=2022-03-01`);
    expect(before.city.chiefPlanner).toBeNull();
    expect(before.county.chiefPosts).toEqual({ seconded: null, hired: null, covered: false });
  });

  it("says which units were not required yet before the pilot", async () => {
    const body = await lookup(app, `lon=${DONGJIE_SEAT.lon}&lat=${DONGJIE_SEAT.lat}&date=2022-03-01`);
    for (const township of body.countyTownships!) {
      expect(township.unit).toMatchObject({ status: "not_required", vacant: false, planner: null });
    }
    expect(body.countyTownships![0]!.unit.requiredFrom).toBe("2022-05-16");
  });

  it("defaults the date to today in Jincheng", async () => {
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
    const body = await lookup(app, `lon=${DONGJIE_SEAT.lon}&lat=${DONGJIE_SEAT.lat}`);
    expect(body.date).toBe(today);
  });

  it("answers a point outside Jincheng with a 404 problem", async () => {
    const response = await app.inject("/api/lookup?lon=116.397&lat=39.909");
    expect(response.statusCode).toBe(404);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ type: "/problems/not-found", status: 404 });
  });

  it.each([
    ["lon=abc&lat=35.49", "querystring.lon", /number/],
    ["lon=&lat=35.49", "querystring.lon", /number/],
    ["lon=200&lat=35.49", "querystring.lon", /<= 180/],
    ["lon=112.84&lat=-91", "querystring.lat", />= -90/],
    ["lon=35.49&lat=112.84", "querystring.lat", /swapped/],
    ["lon=112.84", "querystring.lat", /required/],
    ["lon=Infinity&lat=35.49", "querystring.lon", /decimal/],
    ["lon=0x70&lat=35.49", "querystring.lon", /decimal/],
    ["lon=112.84&lat=0b100011", "querystring.lat", /decimal/],
    ["lon=112.84&lat=-1e400", "querystring.lat", /finite/],
    ["lon=112.84;drop table divisions&lat=35.49", "querystring.lon", /number/],
    ["lon=112.84&lat=35.49&date=2023-02-29", "querystring.date", /real date/],
    ["lon=112.84&lat=35.49&date=1999-12-31", "querystring.date", /real date/],
    ["lon=112.84&lat=35.49&date=2023-6-1", "querystring.date", /real date/],
    ["lon=112.84&lat=35.49&radius=5", "querystring.radius", /additional/],
  ])("rejects %s with a 400 problem naming %s", async (query, path, message) => {
    const response = await app.inject(`/api/lookup?${encodeURI(query)}`);
    expect(response.statusCode).toBe(400);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    const body = response.json<{ type: string; errors: { path: string; message: string }[] }>();
    expect(body.type).toBe("/problems/validation-failed");
    expect(body.errors).toContainEqual({ path, message: expect.stringMatching(message) });
  });
});

describe.runIf(referenceFolder).each(enabledBackends())("point lookup on %s with the reference township areas", (backend) => {
  let app: FastifyInstance;
  const seats = referenceFolder ? readTownshipSeats(referenceFolder) : new Map<string, [number, number]>();
  const at = (code: string, date: string) => {
    const [lon, lat] = seats.get(code)!;
    return `lon=${lon}&lat=${lat}&date=${date}`;
  };
  useFreshApp(backend, async (built) => {
    app = built;
    await importBoundaries(app.db.sql, referenceFolder!);
  });

  it("answers at township level in a covered subdistrict, saying the boundary is approximate", async () => {
    const body = await lookup(app, at("140502001", "2024-01-01"));
    expect(body.precision).toBe("township");
    expect(body.countyTownships).toBeNull();
    expect(body.township).toMatchObject({ code: "140502001", name: "东街街道", kind: "街道", provenance: "approximate", approximate: true });
    expect(body.township!.boundarySource).toMatch(/Voronoi/);
    expect(body.township!.unit).toMatchObject({
      status: "covered",
      vacant: false,
      area: { code: "township-140502001", kind: "subdistrict" },
      appointedOn: "2023-06-01",
    });
    expect(plannerName(body.township!.unit)).toBe("示例规划师 10");
    expect(body.county).toMatchObject({ code: "140502", provenance: "imported", approximate: false });
  });

  it("answers who was responsible before and after the 东街街道 reassignment", async () => {
    const before = await lookup(app, at("140502001", "2023-05-31"));
    expect(plannerName(before.township!.unit)).toBe("示例规划师 09");
    expect(before.township!.unit.appointedOn).toBe("2022-06-01");
    const after = await lookup(app, at("140502001", "2023-06-01"));
    expect(plannerName(after.township!.unit)).toBe("示例规划师 10");
  });

  it("says since when a unit is vacant", async () => {
    const zhongjiazhuang = await lookup(app, at("140502006", "2024-01-01"));
    expect(zhongjiazhuang.township).toMatchObject({ code: "140502006", unit: { status: "vacant", vacant: true, vacantSince: "2023-07-01", planner: null } });
    // 龙港镇, a rural town: required from the full-coverage phase and never given a planner.
    const longgang = await lookup(app, at("140521100", "2024-01-01"));
    expect(longgang.township!.unit).toMatchObject({ status: "vacant", vacantSince: "2022-12-01", requiredFrom: "2022-12-01" });
  });

  it("says a rural township did not need a unit planner yet during the pilot", async () => {
    const body = await lookup(app, at("140521100", "2022-09-01"));
    expect(body.township!.unit).toMatchObject({ status: "not_required", vacant: false, vacantSince: null, requiredFrom: "2022-12-01", planner: null });
  });

  it("lists the belts whose member townships contain the point", async () => {
    const shanhe = await lookup(app, at("140525110", "2024-01-01"));
    expect(shanhe.belts.map((belt) => belt.code)).toEqual(["belt-danqin", "belt-qinhe", "belt-taihang-1"]);
    expect(shanhe.belts.every((belt) => belt.approximate)).toBe(true);
    expect(plannerName(shanhe.township!.unit)).toBe("示例规划师 19");
    const dongjie = await lookup(app, at("140502001", "2024-01-01"));
    expect(dongjie.belts).toEqual([]);
  });

  it("lists projects within 2 km with the project planners of the date, and none not yet started", async () => {
    const xijie = await lookup(app, at("140502002", "2024-01-01"));
    expect(xijie.projects).toEqual([expect.objectContaining({ name: "示例：西街街道老旧小区微更新", type: "城市更新", distanceM: 0 })]);
    expect(xijie.projects[0]!.planners.map((planner) => planner.name)).toEqual(["示例规划师 25"]);
    const beforeStart = await lookup(app, at("140502002", "2023-05-01"));
    expect(beforeStart.projects).toEqual([]);
    // 凤城镇's pocket park: completed, its project planner's appointment ended on 2024-03-20.
    const fengcheng = await lookup(app, at("140522100", "2024-06-01"));
    expect(fengcheng.projects).toEqual([expect.objectContaining({ stage: "completed", planners: [] })]);
  });

  it("finds a corridor project passing within 2 km of a seat, nearest first", async () => {
    const body = await lookup(app, at("140502100", "2024-01-01"));
    const corridor = body.projects.find((project) => project.type === "污水治理");
    expect(corridor).toBeDefined();
    expect(corridor!.distanceM).toBeLessThanOrEqual(2000);
    expect(corridor!.planners.map((planner) => planner.name)).toEqual(["示例规划师 27"]);
    const distances = body.projects.map((project) => project.distanceM);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
  });

  it("answers from kept chains exactly as api.lookup does in one statement, and shows a write at once", async () => {
    const sqlLookup = async (code: string, date: string) => {
      const [lon, lat] = seats.get(code)!;
      const [row] = await app.db.sql<{ body: unknown }[]>`select api.lookup(${lon}::float8, ${lat}::float8, ${date}::date) as body`;
      return row!.body;
    };
    const codes = ["140502001", "140502006", "140521100", "140525110", "140502002"];
    for (const date of ["2022-09-01", "2024-01-01"]) {
      for (const code of codes) {
        const first = await lookup(app, at(code, date));
        // The second answer joins the kept chain to the point's part.
        const second = await lookup(app, at(code, date));
        expect(second).toEqual(first);
        expect(first).toEqual(await sqlLookup(code, date));
      }
    }
    expect(plannerName((await lookup(app, at("140502001", "2024-01-01"))).township!.unit)).toBe("示例规划师 10");
    await app.db.sql`update planners set name = '示例规划师 10（更名）' where name = '示例规划师 10'`;
    try {
      expect(plannerName((await lookup(app, at("140502001", "2024-01-01"))).township!.unit)).toBe("示例规划师 10（更名）");
    } finally {
      await app.db.sql`update planners set name = '示例规划师 10' where name = '示例规划师 10（更名）'`;
    }
    expect(plannerName((await lookup(app, at("140502001", "2024-01-01"))).township!.unit)).toBe("示例规划师 10");
  });

  it("agrees with the coverage rules for every township seat", async () => {
    const date = "2024-01-01";
    const expected = new Map(
      (await app.db.sql<{ divisionCode: string; status: string }[]>`
        select division_code, status from api.unit_coverage(${date}::date)`).map((row) => [row.divisionCode, row.status]),
    );
    for (const code of ["140502001", "140502006", "140521100", "140524207", "140525110", "140581101"]) {
      const body = await lookup(app, at(code, date));
      expect(body.township?.code).toBe(code);
      expect(body.township!.unit.status).toBe(expected.get(code));
    }
  });
});
