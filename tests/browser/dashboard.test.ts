/**
 * The leadership dashboard (/dashboard) in a real Chromium (software WebGL), served by one real server for the whole
 * file on a fresh embedded database with the Jincheng reference data imported (75 approximate township boundaries)
 * and the fictional demo appointments. Every expected figure is read from the API in the test, never written here.
 * After every test: no console error, no failed request, and no request left the server's origin.
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { describe, expect, inject, it } from "vitest";
import type { AppointmentHistory, CoverageReport, UnitCoverageList } from "../../server/src/contracts/coverage.ts";
import { labelPointOf } from "../../client/src/lib/polygon-geometry.ts";
import type { BoundaryCollection } from "../../client/src/api/boundaries.ts";
import { requireReferenceData } from "../helpers/reference-data.ts";
import type { AtlasServer } from "./helpers/atlas-server.ts";
import { DashboardDriver, PHONE, useDashboardPage } from "./helpers/dashboard-driver.ts";

/** The first day the dashboard shows: the start of the plan's mobilisation phase, before the pilot (2022-05-16). */
const PLAN_START = "2021-11-01";
/** A day in the pilot phase. */
const DURING_THE_PILOT = "2022-09-01";
/** 东街街道 (城区): reassigned once in the demo data, so its history has two appointments. */
const DONGJIE = "140502001";
const ZEZHOU = "140525";

const percentText = (percent: number | null): string => (percent === null ? "—" : `${percent.toFixed(1)}%`);

let server: AtlasServer | undefined;
let page: DashboardDriver;

const referenceDir = requireReferenceData("the leadership dashboard with the Jincheng reference boundaries");

async function coverageOn(date: string): Promise<CoverageReport> {
  return server!.getJson<CoverageReport>(`/api/coverage?date=${date}`);
}

/** The figures and the county table, as the page shows them, against the API's report of the same date. */
async function expectTheDashboardToShow(report: CoverageReport): Promise<void> {
  const figures = await page.then.headlineFigures();
  const { units, countyChiefs } = report.city;
  expect(figures.cityCoverage.value).toBe(units.percent === null ? "" : String(units.percent));
  expect(figures.cityCoverage.text).toContain(percentText(units.percent));
  expect(figures.cityUnits).toContain(`${units.covered} / 应设置 ${units.required}`);
  expect(figures.countyChiefs.text).toContain(`${countyChiefs.covered} / ${countyChiefs.counties}`);
  expect(figures.countyChiefs.text).toContain(`市局下派 ${countyChiefs.secondedFilled} / ${countyChiefs.counties}`);
  expect(figures.countyChiefs.text).toContain(`县级选聘 ${countyChiefs.hiredFilled} / ${countyChiefs.counties}`);
  expect(figures.planners.value).toBe(String(report.plannerCounts.total));
  expect(figures.plannersByRole).toEqual(Object.fromEntries(report.plannerCounts.byRole.map((entry) => [entry.role, entry.planners])));
  expect(await page.then.countyTable()).toEqual(
    report.counties.map((county) => ({
      code: county.code,
      name: county.name,
      units: `${county.units.covered} / ${county.units.required}`,
      percent: percentText(county.units.percent),
      vacant: String(county.units.vacant),
      notRequired: String(county.units.notRequired),
      seconded: county.chiefPosts.seconded?.name ?? "空缺",
      hired: county.chiefPosts.hired?.name ?? "空缺",
    })),
  );
}

