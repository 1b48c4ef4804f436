/**
 * The Node contestants, each in a process of its own so that the bench's own work never shares their event loop:
 * - the project's server, the bundle dist/server/bin/server.mjs started with plain node exactly as `npm run serve`
 *   starts it (the bench builds it first), once with the hot-tile cache disabled (cold) and once with it allowed (warm);
 * - trivial-server.ts: a Fastify route that answers every tile with the same bytes, the HTTP ceiling of this machine;
 * - fastify-sql-server.ts: a minimal Fastify + postgres.js route calling the same tile SQL, to tell what the project's
 *   server adds over the least a Node server must do (and a stand-in while the project's tile routes are missing).
 * The bench's own contestants run under `node --import tsx` rather than the tsx CLI, which would add a wrapper
 * process between the bench and the server (and its memory to the RSS figure).
 */
import path from "node:path";
import { loadConfig } from "../../../server/src/config.ts";
import { REPO_ROOT } from "../bench-config.ts";
import { waitForHttp } from "../http-client.ts";
import { spawnManaged, type ManagedProcess } from "../processes.ts";
import type { TileAddress } from "../tile-math.ts";

export interface NodeServer {
  port: number;
  process: ManagedProcess;
  /** Spawn to the first tile served (200 or 204), in ms. */
  startMs: number;
  path(tile: TileAddress): string;
  stop(): Promise<void>;
}

/** Environment variable through which the bench asks the project's server to disable its hot-tile cache. */
export const TILE_CACHE_VARIABLE = "TILE_CACHE_MAX_BYTES";

export function projectTilePath(layer: string, tile: TileAddress): string {
  return `/tiles/${layer}/${tile.z}/${tile.x}/${tile.y}.mvt`;
}

/** The environment of a child: only what it needs, so nothing from the caller's shell (a DATABASE_URL…) leaks in. */
function childEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", LANG: "C.UTF-8", ...extra };
  return env;
}

/**
 * Whether the project's configuration reads TILE_CACHE_MAX_BYTES: returns the name of the Config field it sets, or
 * undefined when no field takes the value (then "cold" cannot be told apart from "warm").
 */
export function cacheKnob(): string | undefined {
  const probe = loadConfig({ [TILE_CACHE_VARIABLE]: "12345" }) as unknown as Record<string, unknown>;
  const base = loadConfig({}) as unknown as Record<string, unknown>;
  return Object.keys(probe).find((key) => probe[key] === 12345 && base[key] !== 12345);
}

/** The project's server as `npm run serve` runs it; scripts/build-server.ts writes it. */
const SERVER_BUNDLE = path.join(REPO_ROOT, "dist/server/bin/server.mjs");

async function startNodeProcess(
  name: string,
  script: string,
  args: string[],
  env: Record<string, string>,
  port: number,
  probePath: string,
  logFile: string,
  isReady: (status: number) => boolean = (status) => status === 200 || status === 204,
): Promise<{ process: ManagedProcess; startMs: number }> {
  const started = performance.now();
  // TypeScript goes through tsx; the server bundle is plain JavaScript, started as `npm run serve` starts it.
  const nodeArgs = script.endsWith(".ts") ? ["--import", "tsx", script, ...args] : [script, ...args];
  const child = spawnManaged(name, process.execPath, nodeArgs, {
    cwd: REPO_ROOT,
    env: childEnvironment(env),
    output: { file: logFile },
  });
  try {
    const exitedEarly = child.exited.then((code) => {
      throw new Error(`${name} exited with ${code} before serving (see ${logFile})`);
    });
    await Promise.race([waitForHttp(port, probePath, 60_000, isReady), exitedEarly]);
    return { process: child, startMs: Math.round(performance.now() - started) };
  } catch (error) {
    await child.stop();
    throw error;
  }
}

/** The project's server answered, but not with a tile: its tile routes are missing or broken. */
export class TileRouteError extends Error {
  constructor(readonly status: number) {
    super(`the project's server answers ${status} for a tile of the divisions layer: are its tile routes in place?`);
    this.name = "TileRouteError";
  }
}

/**
 * Starts the project's server on the bench database. It finds the database already migrated, so the time to the
 * first tile is the cold start the performance targets speak of (≤ 500 ms), node start-up included.
 * Throws TileRouteError (after stopping the server) when the server answers a tile with anything but 200 or 204.
 */
export async function startProjectServer(options: {
  name: string;
  /** null: no DATABASE_URL, so the server opens the embedded PGlite under `dataDir`. */
  databaseUrl: string | null;
  dataDir?: string;
  port: number;
  /** "off": TILE_CACHE_MAX_BYTES=0, every tile rendered by the database; "allowed": the default cache. */
  cache: "allowed" | "off";
  /** Whether tiles up to zoom 8 come from the tile pyramid (the default); false: TILE_PYRAMID_MAX_ZOOM=-1. */
  pyramid?: boolean;
  probe: TileAddress;
  logFile: string;
}): Promise<NodeServer> {
  const env: Record<string, string> = {
    ...(options.databaseUrl !== null ? { DATABASE_URL: options.databaseUrl } : {}),
    ...(options.dataDir !== undefined ? { DATA_DIR: options.dataDir } : {}),
    HOST: "127.0.0.1",
    PORT: String(options.port),
    LOG_LEVEL: "warn",
    CLIENT_DIR: "",
    DEMO_DATA: "true",
  };
  if (options.cache !== "allowed") env[TILE_CACHE_VARIABLE] = "0";
  if (options.pyramid === false) env.TILE_PYRAMID_MAX_ZOOM = "-1";
  let status = 0;
  const { process: child, startMs } = await startNodeProcess(
    options.name,
    SERVER_BUNDLE,
    [],
    env,
    options.port,
    projectTilePath("divisions", options.probe),
    options.logFile,
    // Any answer but a 5xx ends the wait (a missing route answers 404 at once); the status is judged below.
    (answered) => {
      status = answered;
      return answered < 500;
    },
  );
  if (status !== 200 && status !== 204) {
    await child.stop();
    throw new TileRouteError(status);
  }
  return { port: options.port, process: child, startMs, path: (tile) => projectTilePath("divisions", tile), stop: () => child.stop() };
}

/** The HTTP ceiling: a Fastify route that answers every tile with the same `bodyBytes` bytes. */
export async function startTrivialServer(port: number, bodyBytes: number, probe: TileAddress, logFile: string): Promise<NodeServer> {
  const { process: child, startMs } = await startNodeProcess(
    "trivial",
    path.join(REPO_ROOT, "scripts/bench/contestants/trivial-server.ts"),
    [String(port), String(bodyBytes)],
    {},
    port,
    projectTilePath("divisions", probe),
    logFile,
  );
  return { port, process: child, startMs, path: (tile) => projectTilePath("divisions", tile), stop: () => child.stop() };
}

/** A minimal Fastify + postgres.js route around the same tile SQL as the project's repo. */
export async function startFastifySqlServer(databaseUrl: string, port: number, probe: TileAddress, logFile: string): Promise<NodeServer> {
  const { process: child, startMs } = await startNodeProcess(
    "fastify-sql",
    path.join(REPO_ROOT, "scripts/bench/contestants/fastify-sql-server.ts"),
    [String(port)],
    { DATABASE_URL: databaseUrl, LOG_LEVEL: "warn", DB_POOL_MAX: "8", CLIENT_DIR: "" },
    port,
    projectTilePath("divisions", probe),
    logFile,
  );
  return { port, process: child, startMs, path: (tile) => projectTilePath("divisions", tile), stop: () => child.stop() };
}
