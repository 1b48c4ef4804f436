/**
 * The top of the finder's answer and the phone sheet (issue 15, residents 1, 4 and 7), on the built-in data (county
 * polygons only): the first thing an answer shows is someone to contact, with the vacancies after it and a county's
 * vacant units folded into one line; on a 390×844 phone the sheet drags to three heights (pointer and keyboard), its
 * summary offers a large call button, every touch target is at least 44 px, and a tap on the map clears the old
 * search; the page says how many townships' boundaries are not yet published, never an administrator's command.
 * Every expected name comes from the API.
 */
import type { Browser } from "playwright-core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Division } from "../../server/src/contracts/divisions.ts";
import type { LookupResult, PublicPlanner } from "../../server/src/contracts/lookup.ts";
import type { SearchResponse, SearchResult } from "../../server/src/contracts/search.ts";
import { useAtlasServerAndBrowser, type AtlasServer } from "./helpers/atlas-server.ts";
import { FinderAnswerDriver } from "./helpers/finder-answer-driver.ts";
import type { LonLat } from "./helpers/finder-driver.ts";
import { closeAndCheckPage } from "./helpers/page-checks.ts";

type DivisionResult = Extract<SearchResult, { type: "division" }>;

const PHONE_390 = { width: 390, height: 844 };

let server: AtlasServer;
let browser: Browser;
let page: FinderAnswerDriver;

/** Every county with a point inside it and the chain there, the county with most vacant units first. */
let counties: Array<{ county: DivisionResult; point: LonLat; chain: LookupResult; vacant: number }> = [];

const search = (query: string) => server.getJson<SearchResponse>(`/api/search?q=${encodeURIComponent(query)}&limit=50`);

useAtlasServerAndBrowser({}, async (started, launched) => {
  [server, browser] = [started!, launched];
  for (const county of (await server.getJson<Division[]>("/api/divisions?level=county")).filter((division) => division.hasGeometry)) {
    const result = (await search(county.name)).results.find((candidate): candidate is DivisionResult => candidate.type === "division" && candidate.code === county.code);
    if (!result?.location) continue;
    const chain = await server.getJson<LookupResult>(`/api/lookup?lon=${result.location.lon}&lat=${result.location.lat}`);
    counties.push({ county: result, point: result.location, chain, vacant: chain.countyTownships!.filter((unit) => unit.unit.status === "vacant").length });
  }
  counties = counties.sort((a, b) => b.vacant - a.vacant);
});

/** The nearest filled post up the chain from a county: its chiefs in post, else the city chief. */
function expectedCountyContacts(chain: LookupResult): PublicPlanner[] {
  const chiefs = [chain.county.chiefPosts.seconded, chain.county.chiefPosts.hired].filter((planner): planner is PublicPlanner => planner !== null);
  if (chiefs.length > 0) return chiefs;
  return chain.city.chiefPlanner ? [chain.city.chiefPlanner] : [];
}

describe("the answer starts with someone to contact", () => {
  beforeEach(() => {
    page = new FinderAnswerDriver(browser, server);
  });
  afterEach(() => closeAndCheckPage(page));

  it("puts the nearest filled post first for a tap in the county with most vacancies, and folds its vacant units into one line", async () => {
    const { county, point, chain, vacant } = counties[0]!;
    expect(vacant).toBeGreaterThan(1);
    await page.given.thePageIsOpen();

    await page.when.iTapTheMapAt(point);

    const answer = await page.then.theAnswerAbout(county.name);
    const contact = await page.then.theContact();
    expect(contact.comesFirst).toBe(true);
    expect(contact.names).toEqual(expectedCountyContacts(chain).map((planner) => planner.name));
    expect(await page.then.theVacantGroup()).toContain(`${vacant} 个岗位空缺`);
    // Every unit is still there to open, the covered ones one by one first.
    expect(answer.countyUnits.map((unit) => unit.code).sort()).toEqual(chain.countyTownships!.map((unit) => unit.code).sort());
    expect(answer.countyUnits.slice(0, answer.countyUnits.length - vacant).every((unit) => unit.status !== "vacant")).toBe(true);
  });

  it("sends a resident past a vacant unit post to the county chiefs (or the city chief), and says the vacancy after them", async () => {
    const { chain } = counties.find((candidate) => candidate.vacant > 0)!;
    const vacantUnit = chain.countyTownships!.find((unit) => unit.unit.status === "vacant")!;
    await page.given.thePageIsOpen();

    await page.when.iSearchWithTheKeyboard(vacantUnit.name, vacantUnit.name);

    await page.then.theAnswerAbout(vacantUnit.name);
    const contact = await page.then.theContact();
    expect(contact.comesFirst).toBe(true);
    expect(contact.level).not.toBe("unit");
    expect(contact.names).toEqual(expectedCountyContacts(chain).map((planner) => planner.name));
    expect(contact.gaps).toContain(vacantUnit.name);
    expect(contact.gaps).toContain("空缺");
  });

  it("says how many townships' boundaries are not yet published, and shows no administrator's command", async () => {
    const missing = (await server.getJson<Division[]>("/api/divisions?level=township")).filter((division) => !division.hasGeometry).length;
    expect(missing).toBeGreaterThan(0);
    await page.given.thePageIsOpen();

    expect((await page.then.theNotes()).noTownships).toBe(`${missing} 个街道、乡镇的边界尚未公布，在那里点选地图只能确定所在的县（市、区）。`);
    await page.when.iTapTheMapAt(counties[0]!.point);
    expect((await page.then.theAnswer()).text).not.toContain("npm run");
    await page.when.iSwitchTheLanguage();
    expect((await page.then.theNotes()).noTownships).toContain(`The boundaries of ${missing} subdistricts and townships are not yet published`);
  });
});

