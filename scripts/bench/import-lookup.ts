/**
 * npx tsx scripts/bench/import-lookup.ts [--features <n>] [--clients <n>] [--before <s>] — lookup latency while a
 * large import runs (issue 12): the project's server answers /api/lookup at a steady closed-loop load, first alone,
 * then while another process runs an import through the same functions as `npm run import` and POST /api/imports
 * (prepareImport, then applyImport in one transaction). Prints p50/p90/p99 of both phases and writes them with the
 * import's timings to scripts/bench/work/import-lookup.json.
 *
 * It runs on a database of its own, BENCH_IMPORT_DATABASE_URL (default planner_atlas_bench_import on 127.0.0.1),
 * made on first use as a copy of the bench database (npm run bench -- --only-generate builds that), so that the
 * bench's own data is never written. The import moves every synthetic township boundary a metre east or west (so that
 * each one is written), sets their seats, and fills the rest of --features with records that match nothing
 * (skipUnmatched): a national-scale file. The import is checked and built in memory, not read from a file: the
 * synthetic townships lie all over China, where the file readers refuse coordinates far from Jincheng.
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Geometry, Point } from "geojson";
import postgres from "postgres";
import { loadConfig, integerSetting } from "../../server/src/config.ts";
import { openDatabase, transaction } from "../../server/src/db/database.ts";
import { setupDatabase } from "../../server/src/setup.ts";
import { applyImport, prepareImport } from "../../server/src/import/import-boundaries.ts";
import type { Input, InputRecord } from "../../server/src/import/read-input.ts";
import { REPO_ROOT, WORK_DIR } from "./bench-config.ts";
import { httpGet, waitForHttp } from "./http-client.ts";
import { installCleanup, spawnManaged, stopAll } from "./processes.ts";
import { seededRandom } from "./seeded-random.ts";
import { SYNTHETIC_CODE_PATTERN } from "./synthetic-data.ts";

const SOURCE_DATABASE = "planner_atlas_bench";
const PORT = 8476;
const LOOKUP_POINTS = 100;
/** A metre east or west at Chinese latitudes, in degrees: enough for every boundary to differ from the stored one. */
const SHIFT_DEGREES = 1e-5;

interface Phase {
  lookups: number;
  errors: number;
  seconds: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]! * 100) / 100;
}

/** Runs `clients` closed-loop lookup clients until `until` resolves; every answer's latency. */
async function lookupLoad(paths: string[], clients: number, until: Promise<unknown>): Promise<Phase> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const latencies: number[] = [];
  let errors = 0;
  let done = false;
  void until.finally(() => (done = true));
  const started = performance.now();
  const random = seededRandom(clients);
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (!done) {
        try {
          const answer = await httpGet(PORT, paths[Math.floor(random() * paths.length)]!, agent);
          if (answer.status === 200) latencies.push(answer.ms);
          else errors++;
        } catch {
          errors++;
        }
      }
    }),
  );
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    lookups: latencies.length,
    errors,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    latencyMs: { p50: percentile(latencies, 0.5), p90: percentile(latencies, 0.9), p99: percentile(latencies, 0.99), max: percentile(latencies, 1) },
  };
}

/** The import database, copied from the bench database when missing. */
async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = "/postgres";
  const admin = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    if ((await admin`select 1 from pg_database where datname = ${name}`).length > 0) return;
    console.log(`creating ${name} as a copy of ${SOURCE_DATABASE} (nobody may be connected to it meanwhile)`);
    await admin`create database ${admin(name)} template ${admin(SOURCE_DATABASE)}`;
  } finally {
    await admin.end();
  }
}

/** The import: every synthetic township's boundary moved by `shift`, its seat, and records that match nothing up to `features`. */
async function buildInput(databaseUrl: string, features: number, shift: number): Promise<Input> {
  const database = await openDatabase(loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: "warn", CLIENT_DIR: "" }));
  try {
    await setupDatabase(database.sql, { demo: true, log: () => {} });
    const rows = await database.sql<{ code: string; name: string; boundary: string; seat: string }[]>`
      select code, name, ST_AsGeoJSON(ST_Translate(geom, ${shift}::float8, 0), 7) as boundary,
             ST_AsGeoJSON(ST_PointOnSurface(geom), 7) as seat
      from divisions where level = 'township' and geom is not null and code ~ ${SYNTHETIC_CODE_PATTERN}
      order by code limit ${Math.floor(features / 2)}`;
    const boundaries: InputRecord[] = rows.map((row, index) => ({
      position: `feature ${index + 1}`,
      codes: [row.code],
      name: row.name,
      within: {},
      boundary: JSON.parse(row.boundary) as Geometry,
    }));
    const seats: InputRecord[] = rows.map((row, index) => ({
      position: `feature ${rows.length + index + 1}`,
      codes: [row.code],
      name: row.name,
      within: {},
      seat: JSON.parse(row.seat) as Point,
    }));
    const unmatched: InputRecord[] = Array.from({ length: Math.max(0, features - 2 * rows.length) }, (_, index) => ({
      position: `feature ${2 * rows.length + index + 1}`,
      codes: [`8${String(index).padStart(8, "0")}`],
      name: undefined,
      within: {},
      seat: { type: "Point", coordinates: [112.85, 35.49] },
    }));
    return {
      path: "bench-import.geojson",
      files: [{ name: "bench-import.geojson", format: "geojson", coordinates: { system: "EPSG:4326 WGS 84", how: "assumed" }, records: [...boundaries, ...seats, ...unmatched] }],
      ignored: [],
    };
  } finally {
    await database.close();
  }
}

