/**
 * The scale-out pass of npm run bench (issue 16): the loopback set-up of scripts/deploy/ (primary, pg_basebackup
 * replica, pgbouncer, server processes, nginx: loopback.ts) on the bench's own national synthetic data, with 1 and
 * then 2 server processes, and optionally the soak run (soak.ts) on 2 processes.
 * The data: the bench database, built once by the bench's own path (setup, Jincheng import, synthetic loader), is
 * dumped (pg_dump -Fc, uncompressed: a few seconds) and restored into each new primary (pg_restore -j 2), so every
 * set-up starts from exactly the data the other passes measured and nothing of the shared PostgreSQL is touched.
 * Measured per tile list (the national ones: z9, z15), at the run's highest connection count, with wrk:
 * - nginx → processes: tile URLs without ?v= and TILE_MAX_AGE_S=0, so nginx keeps none, and each process's tile
 *   cache off: every tile is rendered by the replica; what 1 and 2 processes can serve;
 * - nginx, cache warm: tile URLs at the current revision (immutable), after one pass over them: nginx answers;
 * - one process directly (1 process only): the same uncached tiles without nginx's hop.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { startLoopback, type Loopback } from "../deploy/loopback.ts";
import type { Sql } from "../../server/src/db/database.ts";
import { createAccount } from "../../server/src/auth/accounts.repo.ts";
import { hashPassword } from "../../server/src/auth/passwords.ts";
import { libpqParameters, WORK_DIR, type BenchConfig } from "./bench-config.ts";
import { projectTilePath } from "./contestants/node-servers.ts";
import { httpGet, keepAliveAgent, mapConcurrent } from "./http-client.ts";
import { runWrk, type LoadResult } from "./load-runners.ts";
import { buildLookupPoints } from "./lookup-points.ts";
import { runToEnd } from "./processes.ts";
import { runSoak, type SoakResult } from "./soak.ts";
import type { TileLists } from "./tile-lists.ts";
import { tileBounds, type TileAddress } from "./tile-math.ts";

/** The national lists: every z9 tile over the data, and z15 tiles sampled over the country's townships. */
const SCALE_OUT_LISTS = ["z9", "z15"] as const;
const SCALE_OUT_DIR = path.join(WORK_DIR, "scale-out");
/** Closed-loop readers of the soak: enough to keep both processes busy without starving the writer. */
const SOAK_READERS = 4;

type ScaleOutPath = "nginx-uncached" | "nginx-cached" | "direct";

export interface ScaleOutRow {
  processes: number;
  path: ScaleOutPath;
  list: string;
  tiles: number;
  connections: number;
  result: LoadResult | null;
  error: string | null;
}

export interface ScaleOutResults {
  /** Seconds from nothing to the whole set-up answering (restore of the data included), per process count. */
  setupSeconds: Record<string, number>;
  rows: ScaleOutRow[];
  soak: SoakResult | null;
  /** Why the pass or the soak stopped early; null when all ran. */
  error: string | null;
}

/** Dumps the bench database once for the pass; restoring it is each set-up's loadData. */
async function dumpBenchDatabase(config: BenchConfig): Promise<string> {
  const file = path.join(SCALE_OUT_DIR, "bench.dump");
  const target = libpqParameters(config.databaseUrl);
  const args = ["-h", target.host, "-p", target.port, "-U", target.user, "-Fc", "-Z", "0", "-f", file, target.database];
  await runToEnd("pg_dump", "pg_dump", args, { env: { ...process.env, PGPASSWORD: target.password }, timeoutMs: 10 * 60_000 });
  return file;
}

async function restore(dumpFile: string, primaryUrl: string, pgBin: string): Promise<void> {
  const target = libpqParameters(primaryUrl);
  const args = ["-h", target.host, "-p", target.port, "-U", target.user, "-d", target.database, "-j", "2", "--no-owner", "--no-privileges", dumpFile];
  await runToEnd("pg_restore", path.join(pgBin, "pg_restore"), args, { env: { ...process.env, PGPASSWORD: target.password }, timeoutMs: 20 * 60_000 });
  // pg_restore brings no planner statistics: gather them before the replica copies the data.
  const sql = postgres(primaryUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`analyze`;
  } finally {
    await sql.end();
  }
}

