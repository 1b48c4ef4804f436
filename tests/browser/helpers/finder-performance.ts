/**
 * The finder's performance budget, measured in the browser as a visitor gets it: the JavaScript sent before the first
 * map frame, and the time from navigation to that frame. The time is the first frame that draws division data; the
 * bytes are counted more strictly, up to the first idle (every tile of the first view drawn): the encoded bytes of
 * every script response, page and map worker alike, that had arrived by then. Each measured load runs in a fresh
 * browser context (empty cache) against a server that has served the page once already (its tile cache and TileJSON
 * metadata warm, as for any visitor but the very first); the cold-server load is reported too.
 */
import type { Browser } from "playwright-core";
import type { AtlasServer } from "./atlas-server.ts";
import { DESKTOP, FinderDriver, type RecordedResponse } from "./finder-driver.ts";

/** The budget of the issue: at most 350 KB (350,000 bytes) of compressed JavaScript before the first map frame. */
export const JS_BUDGET_BYTES = 350_000;
/** The budget of the issue: the first map frame within 3 s in headless Chromium (software WebGL) on this machine. */
export const FIRST_FRAME_BUDGET_MS = 3_000;

interface PageLoad {
  /** Navigation to the first frame that drew division data. */
  firstFrameMs: number;
  /** Navigation to the first idle, every tile of the first view drawn. */
  idleMs: number;
  /** Encoded bytes of the scripts that had arrived by the first idle. */
  javaScriptBytes: number;
  scripts: Array<{ path: string; bytes: number; encoding: string }>;
  /** Every script the page loaded by then, for the checks on what is (not) in the bundle. */
  scriptUrls: string[];
  problems: string[];
  requestsElsewhere: string[];
}

const isScript = (response: RecordedResponse) => /\.m?js$/.test(new URL(response.url).pathname);

/** One load of / on the desktop viewport in a fresh context, measured. */
async function measurePageLoad(browser: Browser, server: AtlasServer): Promise<PageLoad> {
  const page = new FinderDriver(browser, server);
  try {
    await page.when.iOpenThePage({ viewport: DESKTOP });
    const { firstDataFrameMs, idleMs, idleAt } = await page.then.theFirstFrames();
    const scripts = (await page.then.responses()).filter((response) => isScript(response) && response.endedAt <= idleAt);
    return {
      firstFrameMs: firstDataFrameMs,
      idleMs,
      javaScriptBytes: scripts.reduce((sum, script) => sum + script.encodedBytes, 0),
      scripts: scripts.map((script) => ({ path: new URL(script.url).pathname, bytes: script.encodedBytes, encoding: script.contentEncoding ?? "identity" })),
      scriptUrls: scripts.map((script) => script.url),
      problems: page.then.problems(),
      requestsElsewhere: page.then.requestsToOtherOrigins(),
    };
  } finally {
    await page.close();
  }
}

export interface BudgetReport {
  coldServer: PageLoad;
  loads: PageLoad[];
  medianFirstFrameMs: number;
  medianIdleMs: number;
  maxJavaScriptBytes: number;
  /** The same scripts as served to a client that accepts gzip only (no brotli), for comparison. */
  gzipOnlyBytes: number;
}

/** Size of each script as the server sends it with gzip (the .gz beside it), for browsers without brotli. */
async function gzipOnlyBytes(urls: string[]): Promise<number> {
  let total = 0;
  for (const url of new Set(urls)) {
    const response = await fetch(url, { headers: { "accept-encoding": "gzip" } });
    total += Number(response.headers.get("content-length") ?? 0);
    await response.arrayBuffer();
  }
  return total;
}

/** A cold-server load, then `runs` measured loads; the median first frame and the largest JavaScript total. */
export async function measureBudget(browser: Browser, server: AtlasServer, runs = 5): Promise<BudgetReport> {
  const coldServer = await measurePageLoad(browser, server);
  const loads: PageLoad[] = [];
  for (let run = 0; run < runs; run++) loads.push(await measurePageLoad(browser, server));
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return {
    coldServer,
    loads,
    medianFirstFrameMs: median(loads.map((load) => load.firstFrameMs)),
    medianIdleMs: median(loads.map((load) => load.idleMs)),
    maxJavaScriptBytes: Math.max(...loads.map((load) => load.javaScriptBytes)),
    gzipOnlyBytes: await gzipOnlyBytes(loads[0]!.scriptUrls),
  };
}

/** The figures as one readable block for the test log. */
export function describeBudget(report: BudgetReport, data: string): string {
  const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
  const first = report.loads[0]!;
  return [
    `[finder-performance] ${data}: first map frame ${report.loads.map((load) => Math.round(load.firstFrameMs)).join(" / ")} ms ` +
      `(median ${Math.round(report.medianFirstFrameMs)} ms; cold server ${Math.round(report.coldServer.firstFrameMs)} ms), ` +
      `all tiles drawn (idle) ${report.loads.map((load) => Math.round(load.idleMs)).join(" / ")} ms (median ${Math.round(report.medianIdleMs)} ms), ` +
      `JavaScript before it ${kb(report.maxJavaScriptBytes)} as sent (${kb(report.gzipOnlyBytes)} to a gzip-only client; ` +
      `budget ${kb(JS_BUDGET_BYTES)}, ${FIRST_FRAME_BUDGET_MS} ms)`,
    ...first.scripts.map((script) => `    ${script.path}  ${kb(script.bytes)}  ${script.encoding}`),
  ].join("\n");
}

/** The scripts (of these URLs) whose source mentions any of the needles; empty when none does. */
export async function scriptsContaining(urls: string[], needles: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const url of new Set(urls)) {
    const source = await (await fetch(url)).text();
    if (needles.some((needle) => source.includes(needle))) found.push(new URL(url).pathname);
  }
  return found;
}
