/**
 * The per-address limit on public opinions, as a resident meets it on the finder: a server that takes one opinion
 * per five minutes from an address answers the second with 429 and Retry-After (@fastify/rate-limit's seconds), and
 * the form says in how many minutes to try again. The built-in data (county boundaries) is enough for a place.
 */
import type { Browser } from "playwright-core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { useAtlasServerAndBrowser, type AtlasServer } from "./helpers/atlas-server.ts";
import { OpinionDriver } from "./helpers/opinion-driver.ts";
import { closeAndCheckPageRefusedWith } from "./helpers/page-checks.ts";

/** In 城区 (Chengqu), Jincheng's centre. */
const PLACE = { lon: 112.851, lat: 35.4905 };
const WINDOW_S = 300;

let server: AtlasServer;
let browser: Browser;
let page: OpinionDriver;

// A low limit for this file only: one opinion per address per five minutes.
useAtlasServerAndBrowser({ config: { opinionProofBits: 4, opinionRateLimit: 1, opinionRateWindowS: WINDOW_S } }, (started, launched) => {
  [server, browser] = [started!, launched];
});

describe("the limit on opinions from one address", () => {
  beforeEach(() => {
    page = new OpinionDriver(browser, server);
  });

  afterEach(() => closeAndCheckPageRefusedWith(page, [429]));

  it("refuses a second opinion within the window and says in how many minutes to try again", async () => {
    await page.given.thePageIsOpen();
    await page.when.iTapTheMapAt(PLACE, 12);
    await page.then.theAnswer();
    await page.when.iOpenTheOpinionForm();
    await page.when.iFillInTheOpinion({ category: "public_facilities", text: "这里需要一个公共厕所" });
    expect(await page.when.iSendTheOpinionAndSeeTheAnswer()).toMatchObject({ status: 201 });
    await page.then.theReceipt();

    await page.given.thePageIsOpen();
    await page.when.iTapTheMapAt(PLACE, 12);
    await page.then.theAnswer();
    await page.when.iOpenTheOpinionForm();
    await page.when.iFillInTheOpinion({ category: "road_traffic", text: "路口需要斑马线" });
    const refused = await page.when.iSendTheOpinionAndSeeTheAnswer();
    expect(refused.status).toBe(429);
    // Seconds until the window ends, as @fastify/rate-limit sends them.
    expect(refused.retryAfter).toMatch(/^[0-9]+$/);
    const seconds = Number(refused.retryAfter);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(WINDOW_S);
    expect(await page.then.theFormError()).toBe(`提交太频繁了，请 ${Math.ceil(seconds / 60)} 分钟后再试。`);
    await page.then.aScreenshotIsSaved("finder-opinion-rate-limited.png");
  });
});
