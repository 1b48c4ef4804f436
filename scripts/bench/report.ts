/**
 * Turns the runs of one bench into its results: medians and ranges per workload and contestant, ratios within the
 * run (per round, so that drift of a shared machine between rounds cancels), the performance targets of the issue
 * with pass/fail, and the files: scripts/bench/results/latest.json (the tables only) and latest.md, the README's
 * Benchmark section, and a dated copy of everything (every run's figures too) in the git-ignored work/results/.
 */
import fs from "node:fs";
import path from "node:path";
import type { DataSummary } from "./bench-database.ts";
import type { LoadResult } from "./load-runners.ts";
import type { OpenLoopResult } from "./open-loop.ts";
import type { BurstSummary, BytesSummary, CorrectnessCheck, FeatureComparison } from "./passes.ts";
import { MAX_TILE_BYTES } from "./passes.ts";
import type { PgliteData } from "./pglite-data.ts";
import type { ScaleOutResults } from "./scale-out.ts";
import { scaleOutSection, soakTarget } from "./scale-out-report.ts";
import type { SoakResult } from "./soak.ts";
import type { SessionSummary } from "./viewport-session.ts";

export interface RunRecord {
  round: number;
  workload: string;
  contestant: string;
  connections: number;
  /** 1-minute load average just before the run. */
  loadAverage: number;
  result: LoadResult | null;
  error: string | null;
  /** Peak resident memory of the contestant's processes during the run, MB; null when not a process of the bench. */
  rssMb: number | null;
}

export interface ContestantInfo {
  name: string;
  description: string;
  available: boolean;
  reason?: string;
}

export interface SummaryRow {
  workload: string;
  contestant: string;
  connections: number;
  rounds: number;
  requestsPerSecond: { median: number; min: number; max: number };
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  errors: number;
  failedRuns: number;
  rssMb: number | null;
}

export interface RatioRow {
  workload: string;
  connections: number;
  name: string;
  /** Ratio of the median requests/s. */
  ratio: number;
  /** Range of the per-round ratios. */
  min: number;
  max: number;
}

export interface TargetRow {
  target: string;
  measured: string;
  result: "pass" | "fail" | "not measured";
}

/** One open-loop lookup run: at half of the round's maximum closed-loop rate of the server for that point set. */
export interface OpenLoopRecord {
  round: number;
  /** Point set: jincheng or national. */
  set: string;
  /** The server's best closed-loop rate in this round, and at how many connections. */
  maxRate: number;
  maxConnections: number;
  loadAverage: number;
  result: OpenLoopResult | null;
  error: string | null;
}

/** Open-loop runs of one point set over the rounds. */
export interface OpenLoopRow {
  set: string;
  rounds: number;
  rate: number;
  maxRate: number;
  connections: number;
  latencyMs: { p50: number; p90: number; p99: number; p99Min: number; p99Max: number; max: number };
  sendLagP99Ms: number;
  errors: number;
  failedRuns: number;
}

/** The generator against the trivial route at twice the highest rate of the open-loop runs. */
export interface GeneratorCheck {
  rate: number;
  result: OpenLoopResult | null;
  error: string | null;
}

/** The embedded database pass: what its folder holds and the size of its z15 list. */
export interface PgliteInfo {
  data: PgliteData | null;
  z15Tiles: number;
  error: string | null;
}

export interface BenchResults {
  meta: {
    startedAt: string;
    finishedAt: string;
    minutes: number;
    /** codeDigest: sha256 of server/src and sql/ at the start, since the tree may hold uncommitted changes. */
    git: { commit: string; dirty: boolean; codeDigest: string };
    machine: { cpus: number; cpuModel: string; memoryGb: number; kernel: string; node: string };
    settings: { durationS: number; rounds: number; connections: number[]; seed: number; wrkTimeoutS: number; openLoopS?: number; openLoopConnections?: number };
    loadAverage: { start: number[]; end: number[]; beforeRuns: { min: number; median: number; max: number } };
    postgresSettings: Record<string, string>;
    cacheKnob: string | null;
    notes: string[];
  };
  data: DataSummary;
  lists: Record<string, number>;
  contestants: ContestantInfo[];
  coldStartMs: number[];
  runs: RunRecord[];
  summary: SummaryRow[];
  ratios: RatioRow[];
  bytes: BytesSummary[];
  mapServerBytes: BytesSummary[];
  correctness: CorrectnessCheck[];
  viewport: { contestant: string; round: number; burst: BurstSummary }[];
  openLoop: OpenLoopRecord[];
  generatorCheck: GeneratorCheck | null;
  session: SessionSummary | null;
  pglite: PgliteInfo | null;
  scaleOut: ScaleOutResults | null;
  targets: TargetRow[];
}

/** A correctness pass run on its own (npm run bench -- --only-correctness), later than the run it was added to. */
export interface CorrectnessRun {
  startedAt: string;
  git: BenchResults["meta"]["git"];
}

/** One row of the viewport table: a contestant's bursts over every round. */
interface ViewportRow {
  contestant: string;
  bursts: number;
  /** Median, lowest and highest of the rounds' median burst times, ms. */
  burstMs: { median: number; min: number; max: number };
  tileMs: { p50: number; p90: number };
  errors: number;
}

/**
 * What results/latest.json keeps: the tables of latest.md and of the README, nothing per run or per request (those
 * are in the dated copy under work/results/).
 */
