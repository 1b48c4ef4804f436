/**
 * The public finder in a real Chromium (software WebGL), served by a real server on a fresh embedded database with the
 * built-in data only: county polygons, no township boundaries, so a tap is answered at county level. Every expected
 * name comes from the API itself, never from this file. After every test: no console error, no failed request, and
 * no request left the server's origin.
 */
import type { Browser } from "playwright-core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Division } from "../../server/src/contracts/divisions.ts";
import type { LookupResult } from "../../server/src/contracts/lookup.ts";
import type { SearchResponse, SearchResult } from "../../server/src/contracts/search.ts";
import { useAtlasServerAndBrowser, type AtlasServer } from "./helpers/atlas-server.ts";
import { FinderDriver, PHONE, type LonLat } from "./helpers/finder-driver.ts";
import { closeAndCheckPage } from "./helpers/page-checks.ts";

type DivisionResult = Extract<SearchResult, { type: "division" }>;
type CountyUnit = NonNullable<LookupResult["countyTownships"]>[number];

const BEIJING: LonLat = { lon: 116.397, lat: 39.909 };

let server: AtlasServer;
let browser: Browser;
let page: FinderDriver;

const search = (query: string) => server.getJson<SearchResponse>(`/api/search?q=${encodeURIComponent(query)}&limit=50`);
const lookup = (point: LonLat) => server.getJson<LookupResult>(`/api/lookup?lon=${point.lon}&lat=${point.lat}`);

/** The counties with a polygon, each with a point inside it (from the search) and the lookup answer there. */
async function countiesWithPoints(): Promise<Array<{ county: DivisionResult; point: LonLat; chain: LookupResult }>> {
  const counties = await server.getJson<Division[]>("/api/divisions?level=county");
  const found = [];
  for (const county of counties.filter((division) => division.hasGeometry)) {
    const result = (await search(county.name)).results.find((candidate): candidate is DivisionResult => candidate.type === "division" && candidate.code === county.code);
    if (result?.location) found.push({ county: result, point: result.location, chain: await lookup(result.location) });
  }
  return found;
}

/** A village of this unit whose name no other village or place in the search shares, so its suggestion is unambiguous. */
async function aVillageWithAUniqueName(unit: CountyUnit): Promise<Division> {
  const villages = await server.getJson<Division[]>(`/api/divisions?level=village&parent=${unit.code}`);
  for (const village of villages) {
    const sameName = (await search(village.name)).results.filter((result) => result.type === "division" && result.name === village.name);
    if (sameName.length === 1) return village;
  }
  throw new Error(`no village of ${unit.name} has a name of its own`);
}

let places: Awaited<ReturnType<typeof countiesWithPoints>>;

useAtlasServerAndBrowser({}, async (started, launched) => {
  [server, browser] = [started!, launched];
  places = await countiesWithPoints();
});

