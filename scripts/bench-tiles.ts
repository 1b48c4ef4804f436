/**
 * npm run bench — the benchmark of issues 3 (part 7) and 17, on PostgreSQL + PostGIS, in one run:
 * 1. tools (wrk, pgbench, MapServer, lighttpd; apt-get on first run), the bench database through the project's setup,
 *    the Jincheng reference data through the project's import, the seeded national-scale synthetic set;
 * 2. tile lists (every z6 and z9 tile over the data, every z12 tile of the city, 1,000 sampled z15 tiles, a viewport);
 * 3. contestants: the project's server without and with its tile cache, the raw tile SQL under pgbench, MapServer 8
 *    FastCGI, a trivial Fastify route (and, on request, a minimal Fastify + SQL server);
 * 4. a bytes pass (every tile once, every layer), a correctness pass (decoded tiles against the database), then
 *    rounds that rotate the contestants over every list at every connection count, plus viewport bursts, and the
 *    lookup at two point sets: closed-loop against pgbench of its SQL, then open-loop at half the server's best rate;
 * 5. after the rounds: the open-loop generator checked against the trivial route, the tile cache's hit rate on a
 *    viewport session, and the server on the embedded PGlite (Jincheng data) as a table of its own;
 * 6. results/latest.json (tables) + latest.md and the README's Benchmark section; the whole run, dated, in the
 *    git-ignored work/results/.
 * With --only-correctness, steps 1-2 and the correctness pass alone.
 * Everything runs on 127.0.0.1, is bounded in time, and every child process is stopped on exit or Ctrl-C.
 * Exit status: 0 done (whatever the targets say), 1 the bench failed, 2 bad options.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BenchConfigError, HISTORY_DIR, loadBenchConfig, REPO_ROOT, RESULTS_DIR, WORK_DIR, type BenchConfig, type ContestantName } from "./bench/bench-config.ts";
import { openBenchDatabase, prepareBenchDatabase } from "./bench/bench-database.ts";
import type { Sql } from "../server/src/db/database.ts";
import { startMapServer, type MapServerInstance } from "./bench/contestants/mapserver.ts";
import {
  cacheKnob,
  projectTilePath,
  startFastifySqlServer,
  startProjectServer,
  startTrivialServer,
  TILE_CACHE_VARIABLE,
  TileRouteError,
  type NodeServer,
} from "./bench/contestants/node-servers.ts";
import { assertPortFree, httpGet, keepAliveAgent } from "./bench/http-client.ts";
import { runPgbench, runWrk, writePgbenchItemsScript, writePgbenchScript, type LoadResult } from "./bench/load-runners.ts";
import { buildLookupPoints, writePgbenchLookupScript, type LookupPoints } from "./bench/lookup-points.ts";
import { runOpenLoop } from "./bench/open-loop.ts";
import { bytesPass, correctnessPass, TILE_LAYERS, viewportBursts, viewportBurstsSql, type BurstSummary, type BytesSummary, type CorrectnessCheck } from "./bench/passes.ts";
import { preparePgliteData } from "./bench/pglite-data.ts";
import { scaleOutPass, type ScaleOutResults } from "./bench/scale-out.ts";
import { ensureTools } from "./bench/prerequisites.ts";
import { installCleanup, loadAverage, sampleRss, sleep, stopAll } from "./bench/processes.ts";
import {
  correctnessLine,
  fileStamp,
  judgeTargets,
  median,
  openLoopRows,
  ratios,
  readLatest,
  summarise,
  withCorrectness,
  writeLatest,
  writeResults,
  type BenchResults,
  type ContestantInfo,
  type GeneratorCheck,
  type OpenLoopRecord,
  type PgliteInfo,
  type RunRecord,
} from "./bench/report.ts";
import { buildTileLists, CITY_CODE, sampledTiles, type TileLists } from "./bench/tile-lists.ts";
import { tileBounds, type TileAddress } from "./bench/tile-math.ts";
import { buildViewportSession, SESSION_APPLICATION_NAME, sessionHitRate, type SessionSummary } from "./bench/viewport-session.ts";
import { DEFAULT_TILE_CACHE_BYTES, DEFAULT_TILE_PYRAMID_MAX_ZOOM } from "../server/src/config.ts";

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;
/** Tiles per list in MapServer's bytes pass. */
const MAPSERVER_BYTES_SAMPLE = 200;
/** The PGlite folder of the embedded pass: kept between runs (made in ~20 s, the Jincheng import included). */
const PGLITE_DIR = path.join(WORK_DIR, "pglite");
/** Page size of the OGC API items workload (the API's default). */
const ITEMS_LIMIT = 100;
/** The server's default top zoom of the tile pyramid: server-pyramid is measured on lists up to it. */
const PYRAMID_MAX_ZOOM = DEFAULT_TILE_PYRAMID_MAX_ZOOM;
/** The zoom of a tile list (z6 → 6). */
const listZoom = (list: string): number => Number(list.slice(1));

const startedClock = performance.now();
function log(line: string): void {
  const seconds = Math.round((performance.now() - startedClock) / 1000);
  console.log(`[bench ${String(Math.floor(seconds / 60)).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}] ${line}`);
}

/** An HTTP contestant as the rounds see it: where it listens, how it names a tile, which process group it is. */
interface HttpContestant {
  name: ContestantName;
  port: number;
  pgid: number;
  path(tile: TileAddress): string;
}

