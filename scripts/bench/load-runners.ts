/**
 * The two load generators: wrk (HTTP contestants, closed loop, keep-alive) and pgbench (the raw tile SQL, prepared
 * statements), both turned into one LoadResult shape. Every run is bounded by its duration and a hard timeout.
 */
import fs from "node:fs";
import path from "node:path";
import { libpqParameters } from "./bench-config.ts";
import { runToEnd } from "./processes.ts";

export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** Requests that failed: connection/read/write errors, timeouts, HTTP status ≥ 400, failed SQL transactions. */
  errors: number;
  errorDetail: string;
  bytesPerSecond: number | null;
  /** Something the reader of this run should know (e.g. an incomplete warm-up). */
  note?: string;
}

const WRK_SCRIPT = path.join(import.meta.dirname, "wrk-tile-list.lua");

interface WrkSummary {
  requests: number;
  durationUs: number;
  bytes: number;
  connectErrors: number;
  readErrors: number;
  writeErrors: number;
  statusErrors: number;
  timeouts: number;
  badContent: number;
  p50Us: number;
  p90Us: number;
  p99Us: number;
  maxUs: number;
  meanUs: number;
}

const ms = (microseconds: number) => Math.round(microseconds / 10) / 100;

/**
 * wrk with `connections` connections for `durationS` against 127.0.0.1:port, cycling through `pathsFile`. Two threads
 * (one when a single connection): the machine has two cores, and more threads would only take CPU from the server.
 */
