/**
 * The bureau's whole flow in a real Chromium on the Jincheng reference data, as the issue tells it: a bureau user
 * signs in, creates a township area from one township in no area (the panel's members editor) and composes a second
 * into it on the map, saves it, creates a planner and appoints them to its unit post in the timeline; the public page
 * then shows that planner at a point inside the second township. The townships are freed in the setup by retiring
 * their own single-township areas.
 */
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { LookupResult } from "../../server/src/contracts/lookup.ts";
import { requireReferenceData } from "../helpers/reference-data.ts";
import { AreaPanelDriver } from "./helpers/area-panel-driver.ts";
import { useAtlasServerAndBrowser, type AtlasServer } from "./helpers/atlas-server.ts";
import { FinderDriver, type LonLat } from "./helpers/finder-driver.ts";
import { closeAndCheckPage } from "./helpers/page-checks.ts";
import { PlannersDriver } from "./helpers/planners-driver.ts";
import { freeTwoTownships, WorkspaceMap } from "./helpers/workspace-map-driver.ts";
import { makeWorkspaceAccount, WorkspacePage } from "./helpers/workspace-driver.ts";

const referenceFolder = requireReferenceData("the bureau's flow from a new area to the public page");

const BUREAU = "全流程规划局";
const PLANNER = "全流程规划师";
const AREA = { code: "flow-composed-1", name: "全流程组合责任区" };

/** A township in no unit area, with a point inside it. */
interface FreeTownship {
  code: string;
  name: string;
  inside: LonLat;
}

let server: AtlasServer | undefined;
let browser: Browser;
let townships: FreeTownship[] = [];

describe.runIf(referenceFolder)("the bureau's flow, from a new area to the public page", () => {
  useAtlasServerAndBrowser({ referenceData: true }, async (started, launched) => {
    [server, browser] = [started, launched];
    if (!server) return;
    await makeWorkspaceAccount(server, BUREAU, "bureau");
    const codes = await freeTwoTownships(server);
    const rows = await server.sql<{ code: string; name: string; lon: number; lat: number }[]>`
      select code, name, ST_X(ST_PointOnSurface(geom)) as lon, ST_Y(ST_PointOnSurface(geom)) as lat
      from divisions where code in ${server.sql(codes)} order by code`;
    townships = rows.map((row) => ({ code: row.code, name: row.name, inside: { lon: row.lon, lat: row.lat } }));
    expect(townships).toHaveLength(2);
  });

  it("composes a new area of two townships, appoints a planner to it, and the public page shows them inside", async () => {
    const [first, second] = townships as [FreeTownship, FreeTownship];
    const workspace = await WorkspacePage.signIn(browser, server!, BUREAU);
    const panel = new AreaPanelDriver(workspace);
    const map = new WorkspaceMap(workspace.page);
    await map.ready();

    // A new township area of the first township, with the judge's verdict before saving.
    await panel.when.startNewArea(AREA.code, AREA.name, "township");
    await panel.when.addMember(first.code);
    await expect(panel.then.verdict()).resolves.toMatchObject({ problems: "" });
    expect(await panel.when.create(AREA.code)).toBe(201);

    // The second township composed into it on the map, then saved.
    await map.chooseMode("compose");
    await map.clickTownship(second.code);
    await workspace.page.locator(`[data-testid="workspace-map:members"] li[data-code="${second.code}"]`).waitFor();
    await expect(panel.then.verdict()).resolves.toMatchObject({ problems: "" });
    const version = await panel.given.version();
    expect(await panel.when.save()).toBe(200);
    await panel.then.version(version + 1);
    expect((await panel.then.members()).sort()).toEqual([first.code, second.code].sort());
    await map.chooseMode("select");

    // A new planner, appointed to the area's unit post from today in its timeline.
    const planners = new PlannersDriver(workspace.page);
    await planners.when.iOpenThePlannersTab();
    await planners.when.iCreateAPlanner(PLANNER, []);
    await planners.when.iOpenTheArea(AREA.code);
    await planners.when.iClickTheVacantUnitPostFromToday();
    await planners.when.iChooseThePlanner(PLANNER);
    await planners.when.iSubmitTheForm();
    await planners.then.theStatusSays(`已任命 ${PLANNER}`);
    await workspace.closeAndCheck();

    const lookup = await server!.getJson<LookupResult>(`/api/lookup?lon=${second.inside.lon}&lat=${second.inside.lat}`);
    expect(lookup.township).toMatchObject({ code: second.code, unit: { status: "covered", planner: { name: PLANNER }, area: { code: AREA.code } } });

    const finder = new FinderDriver(browser, server!);
    await finder.given.thePageIsOpen();
    await finder.when.iTapTheMapAt(second.inside, 11);
    const answer = await finder.then.theAnswerAbout(second.name);
    expect(answer.unitStatus).toBe("covered");
    expect(answer.unitPlanner).toBe(PLANNER);
    await closeAndCheckPage(finder);
  });
});
