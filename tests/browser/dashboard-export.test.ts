/**
 * Leaders 3: printing and export of the date shown. The print layout shows the map as a still image, a readable
 * header and the whole chart (a real PDF from Chromium, read back with pdftotext); the tables download as CSV (UTF-8
 * with a BOM) and as one XLSX workbook (read back with exceljs); the page downloads as a PNG.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { CoverageReport, UnitCoverageList } from "../../server/src/contracts/coverage.ts";
import { requireReferenceData } from "../helpers/reference-data.ts";
import { DashboardDriver, useDashboardPage } from "./helpers/dashboard-driver.ts";
import type { AtlasServer } from "./helpers/atlas-server.ts";

const DESKTOP = { width: 1366, height: 850 };
const DATE = "2023-06-01";

let server: AtlasServer | undefined;
let page: DashboardDriver;

const referenceDir = requireReferenceData("the dashboard's print and export");

const percentText = (percent: number | null): string => (percent === null ? "—" : `${percent.toFixed(1)}%`);

describe.runIf(referenceDir)("the dashboard's print and export", () => {
  useDashboardPage((opened, started) => {
    [page, server] = [opened, started];
  });

  it("prints the map as a still image, a dark header and the chart within the page", async () => {
    await page.given.theDashboardIsOpen(DESKTOP, `?date=${DATE}`);
    await page.then.everythingShowsTheDate(DATE);
    const report = await server!.getJson<CoverageReport>(`/api/coverage?date=${DATE}`);

    await page.when.iPrepareToPrint();

    expect(await page.then.stillPixelsDrawn(), "the map's still image holds the drawn map").toBeGreaterThan(50_000);
    expect(await page.then.isVisible("dashboard:map-still")).toBe(true);
    const title = await page.then.coloursOf(".dashboard-header__title");
    expect(title.color, "the title prints dark").not.toBe("rgb(255, 255, 255)");
    const chart = await page.then.boxOf("dashboard:chart");
    const plot = await page.then.coloursOf(".rollout-chart__plot svg");
    expect(plot).toBeDefined();
    const svgWidth = await page.then.boxOf("dashboard:chart-marker");
    expect(svgWidth!.right, "the chart is not cut at the page's edge").toBeLessThanOrEqual(chart!.right + 1);

    const pdf = await page.then.aPdf();
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "dashboard-print-"));
    try {
      const file = path.join(folder, "dashboard.pdf");
      fs.writeFileSync(file, pdf);
      const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
      expect(text).toContain("责任规划师覆盖情况");
      expect(text).toContain(percentText(report.city.units.percent));
      expect(text).toContain("规划期末");
      expect(text).toContain("2023年6月1日");
      fs.copyFileSync(file, path.resolve(import.meta.dirname, "../../test-results/dashboard-print.pdf"));
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it("downloads the tables of the date shown as CSV with a BOM and as one XLSX workbook, and the page as a PNG", async () => {
    await page.given.theDashboardIsOpen(DESKTOP, `?date=${DATE}`);
    await page.then.everythingShowsTheDate(DATE);
    const report = await server!.getJson<CoverageReport>(`/api/coverage?date=${DATE}`);
    const units = await server!.getJson<UnitCoverageList>(`/api/coverage/units?date=${DATE}`);

    const counties = await page.when.iDownload("dashboard:export-csv-counties");
    expect(counties.fileName).toBe(`责任规划师覆盖-各县-${DATE}.csv`);
    expect([...counties.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const countyLines = counties.bytes.toString("utf8").slice(1).trimEnd().split("\r\n");
    expect(countyLines[0]).toBe("代码,县（市、区）,已覆盖,应设置,覆盖率,空缺,暂未设置,县级总责任规划师（市局下派）,县级总责任规划师（县级选聘）");
    expect(countyLines.slice(1).map((line) => line.split(",").slice(0, 6))).toEqual(
      report.counties.map((county) => [county.code, county.name, String(county.units.covered), String(county.units.required), percentText(county.units.percent), String(county.units.vacant)]),
    );

    const unitCsv = await page.when.iDownload("dashboard:export-csv-units");
    const unitLines = unitCsv.bytes.toString("utf8").slice(1).trimEnd().split("\r\n");
    expect(unitLines.slice(1).map((line) => line.split(",")[0])).toEqual(units.units.map((unit) => unit.code));

    const xlsx = await page.when.iDownload("dashboard:export-xlsx");
    expect(xlsx.fileName).toBe(`责任规划师覆盖-表格-${DATE}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["各县（市、区）", "街道、镇、乡", "空缺岗位"]);
    expect(workbook.worksheets[0]!.rowCount).toBe(report.counties.length + 1);
    expect(workbook.worksheets[1]!.rowCount).toBe(units.units.length + 1);
    expect(workbook.worksheets[1]!.getRow(2).getCell(1).value).toBe(units.units[0]!.code);
    const vacantPosts =
      units.units.filter((unit) => unit.status === "vacant").length +
      (report.city.chiefPlanner === null ? 1 : 0) +
      report.counties.reduce((sum, county) => sum + (county.chiefPosts.seconded ? 0 : 1) + (county.chiefPosts.hired ? 0 : 1), 0);
    expect(workbook.worksheets[2]!.rowCount).toBe(vacantPosts + 1);

    const png = await page.when.iDownload("dashboard:export-png");
    expect(png.fileName).toBe(`责任规划师覆盖-全页-${DATE}.png`);
    expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.bytes.readUInt32BE(16), "the image is as wide as the page").toBeGreaterThanOrEqual(DESKTOP.width - 20);
    fs.writeFileSync(path.resolve(import.meta.dirname, "../../test-results/dashboard-export.png"), png.bytes);
  });
});