const DESCRIPTIONS: Record<ContestantName, string> = {
  "server-cold": `the project's server (server/src/server.ts) with its hot-tile cache off (${TILE_CACHE_VARIABLE}=0) and no tile pyramid (TILE_PYRAMID_MAX_ZOOM=-1): every tile rendered by the database; restarted each round`,
  "server-pyramid": `the project's server as deployed but with its hot-tile cache off (${TILE_CACHE_VARIABLE}=0): tiles up to zoom 8 from the tile pyramid (tile_pyramid, kept per data revision in the database and filled by the warm-up), others rendered; measured on the lists of zoom 8 or less; restarted each round`,
  "server-warm": "the project's server with its hot-tile cache allowed (default size), warmed by the bytes pass",
  "raw-sql": "the server's own tile statement (tiles.repo.ts: api.data_revision() + tiles.divisions(z, x, y)) under pgbench -M prepared, tiles drawn at random from the same list",
  mapserver: "MapServer 8.0 (Debian cgi-mapserver), 4 FastCGI workers behind lighttpd, MVT from the same table (division_geometries_3857 joined to divisions, code/name/level)",
  trivial: "a Fastify route answering every tile with the same bytes (median z12 tile size): the HTTP ceiling",
  "fastify-sql": "a minimal Fastify + postgres.js route running the same tile statement (no validation, cache or ETag)",
  pglite: "the project's server started without DATABASE_URL, on the embedded PGlite (its own folder under work/, Jincheng data through the project's import), tile cache off: a table of its own, no target",
  "scale-out":
    "the scale-out set-up of scripts/deploy/ (loopback.ts: primary restored from a dump of the bench database, pg_basebackup replica, pgbouncer, 1 then 2 server processes, nginx) on the national lists: a table of its own, and the soak run when asked for",
};