export interface LatestResults {
  meta: BenchResults["meta"];
  data: DataSummary;
  lists: Record<string, number>;
  contestants: ContestantInfo[];
  coldStartMs: number[];
  summary: SummaryRow[];
  ratios: RatioRow[];
  targets: TargetRow[];
  bytes: BytesSummary[];
  mapServerBytes: BytesSummary[];
  viewport: ViewportRow[];
  /** Runs that failed or that the load generator flagged, one line each. */
  runNotes: string[];
  correctness: CorrectnessCheck[];
  /** Set when the correctness checks come from a separate, later pass rather than from this run. */
  correctnessRun: CorrectnessRun | null;
  /** Absent in results written before issue 17's passes. */
  openLoop?: OpenLoopRow[];
  generatorCheck?: GeneratorCheck | null;
  session?: SessionSummary | null;
  pglite?: PgliteInfo | null;
  scaleOut?: ScaleOutResults | null;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

export function summarise(runs: readonly RunRecord[]): SummaryRow[] {
  const groups = new Map<string, RunRecord[]>();
  for (const run of runs) {
    const key = `${run.workload}|${run.contestant}|${run.connections}`;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  return [...groups.values()].map((group) => {
    const ok = group.filter((run) => run.result !== null).map((run) => run.result!);
    const rates = ok.map((result) => result.requestsPerSecond);
    const rss = group.map((run) => run.rssMb).filter((value): value is number => value !== null);
    return {
      workload: group[0]!.workload,
      contestant: group[0]!.contestant,
      connections: group[0]!.connections,
      rounds: ok.length,
      requestsPerSecond: { median: round(median(rates)), min: round(Math.min(...rates)), max: round(Math.max(...rates)) },
      latencyMs: {
        p50: round(median(ok.map((result) => result.latencyMs.p50)), 2),
        p90: round(median(ok.map((result) => result.latencyMs.p90)), 2),
        p99: round(median(ok.map((result) => result.latencyMs.p99)), 2),
        max: round(Math.max(...ok.map((result) => result.latencyMs.max)), 2),
      },
      errors: ok.reduce((sum, result) => sum + result.errors, 0),
      failedRuns: group.length - ok.length,
      rssMb: rss.length > 0 ? Math.max(...rss) : null,
    };
  });
}

/** The ratios the targets and the reader care about, for every workload and connection count that has both sides. */
const RATIO_PAIRS: readonly [string, string, string][] = [
  ["server-cold", "raw-sql", "server-cold / raw SQL"],
  ["server-warm", "raw-sql", "server-warm / raw SQL"],
  ["server-cold", "mapserver", "server-cold / MapServer"],
  ["server-warm", "mapserver", "server-warm / MapServer"],
  ["server-pyramid", "mapserver", "server-pyramid / MapServer"],
  ["server-pyramid", "raw-sql", "server-pyramid / raw SQL"],
  ["fastify-sql", "raw-sql", "fastify-sql / raw SQL"],
  ["server-cold", "fastify-sql", "server-cold / fastify-sql"],
];

export function ratios(runs: readonly RunRecord[], summary: readonly SummaryRow[]): RatioRow[] {
  const rows: RatioRow[] = [];
  const find = (workload: string, contestant: string, connections: number) =>
    summary.find((row) => row.workload === workload && row.contestant === contestant && row.connections === connections);
  const workloads = [...new Set(summary.map((row) => `${row.workload}|${row.connections}`))];
  for (const key of workloads) {
    const [workload, connectionsText] = key.split("|") as [string, string];
    const connections = Number(connectionsText);
    for (const [numerator, denominator, name] of RATIO_PAIRS) {
      const top = find(workload, numerator, connections);
      const bottom = find(workload, denominator, connections);
      if (!top || !bottom || !(bottom.requestsPerSecond.median > 0) || top.rounds === 0) continue;
      const perRound: number[] = [];
      for (const run of runs) {
        if (run.workload !== workload || run.contestant !== numerator || run.connections !== connections || !run.result) continue;
        const peer = runs.find((other) => other.round === run.round && other.workload === workload && other.contestant === denominator && other.connections === connections);
        if (peer?.result && peer.result.requestsPerSecond > 0) perRound.push(run.result.requestsPerSecond / peer.result.requestsPerSecond);
      }
      rows.push({
        workload,
        connections,
        name,
        ratio: round(top.requestsPerSecond.median / bottom.requestsPerSecond.median, 2),
        min: round(Math.min(...perRound), 2),
        max: round(Math.max(...perRound), 2),
      });
    }
  }
  return rows;
}

/** Open-loop runs of each point set, over the rounds. */
export function openLoopRows(records: readonly OpenLoopRecord[]): OpenLoopRow[] {
  const sets = [...new Set(records.map((record) => record.set))];
  return sets.map((set) => {
    const group = records.filter((record) => record.set === set);
    const ok = group.filter((record) => record.result !== null).map((record) => record.result!);
    const p99 = ok.map((result) => result.latencyMs.p99);
    return {
      set,
      rounds: ok.length,
      rate: round(median(ok.map((result) => result.rate))),
      maxRate: round(median(group.map((record) => record.maxRate))),
      connections: ok[0]?.connections ?? 0,
      latencyMs: {
        p50: round(median(ok.map((result) => result.latencyMs.p50)), 2),
        p90: round(median(ok.map((result) => result.latencyMs.p90)), 2),
        p99: round(median(p99), 2),
        p99Min: round(Math.min(...p99), 2),
        p99Max: round(Math.max(...p99), 2),
        max: round(Math.max(...ok.map((result) => result.latencyMs.max)), 2),
      },
      sendLagP99Ms: round(median(ok.map((result) => result.sendLagMs.p99)), 2),
      errors: ok.reduce((total, result) => total + result.errors, 0),
      failedRuns: group.length - ok.length,
    };
  });
}

/** The row of `contestant` on `workload` with the highest median req/s over the connection counts. */
function bestRow(summary: readonly SummaryRow[], workload: string, contestant: string): SummaryRow | undefined {
  return summary
    .filter((row) => row.workload === workload && row.contestant === contestant && row.rounds > 0)
    .reduce<SummaryRow | undefined>((best, row) => (!best || row.requestsPerSecond.median > best.requestsPerSecond.median ? row : best), undefined);
}

const figure = (row: SummaryRow) => `${row.requestsPerSecond.median} req/s (${row.connections} conns)`;

/** Open-loop latency target (ms at p99) and the generator's own allowance at twice the rate (a fifth of it). */
const OPEN_LOOP_P99_MS = 10;
const GENERATOR_P99_MS = 2;

/**
 * The performance targets, judged on this run's figures: issue 17's (tiles best against best over the connection
 * counts, lookup open-loop and against its SQL) and issue 3's that still stand (latency spread, tile size, zoom 6,
 * cold start, memory, GeoJSON items).
 */
export function judgeTargets(input: {
  summary: readonly SummaryRow[];
  ratios: readonly RatioRow[];
  bytes: readonly BytesSummary[];
  coldStartMs: readonly number[];
  connections: readonly number[];
  lookupSets: readonly string[];
  openLoop: readonly OpenLoopRow[];
  generatorCheck: GeneratorCheck | null;
  itemsMeasured: boolean;
  soak: SoakResult | null;
  soakMinutes: number;
}): TargetRow[] {
  const targets: TargetRow[] = [];
  const ratioOf = (workload: string, connections: number, name: string) =>
    input.ratios.find((row) => row.workload === workload && row.connections === connections && row.name === name);
  const row = (workload: string, contestant: string, connections: number) =>
    input.summary.find((entry) => entry.workload === workload && entry.contestant === contestant && entry.connections === connections);
  const verdict = (ok: boolean | undefined): TargetRow["result"] => (ok === undefined ? "not measured" : ok ? "pass" : "fail");
  const top = Math.max(...input.connections);
  const bottom = Math.min(...input.connections);
  const over = `best over ${input.connections.join(", ")} connections`;
  const percent = (value: number) => `${Math.round(value * 100)}%`;

  for (const workload of ["z12", "z15"]) {
    const server = bestRow(input.summary, workload, "server-cold");
    const raw = bestRow(input.summary, workload, "raw-sql");
    targets.push({
      target: `uncached ${workload}: server's best ≥ 70% of the raw SQL's best (${over})`,
      measured: server && raw ? `server ${figure(server)} vs raw SQL ${figure(raw)}: ${percent(server.requestsPerSecond.median / raw.requestsPerSecond.median)}` : "-",
      result: verdict(server && raw ? server.requestsPerSecond.median >= 0.7 * raw.requestsPerSecond.median : undefined),
    });
    const serverLow = row(workload, "server-cold", bottom);
    const rawLow = row(workload, "raw-sql", bottom);
    const ratio = ratioOf(workload, bottom, "server-cold / raw SQL");
    targets.push({
      target: `uncached ${workload}, ${bottom} connections: server ≥ 50% of the raw SQL`,
      measured:
        serverLow && rawLow && ratio
          ? `server ${serverLow.requestsPerSecond.median} vs raw SQL ${rawLow.requestsPerSecond.median} req/s: ${percent(ratio.ratio)} (rounds ${percent(ratio.min)}-${percent(ratio.max)})`
          : "-",
      result: verdict(ratio ? ratio.ratio >= 0.5 : undefined),
    });
    const spread = row(workload, "server-cold", top);
    targets.push({
      target: `uncached ${workload}, ${top} connections: p99 ≤ 3 × p50, zero errors`,
      measured: spread ? `p50 ${spread.latencyMs.p50} ms, p99 ${spread.latencyMs.p99} ms (×${round(spread.latencyMs.p99 / spread.latencyMs.p50, 1)}), errors ${spread.errors}` : "-",
      result: verdict(spread ? spread.latencyMs.p99 <= 3 * spread.latencyMs.p50 && spread.errors === 0 && spread.failedRuns === 0 : undefined),
    });
  }
  for (const workload of ["z6", "z9", "z12", "z15"]) {
    const server = bestRow(input.summary, workload, "server-cold");
    const mapServer = bestRow(input.summary, workload, "mapserver");
    if (!server && !mapServer) continue;
    targets.push({
      target: `uncached ${workload}: server's best ≥ 2 × MapServer's best (${over})`,
      measured: server && mapServer ? `server ${figure(server)} vs MapServer ${figure(mapServer)}: ×${round(server.requestsPerSecond.median / mapServer.requestsPerSecond.median, 2)}` : "-",
      result: verdict(server && mapServer ? server.requestsPerSecond.median >= 2 * mapServer.requestsPerSecond.median : undefined),
    });
    // Up to the pyramid's top zoom the server as deployed reads rendered tiles from the pyramid: judged beside the
    // uncached path, not instead of it.
    const pyramid = bestRow(input.summary, workload, "server-pyramid");
    if (pyramid) {
      targets.push({
        target: `${workload} from the tile pyramid (no in-process cache): server's best ≥ 2 × MapServer's best (${over})`,
        measured: mapServer ? `server ${figure(pyramid)} vs MapServer ${figure(mapServer)}: ×${round(pyramid.requestsPerSecond.median / mapServer.requestsPerSecond.median, 2)}` : "-",
        result: verdict(mapServer ? pyramid.requestsPerSecond.median >= 2 * mapServer.requestsPerSecond.median : undefined),
      });
    }
  }
  for (const set of input.lookupSets) {
    const openLoop = input.openLoop.find((entry) => entry.set === set);
    targets.push({
      target: `lookup (${set}), open-loop at half the server's maximum rate: p99 ≤ ${OPEN_LOOP_P99_MS} ms`,
      measured:
        openLoop && openLoop.rounds > 0
          ? `${openLoop.rate}/s (maximum ${openLoop.maxRate}/s): p50 ${openLoop.latencyMs.p50}, p99 ${openLoop.latencyMs.p99} (rounds ${openLoop.latencyMs.p99Min}-${openLoop.latencyMs.p99Max}), max ${openLoop.latencyMs.max} ms, errors ${openLoop.errors}`
          : "-",
      result: verdict(openLoop && openLoop.rounds > 0 ? openLoop.latencyMs.p99 <= OPEN_LOOP_P99_MS && openLoop.errors === 0 && openLoop.failedRuns === 0 : undefined),
    });
    const server = bestRow(input.summary, `lookup-${set}`, "server-cold");
    const raw = bestRow(input.summary, `lookup-${set}`, "raw-sql");
    targets.push({
      target: `lookup (${set}): server's maximum rate ≥ PostgreSQL's best for api.lookup_place (pgbench; ${over})`,
      measured: server && raw ? `server ${figure(server)} vs pgbench ${figure(raw)}: ×${round(server.requestsPerSecond.median / raw.requestsPerSecond.median, 2)}` : "-",
      result: verdict(server && raw ? server.requestsPerSecond.median >= raw.requestsPerSecond.median : undefined),
    });
  }
  if (input.lookupSets.length === 0) targets.push({ target: "lookup targets", measured: "route not available", result: "not measured" });
  const check = input.generatorCheck;
  targets.push({
    target: `the open-loop generator is not the bottleneck: at 2 × the highest rate used, against the trivial route, it keeps the schedule with p99 ≤ ${GENERATOR_P99_MS} ms`,
    measured: check?.result
      ? `${check.rate}/s scheduled, ${check.result.completedPerSecond}/s answered: p50 ${check.result.latencyMs.p50}, p99 ${check.result.latencyMs.p99} ms, send lag p99 ${check.result.sendLagMs.p99} ms, errors ${check.result.errors}`
      : check?.error ? `failed: ${check.error}` : "-",
    result: verdict(
      check?.result
        ? check.result.errors === 0 && check.result.completed >= 0.99 * check.result.scheduled && check.result.latencyMs.p99 <= GENERATOR_P99_MS
        : undefined,
    ),
  });
  const largest = input.bytes.reduce<BytesSummary | undefined>((best, entry) => (!best || entry.bytes.max > best.bytes.max ? entry : best), undefined);
  targets.push({
    target: `every tile ≤ ${MAX_TILE_BYTES / 1024} KB (all layers, all lists)`,
    measured: largest ? `largest ${round(largest.bytes.max / 1024)} KB (${largest.layer} ${largest.bytes.maxTile}); ${input.bytes.reduce((total, entry) => total + entry.overLimit, 0)} over` : "-",
    result: verdict(largest ? input.bytes.every((entry) => entry.overLimit === 0) : undefined),
  });
  const z6 = row("z6", "server-cold", bottom);
  targets.push({
    target: `z6 p50 ≤ 100 ms (uncached, ${bottom} connections)`,
    measured: z6 ? `${z6.latencyMs.p50} ms` : "-",
    result: verdict(z6 ? z6.latencyMs.p50 <= 100 : undefined),
  });
  targets.push({
    target: "cold start (database migrated) to first tile ≤ 500 ms",
    measured: input.coldStartMs.length > 0 ? `${input.coldStartMs.join(", ")} ms (median ${median(input.coldStartMs)})` : "-",
    result: verdict(input.coldStartMs.length > 0 ? median(input.coldStartMs) <= 500 : undefined),
  });
  // On PostgreSQL: the server on PGlite holds the database's WebAssembly heap too (~1 GB), which this target is not about.
  const rss = input.summary.filter((entry) => entry.contestant.startsWith("server-") && entry.contestant !== "server-pglite" && entry.rssMb !== null).map((entry) => entry.rssMb!);
  targets.push({
    target: "server RSS ≤ 200 MB under load (PostgreSQL)",
    measured: rss.length > 0 ? `peak ${Math.max(...rss)} MB` : "-",
    result: verdict(rss.length > 0 ? Math.max(...rss) <= 200 : undefined),
  });
  const items = ratioOf("items", top, "server-cold / raw SQL") ?? ratioOf("items", top, "server-warm / raw SQL");
  targets.push({
    target: `GeoJSON items (z12-sized bbox, ${top} connections) ≥ 50% of raw SQL req/s`,
    measured: items ? `${Math.round(items.ratio * 100)}% (rounds ${Math.round(items.min * 100)}-${Math.round(items.max * 100)}%)` : input.itemsMeasured ? "-" : "route not available",
    result: verdict(items ? items.ratio >= 0.5 : undefined),
  });
  targets.push(soakTarget(input.soak, input.soakMinutes));
  return targets;
}

const kb = (bytes: number) => (bytes === 0 ? "0" : bytes < 1024 ? `${round(bytes / 1024, 2)}` : `${round(bytes / 1024, 1)}`);

function table(header: string[], rows: (string | number)[][]): string {
  return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((cells) => `| ${cells.join(" | ")} |`)].join("\n");
}

function viewportRows(viewport: BenchResults["viewport"]): ViewportRow[] {
  const byContestant = new Map<string, BurstSummary[]>();
  for (const entry of viewport) byContestant.set(entry.contestant, [...(byContestant.get(entry.contestant) ?? []), entry.burst]);
  return [...byContestant.entries()].map(([contestant, bursts]) => ({
    contestant,
    bursts: bursts.reduce((sum, burst) => sum + burst.bursts, 0),
    burstMs: {
      median: round(median(bursts.map((burst) => burst.burstMs.p50))),
      min: round(Math.min(...bursts.map((burst) => burst.burstMs.p50))),
      max: round(Math.max(...bursts.map((burst) => burst.burstMs.p50))),
    },
    tileMs: { p50: round(median(bursts.map((burst) => burst.tileMs.p50))), p90: round(median(bursts.map((burst) => burst.tileMs.p90))) },
    errors: bursts.reduce((sum, burst) => sum + burst.errors, 0),
  }));
}

/** Checks written by the correctness pass before it compared feature codes (no per-feature comparison in them). */
const isCurrentCheck = (check: CorrectnessCheck) => typeof (check as Partial<CorrectnessCheck>).server === "object";

/** The tables of a run, for latest.json. Correctness checks of the old form (counts only) are left out, with a note. */
function compactResults(results: BenchResults): LatestResults {
  const correctness = results.correctness.filter(isCurrentCheck);
  const notes = [...results.meta.notes];
  if (correctness.length < results.correctness.length) {
    notes.push("the correctness checks of this run came from an older pass that counted features and could not see MapServer's; they are left out");
  }
  return {
    meta: { ...results.meta, notes },
    data: results.data,
    lists: results.lists,
    contestants: results.contestants,
    coldStartMs: results.coldStartMs,
    summary: results.summary,
    ratios: results.ratios,
    targets: results.targets,
    bytes: results.bytes,
    mapServerBytes: results.mapServerBytes,
    viewport: viewportRows(results.viewport),
    runNotes: results.runs
      .filter((run) => run.error !== null || run.result?.note)
      .map((run) => `round ${run.round} ${run.workload} ${run.connections}c ${run.contestant}: ${run.error ?? run.result?.note}`),
    correctness,
    correctnessRun: null,
    openLoop: openLoopRows(results.openLoop),
    generatorCheck: results.generatorCheck,
    session: results.session,
    pglite: results.pglite,
    scaleOut: results.scaleOut,
  };
}

/** latest.json as written by this version (the tables) or by an earlier one (every run in full), as tables. */
export function readLatest(file: string): LatestResults {
  const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as LatestResults | BenchResults;
  return "runs" in parsed ? compactResults(parsed) : parsed;
}

/** The results with the checks of a separate correctness pass in place of the run's own. */
export function withCorrectness(latest: LatestResults, checks: CorrectnessCheck[], run: CorrectnessRun): LatestResults {
  const notes = latest.meta.notes.filter((note) => !note.startsWith("the correctness checks of this run came from an older pass"));
  return { ...latest, meta: { ...latest.meta, notes }, correctness: checks, correctnessRun: run };
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

function verdictCounts(verdicts: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const verdict of verdicts) counts.set(verdict, (counts.get(verdict) ?? 0) + 1);
  return [...counts.entries()].map(([verdict, count]) => `${verdict} ${count}`).join(", ");
}

/** The correctness paragraph of latest.md and the README. */
export function correctnessLine(checks: readonly CorrectnessCheck[], run: CorrectnessRun | null): string {
  if (checks.length === 0) return "Correctness: not run.";
  const server = checks.map((check) => check.server);
  const leftOut = (side: readonly FeatureComparison[]) =>
    `left out ${sum(side.map((entry) => entry.leftOut))} boundaries that intersect the tiles, ${sum(side.map((entry) => entry.leftOutSmall))} of them narrower than the tile grid`;
  const examples = (side: "server" | "mapServer") =>
    checks
      .filter((check) => check[side]?.verdict === "mismatch")
      .slice(0, 3)
      .map((check) => `${check.tile}: ${check[side]!.unexplained.join(", ") || `${check[side]!.broken} broken, ${check[side]!.duplicated} repeated`}`)
      .join("; ");
  const serverMismatches = server.filter((entry) => entry.verdict === "mismatch").length;
  const peers = checks.filter((check) => check.mapServer !== null);
  const peer = peers.map((check) => check.mapServer!);
  const peerMismatches = peer.filter((entry) => entry.verdict === "mismatch").length;
  const when = run
    ? ` (a separate pass on ${run.startedAt.slice(0, 16).replace("T", " ")} UTC, commit ${run.git.commit.slice(0, 8)}${run.git.dirty ? ` + uncommitted changes (code digest ${run.git.codeDigest})` : ""}, same seeded data)`
    : "";
  return (
    `Correctness${when}: ${checks.length} sample tiles of the divisions layer decoded with @mapbox/vector-tile and compared by feature code with the boundaries in the database ` +
    `(a boundary left out passes as dropped-small only when what lies of it in the tile is narrower than the tile grid). ` +
    `Server: ${verdictCounts(server.map((entry) => entry.verdict))}; ${sum(server.map((entry) => entry.served))} features served vs ` +
    `${sum(checks.map((check) => check.sqlInside))}-${sum(checks.map((check) => check.sqlBuffered))} boundaries intersecting the tiles (with buffer); ${leftOut(server)}` +
    `${serverMismatches > 0 ? `; mismatches ${serverMismatches}, e.g. ${examples("server")}` : ""}; ` +
    `bytes identical to the raw tile SQL in ${checks.filter((check) => check.sameAsRawSql).length}/${checks.length}.` +
    (peers.length > 0
      ? ` MapServer (every layer of its tile): ${verdictCounts(peer.map((entry) => entry.verdict))}; ${sum(peer.map((entry) => entry.served))} features; ${leftOut(peer)}` +
        `${peerMismatches > 0 ? `; mismatches ${peerMismatches}, e.g. ${examples("mapServer")}` : ""}; ` +
        `codes in only one of the two tiles: server ${sum(peers.map((check) => check.onlyServer ?? 0))}, MapServer ${sum(peers.map((check) => check.onlyMapServer ?? 0))}.`
      : " MapServer: not run.")
  );
}

/** The markdown report: the tables of the README section, then the details. */
function renderMarkdown(results: LatestResults): { full: string; readme: string } {
  const { meta } = results;
  const heading =
    `Run ${meta.startedAt.slice(0, 16).replace("T", " ")} UTC, ${meta.minutes} min, commit ${meta.git.commit.slice(0, 8)}${meta.git.dirty ? ` + uncommitted changes (code digest ${meta.git.codeDigest})` : ""}; ` +
    `${meta.machine.cpus} cores (${meta.machine.cpuModel}), shared machine: load average ${meta.loadAverage.start[0]} at start, ` +
    `${meta.loadAverage.beforeRuns.min}-${meta.loadAverage.beforeRuns.max} (median ${meta.loadAverage.beforeRuns.median}) before runs. ` +
    `PostgreSQL ${results.data.postgresVersion.split(" ")[0]}, PostGIS ${results.data.postgisVersion}. ` +
    `${meta.settings.rounds} round${meta.settings.rounds === 1 ? "" : "s"} × ${meta.settings.durationS} s per run, contestants rotated each round; only ratios within one run mean anything.`;
  const dataLine =
    `Data: ${results.data.divisions.township ?? 0} townships, ${results.data.divisions.county ?? 0} counties with boundaries ` +
    `(Jincheng: ${results.data.jinchengImport}; synthetic: ${results.data.synthetic?.townships ?? 0} townships, ` +
    `${results.data.synthetic?.vertices.min}-${results.data.synthetic?.vertices.max} vertices, mean ${results.data.synthetic?.vertices.mean}); ` +
    `${results.data.projects} projects, ${results.data.workRecords} work records, ${results.data.opinions} opinions. ` +
    `Tile lists: ${Object.entries(results.lists).map(([name, count]) => `${name} ${count}`).join(", ")}.`;

  const order = ["z6", "z9", "z12", "z15", "trivial", "lookup-jincheng", "lookup-national", "lookup", "items"];
  const contestantOrder = ["server-cold", "server-pyramid", "server-warm", "fastify-sql", "raw-sql", "mapserver", "trivial", "server-pglite"];
  const sortedSummary = [...results.summary].sort(
    (a, b) =>
      order.indexOf(a.workload) - order.indexOf(b.workload) || a.connections - b.connections || contestantOrder.indexOf(a.contestant) - contestantOrder.indexOf(b.contestant),
  );
  const summaryRows = sortedSummary
    .filter((row) => row.contestant !== "server-pglite")
    .sort(
      (a, b) =>
        order.indexOf(a.workload) - order.indexOf(b.workload) || a.connections - b.connections || contestantOrder.indexOf(a.contestant) - contestantOrder.indexOf(b.contestant),
    )
    .map((row) => [
      row.workload,
      row.connections,
      row.contestant,
      row.rounds === 0 ? "failed" : `${row.requestsPerSecond.median}`,
      row.rounds === 0 ? "" : `${row.requestsPerSecond.min}-${row.requestsPerSecond.max}`,
      row.latencyMs.p50,
      row.latencyMs.p90,
      row.latencyMs.p99,
      row.latencyMs.max,
      `${row.errors}${row.failedRuns > 0 ? ` (${row.failedRuns} runs failed)` : ""}`,
      row.rssMb ?? "",
    ]);
  const throughput = table(["workload", "conns", "contestant", "req/s (median)", "range", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors", "RSS MB"], summaryRows);
  const openLoop = results.openLoop ?? [];
  const openLoopTable =
    openLoop.length > 0
      ? table(
          ["lookup points", "rate /s", "half of max /s", "pool", "rounds", "p50 ms", "p90 ms", "p99 ms (median)", "p99 range", "max ms", "send lag p99 ms", "errors"],
          openLoop.map((row) => [row.set, row.rate, row.maxRate, row.connections, row.rounds, row.latencyMs.p50, row.latencyMs.p90, row.latencyMs.p99, `${row.latencyMs.p99Min}-${row.latencyMs.p99Max}`, row.latencyMs.max, row.sendLagP99Ms, `${row.errors}${row.failedRuns > 0 ? ` (${row.failedRuns} runs failed)` : ""}`]),
        )
      : "";
  const openLoopSection = openLoop.length > 0
    ? `Lookup open-loop (requests on a fixed schedule from a generator in its own process, latency from each request's intended send time, so that a stall counts for every request it delays): at half of the round's best closed-loop rate of the server.\n\n${openLoopTable}`
    : "Lookup open-loop: not run.";
  const pglite = results.pglite;
  const pgliteRows = sortedSummary.filter((row) => row.contestant === "server-pglite");
  const pgliteSection = !pglite
    ? ""
    : pglite.error
      ? `Embedded database (PGlite): not measured: ${pglite.error}`
      : [
          `Embedded database (PGlite ${pglite.data?.postgresVersion ?? "?"}, PostGIS ${pglite.data?.postgisVersion ?? "?"}; the server started without DATABASE_URL, tile cache off): ` +
            `Jincheng data only (${pglite.data?.townships ?? "?"} townships, ${pglite.data?.counties ?? "?"} counties, loaded by the project's import; the national synthetic set is not loaded into PGlite), ` +
            `z15 list ${pglite.z15Tiles} tiles, one in each Jincheng township; no target.`,
          "",
          table(
            ["workload", "conns", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors", "RSS MB"],
            pgliteRows.map((row) => [row.workload, row.connections, row.rounds === 0 ? "failed" : row.requestsPerSecond.median, row.latencyMs.p50, row.latencyMs.p90, row.latencyMs.p99, row.latencyMs.max, `${row.errors}${row.failedRuns > 0 ? ` (${row.failedRuns} runs failed)` : ""}`, row.rssMb ?? ""]),
          ),
        ].join("\n");
  const session = results.session;
  const sessionLine = session
    ? `Tile cache on the viewport session (${session.visitors} visitors of the public map over Jincheng, ${session.views} views, ${session.requests} tile requests of divisions, belts and opinions, ${session.distinctTiles} distinct; a fresh server, cache ${Math.round(session.cacheMaxBytes / 2 ** 20)} MiB): ` +
      `${session.hits} of ${session.requests} requests answered from the cache, hit rate ${Math.round(session.hitRate * 1000) / 10}% (an unbounded cache: ${Math.round(session.unboundedHitRate * 1000) / 10}%); ${session.rendered} tiles rendered, ${session.errors} errors, ${session.seconds} s.`
    : "Tile cache on the viewport session: not run.";
  const ratioTableOf = (rows: readonly RatioRow[]) =>
    table(
      ["workload", "conns", "ratio", "median", "per-round range"],
      [...rows]
        .sort((a, b) => order.indexOf(a.workload) - order.indexOf(b.workload) || a.connections - b.connections)
        .map((row) => [row.workload, row.connections, row.name, row.ratio, `${row.min}-${row.max}`]),
    );
  const ratioTable = ratioTableOf(results.ratios);
  // The README keeps the ratios the targets are about; latest.md has them all.
  const readmeRatioTable = ratioTableOf(results.ratios.filter((row) => row.name.startsWith("server-cold")));
  const targetTable = table(
    ["target", "measured", "result"],
    results.targets.map((row) => [row.target, row.measured, row.result === "pass" ? "**pass**" : row.result === "fail" ? "**FAIL**" : row.result]),
  );
  const bytesTable = table(
    ["layer", "tiles", "count", "non-empty", "p50 KB", "p95 KB", "max KB", "largest tile", "> 500 KB", "other statuses", "unloaded p50 ms", "p95 ms"],
    [...results.bytes, ...results.mapServerBytes.map((entry) => ({ ...entry, layer: `${entry.layer} (MapServer)` }))].map((entry) => [
      entry.layer,
      entry.list,
      entry.tiles,
      entry.nonEmpty,
      kb(entry.bytes.p50),
      kb(entry.bytes.p95),
      kb(entry.bytes.max),
      entry.bytes.maxTile ?? "",
      entry.overLimit,
      Object.entries(entry.otherStatuses).map(([status, count]) => `${status}×${count}`).join(" ") || "",
      entry.latencyMs.p50,
      entry.latencyMs.p95,
    ]),
  );
  const viewportTable = table(
    ["contestant", "bursts", "burst ms (median of rounds)", "burst ms range", "tile p50 ms", "tile p90 ms", "errors"],
    results.viewport.map((row) => [row.contestant, row.bursts, row.burstMs.median, `${row.burstMs.min}-${row.burstMs.max}`, row.tileMs.p50, row.tileMs.p90, row.errors]),
  );
  const checks = results.correctness;
  const correctness = correctnessLine(checks, results.correctnessRun);
  const side = (entry: FeatureComparison | null) => (entry ? `${entry.served} / ${entry.leftOut} (${entry.leftOutSmall}) / ${entry.extra}` : "");
  const correctnessTable = table(
    ["tiles", "tile", "status", "SQL inside", "SQL buffered", "grid m", "served / left out (narrower than grid) / extra", "= raw SQL bytes", "verdict", "MapServer served / left out / extra", "MapServer verdict", "not explained"],
    checks.map((check) => [
      check.list,
      check.tile,
      check.status,
      check.sqlInside,
      check.sqlBuffered,
      check.gridM,
      side(check.server),
      check.sameAsRawSql ? "yes" : "no",
      check.verdict,
      side(check.mapServer),
      check.mapServer?.verdict ?? "",
      [...check.server.unexplained.map((text) => `server ${text}`), ...(check.mapServer?.unexplained ?? []).map((text) => `MapServer ${text}`)].join("; "),
    ]),
  );
  const contestants = results.contestants.map((entry) => `- **${entry.name}**: ${entry.description}${entry.available ? "" : ` — not run: ${entry.reason}`}`).join("\n");
  const notes = meta.notes.length > 0 ? `\nNotes:\n${meta.notes.map((note) => `- ${note}`).join("\n")}\n` : "";

  const scaleOut = scaleOutSection(results.scaleOut);
  const readme = [heading, "", dataLine, "", throughput, "", readmeRatioTable, "", targetTable, "", openLoopSection, "", ...(pgliteSection ? [pgliteSection, ""] : []), ...(scaleOut ? [scaleOut, ""] : []), sessionLine, "", correctness, notes].join("\n");
  const full = [
    "# Tile benchmark",
    "",
    heading,
    "",
    dataLine,
    "",
    "## Contestants",
    "",
    contestants,
    "",
    `Cold starts of the server (spawn to first tile): ${results.coldStartMs.join(", ")} ms. Cache knob: ${meta.cacheKnob ?? "none found"}.`,
    "",
    "## Throughput and latency",
    "",
    "Medians over the rounds; req/s range is the lowest and highest round. Latency from wrk (HTTP, closed loop) or the pgbench transaction log (raw SQL). lookup-jincheng and lookup-national: /api/lookup at seeded points in Jincheng and in synthetic townships all over the country; raw-sql there is pgbench of the server's statement, api.lookup_place.",
    "",
    throughput,
    "",
    ...(results.runNotes.length > 0 ? ["Runs to read with care:", "", ...results.runNotes.map((note) => `- ${note}`), ""] : []),
    "## Ratios within the run",
    "",
    ratioTable,
    "",
    "## Targets",
    "",
    targetTable,
    "",
    "## Lookup open-loop",
    "",
    openLoopSection,
    "",
    ...(pgliteSection ? ["## Embedded database (PGlite)", "", pgliteSection, ""] : []),
    ...(scaleOut ? ["## Scale-out set-up and soak", "", scaleOut, ""] : []),
    "## Tile cache hit rate",
    "",
    sessionLine,
    "",
    "## Tile sizes (every tile of every list, fetched once; unloaded latency)",
    "",
    bytesTable,
    "",
    "## Viewport bursts (20 neighbouring z12 tiles over 6 keep-alive connections, as a browser)",
    "",
    viewportTable,
    "",
    "## Correctness",
    "",
    correctness,
    "",
    ...(checks.length > 0 ? [correctnessTable] : []),
    notes,
  ].join("\n");
  return { full, readme };
}

/**
 * JSON with one line per table row: containers are spread over lines down to `depth`, anything deeper stays on one
 * line, so that latest.json reads (and diffs) as tables.
 */
function tableJson(value: unknown, depth = 2, indent = ""): string {
  if (depth === 0 || value === null || typeof value !== "object") return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((item) => `${inner}${tableJson(item, depth - 1, inner)}`).join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${tableJson(item, depth - 1, inner)}`).join(",\n")}\n${indent}}`;
}

const README_START = "<!-- bench:start (written by npm run bench) -->";
const README_END = "<!-- bench:end -->";

const README_INTRO = `\`npm run bench\` measures the vector tiles on PostgreSQL + PostGIS against the raw tile SQL (pgbench, prepared),
MapServer 8 (FastCGI behind lighttpd, same table) and a trivial Fastify route, on the Jincheng reference data and a
seeded national-scale synthetic set (40,000+ townships, 220,000 points); the lookup at points in Jincheng and all
over the synthetic set, closed-loop against pgbench of its SQL and open-loop; the hit rate of the server's tile cache
on a viewport session; the same server on the embedded PGlite; and the scale-out set-up of \`scripts/deploy/\`
(contestant \`scale-out\`: primary, streaming replica, pgbouncer, 1 then 2 server processes, nginx) on the national
lists, with an optional soak run. It needs root or the tools already installed
(\`apt-get install -y wrk cgi-mapserver mapserver-bin lighttpd postgresql-contrib nginx pgbouncer\`; it installs the
missing ones but nginx and pgbouncer, without which the scale-out pass reports what to install), a local PostgreSQL + PostGIS (\`BENCH_DATABASE_URL\`, default
\`postgres://postgres:postgres@127.0.0.1:5432/planner_atlas_bench\`, created if missing) and the reference data
(\`REFERENCE_DATA_DIR\`). A default run takes about 30 minutes, the scale-out pass 2-3 of them; the 10-minute soak
is not part of it (\`--soak-minutes 10\` adds it): it is a check of stability, not a comparison, and would make the
default run a third longer.

\`\`\`sh
npm run bench                          # everything: data (first run only), 3 rounds, results
npm run bench -- --only-generate       # build the bench database and data only
npm run bench -- --only-correctness    # the correctness pass alone (server and MapServer), a minute or two
npm run bench -- --duration 10 --lists z12,z15 --no-write   # a focused run that writes nothing
npm run bench -- --duration 1 --rounds 1 --lists z12 --open-loop-duration 2 --no-write   # a smoke run, ~3 minutes
npm run bench -- --soak-minutes 10     # everything, then the soak (mixed reads and bureau writes) on 2 processes
npm run bench:scale-out -- --soak-minutes 10   # the scale-out pass and the soak alone; prints, writes no results
npm run bench -- --help
\`\`\`

Results: \`scripts/bench/results/latest.md\` (full tables: tile sizes, viewport bursts, correctness) and
\`latest.json\` (the same tables as data). Every run also leaves a dated copy with each run's figures in
\`scripts/bench/work/results/\`, which git ignores. The machine is shared and noisy, so only ratios within one run
count. Latest run:`;

/** Writes latest.json (tables) and latest.md, and replaces the README's Benchmark section (creating it at the end). */
export function writeLatest(latest: LatestResults, resultsDir: string, readmePath: string): string[] {
  fs.mkdirSync(resultsDir, { recursive: true });
  const { full, readme } = renderMarkdown(latest);
  const files = [path.join(resultsDir, "latest.json"), path.join(resultsDir, "latest.md")];
  fs.writeFileSync(files[0]!, `${tableJson(latest)}\n`);
  fs.writeFileSync(files[1]!, `${full}\n`);

  const text = fs.readFileSync(readmePath, "utf8");
  const section = `## Benchmark\n\n${README_INTRO}\n\n${README_START}\n${readme.trim()}\n${README_END}\n`;
  const start = text.indexOf(README_START);
  const end = text.indexOf(README_END);
  let updated: string;
  if (start >= 0 && end > start) {
    updated = text.slice(0, start) + `${README_START}\n${readme.trim()}\n` + text.slice(end);
  } else {
    const heading = text.indexOf("\n## Benchmark\n");
    // The section is the README's last: anything after an existing heading of that name is replaced.
    updated = heading >= 0 ? `${text.slice(0, heading + 1)}${section}` : `${text.trimEnd()}\n\n${section}`;
  }
  fs.writeFileSync(readmePath, updated);
  files.push(readmePath);
  return files;
}

/** A file-name stamp of an ISO time: 2026-11-28T00:03… → 20261128-0003. */
export const fileStamp = (iso: string) => iso.slice(0, 16).replace(/[-:]/g, "").replace("T", "-");

/** Writes latest.json/md and the README (writeLatest), and the run in full with its report under historyDir. */
export function writeResults(results: BenchResults, resultsDir: string, historyDir: string, readmePath: string): string[] {
  const latest = compactResults(results);
  const files = writeLatest(latest, resultsDir, readmePath);
  fs.mkdirSync(historyDir, { recursive: true });
  const stamp = fileStamp(results.meta.startedAt);
  const dated = [path.join(historyDir, `${stamp}.json`), path.join(historyDir, `${stamp}.md`)];
  fs.writeFileSync(dated[0]!, `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(dated[1]!, fs.readFileSync(path.join(resultsDir, "latest.md")));
  return [...files, ...dated];
}
