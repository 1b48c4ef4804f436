/**
 * tsx scripts/embedded-memory.ts [--data-dir <folder>] — how much memory the built server holds on the embedded
 * database: resident set once ready and after a burst of tiles over Jincheng, with the burst's timing (see
 * scripts/bench/embedded-memory.ts). Without --data-dir, a new data folder in the temp folder is set up by a first
 * start (built-in data), measured on a second start, and removed. Build first: npm run build:server. Linux only.
 * Exit status: 0 measured, 1 failed, 2 bad options.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { describeMemory, measureEmbeddedMemory, withServer } from "./bench/embedded-memory.ts";

async function main(): Promise<number> {
  let options: { "data-dir"?: string };
  try {
    options = parseArgs({ options: { "data-dir": { type: "string" } } }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\nUsage: tsx scripts/embedded-memory.ts [--data-dir <folder>]`);
    return 2;
  }
  const given = options["data-dir"];
  const dataDir = given ? path.resolve(given) : fs.mkdtempSync(path.join(os.tmpdir(), "planner-atlas-memory-"));
  try {
    if (!given) {
      console.log(`setting up ${dataDir} (first start)`);
      await withServer("built", dataDir, {}, async () => {});
    }
    console.log(describeMemory(await measureEmbeddedMemory("built", dataDir)));
    return 0;
  } finally {
    if (!given) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
