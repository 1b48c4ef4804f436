/**
 * The benchmark's settings: command-line options over environment variables over defaults. This is the bench's only
 * reader of process.env (server/src/config.ts knows nothing of the bench, and the server processes the bench starts
 * get their environment from here). Bad values stop the bench before it touches anything.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { integerSetting as integer } from "../../server/src/config.ts";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
const BENCH_DIR = path.join(REPO_ROOT, "scripts/bench");
/** Scratch files (tile lists, generated mapfile, logs): git-ignored, rebuilt by every run (all but HISTORY_DIR). */
export const WORK_DIR = path.join(BENCH_DIR, "work");
/** The committed results: latest.json (tables) and latest.md. */
export const RESULTS_DIR = path.join(BENCH_DIR, "results");
/** A dated copy of every run, in full: kept across runs, git-ignored with the rest of WORK_DIR. */
export const HISTORY_DIR = path.join(WORK_DIR, "results");

const CONTESTANTS = ["server-cold", "server-pyramid", "server-warm", "raw-sql", "mapserver", "trivial", "fastify-sql", "pglite", "scale-out"] as const;
export type ContestantName = (typeof CONTESTANTS)[number];
/** fastify-sql (a minimal Fastify + postgres.js route calling the same tile SQL) runs by default only as a stand-in
 * while the project's tile routes are missing; ask for it by name to run it next to them. */
const DEFAULT_CONTESTANTS: ContestantName[] = ["server-cold", "server-pyramid", "server-warm", "raw-sql", "mapserver", "trivial", "pglite", "scale-out"];

const TILE_LISTS = ["z6", "z9", "z12", "z15"] as const;
export type TileListName = (typeof TILE_LISTS)[number] | "viewport";

export interface BenchConfig {
  databaseUrl: string;
  referenceDataDir: string;
  seed: number;
  townships: number;
  projects: number;
  workRecords: number;
  opinions: number;
  rounds: number;
  /** Seconds of load per measured run. */
  durationS: number;
  /** Unmeasured seconds before each pgbench run, and of the one warm-up of each HTTP contestant after it starts. */
  warmupS: number;
  connections: number[];
  contestants: ContestantName[];
  lists: (typeof TILE_LISTS)[number][];
  /** wrk's per-request timeout; a slower answer counts as an error. */
  timeoutS: number;
  /** z15 sample size. */
  z15Sample: number;
  /** Tiles per list that the correctness pass decodes. */
  correctnessSample: number;
  /** Number of viewport bursts per contestant per round. */
  viewportBursts: number;
  /** Measured seconds of each open-loop lookup run (after openLoopWarmupS unmeasured ones at the same rate). */
  openLoopS: number;
  openLoopWarmupS: number;
  /** Keep-alive connections of the open-loop generator's pool. */
  openLoopConnections: number;
  /** Visitors of the viewport session (tile cache hit rate). */
  sessionVisitors: number;
  /** Minutes of the soak run on the scale-out set-up (0: none). */
  soakMinutes: number;
  ports: { serverCold: number; serverPyramid: number; serverWarm: number; trivial: number; mapserver: number; fastifySql: number; pglite: number; session: number };
  onlyGenerate: boolean;
  /** Run the correctness pass alone (project server and MapServer), then stop. */
  onlyCorrectness: boolean;
  rebuild: boolean;
  /** Allow apt-get install of missing tools (default true: the brief of the bench is to install on first run). */
  install: boolean;
  /** Write results/, the README section and the dated copy (off for quick development runs). */
  writeResults: boolean;
  allowDbReset: boolean;
}

