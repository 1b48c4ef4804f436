/**
 * The soak run of the scale-out set-up (issue 16): for a number of minutes, visitors' mixed reads through nginx
 * (divisions tiles at the current revision, lookups, searches, OGC API items, TileJSON) from a few closed-loop
 * clients, while a bureau account made for the run edits a planner and an area through the API, one write at a time.
 * Every server process's resident memory is sampled each second; its start is the median over a window after the
 * warm-up and its end the median over the same length at the end (a single sample of a garbage-collected heap would
 * say more about when the collector last ran than about growth). Every answer outside 2xx/304 and every failed
 * request counts as an error. It passes when no process grew by more than 10% and nothing failed.
 */
import http from "node:http";
import fs from "node:fs";
import { seededRandom } from "./seeded-random.ts";

/** The bound on memory growth from the start of the soak (after warm-up) to its end, per server process. */
export const SOAK_MAX_GROWTH = 0.1;
/**
 * Pause of the bureau's writer between two writes: a busy editing day, not a load test of the write path. Each write
 * is a new data revision, which every revision-keyed cache (tiles, lookup, the search index) answers by rebuilding.
 */
const WRITE_INTERVAL_MS = 5000;
const REQUEST_TIMEOUT_MS = 30_000;
/** Errors kept as examples in the result. */
const ERROR_SAMPLES = 5;

type ReadKind = "tile" | "lookup" | "search" | "items" | "tilejson";
/** Share of each kind of read: the public map is mostly tiles, then clicks (lookup), searches and feature pages. */
const READ_MIX: readonly [ReadKind, number][] = [
  ["tile", 0.5],
  ["lookup", 0.2],
  ["search", 0.1],
  ["items", 0.15],
  ["tilejson", 0.05],
];

export interface SoakOptions {
  /** nginx in front of the processes, http://127.0.0.1:<port>; also the origin the writes name (CSRF). */
  base: string;
  /** Process ids of the server processes, whose memory is measured. */
  serverPids: readonly number[];
  minutes: number;
  /** Closed-loop readers. */
  readers: number;
  seed: number;
  /** Request paths per kind of read; tile paths without ?v= (the current revision is added). */
  reads: { tiles: readonly string[]; lookup: readonly string[]; search: readonly string[]; items: readonly string[] };
  bureau: { name: string; password: string };
  /** Records the writer edits in turn: a planner's office hours, an area's name. */
  writeTargets: { plannerId: number; areaId: number };
  log: (line: string) => void;
}

interface SoakProcessMemory {
  pid: number;
  startMb: number;
  endMb: number;
  peakMb: number;
  growthPercent: number;
}

export interface SoakResult {
  minutes: number;
  warmupS: number;
  /** Seconds of the start and end windows whose median RSS is compared. */
  windowS: number;
  readers: number;
  writeIntervalMs: number;
  reads: Record<ReadKind, number>;
  writes: number;
  /** Latency of each kind of request (and of the writes), ms. */
  latencyMs: Record<ReadKind | "write", { p50: number; p99: number; max: number }>;
  /** Requests per second over the whole run, reads and writes. */
  requestsPerSecond: number;
  errors: number;
  errorSamples: string[];
  processes: SoakProcessMemory[];
  pass: boolean;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One HTTP request on a keep-alive agent; rejects on network errors and after REQUEST_TIMEOUT_MS. */
function request(agent: http.Agent, base: URL, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      { host: base.hostname, port: base.port, method, path, agent, timeout: REQUEST_TIMEOUT_MS, headers: body === undefined ? headers : { ...headers, "content-type": "application/json" } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
        response.on("error", reject);
      },
    );
    outgoing.on("timeout", () => outgoing.destroy(new Error(`${method} ${path} took over ${REQUEST_TIMEOUT_MS} ms`)));
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : Math.round(((sorted[middle - 1]! + sorted[middle]!) / 2) * 10) / 10;
}

