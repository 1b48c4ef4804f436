/**
 * npx tsx scripts/screenshots.ts [--only finder|dashboard|workspace] [reference-folder] — the README's pictures:
 * docs/finder-phone.png (the public page on a 390×844 phone, the answer for 东街街道), docs/dashboard.png (the
 * leadership dashboard at 1366×850) and docs/workspace.png (the bureau's workspace at 1400×900). It builds the web
 * client, starts the server on a temporary embedded database with the built-in and demo data and the Jincheng
 * reference boundaries (the folder given, else REFERENCE_DATA_DIR, else ../shared/data/jincheng), makes a bureau
 * account with a random password for the workspace, drives Debian's Chromium (WebGL in software) and writes each page
 * as a palette PNG. Not part of npm test; nothing is left behind but the pictures. Exit status: 0 written, 1 failed,
 * 2 usage.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import sharp from "sharp";
import { build } from "vite";
import { MAP_TEST_HOOK_NAME, TEST_HOOKS_FLAG, type MapTestHook } from "../client/src/map/map-test-hook.ts";
import { buildApp } from "../server/src/app.ts";
import { createAccount } from "../server/src/auth/accounts.repo.ts";
import { hashPassword } from "../server/src/auth/passwords.ts";
import { loadConfig } from "../server/src/config.ts";
import { importBoundaries } from "../server/src/import/import-boundaries.ts";
import { parseCommandLine } from "./command-config.ts";
import { launchChromium } from "./headless-chromium.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const USAGE = "usage: npx tsx scripts/screenshots.ts [--only finder|dashboard|workspace] [reference-folder]";
const PAGES = ["finder", "dashboard", "workspace"] as const;
type PageName = (typeof PAGES)[number];
/** The README links the pictures; a larger file would weigh on every clone. */
const MAX_BYTES = 400 * 1024;
/** The place the public page's picture answers for: a subdistrict of the central urban area with a planner. */
const FINDER_PLACE = "140502001";
/** The area shown selected: a subdistrict whose post was reassigned in the demo data, so its timeline has two bars. */
const AREA_CODE = "township-140502001";
const ACCOUNT = { name: "screenshot-bureau", displayName: "示例规划局用户" };
const WORKSPACE_VIEWPORT = { width: 1400, height: 900 };

type HookWindow = Record<string, MapTestHook | undefined>;

async function main(): Promise<number> {
  const parsed = parseCommandLine(
    "screenshots",
    { options: { only: { type: "string" }, help: { type: "boolean" } }, allowPositionals: true },
    USAGE,
  );
  if (typeof parsed === "number") return parsed;
  const only = parsed.values.only;
  if (only !== undefined && !(PAGES as readonly string[]).includes(only)) {
    console.error(`screenshots: --only takes ${PAGES.join(", ")}, not ${JSON.stringify(only)}\n${USAGE}`);
    return 2;
  }
  const referenceFolder = path.resolve(ROOT, parsed.positionals[0] ?? (process.env.REFERENCE_DATA_DIR?.trim() || "../shared/data/jincheng"));
  if (!fs.existsSync(path.join(referenceFolder, "townships.csv"))) {
    console.error(`screenshots: no reference data in ${referenceFolder} (give the jincheng folder)\n${USAGE}`);
    return 2;
  }

  const work = fs.mkdtempSync(path.join(os.tmpdir(), "planner-atlas-screenshot-"));
  let browser: Browser | undefined;
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  try {
    const clientDir = path.join(work, "client");
    await build({ root: path.join(ROOT, "client"), configFile: path.join(ROOT, "vite.config.ts"), mode: "production", logLevel: "warn", build: { outDir: clientDir, emptyOutDir: true } });
    // Only these settings: a DATABASE_URL in the environment must not point the pictures at a real database.
    const config = loadConfig({ DATA_DIR: path.join(work, "data"), CLIENT_DIR: clientDir, HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "warn", DEMO_DATA: "true" }, ROOT);
    app = await buildApp(config);
    await importBoundaries(app.db.sql, referenceFolder);
    const origin = (await app.listen({ host: "127.0.0.1", port: 0 })).replace(/\/$/, "");
    browser = await launchChromium();
    const shots: Record<PageName, () => Promise<void>> = {
      finder: () => finderPicture(browser!, origin),
      dashboard: () => dashboardPicture(browser!, origin),
      workspace: () => workspacePicture(browser!, origin, app!),
    };
    for (const name of PAGES) if (only === undefined || only === name) await shots[name]();
    return 0;
  } finally {
    await browser?.close();
    await app?.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** A browser context whose pages expose the map's test hook, which tells when the map has drawn its data. */
async function hookedContext(browser: Browser, options: Parameters<Browser["newContext"]>[0]): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: "zh-CN", serviceWorkers: "block", ...options });
  await context.addInitScript((flag) => {
    (globalThis as unknown as Record<string, boolean>)[flag] = true;
  }, TEST_HOOKS_FLAG);
  return context;
}

