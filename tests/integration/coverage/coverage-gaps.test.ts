import type { FastifyInstance } from "fastify";
import { describe, expect, it } from "vitest";
import { AppointmentHistory, CoverageGaps } from "../../../server/src/contracts/coverage.ts";
import { importBoundaries } from "../../../server/src/import/import-boundaries.ts";
import { useFreshApp } from "../../helpers/app.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { requireReferenceData } from "../../helpers/reference-data.ts";
import { getPublicJson } from "../lookup/public-fields.ts";

const referenceFolder = requireReferenceData("coverage gaps with township boundaries");

const gaps = (app: FastifyInstance, date?: string) =>
  getPublicJson<CoverageGaps>(app, `/api/coverage/gaps${date ? `?date=${date}` : ""}`, CoverageGaps);

/** Takes one township out of every unit area (a subdistrict or township area) in this block's own database. */
async function removeFromUnitAreas(app: FastifyInstance, code: string): Promise<void> {
  await app.db.sql`
    delete from area_divisions ad using areas a
    where a.id = ad.area_id and a.kind in ('subdistrict', 'township') and ad.division_code = ${code}`;
}

describe.each(enabledBackends())("coverage gaps on %s with the built-in data", (backend) => {
  let app: FastifyInstance;
  let removed: string;
  useFreshApp(backend, async (built) => {
    app = built;
    // The first unit required on 2022-09-01 that has a unit planner then: it becomes a gap only through the removal.
    const [unit] = await app.db.sql<{ divisionCode: string }[]>`
      select division_code from api.unit_coverage('2022-09-01') where status = 'covered' and required order by division_code limit 1`;
    removed = unit!.divisionCode;
    await removeFromUnitAreas(app, removed);
  });

  it("lists a required unit that is in no unit area as unassigned, with its county and requirement date", async () => {
    const body = await gaps(app, "2022-09-01");
    const unit = body.unassigned.find((candidate) => candidate.code === removed);
    expect(unit).toMatchObject({ countyCode: removed.slice(0, 6), areas: [], requiredFrom: expect.any(String) });
    expect(unit!.since).toBe(unit!.requiredFrom);
    expect(body.vacant.map((candidate) => candidate.code)).not.toContain(removed);
  });

  it("lists the vacant unit posts of the day apart from the unassigned units, agreeing with api.unit_coverage", async () => {
    const body = await gaps(app, "2022-09-01");
    const vacant = await app.db.sql<{ divisionCode: string; vacantSince: string }[]>`
      select division_code, vacant_since::text from api.unit_coverage('2022-09-01') where status = 'vacant' order by division_code`;
    expect(body.vacant.length).toBeGreaterThan(0);
    expect([...body.unassigned, ...body.vacant].map((unit) => unit.code).sort()).toEqual(vacant.map((row) => row.divisionCode));
    for (const unit of body.vacant) {
      expect(unit.areas.length, unit.code).toBeGreaterThan(0);
      expect(unit.since, unit.code).toBe(vacant.find((row) => row.divisionCode === unit.code)!.vacantSince);
    }
  });

  it("says no township boundary is loaded and gives no uncovered parts, nor a bbox for a unit without boundary", async () => {
    const body = await gaps(app);
    expect(body.townshipBoundariesLoaded).toBe(false);
    expect(body.uncovered).toEqual([]);
    for (const unit of [...body.unassigned, ...body.vacant]) expect([unit.bbox, unit.labelPoint]).toEqual([null, null]);
  });

  it("lists nothing before the plan requires any unit", async () => {
    const body = await gaps(app, "2021-01-01");
    expect(body).toMatchObject({ date: "2021-01-01", unassigned: [], vacant: [] });
  });

  it("keeps end reasons and private contacts out of a unit's public appointment history", async () => {
    const [ended] = await app.db.sql<{ code: string }[]>`
      select ad.division_code as code from appointments ap join area_divisions ad on ad.area_id = ap.area_id
      where ap.role = 'unit' and ap.end_reason is not null order by ad.division_code limit 1`;
    const body = await getPublicJson<AppointmentHistory>(app, `/api/coverage/units/${ended!.code}/appointments`, AppointmentHistory);
    expect(body.appointments.some((appointment) => appointment.status !== "active")).toBe(true);
    for (const appointment of body.appointments) {
      expect(Object.keys(appointment).sort()).toEqual(["area", "planner", "status", "validFrom", "validTo"]);
    }
    expect(JSON.stringify(body)).not.toMatch(/endReason|end_reason|"contacts"/);
  });

  it.each(["2023-13-01", "2023-02-29", "yesterday"])("rejects date=%s with a 400 problem", async (date) => {
    const response = await app.inject(`/api/coverage/gaps?date=${date}`);
    expect(response.statusCode).toBe(400);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    const body = response.json<{ type: string; errors: { path: string }[] }>();
    expect(body.type).toBe("/problems/validation-failed");
    expect(body.errors.map((error) => error.path)).toContain("querystring.date");
  });
});

describe.runIf(referenceFolder).each(enabledBackends())("coverage gaps on %s with the reference township areas", (backend) => {
  let app: FastifyInstance;
  useFreshApp(backend, async (built) => {
    app = built;
    await importBoundaries(app.db.sql, referenceFolder!);
  });

  it("shows the area of a township removed from every area as uncovered land of its county", async () => {
    const code = "140502002";
    const uncoveredIn = (body: CoverageGaps) => body.uncovered.find((part) => part.countyCode === "140502")?.areaKm2 ?? 0;
    const before = await gaps(app, "2024-01-01");
    expect(before.townshipBoundariesLoaded).toBe(true);
    await app.db.sql`delete from area_divisions where division_code = ${code}`;
    const after = await gaps(app, "2024-01-01");
    const [township] = await app.db.sql<{ km2: number }[]>`
      select ST_Area(geom::geography) / 1e6 as km2 from divisions where code = ${code}`;
    const part = after.uncovered.find((candidate) => candidate.countyCode === "140502");
    expect(part?.geometry.type).toBe("MultiPolygon");
    expect(uncoveredIn(after) - uncoveredIn(before)).toBeGreaterThan(township!.km2 * 0.97);
    expect(uncoveredIn(after) - uncoveredIn(before)).toBeLessThan(township!.km2 * 1.03);
    const unit = after.unassigned.find((candidate) => candidate.code === code);
    expect(unit?.bbox).toHaveLength(4);
    expect(unit?.labelPoint).toHaveLength(2);
  });
});