function percentiles(values: readonly number[]): { p50: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length === 0 ? 0 : Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 10) / 10);
  return { p50: at(0.5), p99: at(0.99), max: at(1) };
}

/** Resident memory of one process in MB, from /proc (0 once it has exited). */
function processRssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Math.round(Number(match[1]) / 102.4) / 10 : 0;
  } catch {
    return 0;
  }
}

/** The data revision a TileJSON names (the ?v= of its tile URL); null when it names none. */
function revisionOf(tileJson: Buffer): string | null {
  const { tiles } = JSON.parse(tileJson.toString()) as { tiles: string[] };
  return new URL(tiles[0]!.replace(/[{}]/g, "")).searchParams.get("v");
}

/** Runs the soak; throws only when it cannot start (sign-in, the records to edit), never for errors during it. */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const base = new URL(options.base);
  const totalMs = options.minutes * 60_000;
  // Long enough for the pools, caches and JIT to settle; a tenth of the run, between 10 s and a minute.
  const warmupS = Math.round(Math.min(60, Math.max(10, (options.minutes * 60) / 10)));
  const windowS = Math.round(Math.max(5, (options.minutes * 60) / 10));
  const random = seededRandom(options.seed);
  const reads: Record<ReadKind, number> = { tile: 0, lookup: 0, search: 0, items: 0, tilejson: 0 };
  const times: Record<ReadKind | "write", number[]> = { tile: [], lookup: [], search: [], items: [], tilejson: [], write: [] };
  let writes = 0;
  let errors = 0;
  const errorSamples: string[] = [];
  const failed = (what: string) => {
    errors++;
    if (errorSamples.length < ERROR_SAMPLES) errorSamples.push(what);
  };

  const agent = new http.Agent({ keepAlive: true, maxSockets: options.readers + 2 });
  const writerAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let sampler: NodeJS.Timeout | undefined;
  try {
    const tileJson = await request(agent, base, "GET", "/tiles/divisions.json");
    let revision = tileJson.status === 200 ? revisionOf(tileJson.body) : null;
    if (!revision) throw new Error(`TileJSON answered ${tileJson.status} without a revision (?v=)`);
    const signIn = await request(writerAgent, base, "POST", "/api/session", { origin: base.origin }, JSON.stringify(options.bureau));
    if (signIn.status !== 200) throw new Error(`the soak's bureau account could not sign in: ${signIn.status} ${signIn.body.toString().slice(0, 200)}`);
    const cookie = (signIn.headers["set-cookie"] ?? []).map((value) => value.split(";")[0]).join("; ");
    const records = [`/api/planners/${options.writeTargets.plannerId}`, `/api/areas/${options.writeTargets.areaId}`];
    const etags: string[] = [];
    let areaName = "";
    for (const record of records) {
      const answer = await request(writerAgent, base, "GET", record, { cookie });
      if (answer.status !== 200 || !answer.headers.etag) throw new Error(`GET ${record} for the soak's writes answered ${answer.status}`);
      etags.push(answer.headers.etag);
      if (record.startsWith("/api/areas/")) areaName = (JSON.parse(answer.body.toString()) as { name: string }).name;
    }

    const started = performance.now();
    const deadline = started + totalMs;
    const samples: { atS: number; mb: number[] }[] = [];
    sampler = setInterval(() => samples.push({ atS: (performance.now() - started) / 1000, mb: options.serverPids.map(processRssMb) }), 1000);
    const warmedUp = new Promise<void>((resolve) =>
      setTimeout(() => {
        options.log(`soak: warm-up done after ${warmupS} s; server RSS ${options.serverPids.map(processRssMb).join(", ")} MB`);
        resolve();
      }, warmupS * 1000),
    );

    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const readPath = (kind: ReadKind): string => {
      if (kind === "tile") return `${pick(options.reads.tiles)}?v=${revision}`;
      if (kind === "lookup") return pick(options.reads.lookup);
      if (kind === "search") return pick(options.reads.search);
      if (kind === "items") return pick(options.reads.items);
      return "/tiles/divisions.json";
    };
    const kinds = READ_MIX.filter(([kind]) => kind === "tilejson" || (kind === "tile" ? options.reads.tiles : options.reads[kind]).length > 0);
    const weight = kinds.reduce((total, [, share]) => total + share, 0);
    const nextKind = (): ReadKind => {
      let draw = random() * weight;
      for (const [kind, share] of kinds) if ((draw -= share) < 0) return kind;
      return kinds[0]![0];
    };

    const reader = async () => {
      while (performance.now() < deadline) {
        const kind = nextKind();
        const path = readPath(kind);
        const sent = performance.now();
        try {
          const answer = await request(agent, base, "GET", path);
          times[kind].push(performance.now() - sent);
          reads[kind]++;
          if (answer.status >= 300 && answer.status !== 304) failed(`GET ${path}: ${answer.status} ${answer.body.toString().slice(0, 120)}`);
          else if (kind === "tilejson") revision = revisionOf(answer.body) ?? revision;
        } catch (error) {
          reads[kind]++;
          failed(`GET ${path}: ${(error as Error).message}`);
        }
      }
    };
    const writer = async () => {
      while (performance.now() < deadline) {
        const index = writes % records.length;
        const record = records[index]!;
        // Alternate values, so that every write changes the record and moves the data revision.
        const body = index === 0 ? { officeHours: `soak ${writes}: weekdays 9:00-17:00` } : { name: writes % 4 === 1 ? `${areaName}·` : areaName };
        const sent = performance.now();
        try {
          const answer = await request(writerAgent, base, "PATCH", record, { cookie, origin: base.origin, "if-match": etags[index]! }, JSON.stringify(body));
          times.write.push(performance.now() - sent);
          if (answer.status === 200 && answer.headers.etag) etags[index] = answer.headers.etag;
          else failed(`PATCH ${record}: ${answer.status} ${answer.body.toString().slice(0, 160)}`);
        } catch (error) {
          failed(`PATCH ${record}: ${(error as Error).message}`);
        }
        writes++;
        await new Promise((resolve) => setTimeout(resolve, Math.min(WRITE_INTERVAL_MS, Math.max(0, deadline - performance.now()))));
      }
    };
    await Promise.all([...Array.from({ length: options.readers }, reader), writer(), warmedUp]);
    clearInterval(sampler);
    const seconds = (performance.now() - started) / 1000;
    const windowMedian = (index: number, from: number, to: number) => median(samples.filter((sample) => sample.atS >= from && sample.atS <= to).map((sample) => sample.mb[index]!));
    const processes = options.serverPids.map((pid, index) => {
      const startMb = windowMedian(index, warmupS, warmupS + windowS);
      const endMb = windowMedian(index, seconds - windowS, seconds);
      return {
        pid,
        startMb,
        endMb,
        peakMb: Math.max(...samples.map((sample) => sample.mb[index]!)),
        growthPercent: Math.round(((endMb - startMb) / startMb) * 1000) / 10,
      };
    });
    const totalReads = Object.values(reads).reduce((total, count) => total + count, 0);
    return {
      minutes: options.minutes,
      warmupS,
      windowS,
      readers: options.readers,
      writeIntervalMs: WRITE_INTERVAL_MS,
      reads,
      writes,
      latencyMs: Object.fromEntries(Object.entries(times).map(([kind, values]) => [kind, percentiles(values)])) as SoakResult["latencyMs"],
      requestsPerSecond: Math.round(((totalReads + writes) / seconds) * 10) / 10,
      errors,
      errorSamples,
      processes,
      pass: errors === 0 && processes.every((entry) => entry.startMb > 0 && entry.endMb <= entry.startMb * (1 + SOAK_MAX_GROWTH)),
    };
  } finally {
    clearInterval(sampler);
    agent.destroy();
    writerAgent.destroy();
  }
}
