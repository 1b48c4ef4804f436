/**
 * The briefing (工作简报) at /briefing in a real Chromium, on one server for the file (fresh embedded database, the
 * Jincheng reference boundaries and the fictional demo appointments and work records), and its PDF command run as a
 * user runs it against that server (--url). Every expected figure is read from the API in the test, never written
 * here. After every page: no console error, no failed request, no request to another origin.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import type { AppointmentHistory, CoverageReport, UnitCoverageList, WorkFigures } from "../../server/src/contracts/coverage.ts";
import { loadConfig } from "../../server/src/config.ts";
import { requireReferenceData } from "../helpers/reference-data.ts";
import { runCommand } from "../helpers/run-command.ts";
import { useTemporaryFolder } from "../helpers/temporary-folder.ts";
import { useAtlasServerAndBrowser, type AtlasServer } from "./helpers/atlas-server.ts";
import { closeAndCheckPage } from "./helpers/page-checks.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** A month with a dismissal after a failed evaluation (from 2023-07-01) and a work record in the demo data. */
const JULY_2023 = { period: "2023-07", from: "2023-07-01", to: "2023-07-31" };
/** A month with a reassignment in 城区 on 2023-06-01: 东街街道 passes to another planner, who moves to a second unit. */
const JUNE_2023 = { period: "2023-06", from: "2023-06-01", to: "2023-06-30" };
const CHENGQU = "140502";

const referenceDir = requireReferenceData("the briefing with the Jincheng reference boundaries");

const percentText = (percent: number | null): string => (percent === null ? "—" : `${percent.toFixed(1)}%`);
const hoursText = (hours: number | null): string => (hours === null ? "—" : `${hours.toFixed(1)} 小时`);
type UnitCounts = CoverageReport["city"]["units"];
const rowOf = (code: string, name: string, units: UnitCounts) => ({
  code,
  name,
  units: `${units.covered} / ${units.required}`,
  percent: percentText(units.percent),
  vacant: String(units.vacant),
  notRequired: String(units.notRequired),
});

/** Given/when/then driver of the briefing page; records problems for closeAndCheckPage. */
class BriefingDriver {
  private readonly problemList: string[] = [];
  private readonly requestUrls: string[] = [];
  private constructor(
    private readonly context: BrowserContext,
    private readonly page: Page,
    private readonly origin: string,
  ) {}

