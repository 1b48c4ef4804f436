/**
 * The finder's search as residents type it (issue 15, residents 3 and 8), with the reference township seats imported
 * so that villages are placed at their township's seat: the city, the generic parts people say (北石店镇政府,
 * 北石店村), the nearest names when nothing matches, pinyin beside place names in English, and a placeholder that fits
 * the phone's search field. Phone 390×844 unless said otherwise.
 */
import type { Browser } from "playwright-core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { requireReferenceData } from "../helpers/reference-data.ts";
import { useAtlasServerAndBrowser, type AtlasServer } from "./helpers/atlas-server.ts";
import { DESKTOP, FinderDriver, PHONE } from "./helpers/finder-driver.ts";
import { closeAndCheckPage } from "./helpers/page-checks.ts";

const referenceFolder = requireReferenceData("the finder's search of what residents say");

/** The phone of the issue: the placeholder was cut off at this width. */
const PHONE_390 = { width: 390, height: 844 };

let server: AtlasServer | undefined;
let browser: Browser;
let page: FinderDriver;

useAtlasServerAndBrowser({ referenceData: true }, (started, launched) => {
  [server, browser] = [started, launched];
});

describe.runIf(referenceFolder)("the finder's search of what residents say", () => {
  beforeEach(() => {
    page = new FinderDriver(browser, server!);
  });

  afterEach(() => closeAndCheckPage(page));

  it("finds the city for 晋城市 and answers with the whole city and its chief planner", async () => {
    await page.given.thePageIsOpen({ viewport: PHONE_390 });

    await page.when.iTypeInTheSearchBox("晋城市");

    const list = await page.then.theSearchList();
    expect(list.options[0]).toMatchObject({ name: "晋城市", match: "exact" });
    await page.when.iChooseTheSuggestion("晋城市");
    const answer = await page.then.theAnswerAbout("晋城市");
    expect(answer.title).toBe("晋城市");
    expect(answer.where).toBe("地图显示全市范围。");
    expect(answer.text).toContain("市级总责任规划师");
    expect(await page.then.theAnnouncement()).toBe("晋城市");
  });

  it("finds 北石店镇 for 北石店镇政府 and answers about the town", async () => {
    await page.given.thePageIsOpen({ viewport: PHONE_390 });

    await page.when.iTypeInTheSearchBox("北石店镇政府");

    expect((await page.then.theSearchList()).options[0]).toMatchObject({ name: "北石店镇", match: "exact" });
    await page.when.iChooseTheSuggestion("北石店镇");
    expect((await page.then.theAnswerAbout("北石店镇")).title).toBe("北石店镇");
  });

  it("finds the community for its old village name, and says it is placed at its township's seat", async () => {
    await page.given.thePageIsOpen({ viewport: PHONE_390 });

    await page.when.iTypeInTheSearchBox("北石店村");

    const community = (await page.then.theSearchList()).options.find((option) => option.name === "北石店社区居委会");
    expect(community).toMatchObject({ match: "exact", note: "位置为所在乡镇驻地" });
  });

  it("suggests the nearest names for a misspelt name, and a suggestion can be chosen", async () => {
    await page.given.thePageIsOpen({ viewport: PHONE_390 });

    await page.when.iTypeInTheSearchBox("北时店镇");

    const list = await page.then.theSearchList();
    expect(list.heading).toBe("您是不是要找：");
    expect(list.label).toBe("您是不是要找：");
    expect(list.options.length).toBeGreaterThan(0);
    expect(list.options.every((option) => option.match === "similar")).toBe(true);
    expect(list.options[0]!.name).toBe("北石店镇");
    await page.when.iChooseTheSuggestion("北石店镇");
    expect((await page.then.theAnswerAbout("北石店镇")).title).toBe("北石店镇");
  });

  it("suggests near names for misspelt pinyin too", async () => {
    await page.given.thePageIsOpen({ viewport: DESKTOP });

    await page.when.iTypeInTheSearchBox("beishidain");

    const list = await page.then.theSearchList();
    expect(list.heading).toBe("您是不是要找：");
    expect(list.options.map((option) => option.name)).toContain("北石店镇");
  });

  it("shows pinyin beside place names in English, in the suggestions and in the answer", async () => {
    await page.given.thePageIsOpen({ viewport: PHONE_390, language: "en" });

    await page.when.iTypeInTheSearchBox("北石店");

    const list = await page.then.theSearchList();
    expect(list.options[0]).toMatchObject({ name: "北石店镇", pinyin: "Beishidian Zhen" });
    expect(list.options.find((option) => option.name === "北石店社区居委会")).toMatchObject({ pinyin: "Beishidian Shequ", note: "placed at its township seat" });
    await page.when.iChooseTheSuggestion("北石店镇");
    const answer = await page.then.theAnswerAbout("北石店镇");
    expect(answer.title).toBe("北石店镇 Beishidian Zhen");
    expect(answer.where).toBe("town · 城区 (Chengqu)");
  });

  it("says 'Did you mean' in English", async () => {
    await page.given.thePageIsOpen({ viewport: PHONE_390, language: "en" });

    await page.when.iTypeInTheSearchBox("北时店镇");

    expect((await page.then.theSearchList()).heading).toBe("Did you mean:");
  });

  it.each([
    ["en", PHONE_390],
    ["en", PHONE],
    ["zh", PHONE_390],
    ["zh", PHONE],
  ] as const)("fits the whole search placeholder in the field (%s, %o)", async (language, viewport) => {
    await page.given.thePageIsOpen({ viewport, language });

    const placeholder = await page.then.theSearchPlaceholder();

    expect(placeholder.text).not.toBe("");
    expect(placeholder.textWidth).toBeLessThanOrEqual(placeholder.room);
  });
});
