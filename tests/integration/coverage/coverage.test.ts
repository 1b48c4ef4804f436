import type { FastifyInstance } from "fastify";
import { Value } from "typebox/value";
import { describe, expect, it } from "vitest";
import { AppointmentHistory, CoverageReport, CoverageTimeline, UnitCoverageList, type UnitCounts } from "../../../server/src/contracts/coverage.ts";
import { useFreshApp } from "../../helpers/app.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { getPublicJson, PUBLIC_PLANNER_KEYS } from "../lookup/public-fields.ts";

interface UnitRow {
  divisionCode: string;
  countyCode: string;
  required: boolean;
  status: string;
}

/** The unit figures counted in the test from api.unit_coverage rows, independently of the report's SQL. */
function countUnits(rows: UnitRow[]): UnitCounts {
  const required = rows.filter((row) => row.required).length;
  const coveredRequired = rows.filter((row) => row.required && row.status === "covered").length;
  return {
    total: rows.length,
    required,
    covered: rows.filter((row) => row.status === "covered").length,
    vacant: rows.filter((row) => row.status === "vacant").length,
    notRequired: rows.filter((row) => row.status === "not_required").length,
    percent: required === 0 ? null : Math.round((1000 * coveredRequired) / required) / 10,
  };
}

describe.each(enabledBackends())("coverage on %s", (backend) => {
  let app: FastifyInstance;
  useFreshApp(backend, (built) => {
    app = built;
  });

  const report = (date?: string) => getPublicJson<CoverageReport>(app, `/api/coverage${date ? `?date=${date}` : ""}`, CoverageReport);

  async function timeline(query: string): Promise<CoverageTimeline> {
    const response = await app.inject(`/api/coverage/timeline?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<CoverageTimeline>();
    expect([...Value.Errors(CoverageTimeline, body)].map((error) => JSON.stringify(error))).toEqual([]);
    return body;
  }

  const unitRows = (date: string) =>
    app.db.sql<UnitRow[]>`select division_code, county_code, required, status from api.unit_coverage(${date}::date)`;

  it.each(["2022-03-01", "2022-09-01", "2023-05-31", "2023-06-01", "2024-01-01"])(
    "agrees with direct counts of api.unit_coverage on %s for the city, every county, every belt",
    async (date) => {
      const [body, rows] = await Promise.all([report(date), unitRows(date)]);
      expect(body.city.units).toEqual(countUnits(rows));
      for (const county of body.counties) {
        expect(county.units, county.name).toEqual(countUnits(rows.filter((row) => row.countyCode === county.code)));
      }
      const members = await app.db.sql<{ code: string; divisionCode: string }[]>`
        select a.code, ad.division_code from areas a join area_divisions ad on ad.area_id = a.id where a.kind = 'belt'`;
      expect(body.belts.map((belt) => belt.code)).toEqual(["belt-danqin", "belt-qinhe", "belt-taihang-1"]);
      for (const belt of body.belts) {
        const codes = new Set(members.filter((member) => member.code === belt.code).map((member) => member.divisionCode));
        expect(belt.units, belt.code).toEqual(countUnits(rows.filter((row) => codes.has(row.divisionCode))));
      }
      const central = new Set((await app.db.sql<{ divisionCode: string }[]>`select division_code from central_urban_area_members`).map((r) => r.divisionCode));
      expect(body.centralUrbanArea).toEqual(countUnits(rows.filter((row) => central.has(row.divisionCode))));
    },
  );

  it("shows the pilot as the demo data has it: 9 of the 12 central urban area units, two counties with both chiefs", async () => {
    const body = await report("2022-09-01");
    expect(body.phase).toMatchObject({ code: "pilot", name: "试点推进阶段", startsOn: "2022-05-16", endsOn: "2022-12-01" });
    expect(body.centralUrbanArea).toMatchObject({ total: 12, required: 12, covered: 9, vacant: 3, percent: 75 });
    expect(body.city.units).toMatchObject({ total: 77, required: 12, covered: 9, vacant: 3, notRequired: 65, percent: 75 });
    expect(body.city.chiefPlanner?.name).toBe("示例规划师 01");
    expect(body.city.countyChiefs).toMatchObject({ counties: 6, covered: 2 });
  });

  it("shows the county chief posts of 2024: 城区, 泽州县 and 高平市 filled, 阳城县 half, 沁水县 and 陵川县 empty", async () => {
    const body = await report("2024-01-01");
    const posts = Object.fromEntries(body.counties.map((county) => [county.name, county.chiefPosts]));
    expect(posts["城区"]).toMatchObject({ seconded: { name: "示例规划师 02" }, hired: { name: "示例规划师 03" }, covered: true });
    expect(posts["泽州县"]!.covered).toBe(true);
    expect(posts["高平市"]!.covered).toBe(true);
    expect(posts["阳城县"]).toMatchObject({ seconded: { name: "示例规划师 08" }, hired: null, covered: false });
    expect(posts["沁水县"]).toEqual({ seconded: null, hired: null, covered: false });
    expect(posts["陵川县"]).toEqual({ seconded: null, hired: null, covered: false });
    expect(body.city.countyChiefs).toEqual({ counties: 6, covered: 3, secondedFilled: 4, hiredFilled: 3, percent: 50 });
    // 钟家庄街道 has been vacant since its planner's dismissal: 城区 has 7 of 8.
    expect(body.counties.find((county) => county.code === "140502")!.units).toMatchObject({ required: 8, covered: 7, vacant: 1 });
  });

  it("counts the planners holding each role on the date", async () => {
    const body = await report("2024-01-01");
    const [expected] = await app.db.sql<{ total: number }[]>`
      select count(distinct planner_id)::int as total from appointments
      where valid_from <= '2024-01-01' and (valid_to is null or valid_to > '2024-01-01')`;
    expect(body.plannerCounts.total).toBe(expected!.total);
    expect(body.plannerCounts.byRole).toEqual([
      { role: "chief_city", planners: 1 },
      { role: "chief_county_seconded", planners: 4 },
      { role: "chief_county_hired", planners: 3 },
      { role: "unit", planners: 16 },
      { role: "project", planners: 4 },
    ]);
  });

  it("is in the full-rollout phase through 2023-12-31 and in no phase from 2024-01-01", async () => {
    expect((await report("2023-12-31")).phase).toMatchObject({ code: "full_coverage", name: "全面推进阶段", endsOn: "2024-01-01" });
    expect((await report("2024-01-01")).phase).toBeNull();
  });

  it("has no phase and no required unit before the plan, so no percent", async () => {
    const body = await report("2021-01-01");
    expect(body.phase).toBeNull();
    expect(body.city.units).toEqual({ total: 77, required: 0, covered: 0, vacant: 0, notRequired: 77, percent: null });
    expect(body.city.chiefPlanner).toBeNull();
  });

  it("defaults the date to today in Jincheng", async () => {
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
    expect((await report()).date).toBe(today);
  });

  it("gives a monthly timeline over the plan with its phase dates, matching the report on each date", async () => {
    const body = await timeline("from=2021-11-01&to=2023-12-31&step=month");
    expect(body).toMatchObject({ from: "2021-11-01", to: "2023-12-31", step: "month" });
    // The phases of the plan (五、工作安排), each endsOn the first day after it: the last runs through 2023-12-31.
    expect(body.phases.map((phase) => [phase.code, phase.name, phase.nameEn, phase.startsOn, phase.endsOn])).toEqual([
      ["mobilisation", "动员部署阶段", "mobilisation and deployment", "2021-11-01", "2022-05-16"],
      ["pilot", "试点推进阶段", "pilot rollout", "2022-05-16", "2022-12-01"],
      ["full_coverage", "全面推进阶段", "full rollout", "2022-12-01", "2024-01-01"],
    ]);
    expect(body.points).toHaveLength(26);
    expect(body.points[0]!.date).toBe("2021-11-01");
    expect(body.points.at(-1)!.date).toBe("2023-12-01");
    expect(body.points.every((point) => point.date.endsWith("-01"))).toBe(true);
    const phaseOf = Object.fromEntries(body.points.map((point) => [point.date, point.phase]));
    expect([phaseOf["2022-05-01"], phaseOf["2022-06-01"], phaseOf["2022-12-01"]]).toEqual(["mobilisation", "pilot", "full_coverage"]);
    for (const date of ["2022-06-01", "2023-06-01", "2023-07-01"]) {
      const point = body.points.find((candidate) => candidate.date === date)!;
      const day = await report(date);
      expect(point.units, date).toEqual(day.city.units);
      expect(point.countyChiefs, date).toEqual({ counties: 6, covered: day.city.countyChiefs.covered });
    }
  });

  it("starts a timeline at the first month start (or Monday) on or after from, and defaults step to month", async () => {
    const monthly = await timeline("from=2022-01-15&to=2022-04-01");
    expect(monthly.step).toBe("month");
    expect(monthly.points.map((point) => point.date)).toEqual(["2022-02-01", "2022-03-01", "2022-04-01"]);
    // 2023-01-04 is a Wednesday.
    const weekly = await timeline("from=2023-01-04&to=2023-01-31&step=week");
    expect(weekly.points.map((point) => point.date)).toEqual(["2023-01-09", "2023-01-16", "2023-01-23", "2023-01-30"]);
    expect((await timeline("from=2022-01-05&to=2022-01-20")).points).toEqual([]);
    expect((await timeline("from=2014-01-01&to=2023-12-01")).points).toHaveLength(120);
  });

  it("names the latest holder of a county chief post when a closed appointment overlaps its successor", async () => {
    // The successor is inserted first, so the older appointment has the larger planner id.
    const sql = app.db.sql;
    const [successor] = await sql<{ id: number }[]>`insert into planners (name) values ('测试继任') returning id`;
    const [predecessor] = await sql<{ id: number }[]>`insert into planners (name) values ('测试前任') returning id`;
    const [area] = await sql<{ id: number }[]>`select id from areas where code = 'county-140524'`;
    await sql`insert into appointments (planner_id, area_id, role, valid_from, valid_to, status, paid) values
      (${successor!.id}, ${area!.id}, 'chief_county_seconded', '2025-06-01', null, 'active', false),
      (${predecessor!.id}, ${area!.id}, 'chief_county_seconded', '2025-01-01', '2025-09-01', 'ended', false)`;
    const lingchuan = (date: string) => report(date).then((body) => body.counties.find((county) => county.code === "140524")!);
    expect((await lingchuan("2025-03-01")).chiefPosts.seconded?.name).toBe("测试前任");
    expect((await lingchuan("2025-07-01")).chiefPosts.seconded?.name).toBe("测试继任");
  });

  it.each(["2022-03-01", "2023-06-01", "2024-01-01"])("lists every unit with the status of api.unit_coverage on %s", async (date) => {
    const response = await app.inject(`/api/coverage/units?date=${date}`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<UnitCoverageList>();
    expect([...Value.Errors(UnitCoverageList, body)].map((error) => JSON.stringify(error))).toEqual([]);
    expect(body.date).toBe(date);
    const rows = await unitRows(date);
    expect(body.units).toHaveLength(77);
    expect(body.units.map((unit) => [unit.code, unit.countyCode, unit.status])).toEqual(
      rows.map((row) => [row.divisionCode, row.countyCode, row.status]).sort(([a], [b]) => (a! < b! ? -1 : 1)),
    );
    for (const unit of body.units) expect(unit.planner !== null, unit.code).toBe(unit.status === "covered");
    // The belts name their members: every member township lists the belt, and nobody else does.
    const members = await app.db.sql<{ code: string; divisionCode: string }[]>`
      select a.code, ad.division_code from areas a join area_divisions ad on ad.area_id = a.id where a.kind = 'belt'`;
    const listed = body.units.flatMap((unit) => unit.beltCodes.map((belt) => `${belt}:${unit.code}`)).sort();
    expect(listed).toEqual(members.filter((m) => m.divisionCode.length === 9).map((m) => `${m.code}:${m.divisionCode}`).sort());
    expect(body.units.filter((unit) => unit.hasBoundary)).toEqual([]);
  });

  it("tells the appointment history of a unit, newest first, public fields only, and 404 for an unknown unit", async () => {
    const [covered] = await app.db.sql<{ divisionCode: string }[]>`
      select division_code from api.unit_coverage('2024-01-01') where status = 'covered' order by division_code limit 1`;
    const code = covered!.divisionCode;
    const response = await app.inject(`/api/coverage/units/${code}/appointments`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<AppointmentHistory>();
    expect([...Value.Errors(AppointmentHistory, body)].map((error) => JSON.stringify(error))).toEqual([]);
    expect(body.unit.code).toBe(code);
    const expected = await app.db.sql<{ validFrom: string }[]>`
      select ap.valid_from::text from area_divisions ad join appointments ap on ap.area_id = ad.area_id and ap.role = 'unit'
      where ad.division_code = ${code} order by ap.valid_from desc, ap.id desc`;
    expect(expected.length).toBeGreaterThan(0);
    expect(body.appointments.map((a) => a.validFrom)).toEqual(expected.map((row) => row.validFrom));
    for (const appointment of body.appointments) expect(Object.keys(appointment.planner).sort()).toEqual(PUBLIC_PLANNER_KEYS);

    const unknown = await app.inject("/api/coverage/units/140502999/appointments");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers["content-type"]).toMatch(/^application\/problem\+json/);
    const county = await app.inject("/api/coverage/units/140502/appointments");
    expect(county.statusCode).toBe(400);
    const injection = await app.inject(`/api/coverage/units/${encodeURIComponent("140502001' or 1=1--")}/appointments`);
    expect(injection.statusCode).toBe(400);
  });

  it.each([
    ["/api/coverage?date=2023-13-01", "querystring.date", /real date/],
    ["/api/coverage?date=2023-02-29", "querystring.date", /real date/],
    ["/api/coverage?date=2101-01-01", "querystring.date", /real date/],
    ["/api/coverage?date=today", "querystring.date", /real date/],
    ["/api/coverage?date=2023-01-01'--", "querystring.date", /real date/],
    ["/api/coverage?county=140502", "querystring.county", /additional/],
    ["/api/coverage/units?date=2023-02-30", "querystring.date", /real date/],
    ["/api/coverage/units?date=1;drop table divisions", "querystring.date", /real date/],
    ["/api/coverage/timeline?to=2023-01-01", "querystring.from", /required/],
    ["/api/coverage/timeline?from=2023-01-01", "querystring.to", /required/],
    ["/api/coverage/timeline?from=2023-06-01&to=2023-01-01", "querystring.from", /on or before/],
    ["/api/coverage/timeline?from=2013-01-01&to=2023-12-01", "querystring.to", /at most 120/],
    ["/api/coverage/timeline?from=2020-01-01&to=2023-01-01&step=week", "querystring.to", /at most 120/],
    ["/api/coverage/timeline?from=2022-01-01&to=2023-01-01&step=day", "querystring.step", /allowed|equal/],
  ])("rejects %s with a 400 problem naming %s", async (url, path, message) => {
    const response = await app.inject(encodeURI(url));
    expect(response.statusCode).toBe(400);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    const body = response.json<{ type: string; errors: { path: string; message: string }[] }>();
    expect(body.type).toBe("/problems/validation-failed");
    expect(body.errors).toContainEqual({ path, message: expect.stringMatching(message) });
  });
});