describe("the answer sheet on a 390×844 phone", () => {
  beforeEach(() => {
    page = new FinderAnswerDriver(browser, server);
  });
  afterEach(() => closeAndCheckPage(page));

  it("shows a summary with a large call button first, the notes after it, and touch targets of 44 px or more", async () => {
    const { chain } = counties.find((candidate) => candidate.chain.countyTownships!.some((unit) => unit.unit.planner?.publicContact.phone))!;
    const covered = chain.countyTownships!.find((unit) => unit.unit.planner?.publicContact.phone)!;
    await page.given.thePageIsOpen({ viewport: PHONE_390 });

    await page.when.iTypeInTheSearchBox(covered.name);
    await page.when.iChooseTheSuggestion(covered.name);

    await page.then.theAnswerAbout(covered.name);
    const contact = await page.then.theContact();
    expect(contact).toMatchObject({ level: "unit", names: [covered.unit.planner!.name], comesFirst: true });
    expect(contact.callHref).toBe(`tel:${covered.unit.planner!.publicContact.phone!.replace(/[^0-9+]/g, "")}`);
    expect(await page.then.smallTouchTargets(44)).toEqual([]);
    await page.then.aScreenshotIsSaved("finder-answer-phone-summary.png");
  });

  it("drags to full and to peek, follows the keyboard and the toggle, and keeps the legend out of its way", async () => {
    await page.given.thePageIsOpen({ viewport: PHONE_390 });
    // Open before any question; folded by the answer, whose area it would cover on a phone.
    expect(await page.then.theLegend()).toMatchObject({ open: true });
    await page.when.iTapTheMapAt(counties[0]!.point);
    await page.then.theAnswer();
    expect(await page.then.theLegend()).toMatchObject({ open: false });
    const half = await page.then.theSheetSettlesAt("half");
    expect(half).toBeGreaterThan(PHONE_390.height * 0.4);

    await page.when.iDragTheSheetHandle(-400);
    expect(await page.then.theSheetSettlesAt("full")).toBeGreaterThan(half + 150);
    expect((await page.then.theSheet()).mapPx).toBeLessThan(5);

    await page.when.iDragTheSheetHandle(600);
    expect(await page.then.theSheetSettlesAt("peek")).toBeLessThan(200);

    await page.when.iPressOnTheSheetHandle("ArrowUp");
    await page.then.theSheetSettlesAt("half");
    await page.when.iPressOnTheSheetHandle("ArrowUp");
    await page.then.theSheetSettlesAt("full");
    await page.when.iPressOnTheSheetHandle("ArrowDown");
    await page.then.theSheetSettlesAt("half");
    await page.when.iPressTheSheetHandle();
    await page.then.theSheetSettlesAt("peek");
    await page.when.iPressTheSheetHandle();
    await page.then.theSheetSettlesAt("half");

    const layout = await page.then.layout();
    expect(layout.panel.y).toBeGreaterThanOrEqual(layout.map.y + layout.map.height - 1);
    await page.when.iOpenTheLegend();
    expect(await page.then.theLegend()).toMatchObject({ open: true });
    expect((await page.then.theLegend()).bottom).toBeLessThanOrEqual(layout.panel.y + 1);
  });

  it("clears the old search text when the visitor taps the map elsewhere", async () => {
    const { chain, point } = counties[0]!;
    const unit = chain.countyTownships![0]!;
    await page.given.thePageIsOpen({ viewport: PHONE_390 });
    await page.when.iTypeInTheSearchBox(unit.name);
    await page.when.iChooseTheSuggestion(unit.name);
    await page.then.theAnswerAbout(unit.name);
    expect(await page.then.theSearchText()).toBe(unit.name);

    await page.when.iTapTheMapAt(point);

    await page.then.theAnswerAbout(chain.county.name);
    expect(await page.then.theSearchText()).toBe("");
  });
});
