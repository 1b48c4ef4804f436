/**
 * The workspace as of a past day, in a real Chromium on the Jincheng reference data: a bureau user picks a day before
 * the demo data's reassignment of 东街街道 (示例规划师 09 → 10 on 2023-06-01) and the area list names the earlier
 * holder, the map colours the townships by their status then (开发区街道 vacant, 东街街道 covered), the posts timeline
 * marks the day, the export takes it as its date, and nothing can be edited; back to today shows the current holder
 * and the editing modes again.
 */
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { jinchengToday } from "../../client/src/lib/calendar-dates.ts";
import { requireReferenceData } from "../helpers/reference-data.ts";
import { AreaPanelDriver } from "./helpers/area-panel-driver.ts";
import { useAtlasServerAndBrowser, type AtlasServer } from "./helpers/atlas-server.ts";
import { WorkspaceMap } from "./helpers/workspace-map-driver.ts";
import { makeWorkspaceAccount, WorkspacePage } from "./helpers/workspace-driver.ts";

const referenceFolder = requireReferenceData("the workspace as of a past day");

const BUREAU = "往日规划局";
/** 东街街道: unit planner 示例规划师 09 until 2023-06-01, 示例规划师 10 from then. */
const DONGJIE = { area: "township-140502001", township: "140502001" };
/** 开发区街道: vacant during the pilot, 示例规划师 09 from 2023-06-01. */
const KAIFAQU = "140502009";
const PAST_DAY = "2023-01-01";

/** The header's date and what the area list and the export show; the selectors live here. */
class AsOfDriver {
  constructor(readonly page: Page) {}

  readonly when = {
    iViewTheDay: (date: string) => this.page.getByTestId("as-of:date").fill(date),
    iGoBackToToday: () => this.page.getByTestId("as-of:today").click(),
    iOpenTheImportTab: () => this.page.locator('[role="tab"][data-tab="import"]').click(),
  };

  readonly then = {
    /** Waits until the list names `holders` for the area, and returns the text. */
    theHoldersOf: async (areaCode: string, holders: string) => {
      const shown = this.page.locator(`[data-area-code="${areaCode}"] .area-holders`).filter({ hasText: holders });
      await shown.waitFor();
      return shown.textContent();
    },
    thePastNotice: () => this.page.getByTestId("as-of:past").textContent(),
    thePastNoticeIsGone: () => this.page.getByTestId("as-of:past").waitFor({ state: "detached" }),
    theViewedDay: () => this.page.getByTestId("as-of:date").inputValue(),
    theMarkedDay: () => this.page.getByTestId("posts-viewed").first().getAttribute("data-date"),
    theExportDate: () => this.page.getByTestId("export:date").inputValue(),
  };
}

let server: AtlasServer | undefined;
let browser: Browser;

describe.runIf(referenceFolder)("the workspace as of a past day", () => {
  useAtlasServerAndBrowser({ referenceData: true }, async (started, launched) => {
    [server, browser] = [started, launched];
    if (server) await makeWorkspaceAccount(server, BUREAU, "bureau");
  });

  it("shows who held the posts then, the map's statuses then, read-only; back to today shows the current holder", async () => {
    const workspace = await WorkspacePage.signIn(browser, server!, BUREAU);
    const asOf = new AsOfDriver(workspace.page);
    const map = new WorkspaceMap(workspace.page);
    const panel = new AreaPanelDriver(workspace);
    await map.ready();
    await expect(asOf.then.theViewedDay()).resolves.toBe(jinchengToday());
    await expect(asOf.then.theHoldersOf(DONGJIE.area, "示例规划师 10")).resolves.toBe("示例规划师 10");

    await asOf.when.iViewTheDay(PAST_DAY);
    await expect(asOf.then.theHoldersOf(DONGJIE.area, "示例规划师 09")).resolves.toBe("示例规划师 09");
    await expect(asOf.then.thePastNotice()).resolves.toBe(`正在查看 ${PAST_DAY} 的状态，只读`);
    await map.waitForUnitStatus(KAIFAQU, "vacant");
    await map.waitForUnitStatus(DONGJIE.township, "covered");
    await expect(map.modesOffered()).resolves.toEqual(["select"]);

    // The area's panel is read-only, and its posts timeline marks the day viewed.
    await panel.selectArea(DONGJIE.area);
    await expect(asOf.then.theMarkedDay()).resolves.toBe(PAST_DAY);
    await expect(panel.then.controls()).resolves.toEqual({ form: 0, save: 0, lock: 0, retire: 0, undo: 0, newArea: 0, picker: 0 });
    await asOf.when.iOpenTheImportTab();
    await expect(asOf.then.theExportDate()).resolves.toBe(PAST_DAY);

    await asOf.when.iGoBackToToday();
    await asOf.then.thePastNoticeIsGone();
    await expect(asOf.then.theHoldersOf(DONGJIE.area, "示例规划师 10")).resolves.toBe("示例规划师 10");
    await map.waitForUnitStatus(KAIFAQU, null);
    await expect(map.modesOffered()).resolves.toEqual(["select", "compose", "draw", "import"]);
    await expect(asOf.then.theExportDate()).resolves.toBe(jinchengToday());
    await workspace.closeAndCheck();
  });
});
