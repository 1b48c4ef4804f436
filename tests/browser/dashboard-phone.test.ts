/**
 * Leaders 5: on a 390×844 phone the dashboard is a few screens long: the figures, a large map, then the rollout,
 * vacant posts, counties, units and work behind tabs, one at a time.
 */
import { describe, expect, it } from "vitest";
import { requireReferenceData } from "../helpers/reference-data.ts";
import { DashboardDriver, useDashboardPage } from "./helpers/dashboard-driver.ts";

const PHONE = { width: 390, height: 844 };

let page: DashboardDriver;

const referenceDir = requireReferenceData("the dashboard on a phone");

describe.runIf(referenceDir)("the dashboard on a phone", () => {
  useDashboardPage((opened) => {
    page = opened;
  });

  it("is compact: figures, a large map, then one section at a time behind tabs", async () => {
    await page.given.theDashboardIsOpen(PHONE);

    const layout = await page.then.layout();
    expect(layout.pageWidth).toBeLessThanOrEqual(PHONE.width);
    expect(layout.mapHeight, "the map takes over half the screen").toBeGreaterThanOrEqual(PHONE.height / 2);
    const figures = await page.then.boxOf("dashboard:figures");
    const map = await page.then.boxOf("dashboard:map");
    expect(figures!.bottom).toBeLessThanOrEqual(map!.top);
    expect(map!.top, "the map starts in the first screen").toBeLessThan(PHONE.height * 0.7);
    const height = await page.then.pageHeight();
    expect(height, `page height ${height} px`).toBeLessThanOrEqual(PHONE.height * 4);
    console.log(`[dashboard] phone page height: ${height} px`);

    expect(await page.then.isVisible("dashboard:tabs")).toBe(true);
    expect(await page.then.isVisible("dashboard:chart")).toBe(true);
    expect(await page.then.isVisible("dashboard:county-table")).toBe(false);

    await page.when.iClick("dashboard:tab-counties");
    expect(await page.then.isVisible("dashboard:county-table")).toBe(true);
    expect(await page.then.isVisible("dashboard:chart")).toBe(false);

    await page.when.iClick("dashboard:tab-vacancies");
    expect(await page.then.isVisible("dashboard:vacancies")).toBe(true);

    await page.when.iClick("dashboard:tab-units");
    expect(await page.then.isVisible("dashboard:unit-table")).toBe(true);
    expect(await page.then.isVisible("dashboard:county-table")).toBe(false);
    console.log(`[dashboard] phone page height with the unit list: ${await page.then.pageHeight()} px`);
    await page.then.aScreenshotIsSaved("dashboard-phone-compact.png", { fullPage: true });
  });

  it("shows every section at once on a desktop, without the tabs", async () => {
    await page.given.theDashboardIsOpen({ width: 1366, height: 850 });

    expect(await page.then.isVisible("dashboard:tabs")).toBe(false);
    for (const section of ["dashboard:chart", "dashboard:vacancies", "dashboard:county-table", "dashboard:unit-table"]) {
      expect(await page.then.isVisible(section), section).toBe(true);
    }
  });
});
