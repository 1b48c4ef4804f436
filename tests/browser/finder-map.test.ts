/**
 * The finder's map as a resident reads it (issue 15, residents 2 and 6): names on the map (counties, and townships
 * once their boundaries are imported), the chosen area named where it lies, neighbours kept in view after a search,
 * the street-map choice when the installation has a 天地图 key (else a note that none is shown), and controls that say
 * what they do: one locate button with a you-are-here dot and accuracy circle, 全市 in words, the centre question
 * only for keyboard users and in words. Phone and desktop. Every expected name comes from the API.
 */
import type { Browser } from "playwright-core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Division } from "../../server/src/contracts/divisions.ts";
import type { SearchResponse, SearchResult } from "../../server/src/contracts/search.ts";
import { requireReferenceData } from "../helpers/reference-data.ts";
import { useAtlasServerAndBrowser, type AtlasServer } from "./helpers/atlas-server.ts";
import { DESKTOP, FinderDriver, type LonLat } from "./helpers/finder-driver.ts";
import { closeAndCheckPage } from "./helpers/page-checks.ts";

type DivisionResult = Extract<SearchResult, { type: "division" }>;

/** The phone of the issue. */
const PHONE_390 = { width: 390, height: 844 };
const TOKEN = "0123456789abcdef0123456789abcdef";
const VIEWPORTS = [
  ["phone", PHONE_390],
  ["desktop", DESKTOP],
] as const;

async function countyPoints(server: AtlasServer): Promise<Array<{ county: Division; point: LonLat }>> {
  const counties = (await server.getJson<Division[]>("/api/divisions?level=county")).filter((county) => county.hasGeometry);
  const found = [];
  for (const county of counties) {
    const { results } = await server.getJson<SearchResponse>(`/api/search?q=${encodeURIComponent(county.name)}&limit=20`);
    const result = results.find((candidate): candidate is DivisionResult => candidate.type === "division" && candidate.code === county.code);
    if (result?.location) found.push({ county, point: result.location });
  }
  return found;
}

describe("the finder's map and controls (built-in data, no street map configured)", () => {
  let server: AtlasServer;
  let browser: Browser;
  let page: FinderDriver;
  let counties: Awaited<ReturnType<typeof countyPoints>>;
  useAtlasServerAndBrowser({}, async (started, launched) => {
    [server, browser] = [started!, launched];
    counties = await countyPoints(server);
  });
  beforeEach(() => {
    page = new FinderDriver(browser, server);
  });
  afterEach(() => closeAndCheckPage(page));

  it.each(VIEWPORTS)("names the counties on the whole-city map and the chosen area where it lies (%s)", async (name, viewport) => {
    await page.given.thePageIsOpen({ viewport });

    const names = await page.then.namesOnTheMap("county");
    const countyNames = counties.map(({ county }) => county.name);
    // On a phone a long name may give way to a neighbour's; on a desktop every county is named.
    expect(names.length).toBeGreaterThanOrEqual(viewport === DESKTOP ? countyNames.length : 3);
    for (const name of names) expect(countyNames).toContain(name);

    const { county, point } = counties[0]!;
    await page.when.iTapTheMapAt(point);
    expect((await page.then.theAnswer()).title).toBe(county.name);
    expect(await page.then.theSelectedAreaName()).toEqual({ name: county.name, visible: true });
    await page.then.aScreenshotIsSaved(`finder-map-county-${name}.png`);
  });

  it.each(VIEWPORTS)("has one locate button on the map, which draws the visitor's position with its accuracy (%s)", async (_name, viewport) => {
    const { county, point } = counties.at(-1)!;
    await page.given.thePageIsOpen({ viewport, geolocation: { ...point, accuracyMetres: 400 }, allowLocation: true });

    const controls = await page.then.theMapControls();
    expect(controls.locateButtons).toBe(1);
    expect(controls.locateOnTheMap).toBe(true);
    expect(controls.locate.name).toBe("定位到我的位置");
    expect(controls.pageText).not.toContain("使用我的位置");
    const box = controls.locate.box!;
    expect(box.width).toBeGreaterThanOrEqual(44);
    expect(box.height).toBeGreaterThanOrEqual(44);
    expect(box.x + box.width).toBeLessThanOrEqual(controls.mapBox!.x + controls.mapBox!.width);
    expect(box.y + box.height).toBeLessThanOrEqual(controls.mapBox!.y + controls.mapBox!.height);

    await page.when.iPressUseMyLocation();

    expect((await page.then.theAnswer()).title).toBe(county.name);
    const here = await page.then.theYouAreHere();
    expect(here).toMatchObject({ accuracyMetres: 400, position: [expect.closeTo(point.lon, 5), expect.closeTo(point.lat, 5)] });
    expect(here!.dots).toBeGreaterThan(0);
    expect(here!.circles).toBeGreaterThan(0);
    await page.then.aScreenshotIsSaved(`finder-map-located-${viewport.width}.png`);
  });

  it.each(VIEWPORTS)("labels the whole-city button 全市, asks about the centre only in words, and says no street map is shown (%s)", async (name, viewport) => {
    await page.given.thePageIsOpen({ viewport });

    const controls = await page.then.theMapControls();
    expect(controls.wholeCity.text).toBe("全市");
    expect(controls.wholeCity.name).toContain("全市");
    expect(controls.wholeCity.wordsFit).toBe(true);
    expect(controls.noStreetMapNote).toBe("未显示街道底图");
    expect(controls.streetMapChoice).toBeNull();
    // The centre question is for keyboard users: out of sight until reached, then in words, with the centre marked.
    expect(controls.askCentre.visibleWidth).toBeLessThanOrEqual(1);
    const focused = await page.then.theFocusedAskCentre();
    expect(focused.width).toBeGreaterThan(100);
    expect(focused.text).toContain("地图中心");
    expect(focused.crosshair).toBe(true);
    await page.then.aScreenshotIsSaved(`finder-map-ask-centre-${name}.png`);

    // 全市 does what it says: from a street-level view back to the whole city.
    await page.when.iMoveTheMapTo(counties[0]!.point, 14);
    await page.when.iPressWholeCity();
    expect((await page.then.namesOnTheMap("county")).length).toBeGreaterThanOrEqual(3);
    expect(page.then.basemapRequests()).toEqual([]);

    await page.when.iSwitchTheLanguage();
    const english = await page.then.theMapControls();
    expect(english.wholeCity.text.replace(/\s+/g, " ")).toBe("Whole city");
    expect(english.wholeCity.wordsFit).toBe(true);
    expect(english.noStreetMapNote).toBe("No street map shown");
    expect(english.locate.name).toBe("Show where I am");
  });
});