const USAGE = `Usage: npm run bench -- [options]

Benchmarks the project's vector tile server against the raw tile SQL (pgbench), MapServer 8 (FastCGI behind
lighttpd) and a trivial Fastify route, on PostgreSQL + PostGIS with the Jincheng reference data and a seeded
national-scale synthetic set; the lookup closed-loop (maximum rate, against pgbench of its SQL) and open-loop
(latency at half that rate); the hit rate of the server's tile cache on a viewport session; and the server on the
embedded PGlite (contestant pglite, Jincheng data only); and the scale-out set-up of scripts/deploy/ (contestant
scale-out: primary, replica, pgbouncer, 1 and 2 server processes, nginx, on a copy of the bench database) with an
optional soak run. Everything runs on 127.0.0.1; results go to
scripts/bench/results/ (latest.json and latest.md), the README, and a dated copy of the whole run in
scripts/bench/work/results/ (git-ignored).

Options (environment variable in brackets):
  --duration <s>        seconds of load per run (BENCH_DURATION_S, default 5)
  --rounds <n>          rounds over all contestants (BENCH_ROUNDS, default 3)
  --connections <list>  comma-separated connection counts (BENCH_CONNECTIONS, default 2,8,32); the targets compare
                        each side's best over them
  --contestants <list>  any of ${CONTESTANTS.join(", ")} (default ${DEFAULT_CONTESTANTS.join(",")})
  --lists <list>        any of ${TILE_LISTS.join(", ")} (default all)
  --seed <n>            seed of the synthetic data and samples (BENCH_SEED, default 20240601)
  --townships <n>       synthetic townships, at least (BENCH_TOWNSHIPS, default 40000)
  --points <n>          synthetic projects and work records, each (BENCH_POINTS, default 100000)
  --open-loop-duration <s>
                        measured seconds of each open-loop lookup run, at half the server's maximum lookup rate
                        (BENCH_OPEN_LOOP_S, default 10; 1 unmeasured second at the same rate comes first)
  --open-loop-connections <n>
                        keep-alive connections of the open-loop generator (default 32)
  --session-visitors <n>
                        visitors of the viewport session that measures the tile cache's hit rate (default 40;
                        0 skips it)
  --soak-minutes <n>    minutes of the soak run (mixed reads and bureau writes on the scale-out set-up with 2
                        processes; RSS growth ≤ 10%, zero errors) after the scale-out pass (BENCH_SOAK_MINUTES,
                        default 0: not run; the issue's soak is 10)
  --only-generate       set up the bench database and data, then stop
  --only-correctness    only the correctness pass: decode sample tiles of the server and MapServer (when among the
                        contestants) and compare them with the database; replaces the correctness part of
                        results/latest.* and the README unless --no-write
  --rebuild             drop and rebuild the bench database (only one the bench built, or with ALLOW_DB_RESET=1)
  --no-install          never run apt-get; stop if a tool is missing
  --no-write            do not write results/ nor the README (development runs; results in work/ only)
  -h, --help

Environment: BENCH_DATABASE_URL (default postgres://postgres:postgres@127.0.0.1:5432/planner_atlas_bench; created
if missing, must be on this machine), REFERENCE_DATA_DIR (default ../shared/data/jincheng).`;

