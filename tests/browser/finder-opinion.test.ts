/**
 * A resident leaves an opinion on the public finder and later reads the answer by its ticket, on the Jincheng
 * reference data (townships with boundaries, so that a tap is routed to the township's unit planner). The planner's
 * side goes through the API as their workspace would send it. The proof of work is made easy through the server's
 * configuration (a few bits), so the test waits for the worker's answer, not for a second of hashing. A second
 * opinion of the same kind at the same place meets the duplicate hint, and is sent once the resident says it is not theirs.
 */
import type { Browser } from "playwright-core";
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAccount } from "../../server/src/auth/accounts.repo.ts";
import { hashPassword } from "../../server/src/auth/passwords.ts";
import type { LookupResult } from "../../server/src/contracts/lookup.ts";
import type { SearchResponse } from "../../server/src/contracts/search.ts";
import { readOpinionByTicket } from "../../server/src/opinions/opinions.repo.ts";
import { requireReferenceData } from "../helpers/reference-data.ts";
import { useAtlasServerAndBrowser, type AtlasServer } from "./helpers/atlas-server.ts";
import type { LonLat } from "./helpers/finder-driver.ts";
import { OpinionDriver } from "./helpers/opinion-driver.ts";
import { closeAndCheckPageRefusedWith } from "./helpers/page-checks.ts";

const referenceFolder = requireReferenceData("a resident's opinion on the finder, routed to a township's unit planner");

/** Made at run time: no password is written in the repository. */
const PASSWORD = `op-${Math.random().toString(36).slice(2)}-${Date.now()}`;

let server: AtlasServer | undefined;
let browser: Browser;
let page: OpinionDriver;
/** The statuses the test makes the server refuse a submission with on purpose (Chromium logs each as an error). */
let refusedWith: number[] = [];

const api = () => server!;

/** A township whose unit post is held, at its seat (a point inside its boundary), with the lookup there. */
async function coveredTownshipAtItsSeat(): Promise<{ seat: LonLat; chain: LookupResult }> {
  for (const kind of ["街道", "镇", "乡"]) {
    for (const result of (await api().getJson<SearchResponse>(`/api/search?q=${encodeURIComponent(kind)}&limit=50`)).results) {
      if (result.type !== "division" || result.level !== "township" || !result.location) continue;
      const chain = await api().getJson<LookupResult>(`/api/lookup?lon=${result.location.lon}&lat=${result.location.lat}`);
      if (chain.township?.code === result.code && chain.township.unit.status === "covered") return { seat: result.location, chain };
    }
  }
  throw new Error("no township with a held unit post was found through the search");
}

/** A small JPEG, as a phone's camera would give. */
const photo = async () => ({
  name: "IMG_0001.jpg",
  mimeType: "image/jpeg",
  buffer: await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 90, g: 140, b: 100 } } }).jpeg().toBuffer(),
});

