/**
 * The only reader of process.env. Every command (server, migrate, import, bench) parses the environment here once
 * and receives a Config; a bad value stops the process at boot with every problem listed.
 */
import os from "node:os";
import path from "node:path";

/**
 * Two connections per core of this machine, at least 4. More connections than the cores can run only add context
 * switches: on 2 cores a pool of 4 answered as many lookups as a pool of 8 with half the p99 (the benchmark's lookup
 * workload, run side by side). Raise it
 * when PostgreSQL runs on a larger machine of its own.
 */
const DEFAULT_DB_POOL_MAX = Math.max(4, 2 * os.availableParallelism());

export interface Config {
  /** PostgreSQL + PostGIS connection string; undefined selects the embedded PGlite database under dataDir. */
  databaseUrl: string | undefined;
  /**
   * A streaming replica of DATABASE_URL's database (DATABASE_REPLICA_URL): tile, TileJSON, OGC feature, lookup and
   * search reads of visitors without a session go there (server/src/db/replica.ts); undefined: every read on DATABASE_URL.
   */
  databaseReplicaUrl: string | undefined;
  /** Folder of the embedded database (and other local state). */
  dataDir: string;
  host: string;
  port: number;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** Connections in the pool on PostgreSQL (default DEFAULT_DB_POOL_MAX); the embedded database always takes one. */
  dbPoolMax: number;
  dbStatementTimeoutMs: number;
  /**
   * How long to wait for a connection to PostgreSQL before answering 503 (default 3 s): an unreachable database is
   * said at once rather than after the client library's 30 s.
   */
  dbConnectTimeoutS: number;
  tileMaxAgeS: number;
  /** Bound of the in-process hot-tile cache in bytes; 0 disables it. */
  tileCacheMaxBytes: number;
  /**
   * Highest zoom whose tiles come from the tile pyramid (TILE_PYRAMID_MAX_ZOOM, default 8; -1 turns it off): rendered
   * once per data revision into the database (tile_pyramid) and read from there by every process. PostgreSQL only.
   */
  tilePyramidMaxZoom: number;
  /**
   * Web origins allowed to call the API from other sites (CORS): "*" for any, or a list such as
   * ["https://map.example.org"]; undefined: same origin only.
   */
  corsOrigins: "*" | string[] | undefined;
  /**
   * Which proxies to believe about the client's protocol and host (X-Forwarded-Proto/-Host/-For), as Fastify's
   * trustProxy: false (default), true (any), or a list of addresses and CIDR ranges.
   */
  trustProxy: boolean | string[];
  /** Folder of the built client served at /; undefined disables static serving. */
  clientDir: string | undefined;
  /** Load the fictional demo planners, appointments and projects with the built-in data. */
  demoData: boolean;
  /** Password of the fictional demo accounts (demo-admin …), at least DEMO_PASSWORD_MIN_LENGTH characters; undefined: none are created. */
  demoPassword: string | undefined;
  /** 天地图 (Tianditu) browser key; when set the client offers the official CGCS2000 street map (vec + cva), otherwise none. */
  tiandituToken: string | undefined;
  /**
   * The address the public reaches the server at (PUBLIC_URL, e.g. https://atlas.example.org), for absolute links in
   * TileJSON and the OGC API; undefined: see server/src/http/public-origin.ts. No trailing slash.
   */
  publicUrl: string | undefined;
  /** A session ends after this many seconds without a request (default 8 hours). */
  sessionIdleS: number;
  /** A session ends this many seconds after sign-in in any case (default 7 days). */
  sessionLifetimeS: number;
  /** Sign-in attempts allowed per client address and minute. */
  signInRateLimit: number;
  /** Milliseconds a failed sign-in waits before it answers. */
  signInFailureDelayMs: number;
  /** The most an upload to POST /api/imports may hold, in bytes, all files together (default 50 MiB). */
  importMaxBytes: number;
  /** Opinions one client address may submit per opinionRateWindowS (default 5 per 10 minutes; per server process). */
  opinionRateLimit: number;
  opinionRateWindowS: number;
  /** Leading zero bits the proof of work of an opinion needs (default 18: about a second of SHA-256 in a browser). */
  opinionProofBits: number;
  /** The most one photo may hold, in bytes, as uploaded (default 5 MiB). */
  photoMaxBytes: number;
}

