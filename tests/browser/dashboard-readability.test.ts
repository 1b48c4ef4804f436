/**
 * Leaders 4: each belt has its own colour that stands out on covered and vacant units alike (over a white casing),
 * the legend lists only what the map shows on the date, and the selected unit gets a strong outline.
 */
import { describe, expect, it } from "vitest";
import type { UnitCoverageList } from "../../server/src/contracts/coverage.ts";
import { BELT_PALETTE, SELECTED_WIDTH, STATUS_COLORS } from "../../client/src/map/layers/coverage.layer.ts";
import { requireReferenceData } from "../helpers/reference-data.ts";
import { DashboardDriver, useDashboardPage } from "./helpers/dashboard-driver.ts";
import type { AtlasServer } from "./helpers/atlas-server.ts";

const DESKTOP = { width: 1366, height: 850 };
const PLAN_START = "2021-11-01";
const DONGJIE = "140502001";

let server: AtlasServer | undefined;
let page: DashboardDriver;

const referenceDir = requireReferenceData("the dashboard's map colours and legend");

function rgb(hex: string): [number, number, number] {
  return [0, 2, 4].map((offset) => parseInt(hex.slice(1 + offset, 3 + offset), 16) / 255) as [number, number, number];
}
/** WCAG relative luminance contrast. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, b] = rgb(hex).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}
/** Hue in degrees (0-360). */
function hue(hex: string): number {
  const [r, g, b] = rgb(hex);
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max === min) return 0;
  const d = max - min;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}
const hueDistance = (a: string, b: string) => {
  const d = Math.abs(hue(a) - hue(b));
  return Math.min(d, 360 - d);
};

describe.runIf(referenceDir)("the dashboard's map colours and legend", () => {
  useDashboardPage((opened, started) => {
    [page, server] = [opened, started];
  });

  it("gives each belt a colour of its own, far in hue or lightness from covered and vacant, drawn over a casing", async () => {
    for (const [index, belt] of BELT_PALETTE.entries()) {
      for (const status of [STATUS_COLORS.covered, STATUS_COLORS.vacant]) {
        const apart = hueDistance(belt, status) >= 40 || contrast(belt, status) >= 3;
        expect(apart, `belt colour ${belt} on ${status}`).toBe(true);
      }
      for (const other of BELT_PALETTE.slice(index + 1)) expect(other).not.toBe(belt);
    }
    await page.given.theDashboardIsOpen(DESKTOP);

    const casings = await page.then.renderedOf("beltCasing");
    const lines = await page.then.renderedOf("beltLine");
    expect(lines.length, "belts drawn").toBeGreaterThan(0);
    expect(new Set(casings.map((feature) => feature.properties.code))).toEqual(new Set(lines.map((feature) => feature.properties.code)));
  });

  it("lists only the statuses some drawn unit has, and no county gradient once the units are drawn", async () => {
    await page.given.theDashboardIsOpen(DESKTOP, `?date=${PLAN_START}`);
    await page.then.everythingShowsTheDate(PLAN_START);
    const units = await server!.getJson<UnitCoverageList>(`/api/coverage/units?date=${PLAN_START}`);
    const drawn = new Set(units.units.filter((unit) => unit.hasBoundary).map((unit) => unit.status));

    const listed = await page.then.attributesOfAll("dashboard:legend-status", "data-status");

    expect(new Set(listed)).toEqual(drawn);
    expect(drawn.size, "fewer statuses than three before the pilot").toBeLessThan(3);
    const partlyDrawn = units.units.some((unit) => !unit.hasBoundary);
    expect(await page.then.isVisible("dashboard:legend-county-share")).toBe(partlyDrawn);
  });

  it("outlines the selected unit strongly, over a white casing", async () => {
    expect(SELECTED_WIDTH).toBeGreaterThanOrEqual(5);
    await page.given.theDashboardIsOpen(DESKTOP);

    await page.when.iOpenTheUnitFromTheTable(DONGJIE);
    await page.then.appointmentHistory();

    await expect
      .poll(async () => (await page.then.renderedOf("selectedUnit")).filter((feature) => feature.state.selected === true).map((feature) => feature.properties.code))
      .toContain(DONGJIE);
    await page.then.aScreenshotIsSaved("dashboard-selection.png", { of: "map" });
  });
});