  static async open(browser: Browser, origin: string, query: string): Promise<BriefingDriver> {
    const context = await browser.newContext({ locale: "zh-CN", serviceWorkers: "block" });
    const page = await context.newPage();
    const driver = new BriefingDriver(context, page, origin);
    context.on("request", (request) => driver.requestUrls.push(request.url()));
    context.on("requestfailed", (request) => driver.problemList.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
    page.on("console", (message) => {
      if (message.type() === "error") driver.problemList.push(`console error: ${message.text()}`);
    });
    page.on("pageerror", (error) => driver.problemList.push(`page error: ${error.message}`));
    await page.goto(`${origin}/briefing?${query}`);
    await page.locator('[data-testid="briefing"][data-ready]').waitFor();
    return driver;
  }

  private text(testId: string): Promise<string> {
    return this.page.getByTestId(testId).innerText();
  }

  private rows(testId: string) {
    return this.page.getByTestId(testId).evaluateAll((rows) =>
      rows.map((row) => {
        const cell = (column: string) => row.querySelector(`[data-column="${column}"]`)?.textContent?.trim() ?? "";
        return {
          code: row.getAttribute("data-code") ?? "",
          name: row.querySelector("th")?.textContent?.trim() ?? "",
          units: cell("units"),
          percent: cell("percent"),
          vacant: cell("vacant"),
          notRequired: cell("notRequired"),
        };
      }),
    );
  }

  readonly then = {
    readyState: () => this.page.getByTestId("briefing").getAttribute("data-ready"),
    subtitle: () => this.text("briefing:subtitle"),
    error: () => this.text("briefing:error"),
    headlineFigures: async () => ({
      percent: await this.text("briefing:coverage-percent"),
      covered: await this.text("briefing:units-covered"),
      required: await this.text("briefing:units-required"),
      vacant: await this.text("briefing:units-vacant"),
      notRequired: await this.text("briefing:units-not-required"),
    }),
    countyRows: () => this.rows("briefing:county-row"),
    beltRows: () => this.rows("briefing:belt-row"),
    unitsOnTheMap: () =>
      this.page
        .getByTestId("briefing:map")
        .locator("path[data-code]")
        .evaluateAll((paths) => Object.fromEntries(paths.map((element) => [element.getAttribute("data-code"), element.getAttribute("data-status")]))),
    appointmentChanges: async () => ({
      made: Number(await this.page.getByTestId("briefing:appointments-made").getAttribute("data-value")),
      ended: Number(await this.page.getByTestId("briefing:appointments-ended").getAttribute("data-value")),
    }),
    workTotal: async () => Number(await this.page.getByTestId("briefing:work-total").getAttribute("data-value")),
    workByKind: () =>
      this.page
        .getByTestId("briefing:work-kind-row")
        .evaluateAll((rows) => rows.map((row) => ({ kind: row.getAttribute("data-kind"), records: Number(row.querySelector('[data-column="records"]')?.textContent) }))),
    workKindRowCount: () => this.page.getByTestId("briefing:work-kind-row").count(),
    opinions: async () => ({
      received: await this.text("briefing:opinions-received"),
      acknowledged: await this.text("briefing:opinions-acknowledged"),
      answered: await this.text("briefing:opinions-answered"),
      medianToAcknowledge: await this.text("briefing:opinions-median-to-acknowledge"),
      medianToAnswer: await this.text("briefing:opinions-median-to-answer"),
    }),
    problems: () => [...this.problemList],
    requestsToOtherOrigins: () => this.requestUrls.filter((url) => new URL(url).origin !== this.origin),
    requestCount: () => this.requestUrls.length,
  };

  async close(): Promise<void> {
    await this.context.close();
  }
}

/** Unit-planner appointments of the units that started, and that ended, within from..to, each counted once. */
async function appointmentChangesFromTheApi(server: AtlasServer, units: UnitCoverageList["units"], from: string, to: string) {
  const seen = new Set<string>();
  let [made, ended] = [0, 0];
  for (const unit of units) {
    const history = await server.getJson<AppointmentHistory>(`/api/coverage/units/${unit.code}/appointments`);
    for (const appointment of history.appointments) {
      const key = `${appointment.area.code}|${appointment.planner.name}|${appointment.validFrom}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (appointment.validFrom >= from && appointment.validFrom <= to) made++;
      if (appointment.validTo !== null && appointment.validTo >= from && appointment.validTo <= to) ended++;
    }
  }
  return { made, ended };
}

const opinionTexts = (figures: WorkFigures["opinions"] | WorkFigures["opinions"]["byCounty"][number] | undefined) => ({
  received: String(figures?.received ?? 0),
  acknowledged: String(figures?.acknowledged ?? 0),
  answered: String(figures?.answered ?? 0),
  medianToAcknowledge: hoursText(figures?.medianHoursToAcknowledge ?? null),
  medianToAnswer: hoursText(figures?.medianHoursToAnswer ?? null),
});

describe.runIf(referenceDir)("the briefing (工作简报)", () => {
  let server: AtlasServer;
  let browser: Browser;
  useAtlasServerAndBrowser({ referenceData: true }, (started, launched) => {
    [server, browser] = [started!, launched];
  });
  const output = useTemporaryFolder("planner-atlas-briefing-");

  it("shows the city's coverage at the month's end, its appointment changes, work and opinions exactly as the API answers them", async () => {
    const page = await BriefingDriver.open(browser, server.origin, `period=${JULY_2023.period}`);
    try {
      expect(await page.then.readyState()).toBe("true");
      expect(await page.then.subtitle()).toBe("2023年7月 · 全市");
      const report = await server.getJson<CoverageReport>(`/api/coverage?date=${JULY_2023.to}`);
      const { units } = report.city;
      expect(await page.then.headlineFigures()).toEqual({
        percent: percentText(units.percent),
        covered: String(units.covered),
        required: String(units.required),
        vacant: String(units.vacant),
        notRequired: String(units.notRequired),
      });
      expect(await page.then.countyRows()).toEqual(report.counties.map((county) => rowOf(county.code, county.name, county.units)));
      expect(await page.then.beltRows()).toEqual(report.belts.map((belt) => rowOf(belt.code, belt.name, belt.units)));

      const unitList = await server.getJson<UnitCoverageList>(`/api/coverage/units?date=${JULY_2023.to}`);
      const onTheMap = await page.then.unitsOnTheMap();
      expect(Object.keys(onTheMap).length, "townships drawn on the map").toBeGreaterThan(60);
      for (const unit of unitList.units) if (unit.hasBoundary) expect(onTheMap[unit.code], `status of ${unit.code} on the map`).toBe(unit.status);

      const changes = await appointmentChangesFromTheApi(server, unitList.units, JULY_2023.from, JULY_2023.to);
      expect(changes.ended, "the demo data dismisses a planner in July 2023").toBeGreaterThan(0);
      expect(await page.then.appointmentChanges()).toEqual(changes);

      const work = await server.getJson<WorkFigures>(`/api/coverage/work?from=${JULY_2023.from}&to=${JULY_2023.to}`);
      expect(work.workRecords.total, "the demo data has a work record in July 2023").toBeGreaterThan(0);
      expect(await page.then.workTotal()).toBe(work.workRecords.total);
      expect(await page.then.workByKind()).toEqual(work.workRecords.byKind);
      expect(await page.then.opinions()).toEqual(opinionTexts(work.opinions));
    } finally {
      await closeAndCheckPage(page);
    }
  });

  it("narrows every figure to one county", async () => {
    const page = await BriefingDriver.open(browser, server.origin, `period=${JUNE_2023.period}&county=${CHENGQU}`);
    try {
      const report = await server.getJson<CoverageReport>(`/api/coverage?date=${JUNE_2023.to}`);
      const county = report.counties.find((entry) => entry.code === CHENGQU)!;
      expect(await page.then.subtitle()).toBe(`2023年6月 · ${county.name}`);
      expect(await page.then.headlineFigures()).toEqual({
        percent: percentText(county.units.percent),
        covered: String(county.units.covered),
        required: String(county.units.required),
        vacant: String(county.units.vacant),
        notRequired: String(county.units.notRequired),
      });
      expect(await page.then.countyRows()).toEqual([rowOf(county.code, county.name, county.units)]);

      const unitList = await server.getJson<UnitCoverageList>(`/api/coverage/units?date=${JUNE_2023.to}`);
      const countyUnits = unitList.units.filter((unit) => unit.countyCode === CHENGQU);
      const onTheMap = await page.then.unitsOnTheMap();
      expect(Object.keys(onTheMap).sort()).toEqual(countyUnits.filter((unit) => unit.hasBoundary).map((unit) => unit.code).sort());

      const changes = await appointmentChangesFromTheApi(server, countyUnits, JUNE_2023.from, JUNE_2023.to);
      expect(changes, "the reassignment in 城区 on 2023-06-01").toMatchObject({ made: 2, ended: 1 });
      expect(await page.then.appointmentChanges()).toEqual(changes);

      const work = await server.getJson<WorkFigures>(`/api/coverage/work?from=${JUNE_2023.from}&to=${JUNE_2023.to}`);
      expect(await page.then.workTotal()).toBe(work.workRecords.byCounty.find((entry) => entry.code === CHENGQU)?.records ?? 0);
      expect(await page.then.workKindRowCount(), "the API has no per-county kinds: none shown").toBe(0);
      expect(await page.then.opinions()).toEqual(opinionTexts(work.opinions.byCounty.find((entry) => entry.code === CHENGQU)));
    } finally {
      await closeAndCheckPage(page);
    }
  });

  it("says so on the page for a period outside the plan and for an unknown county", async () => {
    for (const [query, expected] of [
      ["period=2019-05", "期间应为 2021-11"],
      [`period=${JUNE_2023.period}&county=999999`, "没有代码为 999999 的县"],
    ] as const) {
      const page = await BriefingDriver.open(browser, server.origin, query);
      try {
        expect(await page.then.readyState()).toBe("error");
        expect(await page.then.error()).toContain(expected);
      } finally {
        await closeAndCheckPage(page);
      }
    }
  });

  it("prints an A4 PDF whose first page shows the briefing (not blank)", async () => {
    const pdfFile = path.join(output.path, "briefing.pdf");
    const run = await runCommand("briefing", commandConfig(), ["--url", server.origin, "--period", "2022-12", "--out", pdfFile]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("briefing 2022-12");
    expect(fs.readFileSync(pdfFile).subarray(0, 5).toString()).toBe("%PDF-");

    const pngPrefix = path.join(output.path, "page");
    execFileSync("pdftoppm", ["-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", pdfFile, pngPrefix]);
    const { data, info } = await sharp(`${pngPrefix}.png`).greyscale().raw().toBuffer({ resolveWithObject: true });
    // A4 at 50 dpi is 413 × 585 pixels.
    expect(Math.abs(info.width / info.height - 210 / 297), "page 1 is A4").toBeLessThan(0.01);
    const inked = data.filter((value) => value < 200).length;
    expect(inked / data.length, "share of page 1 that is not white (title, map, tables)").toBeGreaterThan(0.03);
  });

  it("refuses a bad period, an unknown county and an unwritable output with exit status 2", async () => {
    const pdfFile = path.join(output.path, "refused.pdf");
    const cases = [
      { args: ["--period", "2022-13"], says: "no month 13" },
      { args: ["--period", "2019-05"], says: "between the plan's first month 2021-11" },
      { args: ["--period", "2022-12", "--county", "999999"], says: "unknown county 999999" },
      { args: ["--period", "2022-12", "--out", path.join(output.path, "no-such-folder", "briefing.pdf")], says: "does not exist" },
    ];
    for (const { args, says } of cases) {
      const run = await runCommand("briefing", commandConfig(), ["--url", server.origin, "--out", pdfFile, ...args]);
      expect(run.status, `${args.join(" ")}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toContain(says);
    }
    expect(fs.existsSync(pdfFile), "nothing written").toBe(false);
  });
});

/** The command's environment: with --url it opens no database, so any folder will do. */
function commandConfig() {
  return loadConfig({ DATA_DIR: path.join(ROOT, ".data-briefing-unused") }, ROOT);
}