/**
 * Default bound of the hot-tile cache: about 500 tiles of 30 KB, or every divisions tile of Jincheng down to zoom
 * 14 (most are 1-5 KB). Measured under load on a national data set, the server is ~120 MB idle and ~170 MB busy
 * without the cache, so 16 MiB keeps it inside the 200 MB it is meant to need; raise TILE_CACHE_MAX_BYTES where
 * memory allows.
 */
export const DEFAULT_TILE_CACHE_BYTES = 16 * 1024 * 1024;

/**
 * Default top of the tile pyramid: zooms up to 8 hold few tiles (about 1,100 over all of China per layer) and each
 * costs the database milliseconds, as many features as it covers; from zoom 9 a tile is cheap enough to render.
 */
export const DEFAULT_TILE_PYRAMID_MAX_ZOOM = 8;

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
/** Shortest DEMO_PASSWORD: demo accounts are reachable by anyone who can reach the server. */
export const DEMO_PASSWORD_MIN_LENGTH = 12;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

/**
 * An integer setting from its text: the fallback when absent or empty; otherwise an integer from min to max, or a line
 * in problems (and the fallback). The benchmark's options are read the same way.
 */
export function integerSetting(raw: string | undefined, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
    return fallback;
  }
  return value;
}

/** CORS_ORIGIN: "*", or origins (scheme://host[:port]) separated by commas; unset or empty: none. */
function corsOrigins(raw: string | undefined, problems: string[]): "*" | string[] | undefined {
  const text = raw?.trim();
  if (!text) return undefined;
  if (text === "*") return "*";
  const origins = text.split(",").map((origin) => origin.trim().replace(/\/$/, ""));
  const bad = origins.filter((origin) => !/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(origin));
  if (bad.length > 0) {
    problems.push(`CORS_ORIGIN must be * or origins like https://map.example.org separated by commas (not ${bad.map((o) => JSON.stringify(o.slice(0, 80))).join(", ")})`);
    return undefined;
  }
  return origins;
}

/** TRUST_PROXY: true | false | proxy addresses or CIDR ranges separated by commas; unset: false. */
function trustProxy(raw: string | undefined, problems: string[]): boolean | string[] {
  const text = raw?.trim().toLowerCase();
  if (!text || text === "false") return false;
  if (text === "true") return true;
  const addresses = text.split(",").map((address) => address.trim());
  if (addresses.every((address) => /^[0-9a-f:.]+(\/\d{1,3})?$/.test(address) && /[.:]/.test(address))) return addresses;
  problems.push("TRUST_PROXY must be true, false, or proxy addresses / CIDR ranges separated by commas (such as 127.0.0.1,10.0.0.0/8)");
  return false;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  problems.push(`${name} must be true or false (got "${raw}")`);
  return fallback;
}

