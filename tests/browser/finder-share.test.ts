/**
 * Sharing an answer (issue 15, resident 5), on the built-in data: every answer has its own address that reopens it
 * (?at= for a point, ?place= for a chosen place; Back returns to the previous answer), a bad address says so, the share
 * button copies the link where there is no Web Share API, the QR code decodes to the link, the page carries link-card
 * metadata, and the A4 poster prints on one page with the area, the planner, the published contact and the QR code.
 */
import jsQR from "jsqr";
import type { Browser } from "playwright-core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Division } from "../../server/src/contracts/divisions.ts";
import type { LookupResult } from "../../server/src/contracts/lookup.ts";
import type { SearchResponse, SearchResult } from "../../server/src/contracts/search.ts";
import { useAtlasServerAndBrowser, type AtlasServer } from "./helpers/atlas-server.ts";
import { FinderAnswerDriver } from "./helpers/finder-answer-driver.ts";
import { PHONE, type LonLat } from "./helpers/finder-driver.ts";
import { closeAndCheckPage } from "./helpers/page-checks.ts";

type DivisionResult = Extract<SearchResult, { type: "division" }>;
type CountyUnit = NonNullable<LookupResult["countyTownships"]>[number];

let server: AtlasServer;
let browser: Browser;
let page: FinderAnswerDriver;
let county: { result: DivisionResult; point: LonLat };
/** A township whose unit planner published a phone number. */
let covered: CountyUnit;

const search = (query: string) => server.getJson<SearchResponse>(`/api/search?q=${encodeURIComponent(query)}&limit=50`);

useAtlasServerAndBrowser({}, async (started, launched) => {
  [server, browser] = [started!, launched];
  for (const division of (await server.getJson<Division[]>("/api/divisions?level=county")).filter((candidate) => candidate.hasGeometry)) {
    const result = (await search(division.name)).results.find((candidate): candidate is DivisionResult => candidate.type === "division" && candidate.code === division.code);
    if (!result?.location) continue;
    const chain = await server.getJson<LookupResult>(`/api/lookup?lon=${result.location.lon}&lat=${result.location.lat}`);
    const withPhone = chain.countyTownships!.find((unit) => unit.unit.planner?.publicContact.phone);
    if (withPhone) {
      county = { result, point: result.location };
      covered = withPhone;
      return;
    }
  }
  throw new Error("no county has a unit planner with a published phone");
});

/** The text a QR code's pixels decode to, or null. */
function decode(qr: { width: number; height: number; rgba: number[] }): string | null {
  return jsQR(Uint8ClampedArray.from(qr.rgba), qr.width, qr.height)?.data ?? null;
}

describe("sharing an answer", () => {
  beforeEach(() => {
    page = new FinderAnswerDriver(browser, server);
  });
  afterEach(() => closeAndCheckPage(page));

  it("gives a tap and a chosen place their own addresses, reopens them, and goes back from one to the other", async () => {
    await page.given.thePageIsOpen();
    await page.when.iTapTheMapAt(county.point);
    await page.then.theAnswerAbout(county.result.name);
    const at = await page.then.theAddress();
    expect(at).toMatch(/^\/\?at=1[0-9]{2}\.[0-9]{5},3[0-9]\.[0-9]{5}$/);

    await page.when.iTypeInTheSearchBox(covered.name);
    await page.when.iChooseTheSuggestion(covered.name);
    await page.then.theAnswerAbout(covered.name);
    expect(await page.then.theAddress()).toBe(`/?place=${covered.code}`);

    await page.when.iGoBack();
    await page.then.theAnswerAbout(county.result.name);
    expect(await page.then.theAddress()).toBe(at);

    await page.when.iOpenTheAddress(`/?place=${covered.code}`);
    expect((await page.then.theAnswerAbout(covered.name)).unitPlanner).toBe(covered.unit.planner!.name);
    await page.when.iOpenTheAddress(at);
    expect((await page.then.theAnswerAbout(county.result.name)).title).toBe(county.result.name);
  });

  it("says plainly when an address names no place, for a malformed code, an unknown code and a point out of range", async () => {
    for (const [path, shown] of [
      ["/?place=14052x", "14052x"],
      ["/?place=140599999", "140599999"],
      ["/?at=999,35.5", "999,35.5"],
      ["/?at=112.85", "112.85"],
    ] as const) {
      await page.when.iOpenTheAddress(path);
      expect(await page.then.theBadAddressNote()).toContain(`（${shown}）`);
    }
  });

  it("copies the link where the browser has no Web Share API, and shows a QR code that decodes to it", async () => {
    await page.when.iOpenTheAddress(`/?place=${covered.code}`, { viewport: PHONE, permissions: ["clipboard-read", "clipboard-write"] });
    await page.then.theAnswerAbout(covered.name);
    await page.when.iUseABrowserWithoutWebShare();

    await page.when.iPressShare();

    expect(await page.then.theShareFeedback()).toBe("链接已复制，可以粘贴给别人。");
    expect(await page.then.theClipboard()).toBe(`${server.origin}/?place=${covered.code}`);
    await page.when.iCopyTheContact();
    expect(await page.then.theCopyFeedback()).toBe("已复制联系方式");
    expect(await page.then.theClipboard()).toContain(covered.unit.planner!.publicContact.phone!);

    await page.when.iOpenTheQrCode();
    const qr = await page.then.theQrCode();
    expect(qr.url).toBe(`${server.origin}/?place=${covered.code}`);
    expect(decode(qr)).toBe(qr.url);
  });

  it("carries the metadata a link card is made of", async () => {
    await page.given.thePageIsOpen();
    const meta = await page.theMetadata();
    expect(meta["og:title"]).toContain("找到我的责任规划师");
    expect(meta["og:description"]).toContain("责任规划师");
    expect(meta["og:type"]).toBe("website");
    expect(meta["description"]).toContain("责任规划师");
  });

  it("prints an A4 poster of a place on one page: the area, its planner, the published contact and a QR code of its address", async () => {
    await page.when.iOpenThePage({ path: `/?place=${covered.code}&poster=1` });

    const poster = await page.then.thePoster();
    expect(poster.title).toContain(covered.name);
    expect(poster.names).toEqual([covered.unit.planner!.name]);
    expect(poster.contacts).toEqual(expect.arrayContaining(Object.values(covered.unit.planner!.publicContact)));
    expect(poster.link).toBe(`${server.origin}/?place=${covered.code}`);
    expect(decode(await page.then.theQrCode())).toBe(poster.link);
    expect(await page.then.isVisibleInPrint("text=打印")).toBe(false);

    const printed = await page.then.thePrintedPdf();
    expect(printed.bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(printed.pages).toBe(1);
  });
});