describe.runIf(referenceDir)("the leadership dashboard", () => {
  useDashboardPage((opened, started) => {
    [page, server] = [opened, started];
  });

  it("shows today's city coverage, county chief posts, planners by role and the county table exactly as /api/coverage", async () => {
    await page.given.theDashboardIsOpen();
    const today = await server!.getJson<CoverageReport>("/api/coverage");

    await page.then.everythingShowsTheDate(today.date);

    expect(await page.then.figuresDate()).toBe(today.date);
    await expectTheDashboardToShow(today);
    expect(today.city.units.percent, "the demo data covers some units today").not.toBeNull();
    expect(await page.then.title()).toMatchObject({ heading: "责任规划师覆盖情况", documentTitle: "责任规划师覆盖情况 · 晋城市责任规划师一张图" });
    await page.then.aScreenshotIsSaved("dashboard.png");
    await page.then.aScreenshotIsSaved("dashboard-map.png", { of: "map" });
    await page.then.aScreenshotIsSaved("dashboard-full.png", { fullPage: true });
  });

  it("re-colours the map and the figures as of the date when the slider moves to before the pilot", async () => {
    await page.given.theDashboardIsOpen();
    const today = await server!.getJson<CoverageReport>("/api/coverage");
    await page.then.everythingShowsTheDate(today.date);

    await page.when.iPressKeysOnTheDateSlider("Home");

    await page.then.everythingShowsTheDate(PLAN_START);
    const beforeThePilot = await coverageOn(PLAN_START);
    await expectTheDashboardToShow(beforeThePilot);
    expect((await page.then.headlineFigures()).cityCoverage.value).not.toBe(String(today.city.units.percent));
    const unitsThen = await server!.getJson<UnitCoverageList>(`/api/coverage/units?date=${PLAN_START}`);
    const statusThen = new Map(unitsThen.units.map((unit) => [unit.code, unit.status]));
    const onTheMap = await page.then.unitsOnTheMap();
    expect(onTheMap.size, "units drawn on the map").toBeGreaterThan(60);
    for (const [code, state] of onTheMap) expect(state.status, `status of ${code} on the map`).toBe(statusThen.get(code));
    expect(await page.then.unitRows()).toEqual(unitsThen.units.map((unit) => ({ code: unit.code, status: unit.status })));
    await page.then.aScreenshotIsSaved("dashboard-before-the-pilot.png", { of: "map" });
  });

  it("asks the server once a quick run of slider steps has settled, and shows a pilot-phase date typed in", async () => {
    await page.given.theDashboardIsOpen(undefined, `?date=${PLAN_START}`);
    await page.then.everythingShowsTheDate(PLAN_START);
    const asked = page.then.requestsTo("/api/coverage").length;

    await page.when.iPressKeysOnTheDateSlider(...Array<string>(30).fill("ArrowRight"));

    await page.then.everythingShowsTheDate("2021-12-01");
    const during = page.then.requestsTo("/api/coverage").slice(asked);
    expect(during.length, `coverage requests for 30 quick steps: ${during.join(", ")}`).toBeLessThanOrEqual(2);
    expect(during.at(-1)).toBe("/api/coverage?date=2021-12-01");

    await page.when.iTypeTheDate(DURING_THE_PILOT);

    await page.then.everythingShowsTheDate(DURING_THE_PILOT);
    await expectTheDashboardToShow(await coverageOn(DURING_THE_PILOT));
    const unitsThen = await server!.getJson<UnitCoverageList>(`/api/coverage/units?date=${DURING_THE_PILOT}`);
    const statusThen = new Map(unitsThen.units.map((unit) => [unit.code, unit.status]));
    for (const [code, state] of await page.then.unitsOnTheMap()) expect(state.status, `status of ${code}`).toBe(statusThen.get(code));
  });

  it("shows a unit's appointment history when the unit is clicked on the map", async () => {
    const boundaries = await server!.getJson<BoundaryCollection>("/api/boundaries?level=township");
    const dongjie = boundaries.features.find((feature) => feature.properties.code === DONGJIE);
    const inside = labelPointOf(dongjie?.geometry);
    expect(inside, "东街街道 has a boundary in the reference data").not.toBeNull();
    const expected = await server!.getJson<AppointmentHistory>(`/api/coverage/units/${DONGJIE}/appointments`);
    await page.given.theDashboardIsOpen();

    await page.when.iClickTheMapAt(inside!, 12.5);

    const history = await page.then.appointmentHistory();
    expect(history.code).toBe(DONGJIE);
    expect(history.heading).toContain(expected.unit.name);
    expect(expected.appointments.length).toBeGreaterThan(1);
    expect(history.planners).toEqual(expected.appointments.map((appointment) => appointment.planner.name));
    expect(history.entries[0]).toContain(expected.appointments[0]!.area.name);
    await page.then.aScreenshotIsSaved("dashboard-history-from-map.png", { of: "map" });
  });

  it("shows a unit's appointment history from its table row, with the keyboard, and moves focus to it", async () => {
    const units = await server!.getJson<UnitCoverageList>("/api/coverage/units");
    // A unit dismissed in the demo data, so the history shows an ending that is not a plain one.
    const withHistory = units.units.find((unit) => unit.code === "140502006") ?? units.units[0]!;
    const expected = await server!.getJson<AppointmentHistory>(`/api/coverage/units/${withHistory.code}/appointments`);
    await page.given.theDashboardIsOpen();

    await page.when.iOpenTheUnitFromTheTable(withHistory.code);

    const history = await page.then.appointmentHistory();
    expect(history.code).toBe(withHistory.code);
    expect(history.planners).toEqual(expected.appointments.map((appointment) => appointment.planner.name));
    expect(await page.then.theFocusedElement()).toEqual({ tag: "h2", text: history.heading });
  });

  it("narrows the table, the map and the figures to a county, a belt or a planner role", async () => {
    await page.given.theDashboardIsOpen();
    const today = await server!.getJson<CoverageReport>("/api/coverage");
    const units = await server!.getJson<UnitCoverageList>(`/api/coverage/units?date=${today.date}`);
    await page.then.everythingShowsTheDate(today.date);
    expect(await page.then.unitRows()).toHaveLength(units.units.length);

    await page.when.iFilterBy("county", ZEZHOU);

    const zezhou = today.counties.find((county) => county.code === ZEZHOU)!;
    expect((await page.then.unitRows()).map((row) => row.code)).toEqual(units.units.filter((unit) => unit.countyCode === ZEZHOU).map((unit) => unit.code));
    expect((await page.then.headlineFigures()).selection?.value).toBe(zezhou.units.percent === null ? "" : String(zezhou.units.percent));
    await expect.poll(async () => (await page.then.countiesOnTheMap()).get("140521")?.dimmed, { timeout: 10_000 }).toBe(true);
    expect((await page.then.countiesOnTheMap()).get(ZEZHOU)?.dimmed).toBe(false);

    const belt = today.belts[0]!;
    await page.when.iFilterBy("county", "");
    await page.when.iFilterBy("belt", belt.code);

    const members = units.units.filter((unit) => unit.beltCodes.includes(belt.code)).map((unit) => unit.code);
    expect(members.length).toBeGreaterThan(0);
    expect((await page.then.unitRows()).map((row) => row.code)).toEqual(members);
    expect((await page.then.headlineFigures()).selection?.value).toBe(belt.units.percent === null ? "" : String(belt.units.percent));

    await page.when.iFilterBy("belt", "");
    await page.when.iFilterBy("role", "chief");

    expect(await page.then.legend()).toContain("县级总责任规划师到位 2 / 2 名");
    expect((await page.then.projectsOnTheMap()).visible).toBe(false);
    const chiefPosts = await page.then.countiesOnTheMap();
    for (const county of today.counties) {
      const filled = (county.chiefPosts.seconded ? 1 : 0) + (county.chiefPosts.hired ? 1 : 0);
      expect(chiefPosts.get(county.code)?.chiefPosts, `chief posts of ${county.name}`).toBe(filled);
    }
    await page.then.aScreenshotIsSaved("dashboard-chief-posts.png", { of: "map" });

    await page.when.iFilterBy("role", "project");

    expect((await page.then.projectsOnTheMap()).visible).toBe(true);
    expect(await page.then.legend()).not.toContain("已覆盖");

    await page.when.iFilterBy("role", "unit");

    expect((await page.then.projectsOnTheMap()).visible).toBe(false);
    expect(await page.then.legend()).toContain("已覆盖");
  });

  it("fits a 360 px phone without sideways scrolling and switches to English", async () => {
    await page.given.theDashboardIsOpen(PHONE);

    const layout = await page.then.layout();

    expect(layout.pageWidth).toBeLessThanOrEqual(layout.viewportWidth);
    expect(layout.mapHeight).toBeGreaterThanOrEqual(300);
    expect(layout.mapWidth).toBeGreaterThan(300);
    await page.then.aScreenshotIsSaved("dashboard-phone.png");
    await page.then.aScreenshotIsSaved("dashboard-phone-map.png", { of: "map" });

    await page.when.iSwitchTheLanguage();

    expect(await page.then.title()).toEqual({
      heading: "Responsible planner coverage",
      documentTitle: "Responsible planner coverage · Planner Atlas — Jincheng",
      htmlLang: "en",
    });
    expect((await page.then.layout()).pageWidth).toBeLessThanOrEqual(layout.viewportWidth);
    await page.then.aScreenshotIsSaved("dashboard-phone-english.png");
    await page.when.iSwitchTheLanguage();
  });

  it("colours counties by their share of covered units beside the full table when no township has a boundary", async () => {
    await page.given.noTownshipBoundaries();
    try {
      await page.given.theDashboardIsOpen();
      const today = await server!.getJson<CoverageReport>("/api/coverage");
      const units = await server!.getJson<UnitCoverageList>(`/api/coverage/units?date=${today.date}`);
      await page.then.everythingShowsTheDate(today.date);

      expect(await page.then.boundaryNotice()).toContain(`${units.units.length} 个单元的边界尚未公布`);
      expect(await page.then.unitRows()).toEqual(units.units.map((unit) => ({ code: unit.code, status: unit.status })));
      expect((await page.then.unitsOnTheMap()).size).toBe(0);
      const counties = await page.then.countiesOnTheMap();
      expect(counties.size).toBe(today.counties.length);
      for (const county of today.counties) expect(counties.get(county.code)?.share, `share of ${county.name}`).toBe(county.units.percent);
      await page.then.aScreenshotIsSaved("dashboard-without-township-boundaries.png", { of: "map" });
    } finally {
      await page.given.townshipBoundariesRestored();
    }
  });
});

