/**
 * Global setup of the browser project: builds the web client once, through the same vite.config.ts as
 * `npm run build:client`, into a temporary folder (not client/dist, so a running server or a parallel build is not
 * disturbed), and hands the folder to the test files as `clientDir`.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { build } from "vite";
import type { TestProject } from "vitest/node";

const ROOT = path.resolve(import.meta.dirname, "../../..");

declare module "vitest" {
  export interface ProvidedContext {
    /** Absolute path of the built client (index.html and assets/). */
    clientDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "planner-atlas-browser-client-"));
  const started = Date.now();
  // Vitest sets NODE_ENV=test, and Vite would then bundle React's development build (StrictMode double effects and
  // all): the tests must see what `npm run build:client` ships.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({
      configFile: path.join(ROOT, "vite.config.ts"),
      mode: "production",
      logLevel: "warn",
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  if (!fs.existsSync(path.join(outDir, "index.html"))) throw new Error(`the client build left no index.html in ${outDir}`);
  console.log(`[build-client] client built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  project.provide("clientDir", outDir);
  return () => fs.rmSync(outDir, { recursive: true, force: true });
}
