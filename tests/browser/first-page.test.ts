/**
 * The first page in a real Chromium (software WebGL), served by a real server on a fresh embedded database.
 * Each test sets the boundaries it needs in the database first, so the file holds whether or not the built-in data
 * ships county polygons. After every test: no console error, and no request left the server's origin.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Division } from "../../server/src/contracts/divisions.ts";
import { requireReferenceData } from "../helpers/reference-data.ts";
import { startAtlasServer, type AtlasServer } from "./helpers/atlas-server.ts";
import { launchChromium } from "./helpers/chromium.ts";
import { FirstPageDriver, PHONE } from "./helpers/first-page-driver.ts";

const JINCHENG_COUNTIES = ["城区", "沁水县", "阳城县", "陵川县", "泽州县", "高平市"];
const CHENGQU = { code: "140502", name: "城区", centre: [112.85, 35.5] as [number, number] };

let server: AtlasServer;
let browser: Browser;
let page: FirstPageDriver;

beforeAll(async () => {
  [server, browser] = await Promise.all([startAtlasServer(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

beforeEach(() => {
  page = new FirstPageDriver(browser, server);
});

afterEach(async () => {
  const problems = page.then.problems();
  const elsewhere = page.then.requestsToOtherOrigins();
  const requests = page.then.requestCount();
  await page.close();
  expect(requests, "requests recorded (the origin check below means nothing without them)").toBeGreaterThan(0);
  expect(problems, "console errors, page errors or failed requests").toEqual([]);
  expect(elsewhere, "requests to another origin than the server").toEqual([]);
});

describe("the first page", () => {
  it("lists the six counties in Chinese and says quietly that no boundaries are loaded yet", async () => {
    await page.given.noBoundariesInTheDatabase();

    await page.when.iOpenThePage();

    await page.then.theMapIsReady();
    expect(await page.then.countyNamesInTheList()).toEqual(JINCHENG_COUNTIES);
    expect(await page.then.noBoundariesNote()).toContain("npm run import -- <folder>");
    expect(await page.then.countiesDrawnOnTheMap(0)).toEqual([]);
    expect((await page.then.title()).heading).toBe("晋城市责任规划师一张图");
  });

  it("draws a county polygon that appears in the database after a reload, dashed and noted as approximate", async () => {
    await page.given.noBoundariesInTheDatabase();
    await page.given.thePageIsOpen();
    await page.given.onlyAnApproximateCountyCircle(CHENGQU.code, CHENGQU.centre, 0.05);

    await page.when.iReloadThePage();

    await page.then.theMapIsReady();
    expect(await page.then.countiesDrawnOnTheMap()).toEqual([CHENGQU.code]);
    expect((await page.then.theMapCanvasSize()).height).toBeGreaterThan(500);
    expect(await page.then.placeNamesOnTheMap()).toEqual([CHENGQU.name]);
    expect(await page.then.dashedCountyOutlines()).toEqual([CHENGQU.code]);
    expect(await page.then.approximateNote()).toContain("示意边界（非法定界线）");
    expect(await page.then.legend()).toContain("示意边界（非法定界线）");
    await page.then.aScreenshotIsSaved("first-page.png");
  });

  it("selects a county from the list with the keyboard alone and lists its townships", async () => {
    await page.given.onlyAnApproximateCountyCircle(CHENGQU.code, CHENGQU.centre, 0.05);
    await page.given.thePageIsOpen();
    const expected = await server.getJson<Division[]>(`/api/divisions?level=township&parent=${CHENGQU.code}`);

    await page.when.iChooseTheCountyWithTheKeyboard(CHENGQU.name);

    expect(await page.then.theFocusedElement()).toMatchObject({ hasVisibleFocusRing: true });
    expect((await page.then.theFocusedElement()).accessibleText).toContain(CHENGQU.name);
    expect(await page.then.pressedCountyButtons()).toEqual([CHENGQU.name]);
    expect(await page.then.selectedCountyName()).toBe(CHENGQU.name);
    expect(expected.length).toBeGreaterThan(0);
    expect(await page.then.townshipNamesInThePanel()).toEqual(expected.map((township) => township.name));
    expect(await page.then.countiesSelectedOnTheMap()).toEqual([CHENGQU.code]);
    await page.then.aScreenshotIsSaved("first-page-selected.png");
  });

  it("selects the county whose polygon is clicked on the map", async () => {
    await page.given.onlyAnApproximateCountyCircle(CHENGQU.code, CHENGQU.centre, 0.05);
    await page.given.thePageIsOpen();

    await page.when.iClickTheMapAt(CHENGQU.centre);

    expect(await page.then.selectedCountyName()).toBe(CHENGQU.name);
    expect(await page.then.pressedCountyButtons()).toEqual([CHENGQU.name]);
    expect(await page.then.countiesSelectedOnTheMap()).toEqual([CHENGQU.code]);
  });

  it("switches to English and remembers the choice after a reload", async () => {
    await page.given.thePageIsOpen();

    await page.when.iSwitchTheLanguage();

    expect(await page.then.title()).toEqual({ heading: "Planner Atlas — Jincheng", documentTitle: "Planner Atlas — Jincheng", htmlLang: "en" });
    await page.when.iReloadThePage();
    await page.then.theMapIsReady();
    expect((await page.then.title()).heading).toBe("Planner Atlas — Jincheng");
    await page.then.aScreenshotIsSaved("first-page-english.png");
    await page.when.iSwitchTheLanguage();
    expect(await page.then.title()).toEqual({ heading: "晋城市责任规划师一张图", documentTitle: "晋城市责任规划师一张图", htmlLang: "zh-CN" });
  });

  it("turns the side panel into a bottom sheet under the map on a 360 px wide phone", async () => {
    await page.given.onlyAnApproximateCountyCircle(CHENGQU.code, CHENGQU.centre, 0.05);
    await page.given.thePageIsOpen(PHONE);

    const { map, panel, viewport } = await page.then.layout();

    expect(panel.width).toBeGreaterThanOrEqual(viewport.width - 1);
    expect(panel.y).toBeGreaterThan(map.y + map.height / 2);
    expect(Math.round(panel.y + panel.height)).toBe(viewport.height);
    expect(await page.then.countiesDrawnOnTheMap()).toEqual([CHENGQU.code]);
    await page.then.aScreenshotIsSaved("first-page-phone.png");
  });
});

const referenceDir = requireReferenceData("first page with the Jincheng reference boundaries");

describe.runIf(referenceDir)("the first page with the Jincheng reference boundaries", () => {
  it("draws all six counties solid and the approximate township areas dashed", async () => {
    const read = (file: string) =>
      JSON.parse(fs.readFileSync(path.join(referenceDir!, file), "utf8")) as {
        features: { properties: Record<string, string>; geometry: unknown }[];
      };
    const counties = read("counties.geojson").features.map((feature) => ({ code: feature.properties.adcode!, geometry: feature.geometry }));
    const townships = read("townships-approx.geojson").features.map((feature) => ({ code: feature.properties.code!, geometry: feature.geometry }));
    await page.given.noBoundariesInTheDatabase();
    await page.given.boundaries(counties, "imported");
    await page.given.boundaries(townships, "approximate");

    await page.when.iOpenThePage();

    await page.then.theMapIsReady();
    expect(await page.then.countiesDrawnOnTheMap(6)).toHaveLength(6);
    expect(await page.then.dashedCountyOutlines()).toEqual([]);
    expect((await page.then.townshipsDrawnOnTheMap()).dashed).toBeGreaterThan(60);
    expect(await page.then.approximateNote()).toContain("示意边界（非法定界线）");
    await page.then.aScreenshotIsSaved("first-page-reference.png");
  });
});