export async function runWrk(options: {
  port: number;
  pathsFile: string;
  connections: number;
  durationS: number;
  timeoutS: number;
  /** Count a 200 that is not a vector tile as an error (costs a Lua call per response; for MapServer). */
  checkContentType?: boolean;
}): Promise<LoadResult> {
  const threads = Math.min(2, options.connections);
  const { stdout } = await runToEnd(
    "wrk",
    "wrk",
    [
      `-t${threads}`,
      `-c${options.connections}`,
      `-d${options.durationS}s`,
      `--timeout`,
      `${options.timeoutS}s`,
      "-s",
      WRK_SCRIPT,
      `http://127.0.0.1:${options.port}`,
      "--",
      options.pathsFile,
      String(threads),
      ...(options.checkContentType ? ["check-content-type"] : []),
    ],
    { timeoutMs: (options.durationS + options.timeoutS + 30) * 1000 },
  );
  const line = stdout.split("\n").find((text) => text.startsWith("WRK_RESULT "));
  if (!line) throw new Error(`wrk printed no result: ${stdout.slice(-500)}`);
  const summary = JSON.parse(line.slice("WRK_RESULT ".length)) as WrkSummary;
  const seconds = summary.durationUs / 1e6;
  const errors = summary.connectErrors + summary.readErrors + summary.writeErrors + summary.statusErrors + summary.timeouts + summary.badContent;
  const detail = Object.entries({ connect: summary.connectErrors, read: summary.readErrors, write: summary.writeErrors, status: summary.statusErrors, timeout: summary.timeouts, "not a tile": summary.badContent })
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${kind} ${count}`)
    .join(", ");
  return {
    requests: summary.requests,
    requestsPerSecond: Math.round((summary.requests / seconds) * 10) / 10,
    latencyMs: { p50: ms(summary.p50Us), p90: ms(summary.p90Us), p99: ms(summary.p99Us), max: ms(summary.maxUs), mean: ms(summary.meanUs) },
    errors,
    errorDetail: detail,
    bytesPerSecond: Math.round(summary.bytes / seconds),
  };
}

function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!;
}

/**
 * pgbench -M prepared with `clients` clients for `warmupS` + `durationS` seconds. pgbench opens new connections on
 * every run, and the first call of a tile function on a connection plans its query (150-300 ms on a busy machine, a
 * hundred times more than running it), while the servers' pools are long-lived. So the measured window starts when
 * every client has finished its first transaction, and throughput and latency percentiles come from the
 * per-transaction log within that window (pgbench itself would count the warm-up and prints only a mean latency).
 * Failed transactions count over the whole run. The log files are removed afterwards.
 */
export async function runPgbench(options: {
  databaseUrl: string;
  scriptFile: string;
  clients: number;
  durationS: number;
  warmupS: number;
  seed: number;
  logDir: string;
}): Promise<LoadResult> {
  const db = libpqParameters(options.databaseUrl);
  fs.rmSync(options.logDir, { recursive: true, force: true });
  fs.mkdirSync(options.logDir, { recursive: true });
  const threads = Math.min(2, options.clients);
  const { stdout } = await runToEnd(
    "pgbench",
    "pgbench",
    [
      "-n",
      "-M",
      "prepared",
      `-c${options.clients}`,
      `-j${threads}`,
      `-T${options.warmupS + options.durationS}`,
      `--random-seed=${options.seed}`,
      "-f",
      options.scriptFile,
      "-l",
      `--log-prefix=${path.join(options.logDir, "tx")}`,
      "-h",
      db.host,
      "-p",
      db.port,
      "-U",
      db.user,
      db.database,
    ],
    {
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", PGPASSWORD: db.password, PGAPPNAME: "bench-pgbench" },
      timeoutMs: (options.warmupS + options.durationS + 60) * 1000,
    },
  );
  const failed = /number of failed transactions: (\d+)/.exec(stdout);
  if (!/number of transactions actually processed: (\d+)/.test(stdout)) throw new Error(`pgbench printed no result: ${stdout.slice(-500)}`);
  // Log lines: client_id transaction_no time_us script_no epoch_s epoch_us, where time_us is the latency ("failed"
  // or "skipped" instead for such transactions) and epoch the moment the transaction ended.
  const ended: number[] = [];
  const latencies: number[] = [];
  const firstEnd = new Map<string, number>();
  const firstOfClient: boolean[] = [];
  let failedInLog = 0;
  for (const file of fs.readdirSync(options.logDir)) {
    for (const line of fs.readFileSync(path.join(options.logDir, file), "utf8").split("\n")) {
      const fields = line.split(" ");
      if (fields.length < 6) continue;
      if (fields[2] === "failed" || fields[2] === "skipped") {
        failedInLog++;
        continue;
      }
      const end = Number(fields[4]) + Number(fields[5]) / 1e6;
      ended.push(end);
      latencies.push(Number(fields[2]));
      // Transaction numbers count from 1 per client: 1 is the one that planned the query.
      firstOfClient.push(fields[1] === "1");
      firstEnd.set(fields[0]!, Math.min(firstEnd.get(fields[0]!) ?? Number.POSITIVE_INFINITY, end));
    }
  }
  fs.rmSync(options.logDir, { recursive: true, force: true });
  if (ended.length === 0) throw new Error("pgbench completed no transaction");
  if (firstEnd.size < options.clients) throw new Error(`only ${firstEnd.size} of ${options.clients} pgbench clients completed a transaction`);
  // A loop, not Math.max(...ended): a fast statement logs over 100,000 transactions, past what a spread call takes.
  const runEnd = ended.reduce((latest, end) => (end > latest ? end : latest), Number.NEGATIVE_INFINITY);
  let windowStart = Math.max(...firstEnd.values());
  let note = "";
  if (runEnd - windowStart < options.durationS / 2) {
    // Slow tiles at many clients: some clients were still on their first transaction when the warm-up budget ran
    // out. Measure the last durationS seconds instead, leaving out every client's first transaction.
    windowStart = runEnd - options.durationS;
    const late = [...firstEnd.values()].filter((end) => end > windowStart).length;
    note = `${late} of ${options.clients} clients ended their first transaction inside the measured window`;
  }
  const measured: number[] = [];
  for (let i = 0; i < ended.length; i++) {
    if (ended[i]! > windowStart && !firstOfClient[i]) measured.push(latencies[i]!);
  }
  const seconds = runEnd - windowStart;
  if (measured.length === 0) throw new Error("pgbench completed no transaction after the warm-up");
  const sorted = Float64Array.from(measured).sort();
  const mean = measured.reduce((sum, value) => sum + value, 0) / measured.length;
  const errors = Math.max(Number(failed?.[1] ?? 0), failedInLog);
  return {
    requests: measured.length,
    requestsPerSecond: Math.round((measured.length / seconds) * 10) / 10,
    latencyMs: { p50: ms(percentile(sorted, 0.5)), p90: ms(percentile(sorted, 0.9)), p99: ms(percentile(sorted, 0.99)), max: ms(percentile(sorted, 1)), mean: ms(mean) },
    errors,
    errorDetail: errors > 0 ? `failed transactions ${errors}` : "",
    bytesPerSecond: null,
    ...(note ? { note } : {}),
  };
}

/**
 * The pgbench script for one tile list: a random row of bench.tile_lists, and the very statement the project's
 * server runs for a tile (tiles.repo.ts), fed from that row in the same statement so that a transaction is one round
 * trip, as a tile request is for the server. The list name and size come from the bench, never from input.
 */
export function writePgbenchScript(file: string, list: string, count: number): void {
  if (!/^[a-z0-9]+$/.test(list)) throw new Error(`bad list name ${list}`);
  fs.writeFileSync(
    file,
    `\\set i random(1, ${count})
select api.data_revision() as revision, tiles.divisions(t.z, t.x, t.y) as tile from bench.tile_lists as t where t.list = '${list}' and t.idx = :i;
`,
  );
}

/**
 * Links the items statement is given: the shape of what the server's pageLinks builds for a bbox page (self,
 * alternate, collection and next), so that the database builds a FeatureCollection of the same size.
 */
const ITEMS_LINKS = JSON.stringify([
  { href: "http://127.0.0.1:8080/ogc/collections/divisions/items?bbox=112.5,35.5,112.6,35.6&limit=100", rel: "self", type: "application/geo+json", title: "this document" },
  { href: "http://127.0.0.1:8080/ogc/collections/divisions/items?bbox=112.5,35.5,112.6,35.6&limit=100&f=html", rel: "alternate", type: "text/html", title: "this document as HTML" },
  { href: "http://127.0.0.1:8080/ogc/collections/divisions", rel: "collection", type: "application/json", title: "the collection" },
]);
const ITEMS_NEXT = JSON.stringify({ href: "http://127.0.0.1:8080/ogc/collections/divisions/items?bbox=112.5,35.5,112.6,35.6&limit=100&offset=100", rel: "next", type: "application/geo+json", title: "next page" });

/** The pgbench script of the OGC items workload: the server's items statement (ogc.repo.ts) on a random z12 bbox. */
export function writePgbenchItemsScript(file: string, count: number, limit: number): void {
  const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;
  fs.writeFileSync(
    file,
    `\\set i random(1, ${count})
select ogc.divisions_items(b.west, b.south, b.east, b.north, '{}', null, null, ${limit}, 0, ${quote(ITEMS_LINKS)}::jsonb, ${quote(ITEMS_NEXT)}::jsonb) as body from bench.item_boxes as b where b.idx = :i;
`,
  );
}