/** A request to the API as a signed-in workspace sends it: this site's Origin and the session cookie. */
async function send(method: string, path: string, body: unknown, cookie?: string): Promise<Response> {
  return fetch(new URL(path, api().origin), {
    method,
    headers: { origin: api().origin, "content-type": "application/json", ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
}

/** Signs in a new planner account of this planner; the session's Cookie header value. */
async function signInAsPlannerOf(plannerId: number): Promise<string> {
  const name = `planner-${plannerId}-${Date.now()}`;
  await createAccount(api().sql, { name, role: "planner", displayName: name, passwordHash: await hashPassword(PASSWORD), plannerId }, "test");
  const response = await send("POST", "/api/session", { name, password: PASSWORD });
  expect(response.status).toBe(200);
  return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; ");
}

// Room for every opinion these tests send from one address; the rate limit has a test of its own (finder-opinion-limit).
useAtlasServerAndBrowser({ referenceData: true, config: { opinionProofBits: 6, opinionRateLimit: 50 } }, (started, launched) => {
  [server, browser] = [started, launched];
});

describe.runIf(referenceFolder)("a resident's opinion on the finder", () => {
  beforeEach(() => {
    page = new OpinionDriver(browser, api());
    refusedWith = [];
  });

  afterEach(() => closeAndCheckPageRefusedWith(page, refusedWith));

  it("leaves an opinion with a photo at a tapped place, names who received it, and shows the planner's answer by ticket", async () => {
    const { seat, chain } = await coveredTownshipAtItsSeat();
    const unitPlanner = chain.township!.unit.planner!.name;
    await page.given.thePageIsOpen();

    await page.when.iTapTheMapAt(seat, 12);
    await page.then.theAnswerAbout(chain.township!.name);
    await page.when.iOpenTheOpinionForm();
    await page.when.iFillInTheOpinion({
      category: "public_space",
      text: "小区旁的空地希望建成口袋公园。\n晚上没有路灯。",
      contact: "13900000000",
      photos: [await photo()],
    });
    expect(await page.then.thePhotoPreviews()).toBe(1);
    // Answered opinions are read on the public map: the form says so before sending.
    expect(await page.then.thePublicHint()).toContain("答复后，意见内容和答复会显示在公开地图上");
    await page.then.aScreenshotIsSaved("finder-opinion-form.png");
    await page.when.iSendTheOpinion();

    const receipt = await page.then.theReceipt();
    expect(receipt.ticket).toMatch(/^[0-9A-Z]{10}$/);
    expect(receipt.receivedBy).toContain(unitPlanner);
    expect(receipt.receivedBy).toContain("单元责任规划师");
    expect(receipt.link).toBe(`/?ticket=${receipt.ticket}`);
    await page.then.aScreenshotIsSaved("finder-opinion-receipt.png");

    // The planner's side: the opinion reached the unit planner, with the photo; they acknowledge and answer it.
    const stored = await readOpinionByTicket(api().sql, receipt.ticket);
    expect(stored).toMatchObject({ routedRole: "unit", plannerName: unitPlanner, contact: "13900000000", category: "public_space" });
    expect(stored!.photos).toHaveLength(1);
    const cookie = await signInAsPlannerOf(stored!.plannerId!);
    expect((await send("POST", `/api/opinions/${receipt.ticket}/acknowledge`, {}, cookie)).status).toBe(200);
    const answer = "已转交街道办，口袋公园列入明年的微更新计划。";
    expect((await send("POST", `/api/opinions/${receipt.ticket}/answer`, { answer }, cookie)).status).toBe(200);

    await page.when.iFollowTheTicketLink();
    const opinion = await page.then.theOpinion();
    expect(opinion.heading).toContain(receipt.ticket);
    expect(opinion.status).toBe("answered");
    expect(opinion.text).toBe("小区旁的空地希望建成口袋公园。\n晚上没有路灯。");
    expect(opinion.answer).toContain(answer);
    expect(opinion.receivedBy).toContain(unitPlanner);
    expect(opinion.steps.map((step) => [step.step, step.done])).toEqual([
      ["received", true],
      ["acknowledged", true],
      ["answered", true],
      ["closed", false],
    ]);
    expect(opinion.steps[3]!.time).toBe("尚未");
    // The pin is on the opinion's place, rounded to about 100 m; never the contact.
    const pin = await page.then.thePin();
    expect(Math.abs(pin![0] - seat.lon)).toBeLessThanOrEqual(0.0006);
    expect(Math.abs(pin![1] - seat.lat)).toBeLessThanOrEqual(0.0006);
    expect(JSON.stringify(opinion)).not.toContain("13900000000");
    await page.then.aScreenshotIsSaved("finder-opinion-ticket.png");
  });

  it("reads an opinion by a ticket typed in the box, in any case, and says when a ticket is unknown", async () => {
    const { seat } = await coveredTownshipAtItsSeat();
    await page.given.thePageIsOpen();
    // Beside the seat: the answered opinion of the test above is a marker on the seat itself, and a tap there opens it.
    await page.when.iTapTheMapAt({ lon: seat.lon + 0.003, lat: seat.lat + 0.003 }, 12);
    await page.then.theAnswer();
    await page.when.iOpenTheOpinionForm();
    await page.when.iFillInTheOpinion({ category: "road_traffic", text: "路口需要一个红绿灯" });
    await page.when.iSendTheOpinion();
    const { ticket } = await page.then.theReceipt();

    await page.when.iLookUpTheTicket(ticket.toLowerCase());
    const opinion = await page.then.theOpinion();
    expect(opinion.status).toBe("new");
    expect(opinion.text).toBe("路口需要一个红绿灯");
    expect(opinion.answer).toContain("还没有答复");

    await page.when.iLookUpTheTicket("ZZZZ-ZZZZ-ZZ");
    expect((await page.then.theOpinion()).unknown).toBe(true);
  });

  it("asks whether a second opinion of the same kind at the same place is the first one, and sends it when it is not", async () => {
    const { seat } = await coveredTownshipAtItsSeat();
    // Away from the places of the tests above, so that only this test's opinions are near.
    const place = { lon: seat.lon - 0.003, lat: seat.lat - 0.003 };
    await page.given.thePageIsOpen();
    await page.when.iTapTheMapAt(place, 14);
    await page.then.theAnswer();
    await page.when.iOpenTheOpinionForm();
    await page.when.iFillInTheOpinion({ category: "environment", text: "河边的垃圾桶每天都满出来" });
    await page.when.iSendTheOpinion();
    const first = await page.then.theReceipt();

    // Another resident, a little later, at the same place and of the same category.
    await page.given.thePageIsOpen();
    await page.when.iTapTheMapAt(place, 14);
    await page.then.theAnswer();
    await page.when.iOpenTheOpinionForm();
    await page.when.iFillInTheOpinion({ category: "environment", text: "河边垃圾桶太少，晚上常有垃圾散落" });
    refusedWith = [409];
    expect(await page.when.iSendTheOpinionAndSeeTheAnswer()).toMatchObject({ status: 409 });
    expect(await page.then.theDuplicateHint()).toContain("这里刚有人提交过同类意见，是您吗？");
    await page.then.aScreenshotIsSaved("finder-opinion-duplicate.png");

    expect(await page.when.iSayItIsNotMine()).toMatchObject({ status: 201 });
    const second = await page.then.theReceipt();
    expect(second.ticket).toMatch(/^[0-9A-Z]{10}$/);
    expect(second.ticket).not.toBe(first.ticket);
    const [stored, storedFirst] = [await readOpinionByTicket(api().sql, second.ticket), await readOpinionByTicket(api().sql, first.ticket)];
    expect(stored).toMatchObject({ category: "environment", text: "河边垃圾桶太少，晚上常有垃圾散落" });
    expect(storedFirst).toMatchObject({ category: "environment", text: "河边的垃圾桶每天都满出来" });
  });
});
