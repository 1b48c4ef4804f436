/**
 * Memory of the server on the embedded database: `node dist/server/bin/server.mjs` (or its sources) on a data
 * folder, its resident set (VmRSS in /proc/<pid>/status) once it says it is ready, then after a burst of every tile
 * of every layer over Jincheng from zoom 6 to 12 (six at a time, as a browser fetches them), with the burst's timing
 * and the peak (VmHWM). Linux only. Used by scripts/embedded-memory.ts and tests/integration/db/embedded-memory.test.ts.
 */
import fs from "node:fs";
import type http from "node:http";
import path from "node:path";
import { httpGet, keepAliveAgent, mapConcurrent } from "./http-client.ts";
import { spawnManaged } from "./processes.ts";
import { tileRange, type TileAddress } from "./tile-math.ts";

const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
const BUILT_SERVER = path.join(REPO_ROOT, "dist/server/bin/server.mjs");

/** Jincheng (晋城市) and its surroundings, WGS84 [west, south, east, north]. */
const JINCHENG_BBOX = [111.85, 35.18, 113.65, 36.08] as const;
const BURST_LAYERS = ["divisions", "areas", "belts", "projects"] as const;
const BURST_ZOOMS = [6, 7, 8, 9, 10, 11, 12] as const;
/** Tiles in flight at once: a browser's connections to one host. */
const BURST_CONCURRENCY = 6;

export interface MemoryReport {
  /** Resident set in MB once the server said it was ready. */
  readyRssMb: number;
  /** Resident set in MB after the tile burst. */
  burstRssMb: number;
  /** The most the server held in MB, up to the end of the burst (VmHWM). */
  peakRssMb: number;
  tiles: number;
  burstMs: number;
  medianTileMs: number;
  p95TileMs: number;
}

/** VmRSS and VmHWM of a process, in MB. */
function residentMb(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string) => Math.round(Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) / 1024);
  return { rss: field("VmRSS"), peak: field("VmHWM") };
}

/** The burst's tiles, each layer within the zoom range its TileJSON states. */
async function burstTiles(port: number, agent: http.Agent): Promise<{ layer: string; tile: TileAddress }[]> {
  const tiles: { layer: string; tile: TileAddress }[] = [];
  for (const layer of BURST_LAYERS) {
    const tileJson = await httpGet(port, `/tiles/${layer}.json`, agent);
    if (tileJson.status !== 200) throw new Error(`/tiles/${layer}.json answered ${tileJson.status}`);
    const { minzoom, maxzoom } = JSON.parse(tileJson.body.toString()) as { minzoom: number; maxzoom: number };
    for (const z of BURST_ZOOMS.filter((zoom) => zoom >= minzoom && zoom <= maxzoom)) {
      const range = tileRange(JINCHENG_BBOX, z);
      for (let x = range.xMin; x <= range.xMax; x++) for (let y = range.yMin; y <= range.yMax; y++) tiles.push({ layer, tile: { z, x, y } });
    }
  }
  return tiles;
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

/** Which server runs: the built bundle (as npm start runs it), or the TypeScript sources through tsx (as tests do). */
export type ServerEntry = "built" | "sources";

/**
 * Starts the server on dataDir (set up on a first start), waits for its ready line, runs `during` with its port and
 * pid, and stops it (SIGTERM) whatever happens.
 */
export async function withServer<T>(entry: ServerEntry, dataDir: string, env: NodeJS.ProcessEnv, during: (port: number, pid: number) => Promise<T>): Promise<T> {
  if (entry === "built" && !fs.existsSync(BUILT_SERVER)) throw new Error(`${BUILT_SERVER} is missing: run npm run build:server first`);
  const args = entry === "built" ? [BUILT_SERVER] : ["--import", "tsx", path.join(REPO_ROOT, "server/src/server.ts")];
  const server = spawnManaged("server", process.execPath, args, {
    cwd: REPO_ROOT,
    output: "pipe",
    env: { PATH: process.env.PATH, TMPDIR: process.env.TMPDIR, DATA_DIR: dataDir, HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "warn", CLIENT_DIR: "", ...env },
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let output = "";
      server.child.stdout!.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const ready = /is ready in [\d.]+ s: http:\/\/[^:]+:(\d+)\//.exec(output);
        if (ready) resolve(Number(ready[1]));
      });
      server.child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
      void server.exited.then((code) => reject(new Error(`the server exited (${code}) before it was ready:\n${output.slice(-2000)}`)));
    });
    return await during(port, server.pid);
  } finally {
    await server.stop(15_000);
  }
}

/** Resident memory after start and after the tile burst (see the file's header); every tile must answer 200 or 204. */
export async function measureEmbeddedMemory(entry: ServerEntry, dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<MemoryReport> {
  return withServer(entry, dataDir, env, async (port, pid) => {
    const ready = residentMb(pid);
    const agent = keepAliveAgent(BURST_CONCURRENCY);
    try {
      const tiles = await burstTiles(port, agent);
      const started = performance.now();
      const times = await mapConcurrent(tiles, BURST_CONCURRENCY, async ({ layer, tile }) => {
        const result = await httpGet(port, `/tiles/${layer}/${tile.z}/${tile.x}/${tile.y}.mvt`, agent);
        if (result.status !== 200 && result.status !== 204) throw new Error(`tile ${layer}/${tile.z}/${tile.x}/${tile.y} answered ${result.status}`);
        return result.ms;
      });
      const burstMs = performance.now() - started;
      const after = residentMb(pid);
      const sorted = times.sort((a, b) => a - b);
      return {
        readyRssMb: ready.rss,
        burstRssMb: after.rss,
        peakRssMb: after.peak,
        tiles: times.length,
        burstMs: Math.round(burstMs),
        medianTileMs: Math.round(percentile(sorted, 0.5) * 10) / 10,
        p95TileMs: Math.round(percentile(sorted, 0.95) * 10) / 10,
      };
    } finally {
      agent.destroy();
    }
  });
}

/** One line of a report, as the CLI and the test print it. */
export function describeMemory(report: MemoryReport): string {
  return (
    `ready ${report.readyRssMb} MB; after ${report.tiles} tiles ${report.burstRssMb} MB (peak ${report.peakRssMb} MB); ` +
    `burst ${(report.burstMs / 1000).toFixed(1)} s, median ${report.medianTileMs} ms, p95 ${report.p95TileMs} ms a tile`
  );
}
