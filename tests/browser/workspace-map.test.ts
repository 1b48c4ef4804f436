/**
 * The workspace's map and its modes in a real Chromium, on the Jincheng reference township boundaries: a bureau user
 * selects an area from the list, composes two townships that are in no unit area into it (the draft and the live
 * counter follow, and a township of another unit area is refused with that area named), draws a polygon by clicking
 * on the canvas (the draft gets a Polygon, its km² is shown; a bow tie's crossing is flagged; Escape ends drawing); a
 * leader is offered select only, where a click on a township selects its area.
 * The map is read through its test hook (townships' label points, whether drawing is on), never by pixel guessing.
 */
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { useAtlasServerAndBrowser, type AtlasServer } from "./helpers/atlas-server.ts";
import { freeTwoTownships, WorkspaceMap } from "./helpers/workspace-map-driver.ts";
import { makeWorkspaceAccount, WorkspacePage } from "./helpers/workspace-driver.ts";

/** The unit area the bureau composes into (a township area of the demo data, with a boundary). */
const TARGET_AREA = "township-140502001";

let server: AtlasServer | undefined;
let browser: Browser;
/** Two townships with a boundary that no unit area groups, made so in the setup. */
let freeTownships: string[] = [];
/** A township another unit area holds, and that area's name. */
let takenTownship: { code: string; areaCode: string; areaName: string };

/** Signs the bureau user in, selects the target area in the list and switches the map to `mode`. */
async function openTargetArea(mode: "compose" | "draw"): Promise<{ workspace: WorkspacePage; page: Page; map: WorkspaceMap }> {
  const workspace = await WorkspacePage.signIn(browser, server!, "地图规划局");
  const { page } = workspace;
  const map = new WorkspaceMap(page);
  await map.ready();
  await page.locator(`[data-area-code="${TARGET_AREA}"]`).click();
  await page.locator(`[data-testid="workspace-map:modes"] [data-mode="${mode}"]`).click();
  return { workspace, page, map };
}

describe("the workspace's map", () => {
  useAtlasServerAndBrowser({ referenceData: true }, async (started, launched) => {
    server = started;
    browser = launched;
    if (!server) return;
    await makeWorkspaceAccount(server, "地图规划局", "bureau");
    await makeWorkspaceAccount(server, "地图领导", "leader");
    freeTownships = await freeTwoTownships(server, TARGET_AREA);
    const [taken] = await server.sql<{ code: string; areaCode: string; name: string }[]>`
      select ad.division_code as code, a.code as area_code, a.name from areas as a
      join area_divisions as ad on ad.area_id = a.id
      join divisions as d on d.code = ad.division_code
      where a.kind in ('township', 'subdistrict') and a.retired_on is null and a.code <> ${TARGET_AREA} and d.geom is not null
      order by a.code limit 1`;
    takenTownship = { code: taken!.code, areaCode: taken!.areaCode, areaName: taken!.name };
  });

  it("composes two townships in no area into the selected area, with the live counter, and refuses a taken one", async ({ skip }) => {
    if (!server) skip();
    const { workspace, page, map } = await openTargetArea("compose");
    const memberCount = page.getByTestId("workspace-map:member-count");
    const freeCount = page.getByTestId("workspace-map:free-count");
    await memberCount.waitFor();
    const membersBefore = Number(await memberCount.getAttribute("data-count"));
    const freeBefore = Number(await freeCount.getAttribute("data-count"));

    for (const code of freeTownships) {
      await map.clickTownship(code);
      await page.locator(`[data-testid="workspace-map:members"] li[data-code="${code}"]`).waitFor();
    }
    await expect(memberCount.getAttribute("data-count")).resolves.toBe(String(membersBefore + 2));
    await expect(freeCount.getAttribute("data-count")).resolves.toBe(String(freeBefore - 2));
    const draft = page.getByTestId("workspace-map:draft");
    expect((await draft.getAttribute("data-members"))!.split(",")).toEqual(expect.arrayContaining(freeTownships));
    await expect(draft.getAttribute("data-dirty")).resolves.toBe("true");

    await map.clickTownship(takenTownship.code);
    await expect(page.getByTestId("workspace-map:refusal").textContent()).resolves.toContain(takenTownship.areaName);
    await expect(memberCount.getAttribute("data-count")).resolves.toBe(String(membersBefore + 2));
    await workspace.closeAndCheck();
  });

  it("draws a polygon by clicking on the canvas (the draft gets it, its km² is shown), flags a bow tie's crossing, and ends on Escape", async ({ skip }) => {
    if (!server) skip();
    const { workspace, page, map } = await openTargetArea("draw");
    await map.waitForDrawing(true, "polygon");

    const { x, y } = await map.canvasCentre();
    const corners = [
      { x: x - 120, y: y - 100 },
      { x: x + 120, y: y - 100 },
      { x: x + 60, y: y + 40 },
      { x: x - 100, y: y + 30 },
    ];
    for (const corner of corners) await page.mouse.click(corner.x, corner.y);
    // Clicking the first corner again closes the outline.
    await page.mouse.click(corners[0]!.x, corners[0]!.y);

    const draft = page.getByTestId("workspace-map:draft");
    await page.locator('[data-testid="workspace-map:draft"][data-geometry-type="Polygon"]').waitFor({ state: "attached" });
    await expect(draft.getAttribute("data-dirty")).resolves.toBe("true");
    const shown = page.getByTestId("workspace-map:area-km2");
    expect(Number(await shown.getAttribute("data-km2"))).toBeGreaterThan(0);
    expect(await shown.textContent()).toMatch(/^面积 \d+\.\d\d km²$/);
    await map.waitForDrawing(true, "select");
    expect((await map.drawing()).kinks).toBe(0);
    expect(await page.getByTestId("workspace-map:kinks").count()).toBe(0);

    // A second outline, drawn as a bow tie: the crossing is flagged at once, and the draft becomes a MultiPolygon.
    await page.getByRole("button", { name: "新增多边形" }).click();
    await map.waitForDrawing(true, "polygon");
    const bowTie = [
      { x: x + 160, y: y - 90 },
      { x: x + 300, y: y + 40 },
      { x: x + 300, y: y - 90 },
      { x: x + 160, y: y + 40 },
    ];
    for (const corner of [...bowTie, bowTie[0]!]) await page.mouse.click(corner.x, corner.y);
    await page.locator('[data-testid="workspace-map:draft"][data-geometry-type="MultiPolygon"]').waitFor({ state: "attached" });
    await expect(page.getByTestId("workspace-map:kinks").textContent()).resolves.toMatch(/^轮廓自相交 1 处/);
    expect((await map.drawing()).kinks).toBe(1);

    await page.keyboard.press("Escape");
    await map.waitForDrawing(false, null);
    await expect(page.locator('[data-testid="workspace-map:modes"] [data-mode="select"]').getAttribute("aria-pressed")).resolves.toBe("true");
    await workspace.closeAndCheck();
  });

  it("offers a leader the select mode only, in which a click on a township selects its area", async ({ skip }) => {
    if (!server) skip();
    const workspace = await WorkspacePage.signIn(browser, server!, "地图领导");
    const { page } = workspace;
    const map = new WorkspaceMap(page);
    await map.ready();
    const modes = page.locator('[data-testid="workspace-map:modes"] button');
    await expect(modes.evaluateAll((buttons) => buttons.map((button) => button.getAttribute("data-mode")))).resolves.toEqual(["select"]);
    await map.clickTownship(takenTownship.code);
    await page.locator(`[data-area-code="${takenTownship.areaCode}"][aria-pressed="true"]`).waitFor();
    await workspace.closeAndCheck();
  });
});