/** Searches: names of seeded townships all over the data, as a visitor types them. */
async function searchPaths(sql: Sql, seed: number): Promise<string[]> {
  const rows = await sql<{ name: string }[]>`
    select name from divisions where level = 'township' order by md5(code || ${String(seed)}::text) limit 100`;
  return rows.map((row) => `/api/search?q=${encodeURIComponent(row.name)}`);
}

/** The soak's bureau account, made in the primary for this run with a random password, and the records it edits. */
async function soakAccount(loopback: Loopback): Promise<{ bureau: { name: string; password: string }; writeTargets: { plannerId: number; areaId: number } }> {
  const sql = postgres(loopback.primaryUrl, { max: 1, onnotice: () => {} }) as unknown as Sql;
  try {
    const bureau = { name: `soak-bureau-${randomBytes(4).toString("hex")}`, password: randomBytes(18).toString("base64url") };
    await createAccount(sql, { name: bureau.name, role: "bureau", displayName: "soak run", passwordHash: await hashPassword(bureau.password), plannerId: null }, "bench:soak");
    // A belt: its saves are judged against nothing but its own validity (belts may overlap anything).
    const [targets] = await sql<{ plannerId: number | null; areaId: number | null }[]>`
      select (select id from planners order by id limit 1)::int as "plannerId",
             (select id from areas where not locked and retired_on is null order by kind <> 'belt', id limit 1)::int as "areaId"`;
    if (!targets?.plannerId || !targets.areaId) throw new Error("the bench database has no planner or area for the soak's writes");
    return { bureau, writeTargets: { plannerId: targets.plannerId, areaId: targets.areaId } };
  } finally {
    await (sql as unknown as postgres.Sql).end();
  }
}

function writePaths(file: string, paths: readonly string[]): string {
  fs.writeFileSync(file, `${paths.join("\n")}\n`);
  return file;
}

/**
 * Runs the pass. Failures of a measurement are kept in its row; a set-up that does not start ends the pass with
 * `error` set (the rows measured so far are kept). Never throws for a failure of the set-up or the soak.
 */