export class BenchConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid bench options:\n  - ${problems.join("\n  - ")}`);
    this.name = "BenchConfigError";
  }
}

/** Host names that are this machine; the bench refuses to load anything else. */
const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", ""]);

function list<T extends string>(raw: string | undefined, name: string, allowed: readonly T[], fallback: T[], problems: string[]): T[] {
  if (raw === undefined || raw === "") return fallback;
  const items = raw.split(",").map((item) => item.trim()).filter(Boolean);
  const unknown = items.filter((item) => !allowed.includes(item as T));
  if (unknown.length > 0) problems.push(`${name}: unknown ${unknown.join(", ")} (allowed: ${allowed.join(", ")})`);
  return items.filter((item): item is T => allowed.includes(item as T));
}

/** Parses argv and the environment; returns undefined after printing help; throws BenchConfigError. */
export function loadBenchConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchConfig | undefined {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    options: {
      duration: { type: "string" },
      rounds: { type: "string" },
      connections: { type: "string" },
      contestants: { type: "string" },
      lists: { type: "string" },
      seed: { type: "string" },
      townships: { type: "string" },
      points: { type: "string" },
      "open-loop-duration": { type: "string" },
      "open-loop-connections": { type: "string" },
      "session-visitors": { type: "string" },
      "soak-minutes": { type: "string" },
      "only-generate": { type: "boolean", default: false },
      "only-correctness": { type: "boolean", default: false },
      rebuild: { type: "boolean", default: false },
      "no-install": { type: "boolean", default: false },
      "no-write": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return undefined;
  }
  const problems: string[] = [];
  const databaseUrl = env.BENCH_DATABASE_URL?.trim() || "postgres://postgres:postgres@127.0.0.1:5432/planner_atlas_bench";
  try {
    const parsed = new URL(databaseUrl);
    if (!/^postgres(ql)?:$/.test(parsed.protocol)) problems.push("BENCH_DATABASE_URL must start with postgres://");
    if (!LOCAL_HOSTS.has(parsed.hostname)) problems.push(`BENCH_DATABASE_URL must point at this machine (127.0.0.1), not ${parsed.hostname}`);
    if (parsed.pathname.length <= 1) problems.push("BENCH_DATABASE_URL must name a database");
  } catch {
    problems.push("BENCH_DATABASE_URL is not a URL");
  }
  const connections = (values.connections ?? env.BENCH_CONNECTIONS ?? "2,8,32").split(",").map((item) => integer(item.trim(), "--connections", 0, 1, 256, problems));
  const points = integer(values.points ?? env.BENCH_POINTS, "--points", 100_000, 0, 5_000_000, problems);
  const config: BenchConfig = {
    databaseUrl,
    referenceDataDir: path.resolve(REPO_ROOT, env.REFERENCE_DATA_DIR?.trim() || "../shared/data/jincheng"),
    seed: integer(values.seed ?? env.BENCH_SEED, "--seed", 20_240_601, 1, 2 ** 31 - 1, problems),
    townships: integer(values.townships ?? env.BENCH_TOWNSHIPS, "--townships", 40_000, 100, 500_000, problems),
    projects: points,
    workRecords: points,
    opinions: Math.round(points / 5),
    rounds: integer(values.rounds ?? env.BENCH_ROUNDS, "--rounds", 3, 1, 20, problems),
    durationS: integer(values.duration ?? env.BENCH_DURATION_S, "--duration", 5, 1, 600, problems),
    connections: [...new Set(connections)],
    contestants: list(values.contestants, "--contestants", CONTESTANTS, DEFAULT_CONTESTANTS, problems),
    lists: list(values.lists, "--lists", TILE_LISTS, [...TILE_LISTS], problems),
    warmupS: 2,
    timeoutS: 10,
    z15Sample: 1000,
    correctnessSample: 12,
    viewportBursts: 10,
    openLoopS: integer(values["open-loop-duration"] ?? env.BENCH_OPEN_LOOP_S, "--open-loop-duration", 10, 1, 600, problems),
    openLoopWarmupS: 1,
    openLoopConnections: integer(values["open-loop-connections"], "--open-loop-connections", 32, 1, 256, problems),
    sessionVisitors: integer(values["session-visitors"], "--session-visitors", 40, 0, 1000, problems),
    soakMinutes: integer(values["soak-minutes"] ?? env.BENCH_SOAK_MINUTES, "--soak-minutes", 0, 0, 240, problems),
    // 8476 is import-lookup.ts's.
    ports: { serverCold: 8471, serverPyramid: 8479, serverWarm: 8472, trivial: 8473, mapserver: 8474, fastifySql: 8475, pglite: 8477, session: 8478 },
    onlyGenerate: values["only-generate"],
    onlyCorrectness: values["only-correctness"],
    rebuild: values.rebuild,
    install: !values["no-install"],
    writeResults: !values["no-write"],
    allowDbReset: env.ALLOW_DB_RESET === "1",
  };
  if (config.onlyGenerate && config.onlyCorrectness) problems.push("--only-generate and --only-correctness exclude each other");
  if (problems.length > 0) throw new BenchConfigError(problems);
  return config;
}

/** Connection parameters for libpq tools (pgbench, psql), taken apart from the URL; the password goes by env. */
export function libpqParameters(databaseUrl: string): { host: string; port: string; user: string; database: string; password: string } {
  const url = new URL(databaseUrl);
  return {
    host: url.hostname.replace(/^\[|\]$/g, "") || "127.0.0.1",
    port: url.port || "5432",
    user: decodeURIComponent(url.username) || "postgres",
    database: decodeURIComponent(url.pathname.slice(1)),
    password: decodeURIComponent(url.password),
  };
}