describe("the finder's street map with TIANDITU_TOKEN set", () => {
  let server: AtlasServer;
  let browser: Browser;
  let page: FinderDriver;
  useAtlasServerAndBrowser({ config: { tiandituToken: TOKEN } }, (started, launched) => {
    [server, browser] = [started!, launched];
  });
  beforeEach(() => {
    page = new FinderDriver(browser, server);
  });
  afterEach(() => closeAndCheckPage(page));

  it.each(VIEWPORTS)("offers 天地图's streets and names as a choice, asks 天地图 only once chosen, with the key (%s)", async (name, viewport) => {
    await page.given.thePageIsOpen({ viewport, tiandituTiles: true });

    const controls = await page.then.theMapControls();
    expect(controls.streetMapChoice).toContain("街道底图");
    expect(controls.noStreetMapNote).toBeNull();
    expect(page.then.basemapRequests()).toEqual([]);
    expect((await page.then.theStyleLayers()).filter((id) => id.startsWith("basemap-"))).toEqual([]);

    await page.when.iChooseTheStreetMap();
    await page.then.theStreetMapIsDrawn();

    const layers = await page.then.theStyleLayers();
    expect(layers.slice(0, 3)).toEqual(["background", "basemap-vector", "basemap-labels"]);
    const requests = page.then.basemapRequests();
    expect(requests.some((url) => url.includes("/vec_w/"))).toBe(true);
    expect(requests.some((url) => url.includes("/cva_w/"))).toBe(true);
    expect(requests.every((url) => url.includes(`tk=${TOKEN}`))).toBe(true);
    expect((await page.then.theAttribution()).expanded).toBe(true);
    await page.then.aScreenshotIsSaved(`finder-map-street-map-${name}.png`);

    await page.when.iChooseTheStreetMap();
    await page.then.theMapCentre();
    expect((await page.then.theStyleLayers()).filter((id) => id.startsWith("basemap-"))).toEqual([]);
  });

  it("puts the configured 天地图 basemap under the project's layers and credits it", async () => {
    await page.given.thePageIsOpen({ basemap: { token: TOKEN, attribution: "© 天地图（测试）" } });
    // The street map is offered, and drawn once the visitor chooses it.
    await page.when.iChooseTheStreetMap();
    await page.then.theStreetMapIsDrawn();

    const layers = await page.then.theStyleLayers();
    expect(layers.slice(0, 3)).toEqual(["background", "basemap-vector", "basemap-labels"]);
    expect(layers.length).toBeGreaterThan(3);
    const attribution = await page.then.theAttribution();
    expect(attribution.text).toContain("© 天地图（测试）");
    expect(attribution.expanded).toBe(true);
    expect(page.then.basemapRequests().length).toBeGreaterThan(0);
    expect(page.then.basemapRequests().every((url) => url.includes(`tk=${TOKEN}`))).toBe(true);
  });

  it("fetches 天地图's tiles under the page's Content-Security-Policy, which names its tile hosts (and nothing is refused)", async () => {
    // The server names the hosts only because TIANDITU_TOKEN is set; a refused tile would be a console error (afterEach).
    const policy = (await fetch(server.origin)).headers.get("content-security-policy") ?? "";
    const hosts = Array.from({ length: 8 }, (_, host) => `https://t${host}.tianditu.gov.cn`);
    for (const directive of ["connect-src", "img-src"]) {
      const sources = policy.split(";").map((part) => part.trim().split(/\s+/)).find(([name]) => name === directive)?.slice(1);
      expect(sources, directive).toEqual(expect.arrayContaining(["'self'", ...hosts]));
    }
    await page.given.thePageIsOpen({ viewport: DESKTOP, tiandituTiles: true });

    await page.when.iChooseTheStreetMap();
    await page.then.theStreetMapIsDrawn();
    // Closer in, more tiles from more of the eight hosts.
    await page.when.iMoveTheMapTo({ lon: 112.85, lat: 35.49 }, 12);
    await page.then.theStreetMapIsDrawn();

    const requests = page.then.basemapRequests();
    expect(new Set(requests.map((url) => new URL(url).host)).size).toBeGreaterThan(1);
    expect(requests.some((url) => url.includes("/vec_w/"))).toBe(true);
    expect(requests.some((url) => url.includes("/cva_w/"))).toBe(true);
  });
});