async function mapIdle(page: Page): Promise<void> {
  await page.waitForFunction((name) => (globalThis as unknown as HookWindow)[name]?.isReady === true, MAP_TEST_HOOK_NAME);
  await page.evaluate(async (name) => (globalThis as unknown as HookWindow)[name]!.idle(), MAP_TEST_HOOK_NAME);
}

/** Writes the page's viewport as a palette PNG under docs/. */
async function save(page: Page, file: string): Promise<void> {
  const raw = await page.screenshot({ type: "png" });
  const png = await sharp(raw).png({ palette: true, quality: 90, effort: 10, compressionLevel: 9 }).toBuffer();
  if (png.length >= MAX_BYTES) throw new Error(`${file} takes ${png.length} bytes, over ${MAX_BYTES}`);
  const out = path.join(ROOT, "docs", file);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, png);
  const { width, height } = page.viewportSize()!;
  console.log(`docs/${file}: ${width}×${height}, ${(png.length / 1024).toFixed(0)} KB`);
}

/** The public page on a phone, answering for FINDER_PLACE by its own address. */
async function finderPicture(browser: Browser, origin: string): Promise<void> {
  const context = await hookedContext(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(`${origin}/?place=${FINDER_PLACE}`);
  await page.getByTestId("answer:contact").waitFor();
  await mapIdle(page);
  await save(page, "finder-phone.png");
  await context.close();
}

/** The leadership dashboard on a desktop, today's coverage. */
async function dashboardPicture(browser: Browser, origin: string): Promise<void> {
  const context = await hookedContext(browser, { viewport: { width: 1366, height: 850 } });
  const page = await context.newPage();
  await page.goto(`${origin}/dashboard`);
  await page.getByTestId("dashboard").waitFor();
  await mapIdle(page);
  await page.mouse.move(0, 849);
  await save(page, "dashboard.png");
  await context.close();
}

/** The bureau's workspace with 东街街道 selected, signed in as a bureau account made for the picture. */
async function workspacePicture(browser: Browser, origin: string, app: Awaited<ReturnType<typeof buildApp>>): Promise<void> {
  const password = randomBytes(18).toString("base64url");
  await createAccount(app.db.sql, { ...ACCOUNT, role: "bureau", passwordHash: await hashPassword(password), plannerId: null }, "screenshot");
  const context = await hookedContext(browser, { viewport: WORKSPACE_VIEWPORT });
  const page = await context.newPage();
  await page.goto(`${origin}/workspace`);
  await page.locator('input[name="name"]').fill(ACCOUNT.name);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await page.getByTestId("workspace").waitFor();
  await page.waitForFunction((name) => (globalThis as unknown as HookWindow)[name]?.isReady === true, MAP_TEST_HOOK_NAME);

  await page.locator(`[data-area-code="${AREA_CODE}"]`).click();
  await page.getByTestId("area-panel").getByTestId("area:code").filter({ hasText: AREA_CODE }).waitFor();
  await page.getByTestId("posts-timeline").waitFor();
  await page.getByTestId("history:what").first().waitFor();
  // The right column shows the members and the posts timeline; the camera steps back from the subdistrict to show
  // the colours of the central urban area around it.
  await page.getByTestId("area-posts").scrollIntoViewIfNeeded();
  await page.evaluate(async (name) => {
    const hook = (globalThis as unknown as HookWindow)[name]!;
    await hook.idle();
    hook.jumpTo([112.87, 35.52], 9.7);
    await hook.idle();
  }, MAP_TEST_HOOK_NAME);
  await page.mouse.move(0, WORKSPACE_VIEWPORT.height - 1);
  await save(page, "workspace.png");
  await context.close();
}

main().then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    console.error("screenshots:", error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
