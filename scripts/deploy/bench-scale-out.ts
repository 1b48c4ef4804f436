/**
 * npm run bench:scale-out — tile requests per second and p99 on the loopback scale-out set-up (loopback.ts) with 1
 * and with 2 server processes: every divisions tile of Jincheng from zoom 8 to 13 at the current revision, first
 * straight to one process, then through nginx with its cache cold (every request reaches a process) and warm (nginx
 * answers). The load comes from this process, on the same machine: figures compare set-ups, not machines.
 * Options (environment): BENCH_CONCURRENCY (default 32), BENCH_ROUNDS (passes over the tiles per measure, default 2).
 */
import { startLoopback } from "./loopback.ts";

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
/** Jincheng's extent, rounded outwards. */
const [WEST, SOUTH, EAST, NORTH] = [111.9, 35.2, 113.65, 36.1];

function tileRange(z: number): { x: [number, number]; y: [number, number] } {
  const n = 2 ** z;
  const x = (lon: number) => Math.floor(((lon + 180) / 360) * n);
  const y = (lat: number) => {
    const rad = (lat * Math.PI) / 180;
    return Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  };
  return { x: [x(WEST), x(EAST)], y: [y(NORTH), y(SOUTH)] };
}

const paths: string[] = [];
for (let z = 8; z <= 13; z++) {
  const { x, y } = tileRange(z);
  for (let tx = x[0]; tx <= x[1]; tx++) for (let ty = y[0]; ty <= y[1]; ty++) paths.push(`/tiles/divisions/${z}/${tx}/${ty}.mvt`);
}

/** Requests every path `rounds` times with CONCURRENCY in flight; requests/s, p50 and p99 in ms, and failures. */
async function measure(base: string, version: string, rounds: number): Promise<{ rps: number; p50: number; p99: number; failed: number }> {
  const queue = Array.from({ length: rounds }, () => paths).flat();
  const times: number[] = [];
  let failed = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < queue.length) {
        const path = queue[next++]!;
        const t0 = performance.now();
        const response = await fetch(`${base}${path}?v=${version}`);
        await response.arrayBuffer();
        times.push(performance.now() - t0);
        if (response.status !== 200 && response.status !== 204) failed++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { rps: queue.length / seconds, p50: at(0.5), p99: at(0.99), failed };
}

const rows: string[] = [];
for (const servers of [1, 2]) {
  const loopback = await startLoopback({ servers, demoPassword: "bench scale-out password", log: (line) => console.log(`[${servers}] ${line}`) });
  try {
    const tileJson = (await (await fetch(`${loopback.nginx}/tiles/divisions.json`)).json()) as { tiles: string[] };
    const version = new URL(tileJson.tiles[0]!.replace(/[{}]/g, "")).searchParams.get("v")!;
    const report = (what: string, result: Awaited<ReturnType<typeof measure>>) => {
      const row = `| ${servers} | ${what} | ${result.rps.toFixed(0)} | ${result.p50.toFixed(1)} | ${result.p99.toFixed(1)} | ${result.failed} |`;
      rows.push(row);
      console.log(row);
    };
    // nginx first while its cache is empty: the first pass reaches the processes (load balanced), the later ones not.
    report("nginx, cache cold (first pass)", await measure(loopback.nginx, version, 1));
    report("nginx, cache warm", await measure(loopback.nginx, version, ROUNDS));
    report("one process directly (its tile cache warm)", await measure(loopback.servers[0]!, version, ROUNDS));
  } finally {
    await loopback.stop();
  }
}
console.log(`\n${paths.length} divisions tiles, zoom 8-13, concurrency ${CONCURRENCY}\n| processes | path | requests/s | p50 ms | p99 ms | failed |\n|---|---|---|---|---|---|\n${rows.join("\n")}`);
