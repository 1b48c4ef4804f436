/**
 * The dashboard's work and opinions section and its map layer of work-record cells, in a real Chromium on the
 * Jincheng reference data with the demo data, plus work records of the test's own in a period the demo data does
 * not reach. Every expected figure is read from the API in the test: the section shows GET /api/coverage/work's
 * figures (of the county the dashboard's filter chose, when one is), and the deck.gl layer draws as many cells as
 * GET /api/coverage/work/cells lists.
 */
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { WorkCells, WorkFigures } from "../../server/src/contracts/coverage.ts";
import { MAP_TEST_HOOK_NAME, TEST_HOOKS_FLAG, type MapTestHook } from "../../client/src/map/map-test-hook.ts";
import type { WorkCellsTestHook } from "../../client/src/map/layers/work-cells.layer.ts";
import { requireReferenceData } from "../helpers/reference-data.ts";
import { useAtlasServerAndBrowser, type AtlasServer } from "./helpers/atlas-server.ts";
import { closeAndCheckPage } from "./helpers/page-checks.ts";

/** The dashboard's date: its work section covers the twelve months from 2024-07-01 to it. */
const DATE = "2025-06-30";
const FROM = "2024-07-01";
const MARKER = "浏览器测试工作记录";
/** Two places with enough of the test's records for a cell each (3 and 4), and one place with too few. */
const PLACES: { at: [number, number]; records: number }[] = [
  { at: [112.851, 35.4905], records: 4 },
  { at: [112.62, 35.78], records: 3 },
  { at: [112.95, 35.3], records: 1 },
];

type Hook = MapTestHook & WorkCellsTestHook;

const TEST_RESULTS_DIR = path.resolve(import.meta.dirname, "../../test-results");

/** Given/when/then driver of the work section and its layer; records what every checked page must (page-checks.ts). */
class WorkSectionDriver {
  private context: BrowserContext | undefined;
  private page: Page | undefined;
  private readonly problems: string[] = [];
  private readonly requestUrls: string[] = [];

  constructor(
    private readonly browser: Browser,
    private readonly server: AtlasServer,
  ) {}

  private get current(): Page {
    if (!this.page) throw new Error("open the dashboard first");
    return this.page;
  }

  readonly given = {
    /** Opens /dashboard on the date, with more of the view's query (e.g. "&county=140502") when given. */
    theDashboardIsOpenOn: async (date: string, moreQuery = ""): Promise<void> => {
      this.context = await this.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN", serviceWorkers: "block" });
      await this.context.addInitScript((flag) => {
        (window as unknown as Record<string, unknown>)[flag] = true;
      }, TEST_HOOKS_FLAG);
      this.context.on("request", (request) => this.requestUrls.push(request.url()));
      this.context.on("requestfailed", (request) => {
        const failure = request.failure()?.errorText ?? "unknown";
        if (failure !== "net::ERR_ABORTED") this.problems.push(`request failed: ${request.url()} (${failure})`);
      });
      const page = await this.context.newPage();
      page.on("console", (message) => {
        if (message.type() === "error") this.problems.push(`console error: ${message.text()}`);
      });
      page.on("pageerror", (error) => this.problems.push(`page error: ${error.message}`));
      this.page = page;
      await page.goto(`${this.server.origin}/dashboard?date=${date}${moreQuery}`);
      await page.waitForFunction((name) => (window as unknown as Record<string, Hook | undefined>)[name]?.isReady === true, MAP_TEST_HOOK_NAME, {
        timeout: 60_000,
      });
    },
  };

  readonly when = {
    iShowTheWorkCells: async (): Promise<void> => {
      await this.current.getByTestId("dashboard:work-cells-toggle").check();
    },
  };

