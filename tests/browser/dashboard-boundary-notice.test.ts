/**
 * Residents 7, the dashboard's half: units without a published boundary are counted in the public's words
 * ("N 个单元的边界尚未公布"), never with an administrator's command, both after the reference import (two units
 * lack boundaries) and with no township boundary at all.
 */
import { describe, expect, it } from "vitest";
import type { UnitCoverageList } from "../../server/src/contracts/coverage.ts";
import { requireReferenceData } from "../helpers/reference-data.ts";
import { DashboardDriver, useDashboardPage } from "./helpers/dashboard-driver.ts";
import type { AtlasServer } from "./helpers/atlas-server.ts";

let server: AtlasServer | undefined;
let page: DashboardDriver;

const referenceDir = requireReferenceData("the dashboard's notice of missing boundaries");

describe.runIf(referenceDir)("the dashboard's notice of missing boundaries", () => {
  useDashboardPage((opened, started) => {
    [page, server] = [opened, started];
  });

  it("counts the units whose boundary is not yet published, without any command, after the import", async () => {
    const units = await server!.getJson<UnitCoverageList>("/api/coverage/units");
    const missing = units.units.filter((unit) => !unit.hasBoundary).length;
    expect(missing, "the reference data lacks a few unit boundaries").toBeGreaterThan(0);
    await page.given.theDashboardIsOpen();

    const notice = await page.then.boundaryNotice();

    expect(notice).toContain(`${missing} 个单元的边界尚未公布`);
    expect(notice).not.toMatch(/npm|import|<folder>/);
  });

  it("says so for every unit when no township boundary is loaded", async () => {
    await page.given.noTownshipBoundaries();
    try {
      const units = await server!.getJson<UnitCoverageList>("/api/coverage/units");
      await page.given.theDashboardIsOpen();

      const notice = await page.then.boundaryNotice();

      expect(notice).toContain(`${units.units.length} 个单元的边界尚未公布`);
      expect(notice).not.toMatch(/npm|import|<folder>/);
    } finally {
      await page.given.townshipBoundariesRestored();
    }
  });
});
