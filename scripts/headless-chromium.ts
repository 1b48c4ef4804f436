/**
 * Debian's Chromium driven by playwright-core (never `playwright install`, which downloads a browser), for the
 * browser tests and the workspace screenshot. The flags make WebGL2 render in software (SwiftShader) on a machine
 * without a GPU; disabling the software rasterizer or WebGL instead gives a blank map. Each launch gets a fresh
 * temporary profile, so nothing leaks between runs.
 */
import fs from "node:fs";
import { chromium, type Browser } from "playwright-core";

const CHROMIUM_PATH = process.env.CHROMIUM_PATH?.trim() || "/usr/bin/chromium";

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--use-angle=swiftshader",
  "--enable-unsafe-swiftshader",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install chromium fonts-noto-cjk (or set CHROMIUM_PATH)`);
  }
  // launch() (not launchPersistentContext) always starts from a new, throw-away user data directory.
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