function gitState(): { commit: string; dirty: boolean } {
  try {
    const commit = execFileSync("git", ["rev-parse", "HEAD"], { cwd: REPO_ROOT, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain"], { cwd: REPO_ROOT, encoding: "utf8" }).trim().length > 0;
    return { commit, dirty };
  } catch {
    return { commit: "unknown", dirty: true };
  }
}

/**
 * A digest of the code under test (server/src and sql/). The working tree may be edited while a run goes on (the
 * servers restart each round and load whatever is there); comparing the digest at start and end tells.
 */
function codeDigest(): string {
  const hash = createHash("sha256");
  for (const folder of ["server/src", "sql"]) {
    const root = path.join(REPO_ROOT, folder);
    const files = fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    for (const file of files.map((entry) => path.join(entry.parentPath, entry.name)).sort()) {
      hash.update(path.relative(REPO_ROOT, file)).update(fs.readFileSync(file));
    }
  }
  return hash.digest("hex").slice(0, 16);
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = ((by % items.length) + items.length) % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/** Every tile of `tiles` spread evenly, `count` of them (all when fewer). */
function spread(tiles: readonly TileAddress[], count: number): TileAddress[] {
  if (tiles.length <= count) return [...tiles];
  return Array.from({ length: count }, (_, index) => tiles[Math.floor(((index + 0.5) * tiles.length) / count)]!);
}

function writePaths(file: string, tiles: readonly TileAddress[], pathOf: (tile: TileAddress) => string): void {
  fs.writeFileSync(file, `${tiles.map(pathOf).join("\n")}\n`);
}

function describe(result: LoadResult | null, error: string | null): string {
  if (!result) return `FAILED: ${error}`;
  const { latencyMs } = result;
  return (
    `${result.requestsPerSecond} req/s, p50 ${latencyMs.p50} p90 ${latencyMs.p90} p99 ${latencyMs.p99} max ${latencyMs.max} ms` +
    `${result.errors ? `, errors ${result.errors} (${result.errorDetail})` : ""}${result.note ? ` [${result.note}]` : ""}`
  );
}

/** The tiles the correctness pass decodes: `correctnessSample` of each list, spread over it. */
function correctnessSamples(config: BenchConfig, lists: TileLists): { list: string; tiles: TileAddress[] }[] {
  return config.lists.map((list) => ({ list, tiles: spread(lists[list], config.correctnessSample) }));
}

function logCorrectness(name: string, checks: readonly CorrectnessCheck[]): void {
  const bad = checks.filter((check) => check.verdict === "mismatch");
  const badPeer = checks.filter((check) => check.mapServer?.verdict === "mismatch");
  log(
    `correctness (${name}): ${checks.length - bad.length}/${checks.length} ok or dropped-small${bad.length ? `; mismatches: ${bad.map((check) => check.tile).join(", ")}` : ""}` +
      (checks.some((check) => check.mapServer) ? `; MapServer mismatches: ${badPeer.length ? badPeer.map((check) => check.tile).join(", ") : "none"}` : ""),
  );
}

/**
 * --only-correctness: the project's server (tile cache off, as server-cold) and, when among the contestants,
 * MapServer, the correctness pass over the same samples as a full run, and its checks in place of those of
 * results/latest.json (unless --no-write); the checks in full go to work/results/ either way.
 */
async function correctnessOnly(config: BenchConfig, sql: Sql, lists: TileLists, probe: TileAddress, startedAt: Date, logFile: (name: string) => string): Promise<number> {
  execFileSync(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "scripts/build-server.ts")], { cwd: REPO_ROOT, stdio: "inherit" });
  const server = await startProjectServer({ name: "server-cold", databaseUrl: config.databaseUrl, port: config.ports.serverCold, cache: "off", probe, logFile: logFile("server-cold") });
  let mapServer: MapServerInstance | undefined;
  if (config.contestants.includes("mapserver")) {
    try {
      mapServer = await startMapServer(WORK_DIR, config.databaseUrl, config.ports.mapserver, probe);
    } catch (error) {
      log(`MapServer did not start, checking the server alone: ${(error as Error).message}`);
    }
  }
  const checks = await correctnessPass({
    sql,
    port: server.port,
    pathOf: server.path,
    samples: correctnessSamples(config, lists),
    ...(mapServer ? { mapServer: { port: mapServer.port, pathOf: mapServer.path } } : {}),
  });
  await stopAll();
  logCorrectness("server-cold", checks);
  const run = { startedAt: startedAt.toISOString(), git: { ...gitState(), codeDigest: codeDigest() } };
  log(correctnessLine(checks, run));
  fs.mkdirSync(HISTORY_DIR, { recursive: true });
  const file = path.join(HISTORY_DIR, `${fileStamp(run.startedAt)}-correctness.json`);
  fs.writeFileSync(file, `${JSON.stringify({ ...run, checks }, null, 2)}\n`);
  const latestFile = path.join(RESULTS_DIR, "latest.json");
  if (!config.writeResults) {
    log(`--no-write: checks in ${path.relative(REPO_ROOT, file)} only`);
  } else if (!fs.existsSync(latestFile)) {
    log(`no ${path.relative(REPO_ROOT, latestFile)} to add the checks to (a full run writes it): checks in ${path.relative(REPO_ROOT, file)} only`);
  } else {
    const files = writeLatest(withCorrectness(readLatest(latestFile), checks, run), RESULTS_DIR, path.join(REPO_ROOT, "README.md"));
    log(`wrote ${[file, ...files].map((written) => path.relative(REPO_ROOT, written)).join(", ")}`);
  }
  return EXIT_OK;
}

/**
 * An unmeasured wrk run at the highest connection count against a contestant that has just started, so that its
 * database pool is full and every pooled connection has planned the tile query before anything is measured (the
 * long-lived servers of real use have long since done so).
 */
async function warmUp(contestant: HttpContestant, pathsFile: string, config: BenchConfig): Promise<void> {
  try {
    await runWrk({ port: contestant.port, pathsFile, connections: Math.max(...config.connections), durationS: config.warmupS, timeoutS: config.timeoutS });
  } catch (error) {
    log(`warm-up of ${contestant.name} failed: ${(error as Error).message.split("\n")[0]}`);
  }
}

/**
 * The server on the embedded PGlite: its folder prepared (child process), the server started without DATABASE_URL
 * and its tile cache off, then z12 and z15 (Jincheng's townships: the folder holds the Jincheng data only) and the
 * Jincheng lookups at every connection count, once. Failures are reported in the result, never thrown.
 */
async function embeddedPass(options: {
  config: BenchConfig;
  sql: Sql;
  lists: TileLists;
  lookupSets: readonly LookupPoints[];
  logFile: (name: string) => string;
  measure: (workload: string, connections: number, run: () => Promise<LoadResult>, pgid: number) => Promise<void>;
}): Promise<PgliteInfo> {
  const { config, lists } = options;
  const info: PgliteInfo = { data: null, z15Tiles: 0, error: null };
  try {
    log(`PGlite: preparing ${path.relative(REPO_ROOT, PGLITE_DIR)} (Jincheng data through the project's import)`);
    info.data = await preparePgliteData(PGLITE_DIR, config.referenceDataDir);
    log(`PGlite: data ${info.data.state} in ${info.data.seconds} s (${info.data.townships} townships, PostgreSQL ${info.data.postgresVersion}, PostGIS ${info.data.postgisVersion})`);
    const z15 = await sampledTiles(options.sql, 15, config.z15Sample, config.seed, CITY_CODE.slice(0, 4));
    info.z15Tiles = z15.length;
    const workloads: { workload: string; pathsFile: string }[] = [];
    for (const [list, tiles] of [["z12", lists.z12], ["z15", z15]] as const) {
      if (!config.lists.includes(list)) continue;
      const pathsFile = path.join(WORK_DIR, "paths", `pglite-${list}.txt`);
      writePaths(pathsFile, tiles, (tile) => projectTilePath("divisions", tile));
      workloads.push({ workload: list, pathsFile });
    }
    if (options.lookupSets.some((set) => set.set === "jincheng")) {
      workloads.push({ workload: "lookup-jincheng", pathsFile: path.join(WORK_DIR, "paths", "lookup-jincheng.txt") });
    }
    const server = await startProjectServer({ name: "server-pglite", databaseUrl: null, dataDir: PGLITE_DIR, port: config.ports.pglite, cache: "off", probe: lists.z12[0]!, logFile: options.logFile("server-pglite") });
    log(`PGlite: server listening, first tile after ${server.startMs} ms`);
    const contestant: HttpContestant = { name: "pglite", port: server.port, pgid: server.process.pid, path: server.path };
    try {
      for (const { workload, pathsFile } of workloads) {
        await warmUp(contestant, pathsFile, config);
        for (const connections of config.connections) {
          await options.measure(workload, connections, () => runWrk({ port: server.port, pathsFile, connections, durationS: config.durationS, timeoutS: config.timeoutS }), server.process.pid);
        }
      }
    } finally {
      await server.stop();
    }
  } catch (error) {
    info.error = (error as Error).message.split("\n")[0]!.slice(0, 300);
    log(`PGlite pass failed: ${(error as Error).message}`);
  }
  return info;
}

async function main(argv: string[]): Promise<number> {
  let config: BenchConfig | undefined;
  try {
    config = loadBenchConfig(argv);
  } catch (error) {
    if (error instanceof BenchConfigError || error instanceof TypeError) {
      console.error(`bench: ${error.message}`);
      return EXIT_USAGE;
    }
    throw error;
  }
  if (!config) return EXIT_OK;
  installCleanup(log);
  await ensureTools(config.install, log);
  const startedAt = new Date();
  const loadAtStart = loadAverage();
  const digestAtStart = codeDigest();
  log(`load average ${loadAtStart.join(" ")}; database ${new URL(config.databaseUrl).pathname.slice(1)} on 127.0.0.1`);
  const data = await prepareBenchDatabase(config, log);
  log(
    `data: ${data.divisions.township} townships, ${data.divisions.county} counties, ${data.projects} projects, ${data.workRecords} work records, ${data.opinions} opinions`,
  );
  if (config.onlyGenerate) return EXIT_OK;

  for (const port of Object.values(config.ports)) await assertPortFree(port);
  // Scratch from earlier runs goes; the dated results and the PGlite folder stay.
  for (const entry of fs.existsSync(WORK_DIR) ? fs.readdirSync(WORK_DIR) : []) {
    if (![HISTORY_DIR, PGLITE_DIR].includes(path.join(WORK_DIR, entry))) fs.rmSync(path.join(WORK_DIR, entry), { recursive: true, force: true });
  }
  fs.mkdirSync(path.join(WORK_DIR, "paths"), { recursive: true });
  fs.mkdirSync(path.join(WORK_DIR, "pgbench"), { recursive: true });
  fs.mkdirSync(path.join(WORK_DIR, "logs"), { recursive: true });
  const logFile = (name: string) => path.join(WORK_DIR, "logs", `${name}.log`);
  const notes: string[] = [];
  const database = await openBenchDatabase(config, 6);
  try {
    const { sql } = database;
    const [functions] = await sql<{ divisions: boolean }[]>`select to_regprocedure('tiles.divisions(integer, integer, integer)') is not null as divisions`;
    if (!functions!.divisions) throw new Error("the project's tile SQL (tiles.divisions(z, x, y)) is not in the bench database: nothing to measure");
    const postgresSettings = Object.fromEntries(
      (
        await sql<{ name: string; setting: string }[]>`
          select name, setting from pg_settings
          where name in ('shared_buffers', 'work_mem', 'max_connections', 'jit', 'max_parallel_workers_per_gather', 'effective_cache_size')`
      ).map((row) => [row.name, row.setting]),
    );

    log("tile lists");
    const lists: TileLists = await buildTileLists(sql, { seed: config.seed, z15Sample: config.z15Sample });
    log(`tile lists: ${Object.entries(lists).map(([name, tiles]) => `${name} ${tiles.length}`).join(", ")}`);
    const probe = lists.z12[Math.floor(lists.z12.length / 2)]!;
    for (const list of [...config.lists, "viewport"] as const) {
      writePaths(path.join(WORK_DIR, "paths", `tiles-${list}.txt`), lists[list], (tile) => projectTilePath("divisions", tile));
      writePgbenchScript(path.join(WORK_DIR, "pgbench", `${list}.sql`), list, lists[list].length);
    }
    if (config.onlyCorrectness) return await correctnessOnly(config, sql, lists, probe, startedAt, logFile);

    // Contestants that live through the whole run.
    // The server runs from its bundle, as `npm run serve` runs it: built once here from the checked-out sources.
    execFileSync(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "scripts/build-server.ts")], { cwd: REPO_ROOT, stdio: "inherit" });
    const knob = cacheKnob();
    if (!knob) throw new Error(`the server's configuration no longer reads ${TILE_CACHE_VARIABLE}: server-cold cannot switch its tile cache off`);
    const contestants: ContestantInfo[] = [];
    const http = new Map<ContestantName, HttpContestant>();
    // The pglite and scale-out passes need the server on PostgreSQL too: their lookup points are those it answers.
    let projectServer = (["server-cold", "server-warm", "pglite", "scale-out"] as const).some((name) => config.contestants.includes(name));
    let warm: NodeServer | undefined;
    if (projectServer) {
      try {
        warm = await startProjectServer({ name: "server-warm", databaseUrl: config.databaseUrl, port: config.ports.serverWarm, cache: "allowed", probe, logFile: logFile("server-warm") });
        log(`server-warm listening (first tile after ${warm.startMs} ms)`);
      } catch (error) {
        if (!(error instanceof TileRouteError)) throw error;
        projectServer = false;
        notes.push(`${error.message}; the project's server was not measured${config.contestants.includes("fastify-sql") ? "" : ", fastify-sql stands in for it"}`);
        log(error.message);
      }
    }
    const wanted = new Set(config.contestants);
    if (!projectServer && (wanted.has("server-cold") || wanted.has("server-warm"))) wanted.add("fastify-sql");
    for (const name of ["server-cold", "server-warm"] as const) {
      if (config.contestants.includes(name)) {
        contestants.push({ name, description: DESCRIPTIONS[name], available: projectServer, ...(projectServer ? {} : { reason: "tile routes missing" }) });
      }
    }
    if (warm && wanted.has("server-warm")) http.set("server-warm", { name: "server-warm", port: warm.port, pgid: warm.process.pid, path: warm.path });

    let mapServer: MapServerInstance | undefined;
    if (wanted.has("mapserver")) {
      try {
        mapServer = await startMapServer(WORK_DIR, config.databaseUrl, config.ports.mapserver, probe);
        http.set("mapserver", { name: "mapserver", port: mapServer.port, pgid: mapServer.process.pid, path: mapServer.path });
        for (const list of config.lists) writePaths(path.join(WORK_DIR, "paths", `mapserver-${list}.txt`), lists[list], mapServer.path);
        writePaths(path.join(WORK_DIR, "paths", "mapserver-viewport.txt"), lists.viewport, mapServer.path);
        contestants.push({ name: "mapserver", description: DESCRIPTIONS.mapserver, available: true });
        log("MapServer listening");
      } catch (error) {
        contestants.push({ name: "mapserver", description: DESCRIPTIONS.mapserver, available: false, reason: (error as Error).message.split("\n")[0]! });
        notes.push(`MapServer did not start: ${(error as Error).message.split("\n")[0]}`);
        log(`MapServer did not start: ${(error as Error).message}`);
      }
    }
    if (wanted.has("raw-sql")) contestants.push({ name: "raw-sql", description: DESCRIPTIONS["raw-sql"], available: true });

    // Bytes pass: every tile of every list from the warm server (which fills its cache for the warm runs), every
    // layer; then MapServer's divisions tiles for comparison.
    const bytes: BytesSummary[] = [];
    const mapServerBytes: BytesSummary[] = [];
    const bytesSource = warm;
    let fastifySql: NodeServer | undefined;
    if (wanted.has("fastify-sql")) {
      fastifySql = await startFastifySqlServer(config.databaseUrl, config.ports.fastifySql, probe, logFile("fastify-sql"));
      http.set("fastify-sql", { name: "fastify-sql", port: fastifySql.port, pgid: fastifySql.process.pid, path: fastifySql.path });
      contestants.push({ name: "fastify-sql", description: DESCRIPTIONS["fastify-sql"], available: true });
      log(`fastify-sql listening (first tile after ${fastifySql.startMs} ms)`);
    }
    const sizeServer = bytesSource ?? fastifySql;
    if (sizeServer) {
      for (const layer of bytesSource ? TILE_LAYERS : (["divisions"] as const)) {
        for (const list of config.lists) {
          const summary = await bytesPass(sizeServer.port, layer, list, lists[list], (tile) => projectTilePath(layer, tile));
          bytes.push(summary);
          log(
            `bytes ${layer} ${list}: ${summary.nonEmpty}/${summary.tiles} non-empty, p50 ${(summary.bytes.p50 / 1024).toFixed(1)} KB, max ${(summary.bytes.max / 1024).toFixed(1)} KB, unloaded p50 ${summary.latencyMs.p50} ms`,
          );
        }
      }
    }
    if (mapServer) {
      for (const list of config.lists) {
        // A sample is enough to compare sizes, and MapServer is slow at low zoom.
        const summary = await bytesPass(mapServer.port, "divisions", list, spread(lists[list], MAPSERVER_BYTES_SAMPLE), mapServer.path);
        mapServerBytes.push(summary);
        log(`bytes MapServer ${list}: p50 ${(summary.bytes.p50 / 1024).toFixed(1)} KB, max ${(summary.bytes.max / 1024).toFixed(1)} KB, unloaded p50 ${summary.latencyMs.p50} ms`);
      }
    }

    let trivial: NodeServer | undefined;
    if (wanted.has("trivial")) {
      const z12 = bytes.find((entry) => entry.layer === "divisions" && entry.list === "z12");
      const bodyBytes = z12 && z12.bytes.p50 > 0 ? z12.bytes.p50 : 4096;
      trivial = await startTrivialServer(config.ports.trivial, bodyBytes, probe, logFile("trivial"));
      http.set("trivial", { name: "trivial", port: trivial.port, pgid: trivial.process.pid, path: trivial.path });
      contestants.push({ name: "trivial", description: `${DESCRIPTIONS.trivial} (${bodyBytes} bytes)`, available: true });
    }

    // Lookup workloads: seeded points in Jincheng and all over the country, kept where the route answers 200.
    let lookupSets: LookupPoints[] = [];
    if (projectServer && warm) {
      lookupSets = (await buildLookupPoints(sql, warm.port, config.seed, path.join(WORK_DIR, "paths"))).filter((set) => {
        if (set.paths.length === 0) notes.push(`lookup (${set.set}): none of ${set.candidates} points answered 200: not measured`);
        return set.paths.length > 0;
      });
      for (const set of lookupSets) {
        writePgbenchLookupScript(path.join(WORK_DIR, "pgbench", `lookup-${set.set}.sql`), set.set, set.paths.length);
        log(`lookup route (${set.set}): ${set.paths.length} of ${set.candidates} points answered`);
      }
    }

    const warmList = config.lists.includes("z12") ? "z12" : config.lists[0]!;
    const warmPaths = (name: ContestantName) => path.join(WORK_DIR, "paths", `${name === "mapserver" ? "mapserver" : "tiles"}-${warmList}.txt`);
    for (const contestant of http.values()) await warmUp(contestant, warmPaths(contestant.name), config);

    // OGC API items workload: a z12 tile's bbox per request, when the route answers GeoJSON.
    let itemsAvailable = false;
    if (projectServer && warm && lists.z12.length > 0) {
      const itemsPaths = lists.z12.map((tile) => `/ogc/collections/divisions/items?bbox=${tileBounds(tile).map((value) => value.toFixed(7)).join(",")}&limit=${ITEMS_LIMIT}`);
      const agent = keepAliveAgent(1);
      try {
        const answer = await httpGet(warm.port, itemsPaths[0]!, agent);
        itemsAvailable = answer.status === 200 && String(answer.headers["content-type"]).includes("json");
        if (itemsAvailable) {
          fs.writeFileSync(path.join(WORK_DIR, "paths", "items.txt"), `${itemsPaths.join("\n")}\n`);
          writePgbenchItemsScript(path.join(WORK_DIR, "pgbench", "items.sql"), lists.z12.length, ITEMS_LIMIT);
          log(`OGC API items route: ${itemsPaths.length} z12 bboxes`);
        } else {
          notes.push(`OGC API items route answered ${answer.status}: the GeoJSON items target was not measured`);
        }
      } finally {
        agent.destroy();
      }
    }

    const runs: RunRecord[] = [];
    const openLoop: OpenLoopRecord[] = [];
    const viewport: BenchResults["viewport"] = [];
    const coldStartMs: number[] = [];
    let correctness: CorrectnessCheck[] = [];
    const listContestants = (["server-cold", "server-pyramid", "server-warm", "fastify-sql", "raw-sql", "mapserver"] as const).filter((name) => {
      if (!wanted.has(name)) return false;
      if (name === "raw-sql") return true;
      // server-cold and server-pyramid are started afresh in each round, so they are not in `http` yet.
      if (name === "server-cold" || name === "server-pyramid") return projectServer;
      return http.has(name);
    });
    // The rounds measure lookups on server-cold, or server-warm when it runs alone.
    const lookupServer = projectServer && (wanted.has("server-cold") || wanted.has("server-warm"));
    const totalRuns =
      config.rounds *
        (config.lists.length * config.connections.length * listContestants.length +
          (wanted.has("trivial") ? config.connections.length : 0) +
          (lookupServer ? lookupSets.length * config.connections.length * (wanted.has("raw-sql") ? 2 : 1) : 0) +
          (itemsAvailable ? 2 : 0)) +
      (wanted.has("pglite") && projectServer ? (config.lists.filter((list) => list === "z12" || list === "z15").length + 1) * config.connections.length : 0);
    const openLoopRuns = lookupServer ? config.rounds * lookupSets.length : 0;
    const openLoopSeconds = openLoopRuns * (config.openLoopS + config.openLoopWarmupS + 2);
    log(
      `${totalRuns} measured runs of ${config.durationS} s and ${openLoopRuns} open-loop runs of ${config.openLoopS} s: ` +
        `about ${Math.ceil((totalRuns * (config.durationS + 1) + openLoopSeconds + config.rounds * 4 * config.warmupS * 4) / 60)} min, plus bursts and passes`,
    );

    const measure = async (round: number, workload: string, contestant: ContestantName | "server-pglite", connections: number, run: () => Promise<LoadResult>, pgid: number | null) => {
      const load = loadAverage()[0];
      const sampler = pgid !== null ? sampleRss(pgid) : undefined;
      let result: LoadResult | null = null;
      let error: string | null = null;
      try {
        result = await run();
      } catch (caught) {
        error = (caught as Error).message.split("\n")[0]!.slice(0, 300);
      }
      const rssMb = sampler ? sampler.stop() : null;
      runs.push({ round, workload, contestant, connections, loadAverage: load, result, error, rssMb });
      log(`round ${round} ${workload} ${connections}c ${contestant}: ${describe(result, error)}${rssMb !== null ? `, RSS ${rssMb} MB` : ""} (load ${load})`);
      // A moment for sockets to close and the database to settle before the next contestant.
      await sleep(500);
    };

    /** pgbench of one of the raw SQL scripts; each new connection plans the statement once: ~0.12 s of warm-up a client. */
    const rawSql = (scriptName: string, clients: number, round: number) =>
      runPgbench({
        databaseUrl: config.databaseUrl,
        scriptFile: path.join(WORK_DIR, "pgbench", scriptName),
        clients,
        durationS: config.durationS,
        warmupS: config.warmupS + Math.ceil(clients * 0.12),
        seed: config.seed + round,
        logDir: path.join(WORK_DIR, "pgbench", "log"),
      });

    for (let round = 1; round <= config.rounds; round++) {
      let cold: NodeServer | undefined;
      if (projectServer && wanted.has("server-cold")) {
        cold = await startProjectServer({ name: "server-cold", databaseUrl: config.databaseUrl, port: config.ports.serverCold, cache: "off", pyramid: false, probe, logFile: logFile("server-cold") });
        coldStartMs.push(cold.startMs);
        const coldContestant: HttpContestant = { name: "server-cold", port: cold.port, pgid: cold.process.pid, path: cold.path };
        http.set("server-cold", coldContestant);
        log(`round ${round}: server-cold started, first tile after ${cold.startMs} ms`);
        await warmUp(coldContestant, warmPaths("server-cold"), config);
      }
      let pyramid: NodeServer | undefined;
      if (projectServer && wanted.has("server-pyramid") && config.lists.some((list) => listZoom(list) <= PYRAMID_MAX_ZOOM)) {
        pyramid = await startProjectServer({ name: "server-pyramid", databaseUrl: config.databaseUrl, port: config.ports.serverPyramid, cache: "off", probe, logFile: logFile("server-pyramid") });
        const pyramidContestant: HttpContestant = { name: "server-pyramid", port: pyramid.port, pgid: pyramid.process.pid, path: pyramid.path };
        http.set("server-pyramid", pyramidContestant);
        log(`round ${round}: server-pyramid started, first tile after ${pyramid.startMs} ms`);
        // The warm-up renders each low-zoom tile once, which puts it in the pyramid for the measured runs.
        for (const list of config.lists.filter((name) => listZoom(name) <= PYRAMID_MAX_ZOOM)) {
          await warmUp(pyramidContestant, path.join(WORK_DIR, "paths", `tiles-${list}.txt`), config);
        }
      }
      if (round === 1) {
        const checked = http.get("server-cold") ?? http.get("fastify-sql") ?? http.get("server-warm");
        if (checked) {
          correctness = await correctnessPass({
            sql,
            port: checked.port,
            pathOf: checked.path,
            samples: correctnessSamples(config, lists),
            ...(mapServer ? { mapServer: { port: mapServer.port, pathOf: mapServer.path } } : {}),
          });
          logCorrectness(checked.name, correctness);
        }
      }
      let workloadIndex = 0;
      for (const list of config.lists) {
        for (const connections of config.connections) {
          for (const name of rotate(listContestants, round + workloadIndex)) {
            if (name === "raw-sql") {
              await measure(round, list, name, connections, () => rawSql(`${list}.sql`, connections, round), null);
              continue;
            }
            // Above the pyramid's top zoom the pyramid server renders every tile as server-cold does.
            if (name === "server-pyramid" && listZoom(list) > PYRAMID_MAX_ZOOM) continue;
            const contestant = http.get(name)!;
            const pathsFile = path.join(WORK_DIR, "paths", `${name === "mapserver" ? "mapserver" : "tiles"}-${list}.txt`);
            await measure(
              round,
              list,
              name,
              connections,
              () => runWrk({ port: contestant.port, pathsFile, connections, durationS: config.durationS, timeoutS: config.timeoutS, checkContentType: name === "mapserver" }),
              contestant.pgid,
            );
          }
          workloadIndex++;
        }
      }
      const trivialContestant = http.get("trivial");
      if (trivialContestant) {
        for (const connections of config.connections) {
          const pathsFile = path.join(WORK_DIR, "paths", `tiles-${config.lists.includes("z12") ? "z12" : config.lists[0]}.txt`);
          await measure(round, "trivial", "trivial", connections, () => runWrk({ port: trivialContestant.port, pathsFile, connections, durationS: config.durationS, timeoutS: config.timeoutS }), trivialContestant.pgid);
        }
      }
      // Lookup and items are judged at the highest connection count only (the targets say so for lookup; items is a
      // ratio to its own raw SQL), which keeps the default run within its quarter of an hour.
      const top = Math.max(...config.connections);
      const apiServer = http.get("server-cold") ?? http.get("server-warm");
      for (const { set } of apiServer ? lookupSets : []) {
        const workload = `lookup-${set}`;
        const pathsFile = path.join(WORK_DIR, "paths", `${workload}.txt`);
        for (const side of rotate(wanted.has("raw-sql") ? (["server", "raw-sql"] as const) : (["server"] as const), round)) {
          if (side === "raw-sql") {
            for (const connections of config.connections) await measure(round, workload, "raw-sql", connections, () => rawSql(`${workload}.sql`, connections, round), null);
            continue;
          }
          // As the tiles and the raw SQL are: each new database connection plans the lookup once, which is start-up,
          // not the steady state the targets speak of.
          await warmUp(apiServer!, pathsFile, config);
          for (const connections of config.connections) {
            await measure(round, workload, apiServer!.name, connections, () => runWrk({ port: apiServer!.port, pathsFile, connections, durationS: config.durationS, timeoutS: config.timeoutS }), apiServer!.pgid);
          }
        }
        // Open-loop at half of this round's maximum closed-loop rate of the same server process.
        const closedLoop = runs.filter((run) => run.round === round && run.workload === workload && run.contestant === apiServer!.name && run.result);
        const best = closedLoop.reduce<RunRecord | undefined>((top, run) => (!top || run.result!.requestsPerSecond > top.result!.requestsPerSecond ? run : top), undefined);
        if (!best) continue;
        const rate = Math.max(1, Math.round(best.result!.requestsPerSecond / 2));
        const record: OpenLoopRecord = { round, set, maxRate: best.result!.requestsPerSecond, maxConnections: best.connections, loadAverage: loadAverage()[0], result: null, error: null };
        try {
          record.result = await runOpenLoop({
            port: apiServer!.port,
            pathsFile,
            rate,
            durationS: config.openLoopS,
            warmupS: config.openLoopWarmupS,
            connections: config.openLoopConnections,
            timeoutS: config.timeoutS,
            seed: config.seed + round,
          });
        } catch (caught) {
          record.error = (caught as Error).message.split("\n")[0]!.slice(0, 300);
        }
        openLoop.push(record);
        const result = record.result;
        log(
          `round ${round} ${workload} open-loop ${rate}/s (half of ${record.maxRate}/s at ${record.maxConnections}c) ${apiServer!.name}: ` +
            (result
              ? `${result.completedPerSecond}/s answered, p50 ${result.latencyMs.p50} p90 ${result.latencyMs.p90} p99 ${result.latencyMs.p99} max ${result.latencyMs.max} ms, send lag p99 ${result.sendLagMs.p99} ms${result.errors ? `, errors ${result.errors} (${result.errorDetail})` : ""}`
              : `FAILED: ${record.error}`) +
            ` (load ${record.loadAverage})`,
        );
        await sleep(500);
      }
      if (itemsAvailable && apiServer) {
        const order = rotate(["server", "raw-sql"] as const, round);
        for (const side of order) {
          if (side === "server") {
            const pathsFile = path.join(WORK_DIR, "paths", "items.txt");
            await warmUp(apiServer, pathsFile, config);
            await measure(round, "items", apiServer.name, top, () => runWrk({ port: apiServer.port, pathsFile, connections: top, durationS: config.durationS, timeoutS: config.timeoutS }), apiServer.pgid);
          } else {
            await measure(round, "items", "raw-sql", top, () => rawSql("items.sql", top, round), null);
          }
        }
      }
      for (const name of rotate([...listContestants], round)) {
        let burst: BurstSummary;
        if (name === "raw-sql") {
          const pool = await openBenchDatabase(config, 6);
          try {
            burst = await viewportBurstsSql(pool.sql, lists.viewport, config.viewportBursts);
          } finally {
            await pool.close();
          }
        } else {
          const contestant = http.get(name)!;
          burst = await viewportBursts(contestant.port, lists.viewport, contestant.path, config.viewportBursts);
        }
        viewport.push({ contestant: name, round, burst });
        log(`round ${round} viewport ${name}: burst p50 ${burst.burstMs.p50} ms (max ${burst.burstMs.max}), tile p50 ${burst.tileMs.p50} ms${burst.errors ? `, errors ${burst.errors}` : ""}`);
      }
      if (cold) {
        await cold.stop();
        http.delete("server-cold");
      }
      if (pyramid) {
        await pyramid.stop();
        http.delete("server-pyramid");
      }
    }
    // The generator must not be what limits the open-loop runs: twice the highest rate they used, at the trivial route.
    let generatorCheck: GeneratorCheck | null = null;
    const usedRates = openLoop.filter((record) => record.result).map((record) => record.result!.rate);
    if (usedRates.length > 0) {
      let trivialServer = trivial;
      if (!trivialServer) trivialServer = await startTrivialServer(config.ports.trivial, 4096, probe, logFile("trivial"));
      const tilesFile = path.join(WORK_DIR, "paths", "generator-check.txt");
      writePaths(tilesFile, lists.viewport, (tile) => projectTilePath("divisions", tile));
      generatorCheck = { rate: 2 * Math.max(...usedRates), result: null, error: null };
      try {
        generatorCheck.result = await runOpenLoop({
          port: trivialServer.port,
          pathsFile: tilesFile,
          rate: generatorCheck.rate,
          durationS: config.openLoopS,
          warmupS: config.openLoopWarmupS,
          connections: config.openLoopConnections,
          timeoutS: config.timeoutS,
          seed: config.seed,
        });
        const result = generatorCheck.result;
        log(`open-loop generator at ${generatorCheck.rate}/s against the trivial route: ${result.completedPerSecond}/s answered, p50 ${result.latencyMs.p50} p99 ${result.latencyMs.p99} ms, send lag p99 ${result.sendLagMs.p99} ms, errors ${result.errors}`);
      } catch (caught) {
        generatorCheck.error = (caught as Error).message.split("\n")[0]!.slice(0, 300);
        log(`open-loop generator check failed: ${generatorCheck.error}`);
      }
      if (!trivial) await trivialServer.stop();
    }

    let session: SessionSummary | null = null;
    if (projectServer && wanted.has("server-warm") && config.sessionVisitors > 0) {
      const views = await buildViewportSession(sql, config.sessionVisitors, config.seed);
      // track_functions = pl on the tracked server's own sessions only (a startup parameter), and a name to find them by.
      const trackedUrl = new URL(config.databaseUrl);
      trackedUrl.searchParams.set("track_functions", "pl");
      trackedUrl.searchParams.set("application_name", SESSION_APPLICATION_NAME);
      // A z6 tile as the readiness probe: no view of the session asks for one, so it puts nothing in the cache they use.
      const sessionProbe = lists.z6[0] ?? probe;
      try {
        session = await sessionHitRate({
          sql,
          visitors: config.sessionVisitors,
          views,
          cacheMaxBytes: DEFAULT_TILE_CACHE_BYTES,
          start: () => startProjectServer({ name: "server-session", databaseUrl: trackedUrl.toString(), port: config.ports.session, cache: "allowed", probe: sessionProbe, logFile: logFile("server-session") }),
        });
        log(
          `viewport session: ${session.visitors} visitors, ${session.views} views, ${session.requests} requests (${session.distinctTiles} distinct): ` +
            `${session.hits} from the cache (${Math.round(session.hitRate * 1000) / 10}%; unbounded ${Math.round(session.unboundedHitRate * 1000) / 10}%), ${session.errors} errors, ${session.seconds} s`,
        );
      } catch (error) {
        notes.push(`the viewport session failed: ${(error as Error).message.split("\n")[0]}`);
        log(`viewport session failed: ${(error as Error).message}`);
      }
    }
    await stopAll();

    let pglite: PgliteInfo | null = null;
    if (projectServer && wanted.has("pglite")) {
      pglite = await embeddedPass({ config, sql, lists, lookupSets, logFile, measure: (workload, connections, run, pgid) => measure(1, workload, "server-pglite", connections, run, pgid) });
      contestants.push({ name: "pglite", description: DESCRIPTIONS.pglite, available: pglite.error === null, ...(pglite.error ? { reason: pglite.error } : {}) });
    }

    let scaleOut: ScaleOutResults | null = null;
    if (projectServer && wanted.has("scale-out")) {
      scaleOut = await scaleOutPass({ config, sql, lists, lookupPaths: lookupSets.length > 0 ? lookupSets.flatMap((set) => set.paths) : undefined, soakMinutes: config.soakMinutes, log });
      contestants.push({ name: "scale-out", description: DESCRIPTIONS["scale-out"], available: scaleOut.error === null, ...(scaleOut.error ? { reason: scaleOut.error } : {}) });
    }

    const digestAtEnd = codeDigest();
    if (digestAtEnd !== digestAtStart) {
      notes.push(`server/src or sql/ changed during the run (digest ${digestAtStart} → ${digestAtEnd}): rounds may have measured different code`);
    }
    const summary = summarise(runs);
    const ratioRows = ratios(runs, summary);
    const targets = judgeTargets({
      summary,
      ratios: ratioRows,
      bytes,
      coldStartMs,
      connections: config.connections,
      lookupSets: lookupSets.map((set) => set.set),
      openLoop: openLoopRows(openLoop),
      generatorCheck,
      itemsMeasured: itemsAvailable,
      soak: scaleOut?.soak ?? null,
      soakMinutes: config.soakMinutes,
    });
    const loads = runs.map((run) => run.loadAverage);
    const finishedAt = new Date();
    const results: BenchResults = {
      meta: {
        startedAt: startedAt.toISOString(),
        finishedAt: finishedAt.toISOString(),
        minutes: Math.round((finishedAt.getTime() - startedAt.getTime()) / 6000) / 10,
        git: { ...gitState(), codeDigest: digestAtStart },
        machine: {
          cpus: os.cpus().length,
          cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
          memoryGb: Math.round(os.totalmem() / 2 ** 30),
          kernel: os.release(),
          node: process.version,
        },
        settings: {
          durationS: config.durationS,
          rounds: config.rounds,
          connections: config.connections,
          seed: config.seed,
          wrkTimeoutS: config.timeoutS,
          openLoopS: config.openLoopS,
          openLoopConnections: config.openLoopConnections,
        },
        loadAverage: {
          start: loadAtStart,
          end: loadAverage(),
          beforeRuns: { min: Math.min(...loads), median: median(loads), max: Math.max(...loads) },
        },
        postgresSettings,
        cacheKnob: `${TILE_CACHE_VARIABLE}=0 (config.${knob})`,
        notes,
      },
      data,
      lists: Object.fromEntries(Object.entries(lists).map(([name, tiles]) => [name, tiles.length])),
      contestants,
      coldStartMs,
      runs,
      summary,
      ratios: ratioRows,
      bytes,
      mapServerBytes,
      correctness,
      viewport,
      openLoop,
      generatorCheck,
      session,
      pglite,
      scaleOut,
      targets,
    };
    for (const target of targets) log(`target: ${target.result.toUpperCase()} ${target.target}: ${target.measured}`);
    if (config.writeResults) {
      const files = writeResults(results, RESULTS_DIR, HISTORY_DIR, path.join(REPO_ROOT, "README.md"));
      log(`wrote ${files.map((file) => path.relative(REPO_ROOT, file)).join(", ")}`);
    } else {
      const file = path.join(WORK_DIR, "results.json");
      fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
      log(`--no-write: results in ${path.relative(REPO_ROOT, file)} only`);
    }
    return EXIT_OK;
  } finally {
    await stopAll();
    await database.close();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  await stopAll();
  process.exitCode = EXIT_FAILED;
}
