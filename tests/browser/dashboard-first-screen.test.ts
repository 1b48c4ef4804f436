/**
 * Leaders 1: on a 1366×850 desktop the first screen holds the headline figures and the whole map; the map labels the
 * counties with their units covered of required and, zoomed in, each unit with its status; and the vacant posts are
 * listed most important first. Every expected figure is read from the API.
 */
import { describe, expect, it } from "vitest";
import type { CoverageReport, UnitCoverageList } from "../../server/src/contracts/coverage.ts";
import type { BoundaryCollection } from "../../client/src/api/boundaries.ts";
import { labelPointOf } from "../../client/src/lib/polygon-geometry.ts";
import { requireReferenceData } from "../helpers/reference-data.ts";
import type { AtlasServer } from "./helpers/atlas-server.ts";
import { DashboardDriver, useDashboardPage } from "./helpers/dashboard-driver.ts";

const DESKTOP = { width: 1366, height: 850 };
/** A day of the full-rollout phase with vacant posts of every kind in the demo data. */
const DATE = "2023-06-01";
const DONGJIE = "140502001";

let server: AtlasServer | undefined;
let page: DashboardDriver;

const referenceDir = requireReferenceData("the dashboard's first screen with the Jincheng reference boundaries");

describe.runIf(referenceDir)("the dashboard's first screen on a desktop", () => {
  useDashboardPage((opened, started) => {
    [page, server] = [opened, started];
  });

  it("shows the headline figures and the whole map within 1366×850, with counties labelled by their coverage", async () => {
    await page.given.theDashboardIsOpen(DESKTOP, `?date=${DATE}`);
    await page.then.everythingShowsTheDate(DATE);
    const report = await server!.getJson<CoverageReport>(`/api/coverage?date=${DATE}`);

    await page.then.aScreenshotIsSaved("dashboard-first-screen.png");
    const figures = await page.then.boxOf("dashboard:figures");
    const map = await page.then.boxOf("dashboard:map");
    expect(figures!.top).toBeGreaterThanOrEqual(0);
    expect(figures!.bottom, "figures end above the map").toBeLessThanOrEqual(map!.top);
    expect(map!.top, "the map starts in the upper half").toBeLessThan(DESKTOP.height / 2);
    expect(map!.bottom, "the whole map is in the first screen").toBeLessThanOrEqual(DESKTOP.height);
    expect(map!.height).toBeGreaterThanOrEqual(400);

    const labels = await page.then.visibleMapLabels();
    for (const county of report.counties) {
      const label = labels.get(county.code) ?? "";
      expect(label, `label of ${county.name}`).toContain(county.name);
      if (county.units.required > 0) expect(label).toContain(`${county.units.covered}/${county.units.required}`);
    }
  });

  it("labels each unit with its status once zoomed in", async () => {
    const boundaries = await server!.getJson<BoundaryCollection>("/api/boundaries?level=township");
    const units = await server!.getJson<UnitCoverageList>(`/api/coverage/units?date=${DATE}`);
    const dongjie = boundaries.features.find((feature) => feature.properties.code === DONGJIE)!;
    await page.given.theDashboardIsOpen(DESKTOP, `?date=${DATE}`);
    await page.then.everythingShowsTheDate(DATE);
    expect((await page.then.visibleMapLabels()).has(DONGJIE), "no unit label at the whole city's zoom").toBe(false);

    await page.when.iMoveTheMapTo(labelPointOf(dongjie.geometry)!, 11);

    const status = units.units.find((unit) => unit.code === DONGJIE)!.status;
    const word = { covered: "已覆盖", vacant: "空缺", not_required: "暂未设置" }[status];
    expect((await page.then.visibleMapLabels()).get(DONGJIE)).toBe(`东街街道 · ${word}`);
  });

  it("ranks the vacant posts: city chief, county chiefs, then units by when the plan required them, belts first, longest vacant first", async () => {
    const report = await server!.getJson<CoverageReport>(`/api/coverage?date=${DATE}`);
    const units = await server!.getJson<UnitCoverageList>(`/api/coverage/units?date=${DATE}`);
    await page.given.theDashboardIsOpen(DESKTOP, `?date=${DATE}`);
    await page.then.everythingShowsTheDate(DATE);
    const vacantUnits = units.units.filter((unit) => unit.status === "vacant");
    expect(vacantUnits.length, "vacant units in the demo data on the date").toBeGreaterThan(6);

    const vacancies = await page.then.vacancies();
    expect(vacancies.length, "the first few beside the map").toBe(6);
    await page.when.iClick("dashboard:vacancies-more");
    const ranked = await page.then.vacancies();

    // The chief posts first: the city's, then each county's seconded and hired post, as the API says they are vacant.
    const chiefs = [
      ...(report.city.chiefPlanner === null ? ["city-chief"] : []),
      ...report.counties.flatMap((county) => (["seconded", "hired"] as const).filter((post) => county.chiefPosts[post] === null).map((post) => `${county.code}-${post}`)),
    ];
    expect(ranked.slice(0, chiefs.length).map((post) => post.key)).toEqual(chiefs);
    const rankedUnits = ranked.slice(chiefs.length);
    expect(rankedUnits.every((post) => post.kind === "unit")).toBe(true);
    expect(rankedUnits.map((post) => post.key).sort()).toEqual(vacantUnits.map((unit) => unit.code).sort());
    // In order: required earlier first; on the same date, on a belt first; then vacant longer first.
    const byCode = new Map(vacantUnits.map((unit) => [unit.code, unit]));
    const sortKey = (code: string) => {
      const unit = byCode.get(code)!;
      return [unit.requiredFrom ?? "9999", unit.beltCodes.length > 0 ? "0" : "1", unit.vacantSince ?? "9999", code].join("|");
    };
    const keys = rankedUnits.map((post) => sortKey(post.key));
    expect(keys).toEqual([...keys].sort());
    expect(new Set(vacantUnits.map((unit) => unit.requiredFrom)).size, "vacancies required on different dates").toBeGreaterThan(1);

    await page.when.iOpenTheVacancy(rankedUnits[0]!.key);
    expect((await page.then.appointmentHistory()).code).toBe(rankedUnits[0]!.key);
  });
});