/** The child's part: prepare and apply the import in `inputFile`, print the timings as one JSON line. */
async function runImport(databaseUrl: string, inputFile: string): Promise<void> {
  const input = JSON.parse(fs.readFileSync(inputFile, "utf8")) as Input;
  const database = await openDatabase(loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: "warn", CLIENT_DIR: "", DB_POOL_MAX: "2", DB_STATEMENT_TIMEOUT_MS: "0" }));
  try {
    const started = performance.now();
    const prepared = await prepareImport(database.sql, input, { skipUnmatched: true, coordinates: "wgs84" });
    if (prepared.problems.length > 0) throw new Error(prepared.problems.slice(0, 5).join("\n"));
    const preparedAt = performance.now();
    const report = await transaction(database.sql, (tx) => applyImport(tx, prepared, { actor: "bench:import-lookup" }));
    const appliedAt = performance.now();
    console.log(
      JSON.stringify({
        prepareS: Math.round(preparedAt - started) / 1000,
        applyS: Math.round(appliedAt - preparedAt) / 1000,
        boundaries: report.boundaries,
        seats: report.seats,
        unchanged: report.unchanged,
        unmatched: report.unmatched.length,
      }),
    );
  } finally {
    await database.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { features: { type: "string" }, clients: { type: "string" }, before: { type: "string" }, apply: { type: "string" } },
  });
  const databaseUrl = process.env.BENCH_IMPORT_DATABASE_URL?.trim() || "postgres://postgres:postgres@127.0.0.1:5432/planner_atlas_bench_import";
  if (values.apply) {
    await runImport(databaseUrl, values.apply);
    return 0;
  }
  const problems: string[] = [];
  const features = integerSetting(values.features, "--features", 100_000, 1, 1_000_000, problems);
  const clients = integerSetting(values.clients, "--clients", 4, 1, 64, problems);
  const beforeS = integerSetting(values.before, "--before", 10, 1, 600, problems);
  if (problems.length > 0) {
    console.error(problems.join("\n"));
    return 2;
  }
  installCleanup((line) => console.log(line));
  await ensureDatabase(databaseUrl);
  // Alternating east and west by the hour, so that repeated runs do not walk the boundaries away.
  const shift = new Date().getHours() % 2 === 0 ? SHIFT_DEGREES : -SHIFT_DEGREES;
  const input = await buildInput(databaseUrl, features, shift);
  fs.mkdirSync(WORK_DIR, { recursive: true });
  const inputFile = path.join(WORK_DIR, "import-lookup-input.json");
  fs.writeFileSync(inputFile, JSON.stringify(input));
  const records = input.files[0]!.records;
  console.log(`import: ${records.length} features (${records.filter((record) => record.boundary).length} boundaries), ${Math.round(fs.statSync(inputFile).size / 1e6)} MB as JSON`);

  const serverLog = path.join(WORK_DIR, "import-lookup-server.log");
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", DATABASE_URL: databaseUrl, HOST: "127.0.0.1", PORT: String(PORT), LOG_LEVEL: "warn", CLIENT_DIR: "" };
  const server = spawnManaged("server", process.execPath, ["--import", "tsx", "server/src/server.ts"], { cwd: REPO_ROOT, env, output: { file: serverLog } });
  try {
    await waitForHttp(PORT, "/api/health", 120_000, (status) => status === 200);
    const random = seededRandom(20_240_601);
    const agent = new http.Agent({ keepAlive: true });
    const paths: string[] = [];
    for (let tries = 0; paths.length < LOOKUP_POINTS && tries < 10 * LOOKUP_POINTS; tries++) {
      const candidate = `/api/lookup?lon=${(112.2 + random() * 1.2).toFixed(5)}&lat=${(35.3 + random() * 0.7).toFixed(5)}`;
      if ((await httpGet(PORT, candidate, agent)).status === 200) paths.push(candidate);
    }
    agent.destroy();
    console.log(`lookups: ${paths.length} points in Jincheng, ${clients} clients`);

    const before = await lookupLoad(paths, clients, new Promise((resolve) => setTimeout(resolve, beforeS * 1000)));
    const child = spawnManaged("import", process.execPath, ["--import", "tsx", "scripts/bench/import-lookup.ts", "--apply", inputFile], {
      cwd: REPO_ROOT,
      env: { ...env, BENCH_IMPORT_DATABASE_URL: databaseUrl },
      output: "pipe",
    });
    let output = "";
    child.child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const during = await lookupLoad(paths, clients, child.exited);
    if ((await child.exited) !== 0) throw new Error(`the import failed:\n${output}`);
    const importTimes = JSON.parse(output.trim().split("\n").at(-1)!) as Record<string, number>;
    const results = { measuredAt: new Date().toISOString(), features: records.length, clients, importTimes, before, during };
    fs.writeFileSync(path.join(WORK_DIR, "import-lookup.json"), `${JSON.stringify(results, null, 2)}\n`);
    console.log(`import: prepared in ${importTimes.prepareS} s, applied in ${importTimes.applyS} s (${importTimes.boundaries} boundaries, ${importTimes.seats} seats, ${importTimes.unmatched} unmatched)`);
    for (const [name, phase] of [["before", before], ["during", during]] as const) {
      console.log(`lookups ${name}: ${phase.lookups} in ${phase.seconds} s, p50 ${phase.latencyMs.p50} p90 ${phase.latencyMs.p90} p99 ${phase.latencyMs.p99} max ${phase.latencyMs.max} ms, errors ${phase.errors}`);
    }
    return 0;
  } finally {
    await server.stop();
    await stopAll();
  }
}

process.exitCode = await main(process.argv.slice(2));