const referenceFolder = requireReferenceData("the finder's township names and the view after a search");

describe.runIf(referenceFolder)("the finder's map with the Jincheng township boundaries", () => {
  let server: AtlasServer | undefined;
  let browser: Browser;
  let page: FinderDriver;
  let township: { result: DivisionResult; others: string[] };
  useAtlasServerAndBrowser({ referenceData: true }, async (started, launched) => {
    [server, browser] = [started, launched];
    if (!server) return;
    const { results } = await server.getJson<SearchResponse>(`/api/search?q=${encodeURIComponent("镇")}&limit=50`);
    const townships = results.filter((result): result is DivisionResult => result.type === "division" && result.level === "township" && result.location !== null);
    // One whose name no other place in the search shares, so that its suggestion is unambiguous.
    for (const candidate of townships) {
      const same = (await server.getJson<SearchResponse>(`/api/search?q=${encodeURIComponent(candidate.name)}&limit=20`)).results;
      if (same.filter((result) => result.type === "division" && result.name === candidate.name).length === 1) {
        township = { result: candidate, others: townships.filter((other) => other.code !== candidate.code).map((other) => other.name) };
        break;
      }
    }
  });
  beforeEach(() => {
    page = new FinderDriver(browser, server!);
  });
  afterEach(() => closeAndCheckPage(page));

  it.each(VIEWPORTS)("names the townships once the map is close enough, from their label points (%s)", async (name, viewport) => {
    const townships = await server!.getJson<Division[]>("/api/divisions?level=township");
    await page.given.thePageIsOpen({ viewport });

    await page.when.iMoveTheMapTo(township.result.location!, 9.5);

    const names = await page.then.namesOnTheMap("township");
    await page.then.aScreenshotIsSaved(`finder-map-townships-${name}.png`);
    expect(names.length).toBeGreaterThanOrEqual(viewport === DESKTOP ? 8 : 3);
    const known = new Set(townships.map((division) => division.name));
    for (const shown of names) expect(known.has(shown), shown).toBe(true);
  });

  it("names the places with their pinyin under them in English", async () => {
    const { names } = await server!.getJson<{ names: Record<string, string> }>("/api/place-names");
    await page.given.thePageIsOpen({ viewport: DESKTOP });
    await page.when.iMoveTheMapTo(township.result.location!, 9.5);
    const chinese = await page.then.namesOnTheMap("township");
    expect(chinese.length).toBeGreaterThan(0);

    await page.when.iSwitchTheLanguage();
    const pinyin = names[township.result.name]!;
    expect(pinyin).toMatch(/^[A-Z][a-z]+/);
    const text = await page.then.theNameLabelsCarry(pinyin);
    expect(text).toContain(JSON.stringify(township.result.name));
    await page.then.aScreenshotIsSaved("finder-map-pinyin.png");
    // Back in Chinese, the names alone.
    await page.when.iSwitchTheLanguage();
    expect(await page.then.theNameLabelsCarry('["get","name"]')).toBe('["get","name"]');
  });

  it.each(VIEWPORTS)("after a search shows the township named, in the middle of its named neighbours (%s)", async (name, viewport) => {
    const { result } = township;
    await page.given.thePageIsOpen({ viewport });

    await page.when.iTypeInTheSearchBox(result.name);
    await page.when.iChooseTheSuggestion(result.name);

    expect((await page.then.theAnswer()).title).toBe(result.name);
    expect(await page.then.highlightedDivisions()).toEqual([result.code]);
    expect(await page.then.theSelectedAreaName()).toEqual({ name: result.name, visible: true });
    const share = await page.then.theSelectedAreaShare();
    await page.then.aScreenshotIsSaved(`finder-map-search-${name}.png`);
    expect(share!.width).toBeLessThanOrEqual(0.7);
    expect(share!.height).toBeLessThanOrEqual(0.7);
    const neighbours = (await page.then.namesOnTheMap("township", result.name)).filter((shown) => shown !== result.name);
    expect(neighbours.length).toBeGreaterThanOrEqual(1);
  });
});
