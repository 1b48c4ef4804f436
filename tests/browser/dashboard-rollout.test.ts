/**
 * Leaders 2: the rollout chart counts units (covered and vacant, stacked up to the required) rather than a share whose
 * base jumps, shows the plan's target, and says where the plan stood at its end, in figures from the API.
 */
import { describe, expect, it } from "vitest";
import type { CoverageReport, CoverageTimeline } from "../../server/src/contracts/coverage.ts";
import { requireReferenceData } from "../helpers/reference-data.ts";
import type { AtlasServer } from "./helpers/atlas-server.ts";
import { DashboardDriver, useDashboardPage } from "./helpers/dashboard-driver.ts";

const DESKTOP = { width: 1366, height: 850 };

let server: AtlasServer | undefined;
let page: DashboardDriver;

const referenceDir = requireReferenceData("the dashboard's rollout chart with the Jincheng reference boundaries");

/** The plan's last day: the day before its last phase ends (endsOn is exclusive). */
function planEndOf(timeline: CoverageTimeline): string {
  const endsOn = new Date(`${timeline.phases.at(-1)!.endsOn}T00:00:00Z`);
  endsOn.setUTCDate(endsOn.getUTCDate() - 1);
  return endsOn.toISOString().slice(0, 10);
}

describe.runIf(referenceDir)("the dashboard's rollout chart", () => {
  useDashboardPage((opened, started) => {
    [page, server] = [opened, started];
  });

  it("charts counts with the plan's target and says where the plan stood at its end, in both languages", async () => {
    await page.given.theDashboardIsOpen(DESKTOP);
    const today = await server!.getJson<CoverageReport>("/api/coverage");
    const timeline = await server!.getJson<CoverageTimeline>(`/api/coverage/timeline?from=2021-11-01&to=${today.date}`);
    const planEnd = planEndOf(timeline);
    const atTheEnd = await server!.getJson<CoverageReport>(`/api/coverage?date=${planEnd}`);
    const { covered, required } = atTheEnd.city.units;
    expect(required, "units required at the plan's end").toBeGreaterThan(covered);

    await expect.poll(() => page.then.textOf("dashboard:plan-end"), { timeout: 30_000 }).not.toBe("");

    expect(await page.then.textOf("dashboard:plan-end")).toBe(`规划期末（${planEnd.slice(0, 7)}）：${required} 个中 ${covered} 个已覆盖，差 ${required - covered} 个`);
    expect(await page.then.attributeOf("dashboard:chart-target", "data-value")).toBe(String(required));
    expect(await page.then.isVisible("dashboard:chart-covered")).toBe(true);
    expect(await page.then.isVisible("dashboard:chart-vacant")).toBe(true);
    // The axis counts units: no percentage, and its top is at least the most units ever required.
    const chart = await page.then.textOf("dashboard:chart");
    expect(chart).not.toMatch(/\d%/);
    expect(chart).toContain("规划目标：全覆盖");

    await page.when.iSwitchTheLanguage();

    expect(await page.then.textOf("dashboard:plan-end")).toBe(`Plan ended ${planEnd.slice(0, 7)}: ${covered} of ${required} covered, ${required - covered} short`);
    await page.then.aScreenshotIsSaved("dashboard-rollout.png");
    await page.when.iSwitchTheLanguage();
  });
});
