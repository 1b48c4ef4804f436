/**
 * How soon the public finder draws its first map frame, in a real Chromium (software WebGL) on the Jincheng reference
 * data: a timing budget, so it runs in `npm run test:perf` on a quiet machine, never in `npm test`. The JavaScript
 * byte budget, which no load on the machine changes, stays in tests/browser/finder-reference.test.ts.
 */
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { useAtlasServerAndBrowser, type AtlasServer } from "../browser/helpers/atlas-server.ts";
import { describeBudget, FIRST_FRAME_BUDGET_MS, measureBudget } from "../browser/helpers/finder-performance.ts";
import { requireReferenceData } from "../helpers/reference-data.ts";

const referenceFolder = requireReferenceData("the finder's first-frame budget with the Jincheng reference boundaries");

let server: AtlasServer | undefined;
let browser: Browser;

describe.runIf(referenceFolder)("the finder's first map frame (reference data)", () => {
  useAtlasServerAndBrowser({ referenceData: true }, (started, launched) => {
    [server, browser] = [started, launched];
  });

  it(`draws the first map frame within ${FIRST_FRAME_BUDGET_MS / 1000} s (median of fresh visits)`, async () => {
    const report = await measureBudget(browser, server!);
    console.log(describeBudget(report, "reference data"));
    for (const load of [report.coldServer, ...report.loads]) expect(load.problems).toEqual([]);
    expect(report.medianFirstFrameMs).toBeLessThanOrEqual(FIRST_FRAME_BUDGET_MS);
  });
});
