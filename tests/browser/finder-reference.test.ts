/**
 * The public finder with the Jincheng reference data imported through the project's own import (75 approximate
 * township boundaries and their seats): taps and searches are answered at township level. The townships used are
 * picked through the API (a covered one, a vacant one, one on a belt), never written here. The JavaScript budget is
 * measured on this data too, since it is what a real installation draws; the first-frame time budget is in
 * tests/perf/finder-first-frame.test.ts (npm run test:perf).
 */
import type { Browser } from "playwright-core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Division } from "../../server/src/contracts/divisions.ts";
import type { LookupResult } from "../../server/src/contracts/lookup.ts";
import type { SearchResponse, SearchResult } from "../../server/src/contracts/search.ts";
import { requireReferenceData } from "../helpers/reference-data.ts";
import { useAtlasServerAndBrowser, type AtlasServer } from "./helpers/atlas-server.ts";
import { FinderDriver, PHONE, type LonLat } from "./helpers/finder-driver.ts";
import { describeBudget, JS_BUDGET_BYTES, measureBudget, scriptsContaining } from "./helpers/finder-performance.ts";
import { closeAndCheckPage } from "./helpers/page-checks.ts";

// Absent reference data fails the run under REQUIRE_REFERENCE_DATA=1 (.ci/run) and is announced loudly otherwise.
const referenceFolder = requireReferenceData("the finder with imported township boundaries, and its performance budget");

type DivisionResult = Extract<SearchResult, { type: "division" }>;

/** A township with its seat (a point inside its boundary) and the lookup answer there. */
interface TownshipAtSeat {
  result: DivisionResult;
  seat: LonLat;
  chain: LookupResult;
}

let server: AtlasServer | undefined;
let browser: Browser;
let page: FinderDriver;
let townships: TownshipAtSeat[] = [];

const api = () => server!;
const search = (query: string) => api().getJson<SearchResponse>(`/api/search?q=${encodeURIComponent(query)}&limit=50`);

/** Townships found by searching the three kinds (街道, 镇, 乡), each looked up at its seat. */
async function townshipsAtTheirSeats(): Promise<TownshipAtSeat[]> {
  const found = new Map<string, TownshipAtSeat>();
  for (const kind of ["街道", "镇", "乡"]) {
    for (const result of (await search(kind)).results) {
      if (result.type !== "division" || result.level !== "township" || !result.location || found.has(result.code)) continue;
      const chain = await api().getJson<LookupResult>(`/api/lookup?lon=${result.location.lon}&lat=${result.location.lat}`);
      if (chain.township?.code === result.code) found.set(result.code, { result, seat: result.location, chain });
    }
  }
  return [...found.values()];
}

const withStatus = (status: string) => {
  const township = townships.find((candidate) => candidate.chain.township!.unit.status === status);
  if (!township) throw new Error(`no township with a ${status} unit post was found through the search`);
  return township;
};

useAtlasServerAndBrowser({ referenceData: true }, async (started, launched) => {
  [server, browser] = [started, launched];
  if (server) townships = await townshipsAtTheirSeats();
});

