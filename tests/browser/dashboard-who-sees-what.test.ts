/**
 * Leaders 6: the public dashboard shows aggregates and planners' public names, as the public page does; that an
 * appointment ended in dismissal (已解聘) shows only to a signed-in bureau or leader user (README "What the public sees").
 */
import { describe, expect, it } from "vitest";
import { createAccount } from "../../server/src/auth/accounts.repo.ts";
import { hashPassword } from "../../server/src/auth/passwords.ts";
import { requireReferenceData } from "../helpers/reference-data.ts";
import type { AtlasServer } from "./helpers/atlas-server.ts";
import { DashboardDriver, useDashboardPage } from "./helpers/dashboard-driver.ts";

const DESKTOP = { width: 1366, height: 850 };
/** A unit whose planner the demo data dismisses. */
const DISMISSED_UNIT = "140502006";
/** Made at run time: no password is written in the repository. */
const PASSWORD = `dash-${Math.random().toString(36).slice(2)}-${Date.now()}`;

let server: AtlasServer | undefined;
let page: DashboardDriver;

const referenceDir = requireReferenceData("who sees what on the dashboard");

describe.runIf(referenceDir)("who sees what on the dashboard", () => {
  useDashboardPage((opened, started) => {
    [page, server] = [opened, started];
  });

  it("shows a dismissal as a plain end to the public and as 已解聘 to a signed-in leader", async () => {
    await page.given.theDashboardIsOpen(DESKTOP);

    await page.when.iOpenTheUnitFromTheTable(DISMISSED_UNIT);

    const publicHistory = await page.then.appointmentHistory();
    expect(publicHistory.planners.length).toBeGreaterThan(0);
    expect(publicHistory.entries.join("\n")).not.toContain("已解聘");
    expect(publicHistory.entries.join("\n")).toContain("已结束");

    const name = `dashboard-leader-${Date.now()}`;
    await createAccount(server!.sql, { name, role: "leader", displayName: name, passwordHash: await hashPassword(PASSWORD), plannerId: null }, "test");
    await page.when.iSignInAndReload(name, PASSWORD);
    await page.when.iOpenTheUnitFromTheTable(DISMISSED_UNIT);

    const leaderHistory = await page.then.appointmentHistory();
    expect(leaderHistory.planners).toEqual(publicHistory.planners);
    expect(leaderHistory.entries.join("\n")).toContain("已解聘");
  });
});