  readonly then = {
    /** Waits for the section to show the period from..to (of one county; "": the city), then reads its figures as shown. */
    workSection: async (from: string, to: string, county = "") => {
      const section = this.current.getByTestId("dashboard:work");
      await section
        .and(this.current.locator(`[data-from="${from}"][data-to="${to}"][data-county="${county}"][aria-busy="false"]`))
        .waitFor({ timeout: 30_000 });
      return section.evaluate((element) => {
        const rows = (testId: string, key: string) =>
          [...element.querySelectorAll(`[data-testid="${testId}"] tbody tr`)].map((row) => ({
            key: row.getAttribute(key) ?? "",
            values: Object.fromEntries([...row.querySelectorAll("td")].map((cell) => [cell.dataset.column ?? "", cell.textContent?.trim() ?? ""])),
          }));
        return {
          heading: element.querySelector('[data-testid="dashboard:work-heading"]')?.textContent ?? "",
          filtersNote: element.querySelector('[data-testid="dashboard:work-filters-note"]')?.textContent ?? null,
          total: element.querySelector('[data-testid="dashboard:work-total"]')?.getAttribute("data-value") ?? "",
          kinds: rows("dashboard:work-kinds", "data-kind"),
          counties: rows("dashboard:work-counties", "data-code"),
          months: [...element.querySelectorAll('[data-testid="dashboard:work-month-chart"] rect[data-month]')].map((bar) => ({
            month: bar.getAttribute("data-month"),
            records: Number(bar.getAttribute("data-records")),
          })),
          opinionCounties: rows("dashboard:work-opinion-counties", "data-key"),
          opinionPlanners: [...element.querySelectorAll('[data-testid="dashboard:work-opinion-planners"] tbody tr')].map((row) => ({
            name: row.querySelector("th")?.textContent?.trim() ?? "",
            received: row.querySelector('[data-column="received"]')?.textContent?.trim() ?? "",
          })),
        };
      });
    },

    /** Waits until the layer is visible and deck.gl has drawn `count` cells; returns what the hook says. */
    theMapDrawsCells: async (count: number) => {
      await this.current.waitForFunction(
        ([name, expected]) => {
          const state = (window as unknown as Record<string, Hook | undefined>)[name]?.workCells();
          return state?.visible === true && state.loaded === expected && state.drawn === expected;
        },
        [MAP_TEST_HOOK_NAME, count] as const,
        { timeout: 30_000 },
      );
      return this.current.evaluate((name) => (window as unknown as Record<string, Hook>)[name]!.workCells(), MAP_TEST_HOOK_NAME);
    },

    theLayerIsHidden: async () =>
      this.current.evaluate((name) => (window as unknown as Record<string, Hook>)[name]!.workCells(), MAP_TEST_HOOK_NAME),

    /** Saves a screenshot of one part of the page (by test id) under test-results/, for a person to look at. */
    aScreenshotIsSaved: async (fileName: string, testId: string): Promise<void> => {
      await this.current.getByTestId(testId).screenshot({ path: path.join(TEST_RESULTS_DIR, fileName) });
    },

    problems: (): string[] => [...this.problems],
    requestsToOtherOrigins: (): string[] =>
      this.requestUrls.filter((url) => !url.startsWith("data:") && !url.startsWith("blob:") && new URL(url).origin !== this.server.origin),
    requestCount: (): number => this.requestUrls.length,
    requestedPaths: (): string[] => this.requestUrls.map((url) => new URL(url).pathname),
  };

  async close(): Promise<void> {
    await this.context?.close();
    this.context = undefined;
    this.page = undefined;
  }
}

const referenceDir = requireReferenceData("the dashboard's work section with the Jincheng reference boundaries");