describe("the finder without township boundaries (built-in data)", () => {
  beforeEach(() => {
    page = new FinderDriver(browser, server);
  });

  afterEach(() => closeAndCheckPage(page));

  it("answers a tap at county level, lists the county's townships with their planners, and says how many boundaries are not yet published", async () => {
    const { county, point, chain } = places[0]!;
    expect(chain.precision).toBe("county");
    await page.given.thePageIsOpen();

    await page.when.iTapTheMapAt(point);

    const answer = await page.then.theAnswer();
    expect(answer.title).toBe(county.name);
    // The units with a planner come first, the vacant and not yet required ones folded after them.
    const byCode = (a: string[], b: string[]) => a[0]!.localeCompare(b[0]!);
    expect(answer.countyUnits.map((unit) => [unit.code, unit.name, unit.status]).sort(byCode)).toEqual(
      chain.countyTownships!.map((unit) => [unit.code, unit.name, unit.unit.status]).sort(byCode),
    );
    for (const unit of chain.countyTownships!.filter((candidate) => candidate.unit.planner)) {
      expect(answer.countyUnits.find((shown) => shown.code === unit.code)?.text).toContain(unit.unit.planner!.name);
    }
    expect(answer.text).toContain("尚未载入街道、乡镇边界");
    expect(await page.then.highlightedDivisions()).toEqual([county.code]);
    // The tap lands on a whole pixel: within a few hundred metres of the point at this zoom.
    expect(await page.then.thePin()).toEqual([expect.closeTo(point.lon, 2), expect.closeTo(point.lat, 2)]);
    expect((await page.then.theNotes()).noTownships).toContain("个街道、乡镇的边界尚未公布");
    expect(await page.then.theAnnouncement()).toContain(county.name);
    await page.then.aScreenshotIsSaved("finder-county-level.png");
  });

  it("shows a searched village's township and that township's unit planner", async () => {
    const { chain } = places[0]!;
    const covered = chain.countyTownships!.find((unit) => unit.unit.status === "covered" && unit.unit.planner)!;
    const village = await aVillageWithAUniqueName(covered);
    await page.given.thePageIsOpen();

    await page.when.iTypeInTheSearchBox(village.name);
    expect(await page.then.theSuggestions()).toContainEqual({ name: village.name, type: "division" });
    await page.when.iChooseTheSuggestion(village.name);

    const answer = await page.then.theAnswer();
    expect(answer.title).toBe(village.name);
    expect(answer.where).toContain(covered.name);
    expect(answer.unitStatus).toBe("covered");
    expect(answer.unitPlanner).toBe(covered.unit.planner!.name);
    expect(answer.chiefsHeading).toContain(chain.county.name);
    expect(await page.then.theAnnouncement()).toContain(covered.unit.planner!.name);
    // No township boundary: the map shows the county the village lies in, and the answer says so.
    expect(answer.text).toContain(`高亮的是它所在的${chain.county.name}`);
    expect(await page.then.highlightedDivisions()).toEqual([chain.county.code]);
    await page.then.aScreenshotIsSaved("finder-village.png");
  });

  it("searches with the keyboard alone: arrow keys move the active suggestion, Enter opens a vacant township's answer", async () => {
    const { chain } = places.find((place) => place.chain.countyTownships!.some((unit) => unit.unit.status === "vacant"))!;
    const vacant = chain.countyTownships!.find((unit) => unit.unit.status === "vacant")!;
    await page.given.thePageIsOpen();

    await page.when.iSearchWithTheKeyboard(vacant.name, vacant.name);

    const answer = await page.then.theAnswer();
    expect(answer.title).toBe(vacant.name);
    expect(answer.unitStatus).toBe("vacant");
    expect(answer.unitText).toContain("空缺");
    if (vacant.unit.vacantSince) expect(answer.unitText).toContain(vacant.unit.vacantSince);
    expect(answer.chiefsHeading).toContain("请先联系");
    const box = await page.then.theSearchBox();
    expect(box).toMatchObject({ focused: true, expanded: "false", value: vacant.name });
    expect(box.label).toContain("搜索");
    expect(await page.then.theAnnouncement()).toContain("空缺");
  });

  it("answers for the visitor's location when they allow it, and moves the map there", async () => {
    const { point, chain } = places[places.length - 1]!;
    await page.given.thePageIsOpen({ geolocation: point, allowLocation: true });

    await page.when.iPressUseMyLocation();

    const answer = await page.then.theAnswer();
    expect(answer.title).toBe(chain.county.name);
    expect(await page.then.thePin()).toEqual([expect.closeTo(point.lon, 5), expect.closeTo(point.lat, 5)]);
    const centre = await page.then.theMapCentre();
    expect(Math.abs(centre[0] - point.lon)).toBeLessThan(0.01);
    expect(Math.abs(centre[1] - point.lat)).toBeLessThan(0.01);
  });

  it("says plainly when the visitor refuses their location, and what to do instead", async () => {
    await page.given.thePageIsOpen({ geolocation: places[0]!.point, allowLocation: false });

    await page.when.iPressUseMyLocation();

    expect(await page.then.theLocateMessage()).toContain("没有允许");
    expect(await page.then.thePin()).toBeNull();
  });

  it("says kindly that a location outside Jincheng is outside, and leaves the map where it was", async () => {
    await page.given.thePageIsOpen({ geolocation: BEIJING, allowLocation: true });
    const before = await page.then.theMapCentre();

    await page.when.iPressUseMyLocation();

    const answer = await page.then.theAnswer();
    expect(answer.text).toContain("不在晋城市范围内");
    expect(await page.then.theMapCentre()).toEqual(before);
  });

  it("works on a 360 px phone: nothing scrolls sideways, the answer is a sheet under the map", async () => {
    const { county, point } = places[0]!;
    await page.given.thePageIsOpen({ viewport: PHONE });

    const { map, panel, search, locate, viewport, contentWidth } = await page.then.layout();
    expect(contentWidth).toBeLessThanOrEqual(viewport.width);
    expect(search.width).toBeGreaterThan(150);
    expect(locate.x + locate.width).toBeLessThanOrEqual(viewport.width);
    expect(map.height).toBeGreaterThan(200);
    expect(panel.y).toBeGreaterThanOrEqual(map.y + map.height - 1);
    await page.then.aScreenshotIsSaved("finder-phone.png");

    await page.when.iTapTheMapAt(point);

    expect((await page.then.theAnswer()).title).toBe(county.name);
    expect((await page.then.layout()).contentWidth).toBeLessThanOrEqual(viewport.width);
    await page.then.aScreenshotIsSaved("finder-phone-answer.png");
  });

  it("shows a searched planner's posts, and the area of a post on request", async () => {
    const planner = (await search("示例规划师")).results.find(
      (result): result is Extract<SearchResult, { type: "planner" }> => result.type === "planner" && result.posts.some((post) => post.role === "unit"),
    )!;
    const post = planner.posts.find((candidate) => candidate.role === "unit")!;
    await page.given.thePageIsOpen();

    await page.when.iTypeInTheSearchBox(planner.planner.name);
    await page.when.iChooseTheSuggestion(planner.planner.name);

    const answer = await page.then.theAnswer();
    expect(answer.title).toBe(planner.planner.name);
    expect(answer.text).toContain(post.area.name);
    await page.when.iShowThePlannersArea();
    const area = await page.then.theAnswerAbout(post.area.name);
    expect(area.unitPlanner).toBe(planner.planner.name);
  });

  it("shows a searched project with its project planners where it lies", async () => {
    const project = (await search("示例")).results.find(
      (result): result is Extract<SearchResult, { type: "project" }> => result.type === "project" && result.location !== null && result.planners.length > 0,
    )!;
    const chain = await lookup(project.location!);
    await page.given.thePageIsOpen();

    await page.when.iTypeInTheSearchBox(project.name);
    await page.when.iChooseTheSuggestion(project.name);

    const answer = await page.then.theAnswer();
    expect(answer.title).toBe(project.name);
    for (const planner of project.planners) expect(answer.text).toContain(planner.name);
    expect(answer.chiefsHeading).toContain(chain.county.name);
    const centre = await page.then.theMapCentre();
    expect(Math.abs(centre[0] - project.location!.lon)).toBeLessThan(0.01);
    expect(Math.abs(centre[1] - project.location!.lat)).toBeLessThan(0.01);
  });

  it("answers for the centre of the map from the keyboard, for visitors who cannot tap", async () => {
    await page.given.thePageIsOpen();
    const [lon, lat] = await page.then.theMapCentre();
    const expected = await lookup({ lon, lat });

    await page.when.iAskAboutTheMapCentreWithTheKeyboard();

    expect((await page.then.theAnswer()).title).toBe(expected.county.name);
    expect(await page.then.thePin()).toEqual([expect.closeTo(lon, 5), expect.closeTo(lat, 5)]);
  });

  it("switches to English and remembers the choice after a reload", async () => {
    const { point, chain } = places[0]!;
    await page.given.thePageIsOpen();

    await page.when.iSwitchTheLanguage();

    expect(await page.then.title()).toEqual({ heading: "Find my responsible planner", documentTitle: "Planner Atlas — Jincheng", htmlLang: "en" });
    await page.when.iReloadThePage();
    await page.then.theMapIsReady();
    expect((await page.then.title()).heading).toBe("Find my responsible planner");
    await page.when.iTapTheMapAt(point);
    expect((await page.then.theAnswer()).text).toContain(`County chief planners of ${chain.county.name}`);
    await page.then.aScreenshotIsSaved("finder-english.png");
  });
});