/** Parses the environment; throws ConfigError listing every invalid variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Config {
  const problems: string[] = [];
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push("DATABASE_URL must start with postgres:// or postgresql://");
  }
  const databaseReplicaUrl = env.DATABASE_REPLICA_URL?.trim() || undefined;
  if (databaseReplicaUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseReplicaUrl)) {
    problems.push("DATABASE_REPLICA_URL must start with postgres:// or postgresql://");
  } else if (databaseReplicaUrl !== undefined && databaseUrl === undefined) {
    problems.push("DATABASE_REPLICA_URL needs DATABASE_URL: the embedded database has no replica");
  }
  const logLevel = (env.LOG_LEVEL ?? "info") as Config["logLevel"];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}`);
  const config: Config = {
    databaseUrl,
    databaseReplicaUrl,
    dataDir: path.resolve(cwd, env.DATA_DIR?.trim() || ".data"),
    host: env.HOST?.trim() || "127.0.0.1",
    port: integerSetting(env.PORT, "PORT", 8080, 0, 65535, problems),
    logLevel,
    dbPoolMax: integerSetting(env.DB_POOL_MAX, "DB_POOL_MAX", DEFAULT_DB_POOL_MAX, 1, 200, problems),
    dbStatementTimeoutMs: integerSetting(env.DB_STATEMENT_TIMEOUT_MS, "DB_STATEMENT_TIMEOUT_MS", 15000, 0, 3_600_000, problems),
    dbConnectTimeoutS: integerSetting(env.DB_CONNECT_TIMEOUT_S, "DB_CONNECT_TIMEOUT_S", 3, 1, 600, problems),
    tileMaxAgeS: integerSetting(env.TILE_MAX_AGE_S, "TILE_MAX_AGE_S", 60, 0, 31_536_000, problems),
    tileCacheMaxBytes: integerSetting(env.TILE_CACHE_MAX_BYTES, "TILE_CACHE_MAX_BYTES", DEFAULT_TILE_CACHE_BYTES, 0, 4 * 1024 * 1024 * 1024, problems),
    tilePyramidMaxZoom: integerSetting(env.TILE_PYRAMID_MAX_ZOOM, "TILE_PYRAMID_MAX_ZOOM", DEFAULT_TILE_PYRAMID_MAX_ZOOM, -1, 12, problems),
    corsOrigins: corsOrigins(env.CORS_ORIGIN, problems),
    trustProxy: trustProxy(env.TRUST_PROXY, problems),
    clientDir: env.CLIENT_DIR === "" ? undefined : path.resolve(cwd, env.CLIENT_DIR ?? "client/dist"),
    demoData: flag(env, "DEMO_DATA", true, problems),
    demoPassword: env.DEMO_PASSWORD || undefined,
    tiandituToken: env.TIANDITU_TOKEN?.trim() || undefined,
    publicUrl: publicUrl(env.PUBLIC_URL, problems),
    sessionIdleS: integerSetting(env.SESSION_IDLE_TIMEOUT_S, "SESSION_IDLE_TIMEOUT_S", 8 * 3600, 60, 30 * 86_400, problems),
    sessionLifetimeS: integerSetting(env.SESSION_LIFETIME_S, "SESSION_LIFETIME_S", 7 * 86_400, 60, 366 * 86_400, problems),
    signInRateLimit: integerSetting(env.SIGN_IN_RATE_LIMIT, "SIGN_IN_RATE_LIMIT", 10, 1, 10_000, problems),
    signInFailureDelayMs: integerSetting(env.SIGN_IN_FAILURE_DELAY_MS, "SIGN_IN_FAILURE_DELAY_MS", 1000, 0, 10_000, problems),
    importMaxBytes: integerSetting(env.IMPORT_MAX_BYTES, "IMPORT_MAX_BYTES", 50 * 1024 * 1024, 1024, 2 * 1024 * 1024 * 1024, problems),
    opinionRateLimit: integerSetting(env.OPINION_RATE_LIMIT, "OPINION_RATE_LIMIT", 5, 1, 100_000, problems),
    opinionRateWindowS: integerSetting(env.OPINION_RATE_WINDOW_S, "OPINION_RATE_WINDOW_S", 600, 1, 86_400, problems),
    opinionProofBits: integerSetting(env.OPINION_PROOF_BITS, "OPINION_PROOF_BITS", 18, 0, 32, problems),
    photoMaxBytes: integerSetting(env.PHOTO_MAX_BYTES, "PHOTO_MAX_BYTES", 5 * 1024 * 1024, 1024, 50 * 1024 * 1024, problems),
  };
  if (config.tiandituToken !== undefined && !/^[0-9A-Za-z]{8,64}$/.test(config.tiandituToken)) {
    problems.push("TIANDITU_TOKEN must be the 天地图 key: 8 to 64 letters and digits");
  }
  if (config.demoPassword !== undefined && [...config.demoPassword].length < DEMO_PASSWORD_MIN_LENGTH) {
    problems.push(`DEMO_PASSWORD must have at least ${DEMO_PASSWORD_MIN_LENGTH} characters`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** PUBLIC_URL as an origin with an optional path and no trailing slash; undefined when unset. */
function publicUrl(value: string | undefined, problems: string[]): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    problems.push(`PUBLIC_URL must be an absolute http(s) address such as https://atlas.example.org, not ${JSON.stringify(text)}`);
    return undefined;
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.search || url.hash || url.username || url.password) {
    problems.push(`PUBLIC_URL must be an http(s) address without query, fragment or credentials, such as https://atlas.example.org`);
    return undefined;
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/** The connection string with its password hidden, for logs. */
export function redactDatabaseUrl(url: string | undefined): string {
  if (url === undefined) return "(embedded)";
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}