describe.runIf(referenceFolder)("the finder with the Jincheng township boundaries", () => {
  beforeEach(() => {
    page = new FinderDriver(browser, api());
  });

  afterEach(() => closeAndCheckPage(page));

  it("draws the township areas, dashed as approximate, and says so, and how many townships have no boundary yet", async () => {
    const missing = (await api().getJson<Division[]>("/api/divisions?level=township")).filter((division) => !division.hasGeometry).length;
    await page.given.thePageIsOpen();

    const drawn = await page.then.townshipsOnTheMap();
    expect(drawn.dashed).toBeGreaterThan(60);
    expect((await page.then.theNotes()).approximate).toContain("示意边界（非法定界线）");
    const { noTownships } = await page.then.theNotes();
    if (missing === 0) expect(noTownships).toBeNull();
    else expect(noTownships).toContain(`${missing} 个街道、乡镇的边界尚未公布`);
    await page.then.aScreenshotIsSaved("finder-reference.png");
  });

  it("shows the unit planner of the covered township that is tapped, and highlights the township", async () => {
    const { result, seat, chain } = withStatus("covered");
    await page.given.thePageIsOpen();

    await page.when.iTapTheMapAt(seat, 11);

    const answer = await page.then.theAnswer();
    expect(answer.title).toBe(result.name);
    expect(answer.unitStatus).toBe("covered");
    expect(answer.unitPlanner).toBe(chain.township!.unit.planner!.name);
    expect(answer.approximateNote).toBe(chain.township!.approximate);
    expect(answer.text).toContain(chain.county.chiefPosts.seconded?.name ?? "空缺");
    expect(await page.then.highlightedDivisions()).toEqual([result.code]);
    await page.then.aScreenshotIsSaved("finder-covered-township.png");
  });

  it("says plainly that the post of a tapped vacant township is vacant, since when, and whom to contact meanwhile", async () => {
    const { result, seat, chain } = withStatus("vacant");
    await page.given.thePageIsOpen({ viewport: PHONE });

    await page.when.iTapTheMapAt(seat, 11);

    const answer = await page.then.theAnswer();
    expect(answer.title).toBe(result.name);
    expect(answer.unitStatus).toBe("vacant");
    expect(answer.unitPlanner).toBeNull();
    expect(answer.unitText).toContain("空缺");
    if (chain.township!.unit.vacantSince) expect(answer.unitText).toContain(chain.township!.unit.vacantSince);
    expect(answer.chiefsHeading).toContain(`请先联系：${chain.county.name}`);
    expect(await page.then.highlightedDivisions()).toEqual([result.code]);
    await page.then.aScreenshotIsSaved("finder-vacant-township-phone.png");
  });

  it("flies to a searched village's township and shows that township's unit planner", async () => {
    const { result, seat, chain } = withStatus("covered");
    const villages = await api().getJson<Division[]>(`/api/divisions?level=village&parent=${result.code}`);
    let village: Division | undefined;
    for (const candidate of villages) {
      const sameName = (await search(candidate.name)).results.filter((found) => found.type === "division" && found.name === candidate.name);
      if (sameName.length === 1) {
        village = candidate;
        break;
      }
    }
    expect(village, `a village of ${result.name} with a name of its own`).toBeDefined();
    await page.given.thePageIsOpen();

    await page.when.iTypeInTheSearchBox(village!.name);
    await page.when.iChooseTheSuggestion(village!.name);

    const answer = await page.then.theAnswer();
    expect(answer.title).toBe(village!.name);
    expect(answer.where).toContain(result.name);
    expect(answer.unitPlanner).toBe(chain.township!.unit.planner!.name);
    expect(await page.then.highlightedDivisions()).toEqual([result.code]);
    const centre = await page.then.theMapCentre();
    // The map fits the township's shape, which contains its seat: the centre is within a township's reach of it.
    expect(Math.abs(centre[0] - seat.lon)).toBeLessThan(0.2);
    expect(Math.abs(centre[1] - seat.lat)).toBeLessThan(0.2);
  });

  it("names the belts of a township on one and draws them", async () => {
    const onBelt = townships.find((township) => township.chain.belts.length > 0);
    expect(onBelt, "a township on one of the three belts").toBeDefined();
    await page.given.thePageIsOpen();

    await page.when.iTapTheMapAt(onBelt!.seat, 11);

    const answer = await page.then.theAnswer();
    for (const belt of onBelt!.chain.belts) expect(answer.text).toContain(belt.name);
    expect(await page.then.highlightedBelts()).toEqual(onBelt!.chain.belts.map((belt) => belt.code).sort());
  });
});

describe.runIf(referenceFolder)("the finder's performance budget (reference data)", () => {
  it("sends at most 350 KB of JavaScript before the first map frame, and no deck.gl", { timeout: 180_000 }, async () => {
    const report = await measureBudget(browser, api());
    console.log(describeBudget(report, "reference data"));
    for (const load of [report.coldServer, ...report.loads]) {
      expect(load.problems).toEqual([]);
      expect(load.requestsElsewhere).toEqual([]);
    }
    expect(await scriptsContaining(report.loads[0]!.scriptUrls, ["deck.gl", "luma.gl"]), "deck.gl is the dashboard's, never the finder's").toEqual([]);
    expect(report.maxJavaScriptBytes).toBeLessThanOrEqual(JS_BUDGET_BYTES);
  });
});