describe.runIf(referenceDir)("the dashboard's work and opinions", () => {
  let server: AtlasServer | undefined;
  let browser: Browser | undefined;
  let page: WorkSectionDriver | undefined;
  useAtlasServerAndBrowser({ referenceData: true }, (started, launched) => {
    [server, browser] = [started, launched];
  });

  beforeAll(async () => {
    const sql = server!.sql;
    const [planner] = await sql<{ id: number }[]>`insert into planners (name) values ('浏览器测试规划师') returning id`;
    for (const [index, place] of PLACES.entries()) {
      for (let record = 0; record < place.records; record += 1) {
        // A few metres apart, on days spread over the period.
        const on = `2025-0${1 + ((index + record) % 6)}-1${record}`;
        await sql`
          insert into work_records (planner_id, kind, occurred_on, body, location)
          values (${planner!.id}, ${record % 2 === 0 ? "site_visit" : "training"}, ${on}::date, ${MARKER},
            ST_SetSRID(ST_MakePoint(${place.at[0] + record * 0.0002}::float8, ${place.at[1]}::float8), 4326))`;
      }
    }
  });

  afterEach(async () => {
    if (page) await closeAndCheckPage(page);
    page = undefined;
  });

  it("shows the work records by kind, county and month and the opinion response times exactly as /api/coverage/work", async () => {
    page = new WorkSectionDriver(browser!, server!);
    await page.given.theDashboardIsOpenOn(DATE);
    const figures = await server!.getJson<WorkFigures>(`/api/coverage/work?from=${FROM}&to=${DATE}`);
    const shown = await page.then.workSection(FROM, DATE);

    const placed = PLACES.reduce((sum, place) => sum + place.records, 0);
    expect(figures.workRecords.total, "the test's own records are in the period").toBeGreaterThanOrEqual(placed);
    expect(shown.total).toBe(String(figures.workRecords.total));
    expect(shown.kinds).toEqual(figures.workRecords.byKind.map((entry) => ({ key: entry.kind, values: { records: String(entry.records) } })));
    expect(shown.counties).toEqual(figures.workRecords.byCounty.map((county) => ({ key: county.code, values: { records: String(county.records) } })));
    expect(shown.months).toEqual(figures.workRecords.byMonth);
    expect(shown.months).toHaveLength(12);
    const hours = (value: number | null) => (value === null ? "—" : value.toFixed(1));
    const opinionValues = (entry: WorkFigures["opinions"]["byCounty"][number] | WorkFigures["opinions"]) => ({
      received: String(entry.received),
      answered: String(entry.answered),
      hoursToAcknowledge: hours(entry.medianHoursToAcknowledge),
      hoursToAnswer: hours(entry.medianHoursToAnswer),
    });
    expect(shown.opinionCounties).toEqual([
      { key: "city", values: opinionValues(figures.opinions) },
      ...figures.opinions.byCounty.map((county) => ({ key: county.code, values: opinionValues(county) })),
    ]);
    expect(shown.opinionPlanners).toEqual(figures.opinions.byPlanner.map((entry) => ({ name: entry.planner.name, received: String(entry.received) })));
    expect(shown.heading).toBe("工作记录与意见办理：全市");
    expect(shown.filtersNote).toBeNull();
  });

  it("shows the figures of the county the filter chose, names it in the heading, and says the belt filter does not apply", async () => {
    const [county] = await server!.sql<{ code: string; name: string }[]>`
      select code, name from divisions
      where code = api.county_of(ST_SetSRID(ST_MakePoint(${PLACES[0]!.at[0]}::float8, ${PLACES[0]!.at[1]}::float8), 4326), null)`;
    page = new WorkSectionDriver(browser!, server!);
    await page.given.theDashboardIsOpenOn(DATE, `&county=${county!.code}&belt=belt-qinhe`);
    const figures = await server!.getJson<WorkFigures>(`/api/coverage/work?from=${FROM}&to=${DATE}&county=${county!.code}`);
    const city = await server!.getJson<WorkFigures>(`/api/coverage/work?from=${FROM}&to=${DATE}`);
    const shown = await page.then.workSection(FROM, DATE, county!.code);

    expect(figures.workRecords.total, "the county's own records, fewer than the city's").toBeLessThan(city.workRecords.total);
    expect(figures.workRecords.total).toBeGreaterThanOrEqual(PLACES[0]!.records);
    expect(shown.heading).toBe(`工作记录与意见办理：${county!.name}`);
    expect(shown.filtersNote).toBe("本节只按县（市、区）筛选，示范带和规划师类型筛选不适用。");
    expect(shown.total).toBe(String(figures.workRecords.total));
    expect(shown.kinds).toEqual(figures.workRecords.byKind.map((entry) => ({ key: entry.kind, values: { records: String(entry.records) } })));
    expect(shown.counties).toEqual([{ key: county!.code, values: { records: String(figures.workRecords.total) } }]);
    expect(shown.months).toEqual(figures.workRecords.byMonth);
    expect(shown.opinionCounties.map((row) => row.key)).toEqual([county!.code]);
    expect(shown.opinionCounties[0]!.values.received).toBe(String(figures.opinions.received));
  });

  it("draws as many work-record cells as /api/coverage/work/cells lists once they are shown in the legend, and asks for none before", async () => {
    page = new WorkSectionDriver(browser!, server!);
    await page.given.theDashboardIsOpenOn(DATE);
    await page.then.workSection(FROM, DATE);
    expect(await page.then.theLayerIsHidden()).toEqual({ loaded: 0, drawn: 0, visible: false });
    expect(page.then.requestedPaths()).not.toContain("/api/coverage/work/cells");

    const cells = await server!.getJson<WorkCells>(`/api/coverage/work/cells?from=${FROM}&to=${DATE}`);
    expect(cells.cells.length, "the test's two busy places make a cell each").toBeGreaterThanOrEqual(2);
    expect(cells.leftOut, "the lone record is left out").toBeGreaterThanOrEqual(1);
    await page.when.iShowTheWorkCells();
    expect(await page.then.theMapDrawsCells(cells.cells.length)).toEqual({ loaded: cells.cells.length, drawn: cells.cells.length, visible: true });
    await page.then.aScreenshotIsSaved("dashboard-work-map.png", "dashboard:map");
    await page.then.aScreenshotIsSaved("dashboard-work.png", "dashboard:work");
  });
});
