/**
 * npm run bench:scale-out -- [bench options] — the scale-out pass of npm run bench alone (scripts/bench/scale-out.ts):
 * the loopback set-up (loopback.ts) on a copy of the bench's national synthetic database, with 1 and 2 server
 * processes, requests/s and p99 through nginx uncached and cached and straight to one process; with --soak-minutes n,
 * the soak run after it. Takes npm run bench's options (--duration, --connections, --lists, --soak-minutes, …) and
 * BENCH_DATABASE_URL, builds the bench database when missing, prints the tables and writes nothing under results/.
 * Exit status: 0 done (also when the soak fails: the table says so), 1 the pass could not run, 2 bad options.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { BenchConfigError, loadBenchConfig, REPO_ROOT, WORK_DIR } from "../bench/bench-config.ts";
import { openBenchDatabase, prepareBenchDatabase } from "../bench/bench-database.ts";
import { scaleOutPass } from "../bench/scale-out.ts";
import { scaleOutSection, soakTarget } from "../bench/scale-out-report.ts";
import { buildTileLists } from "../bench/tile-lists.ts";

const log = (line: string) => console.log(`[scale-out] ${line}`);

async function main(argv: string[]): Promise<number> {
  let config;
  try {
    config = loadBenchConfig(argv);
  } catch (error) {
    if (error instanceof BenchConfigError || error instanceof TypeError) {
      console.error(`bench:scale-out: ${error.message}`);
      return 2;
    }
    throw error;
  }
  if (!config) return 0;
  if (!fs.existsSync("/usr/bin/wrk")) throw new Error("wrk is missing: install it with\n  sudo apt-get install -y wrk");
  await prepareBenchDatabase(config, log);
  execFileSync(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "scripts/build-server.ts")], { cwd: REPO_ROOT, stdio: "inherit" });
  const database = await openBenchDatabase(config, 2);
  try {
    const lists = await buildTileLists(database.sql, { seed: config.seed, z15Sample: config.z15Sample });
    const results = await scaleOutPass({ config, sql: database.sql, lists, soakMinutes: config.soakMinutes, log });
    fs.mkdirSync(WORK_DIR, { recursive: true });
    const file = path.join(WORK_DIR, "scale-out-results.json");
    fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    const soak = soakTarget(results.soak, config.soakMinutes);
    console.log(`\n${scaleOutSection(results)}\n\n${soak.target}: ${soak.measured}: ${soak.result.toUpperCase()}\n(figures in ${path.relative(REPO_ROOT, file)})`);
    return results.error === null ? 0 : 1;
  } finally {
    await database.close();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(`bench:scale-out failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
