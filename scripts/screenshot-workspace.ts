/**
 * npx tsx scripts/screenshot-workspace.ts [--out docs/workspace.png] [reference-folder] — the README's picture of the
 * bureau's workspace (1400×900). It builds the web client, starts the server on a temporary embedded database with the
 * built-in and demo data and the Jincheng reference boundaries (the folder given, else REFERENCE_DATA_DIR, else
 * ../shared/data/jincheng), makes a bureau account with a random password, signs in with Debian's Chromium (WebGL in
 * software), selects 东街街道 and writes the page as a palette PNG. Not part of npm test; nothing is left behind but
 * the picture. Exit status: 0 written, 1 failed, 2 usage.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
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
const USAGE = "usage: npx tsx scripts/screenshot-workspace.ts [--out docs/workspace.png] [reference-folder]";
const VIEWPORT = { width: 1400, height: 900 };
/** The README links the picture; a larger file would weigh on every clone. */
const MAX_BYTES = 400 * 1024;
/** The area shown selected: a subdistrict whose post was reassigned in the demo data, so its timeline has two bars. */
const AREA_CODE = "township-140502001";
const ACCOUNT = { name: "screenshot-bureau", displayName: "示例规划局用户" };

type HookWindow = Record<string, MapTestHook | undefined>;

async function main(): Promise<number> {
  const parsed = parseCommandLine(
    "screenshot-workspace",
    { options: { out: { type: "string", default: "docs/workspace.png" }, help: { type: "boolean" } }, allowPositionals: true },
    USAGE,
  );
  if (typeof parsed === "number") return parsed;
  const referenceFolder = path.resolve(ROOT, parsed.positionals[0] ?? (process.env.REFERENCE_DATA_DIR?.trim() || "../shared/data/jincheng"));
  if (!fs.existsSync(path.join(referenceFolder, "townships.csv"))) {
    console.error(`screenshot-workspace: no reference data in ${referenceFolder} (give the jincheng folder)\n${USAGE}`);
    return 2;
  }
  const out = path.resolve(ROOT, parsed.values.out!);

  const work = fs.mkdtempSync(path.join(os.tmpdir(), "planner-atlas-screenshot-"));
  let browser: Browser | undefined;
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  try {
    const clientDir = path.join(work, "client");
    await build({ root: path.join(ROOT, "client"), configFile: path.join(ROOT, "vite.config.ts"), mode: "production", logLevel: "warn", build: { outDir: clientDir, emptyOutDir: true } });
    // Only these settings: a DATABASE_URL in the environment must not point the picture at a real database.
    const config = loadConfig({ DATA_DIR: path.join(work, "data"), CLIENT_DIR: clientDir, HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "warn", DEMO_DATA: "true" }, ROOT);
    app = await buildApp(config);
    await importBoundaries(app.db.sql, referenceFolder);
    const origin = await app.listen({ host: "127.0.0.1", port: 0 });
    const password = randomBytes(18).toString("base64url");
    await createAccount(app.db.sql, { ...ACCOUNT, role: "bureau", passwordHash: await hashPassword(password), plannerId: null }, "screenshot");

    browser = await launchChromium();
    const context = await browser.newContext({ viewport: VIEWPORT, locale: "zh-CN", serviceWorkers: "block" });
    // The map's test hook tells when the map has drawn its data.
    await context.addInitScript((flag) => {
      (globalThis as unknown as Record<string, boolean>)[flag] = true;
    }, TEST_HOOKS_FLAG);
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
    await page.mouse.move(0, VIEWPORT.height - 1);

    const raw = await page.screenshot({ type: "png" });
    const png = await sharp(raw).png({ palette: true, quality: 90, effort: 10, compressionLevel: 9 }).toBuffer();
    if (png.length >= MAX_BYTES) throw new Error(`the picture takes ${png.length} bytes, over ${MAX_BYTES}`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, png);
    console.log(`${path.relative(ROOT, out)}: ${VIEWPORT.width}×${VIEWPORT.height}, ${(png.length / 1024).toFixed(0)} KB`);
    return 0;
  } finally {
    await browser?.close();
    await app?.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    console.error("screenshot-workspace:", error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