export async function scaleOutPass(options: {
  config: BenchConfig;
  /** The bench database (search names, lookup points when none are given). */
  sql: Sql;
  lists: TileLists;
  /** Lookup request paths that answer 200 (the bench's); built against the set-up when absent. */
  lookupPaths?: readonly string[];
  soakMinutes: number;
  log: (line: string) => void;
}): Promise<ScaleOutResults> {
  const { config, lists, log } = options;
  const results: ScaleOutResults = { setupSeconds: {}, rows: [], soak: null, error: null };
  fs.rmSync(SCALE_OUT_DIR, { recursive: true, force: true });
  fs.mkdirSync(SCALE_OUT_DIR, { recursive: true });
  const connections = Math.max(...config.connections);
  const wanted = SCALE_OUT_LISTS.filter((list) => config.lists.includes(list));
  const tileLists = (wanted.length > 0 ? wanted : [config.lists[0]!]).map((list) => ({ list, tiles: lists[list] }));
  let lookupPaths = options.lookupPaths;
  const demoPassword = randomBytes(18).toString("base64url");
  try {
    log("scale-out: dumping the bench database for the set-up's primary");
    const dumpFile = await dumpBenchDatabase(config);
    for (const processes of [1, 2]) {
      const started = performance.now();
      const loopback = await startLoopback({
        servers: processes,
        demoPassword,
        tileCacheMaxBytes: 0,
        tileMaxAgeS: 0,
        loadData: (primaryUrl, pgBin) => restore(dumpFile, primaryUrl, pgBin),
        log: (line) => log(`scale-out (${processes} process${processes === 1 ? "" : "es"}): ${line}`),
      });
      try {
        results.setupSeconds[String(processes)] = Math.round((performance.now() - started) / 100) / 10;
        log(`scale-out: set-up with ${processes} process${processes === 1 ? "" : "es"} answering after ${results.setupSeconds[String(processes)]} s`);
        const nginxPort = Number(new URL(loopback.nginx).port);
        const agent = keepAliveAgent(8);
        try {
          const tileJson = JSON.parse((await httpGet(nginxPort, "/tiles/divisions.json", agent)).body.toString()) as { tiles: string[] };
          const revision = new URL(tileJson.tiles[0]!.replace(/[{}]/g, "")).searchParams.get("v")!;
          const measure = async (list: string, tiles: number, route: ScaleOutPath, port: number, pathsFile: string) => {
            const row: ScaleOutRow = { processes, path: route, list, tiles, connections, result: null, error: null };
            try {
              row.result = await runWrk({ port, pathsFile, connections, durationS: config.durationS, timeoutS: config.timeoutS });
            } catch (error) {
              row.error = (error as Error).message.split("\n")[0]!.slice(0, 300);
            }
            results.rows.push(row);
            const result = row.result;
            log(
              `scale-out ${processes}p ${list} ${route} ${connections}c: ` +
                (result ? `${result.requestsPerSecond} req/s, p50 ${result.latencyMs.p50} p99 ${result.latencyMs.p99} ms${result.errors ? `, errors ${result.errors} (${result.errorDetail})` : ""}` : `FAILED: ${row.error}`),
            );
          };
          for (const { list, tiles } of tileLists) {
            const tilePaths = tiles.map((tile: TileAddress) => projectTilePath("divisions", tile));
            const uncached = writePaths(path.join(SCALE_OUT_DIR, `${list}-uncached.txt`), tilePaths);
            const cached = writePaths(path.join(SCALE_OUT_DIR, `${list}-cached.txt`), tilePaths.map((tilePath) => `${tilePath}?v=${revision}`));
            // Unmeasured: fills every process's database pool and plans the tile statement on each connection.
            await runWrk({ port: nginxPort, pathsFile: uncached, connections, durationS: config.warmupS, timeoutS: config.timeoutS }).catch(() => undefined);
            await measure(list, tiles.length, "nginx-uncached", nginxPort, uncached);
            if (processes === 1) await measure(list, tiles.length, "direct", Number(new URL(loopback.servers[0]!).port), uncached);
            await mapConcurrent(tilePaths, 8, (tilePath) => httpGet(nginxPort, `${tilePath}?v=${revision}`, agent));
            await measure(list, tiles.length, "nginx-cached", nginxPort, cached);
          }
          if (processes === 2 && options.soakMinutes > 0) {
            if (!lookupPaths) {
              const sets = await buildLookupPoints(options.sql, Number(new URL(loopback.servers[0]!).port), config.seed, SCALE_OUT_DIR);
              lookupPaths = sets.flatMap((set) => set.paths);
            }
            // The soak runs as deployed: processes' tile caches on, so the scale-out rows' set-up is not reused.
            await loopback.stop();
            const soakStarted = performance.now();
            const soakLoopback = await startLoopback({
              servers: 2,
              demoPassword,
              loadData: (primaryUrl, pgBin) => restore(dumpFile, primaryUrl, pgBin),
              log: (line) => log(`soak set-up: ${line}`),
            });
            try {
              log(`soak: set-up answering after ${Math.round((performance.now() - soakStarted) / 1000)} s; ${options.soakMinutes} min of mixed reads and bureau writes`);
              const account = await soakAccount(soakLoopback);
              results.soak = await runSoak({
                base: soakLoopback.nginx,
                serverPids: soakLoopback.serverPids,
                minutes: options.soakMinutes,
                readers: SOAK_READERS,
                seed: config.seed,
                reads: {
                  tiles: [...lists.z9, ...lists.z12, ...lists.z15].map((tile) => projectTilePath("divisions", tile)),
                  lookup: lookupPaths,
                  search: await searchPaths(options.sql, config.seed),
                  items: lists.z12.map((tile) => `/ogc/collections/divisions/items?bbox=${tileBounds(tile).map((value) => value.toFixed(7)).join(",")}&limit=100`),
                },
                ...account,
                log,
              });
              const soak = results.soak;
              log(
                `soak: ${soak.pass ? "PASS" : "FAIL"}: ${Object.values(soak.reads).reduce((total, count) => total + count, 0)} reads, ${soak.writes} writes (${soak.requestsPerSecond}/s), errors ${soak.errors}` +
                  `${soak.errorSamples.length ? ` (${soak.errorSamples.join("; ")})` : ""}; RSS ${soak.processes.map((entry) => `${entry.startMb} → ${entry.endMb} MB (${entry.growthPercent}%)`).join(", ")}`,
              );
            } finally {
              await soakLoopback.stop();
            }
          }
        } finally {
          agent.destroy();
        }
      } finally {
        await loopback.stop();
      }
    }
  } catch (error) {
    results.error = (error as Error).message.split("\n")[0]!.slice(0, 300);
    log(`scale-out pass stopped: ${(error as Error).message}`);
  } finally {
    fs.rmSync(SCALE_OUT_DIR, { recursive: true, force: true });
  }
  return results;
}