describe("the dashboard's code in the built client", () => {
  const clientDir = inject("clientDir");
  const read = (file: string): string => fs.readFileSync(path.join(clientDir, file), "utf8");
  /** Strings that only deck.gl and luma.gl bring: the layer's and the library's names survive minification. */
  const DECK_MARKERS = [/ScatterplotLayer/, /deck\.gl/, /luma\.gl/];

  /** Keys of the dashboard's dictionary: they reach a chunk only with the dashboard's words. */
  const DASHBOARD_WORD_MARKERS = [/dashboard\.subtitle/, /dashboard\.loadFailed/];

  it("keeps deck.gl and the dashboard's words out of the public page: its entry chunk and every chunk it can load outside the dashboard", () => {
    const html = read("index.html");
    const entry = /<script[^>]*\ssrc="\/?(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(entry, "the entry script of index.html").toBeTruthy();
    // Every chunk the public page can load: static imports, dynamic imports and their preload lists, but not the
    // dashboard's chunks (main.tsx loads those only on /dashboard).
    const reachable = new Set<string>();
    const queue = [entry!];
    while (queue.length > 0) {
      const chunk = queue.pop()!;
      if (reachable.has(chunk)) continue;
      reachable.add(chunk);
      const code = read(chunk);
      const referenced = [
        ...[...code.matchAll(/(?:from|import)\s*\(?\s*["']\.\/([^"']+\.js)["']/g)].map((match) => `assets/${match[1]}`),
        ...[...code.matchAll(/["'](assets\/[^"']+\.js)["']/g)].map((match) => match[1]!),
      ];
      for (const next of referenced) if (!/^assets\/dashboard-/.test(next) && fs.existsSync(path.join(clientDir, next))) queue.push(next);
    }
    expect(reachable.size).toBeGreaterThan(1);
    for (const chunk of reachable) {
      const code = read(chunk);
      for (const marker of [...DECK_MARKERS, ...DASHBOARD_WORD_MARKERS]) {
        expect(marker.test(code), `${chunk} (reachable from the public page) contains ${marker}`).toBe(false);
      }
    }
    // And the words are in the dashboard's own chunk, so the markers above can be found at all.
    const page = fs.readdirSync(path.join(clientDir, "assets")).find((file) => file.startsWith("dashboard-page-") && file.endsWith(".js"));
    for (const marker of DASHBOARD_WORD_MARKERS) expect(marker.test(read(`assets/${page}`)), `the dashboard page's chunk contains ${marker}`).toBe(true);
    console.log(
      `[dashboard] public entry ${entry}: ${(zlib.gzipSync(read(entry!)).length / 1024).toFixed(1)} kB gzip; ` +
        `${reachable.size} chunks reachable from it outside the dashboard, none with deck.gl, luma.gl or the dashboard's words`,
    );
  });

  it("keeps deck.gl out of the dashboard page's own chunk and the map's: it comes with the project-sites layer's own chunk", () => {
    const assets = fs.readdirSync(path.join(clientDir, "assets")).filter((file) => file.endsWith(".js"));
    const page = assets.find((file) => file.startsWith("dashboard-page-"));
    const map = assets.find((file) => file.startsWith("map-controller-"));
    const deck = assets.find((file) => file.startsWith("project-sites.deck-"));
    expect(page && map && deck, "dashboard-page-*.js, map-controller-*.js and project-sites.deck-*.js in the build").toBeTruthy();
    expect(/ScatterplotLayer/.test(read(`assets/${deck}`))).toBe(true);
    for (const chunk of [page, map]) for (const marker of DECK_MARKERS) expect(marker.test(read(`assets/${chunk}`)), `${chunk} contains ${marker}`).toBe(false);
    const sizes = assets
      .filter((file) => file.startsWith("dashboard-") || file === deck)
      .map((file) => `${file} ${(zlib.gzipSync(read(`assets/${file}`)).length / 1024).toFixed(1)} kB gzip`);
    console.log(`[dashboard] dashboard chunks: ${sizes.join(", ")}`);
  });
});
