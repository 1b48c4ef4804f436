/**
 * An open-loop HTTP load generator, run by the bench in a process of its own (never the server's): requests leave on
 * a fixed schedule, request i at start + i / rate, whatever the server does, over a pool of keep-alive connections
 * (node:http's agent queues a request when every connection is busy). Each latency runs from the request's intended
 * send time to the last byte of its answer, so a stall of the server counts against every request scheduled during
 * it (coordinated omission corrected, as wrk2 does); how late the generator itself sent each request is reported
 * apart (send lag), so that its own share can be told.
 *
 * Child: node --import tsx scripts/bench/open-loop.ts '<JSON options>' prints `OPEN_LOOP_RESULT {json}`.
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { runToEnd } from "./processes.ts";
import { seededRandom } from "./seeded-random.ts";

export interface OpenLoopOptions {
  port: number;
  /** One request path per line; each request takes one at random (seeded). */
  pathsFile: string;
  /** Requests per second. */
  rate: number;
  /** Seconds of the schedule that are measured, after `warmupS` unmeasured seconds at the same rate. */
  durationS: number;
  warmupS: number;
  /** Keep-alive connections in the pool. */
  connections: number;
  /** A request unanswered after this long counts as an error. */
  timeoutS: number;
  seed: number;
}

export interface OpenLoopResult {
  rate: number;
  connections: number;
  /** Requests scheduled in the measured window, and of them answered with status 200. */
  scheduled: number;
  completed: number;
  errors: number;
  errorDetail: string;
  /** Answers with status 200 per second of the measured window. */
  completedPerSecond: number;
  /** From the intended send time to the last byte. */
  latencyMs: { p50: number; p90: number; p99: number; p999: number; max: number };
  /** How late the generator handed each request to the socket layer, after its intended time. */
  sendLagMs: { p50: number; p99: number; max: number };
}

const ms = (nanoseconds: number) => Math.round(nanoseconds / 1e4) / 100;

function quantile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!;
}

const nowNs = () => Number(process.hrtime.bigint());

async function generate(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const paths = fs.readFileSync(options.pathsFile, "utf8").split("\n").filter(Boolean);
  if (paths.length === 0) throw new Error(`no paths in ${options.pathsFile}`);
  const random = seededRandom(options.seed);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections, maxFreeSockets: options.connections, scheduling: "fifo" });
  const intervalNs = 1e9 / options.rate;
  const warmup = Math.round(options.warmupS * options.rate);
  const total = warmup + Math.round(options.durationS * options.rate);
  const measured = total - warmup;
  // NaN marks a request that failed or never finished.
  const latencies = new Float64Array(measured).fill(Number.NaN);
  const sendLags = new Float64Array(measured);
  const failures = new Map<string, number>();
  const fail = (kind: string) => failures.set(kind, (failures.get(kind) ?? 0) + 1);
  let outstanding = 0;
  let allSent!: () => void;
  const drained = new Promise<void>((resolve) => (allSent = resolve));
  let sent = 0;

  const send = (index: number, intendedNs: number) => {
    outstanding++;
    const lag = nowNs() - intendedNs;
    let finished = false;
    const done = (kind: string | null) => {
      if (finished) return;
      finished = true;
      const ended = nowNs();
      if (index >= warmup) {
        if (kind === null) latencies[index - warmup] = ended - intendedNs;
        else fail(kind);
      }
      if (--outstanding === 0 && sent === total) allSent();
    };
    if (index >= warmup) sendLags[index - warmup] = lag;
    const request = http.get({ host: "127.0.0.1", port: options.port, path: paths[Math.floor(random() * paths.length)], agent, timeout: options.timeoutS * 1000 }, (response) => {
      response.resume();
      response.on("end", () => done(response.statusCode === 200 ? null : `status ${response.statusCode}`));
      response.on("error", () => done("read"));
    });
    request.on("timeout", () => request.destroy(new Error("timeout")));
    request.on("error", (error) => done(error.message === "timeout" ? "timeout" : "connect/write"));
  };

  const startNs = nowNs() + 5e6;
  await new Promise<void>((resolve) => {
    // Every request whose time has come leaves at once; then sleep until the next one is due. Timers fire to the
    // millisecond, so a request may leave up to ~1 ms late: that lag is in its latency and reported as send lag.
    const tick = () => {
      const now = nowNs();
      while (sent < total && startNs + sent * intervalNs <= now) {
        send(sent, startNs + sent * intervalNs);
        sent++;
      }
      if (sent === total) return resolve();
      setTimeout(tick, Math.max(0, (startNs + sent * intervalNs - nowNs()) / 1e6 - 0.5));
    };
    setTimeout(tick, 5);
  });
  if (outstanding > 0) await drained;
  agent.destroy();
  const answered = latencies.filter((value) => !Number.isNaN(value)).sort();
  const lags = sendLags.slice().sort();
  const errors = measured - answered.length;
  return {
    rate: options.rate,
    connections: options.connections,
    scheduled: measured,
    completed: answered.length,
    errors,
    errorDetail: [...failures.entries()].map(([kind, count]) => `${kind} ${count}`).join(", "),
    completedPerSecond: Math.round((answered.length / options.durationS) * 10) / 10,
    latencyMs: {
      p50: ms(quantile(answered, 0.5)),
      p90: ms(quantile(answered, 0.9)),
      p99: ms(quantile(answered, 0.99)),
      p999: ms(quantile(answered, 0.999)),
      max: ms(answered.at(-1) ?? 0),
    },
    sendLagMs: { p50: ms(quantile(lags, 0.5)), p99: ms(quantile(lags, 0.99)), max: ms(lags.at(-1) ?? 0) },
  };
}

const RESULT_PREFIX = "OPEN_LOOP_RESULT ";
const SELF = path.join(import.meta.dirname, "open-loop.ts");

/** Runs the generator in a child process (its own event loop and core share) and returns its result. */
export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const { stdout } = await runToEnd("open-loop", process.execPath, ["--import", "tsx", SELF, JSON.stringify(options)], {
    timeoutMs: (options.warmupS + options.durationS + options.timeoutS + 60) * 1000,
  });
  const line = stdout.split("\n").find((text) => text.startsWith(RESULT_PREFIX));
  if (!line) throw new Error(`the open-loop generator printed no result: ${stdout.slice(-500)}`);
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as OpenLoopResult;
}

if (process.argv[1] && path.resolve(process.argv[1]) === SELF) {
  const result = await generate(JSON.parse(process.argv[2]!) as OpenLoopOptions);
  console.log(`${RESULT_PREFIX}${JSON.stringify(result)}`);
}
