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
import type { BurstSummary, BytesSummary, CorrectnessCheck, FeatureComparison } from "./passes.ts";
import { MAX_TILE_BYTES } from "./passes.ts";

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

export interface BenchResults {
  meta: {
    startedAt: string;
    finishedAt: string;
    minutes: number;
    /** codeDigest: sha256 of server/src and sql/ at the start, since the tree may hold uncommitted changes. */
    git: { commit: string; dirty: boolean; codeDigest: string };
    machine: { cpus: number; cpuModel: string; memoryGb: number; kernel: string; node: string };
    settings: { durationS: number; rounds: number; connections: number[]; seed: number; wrkTimeoutS: number };
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

/** The performance targets of issue 3, judged on this run's figures. */
export function judgeTargets(input: {
  summary: readonly SummaryRow[];
  ratios: readonly RatioRow[];
  bytes: readonly BytesSummary[];
  coldStartMs: readonly number[];
  connections: readonly number[];
  lookupMeasured: boolean;
  itemsMeasured: boolean;
}): TargetRow[] {
  const targets: TargetRow[] = [];
  const ratioOf = (workload: string, connections: number, name: string) =>
    input.ratios.find((row) => row.workload === workload && row.connections === connections && row.name === name);
  const row = (workload: string, contestant: string, connections: number) =>
    input.summary.find((entry) => entry.workload === workload && entry.contestant === contestant && entry.connections === connections);
  const verdict = (ok: boolean | undefined): TargetRow["result"] => (ok === undefined ? "not measured" : ok ? "pass" : "fail");
  const top = Math.max(...input.connections);

  for (const [workload, share] of [["z12", 0.85], ["z15", 0.5]] as const) {
    const ratio = ratioOf(workload, top, "server-cold / raw SQL");
    targets.push({
      target: `uncached ${workload}, ${top} connections: ≥ ${share * 100}% of raw prepared SQL req/s`,
      measured: ratio ? `${Math.round(ratio.ratio * 100)}% (rounds ${Math.round(ratio.min * 100)}-${Math.round(ratio.max * 100)}%)` : "-",
      result: verdict(ratio ? ratio.ratio >= share : undefined),
    });
    const server = row(workload, "server-cold", top);
    targets.push({
      target: `uncached ${workload}, ${top} connections: p99 ≤ 3 × p50, zero errors`,
      measured: server ? `p50 ${server.latencyMs.p50} ms, p99 ${server.latencyMs.p99} ms (×${round(server.latencyMs.p99 / server.latencyMs.p50, 1)}), errors ${server.errors}` : "-",
      result: verdict(server ? server.latencyMs.p99 <= 3 * server.latencyMs.p50 && server.errors === 0 && server.failedRuns === 0 : undefined),
    });
  }
  for (const connections of input.connections) {
    const measured = ["z6", "z9", "z12", "z15"]
      .map((workload) => ({ workload, ratio: ratioOf(workload, connections, "server-cold / MapServer") }))
      .filter((entry) => entry.ratio !== undefined);
    targets.push({
      target: `≥ 2 × MapServer req/s at ${connections} connections (uncached server, every zoom)`,
      measured: measured.length > 0 ? measured.map((entry) => `${entry.workload} ×${entry.ratio!.ratio}`).join(", ") : "-",
      result: verdict(measured.length > 0 ? measured.every((entry) => entry.ratio!.ratio >= 2) : undefined),
    });
  }
  const largest = input.bytes.reduce<BytesSummary | undefined>((best, entry) => (!best || entry.bytes.max > best.bytes.max ? entry : best), undefined);
  targets.push({
    target: `every tile ≤ ${MAX_TILE_BYTES / 1024} KB (all layers, all lists)`,
    measured: largest ? `largest ${round(largest.bytes.max / 1024)} KB (${largest.layer} ${largest.bytes.maxTile}); ${input.bytes.reduce((sum, entry) => sum + entry.overLimit, 0)} over` : "-",
    result: verdict(largest ? input.bytes.every((entry) => entry.overLimit === 0) : undefined),
  });
  const bottom = Math.min(...input.connections);
  const z6 = row("z6", "server-cold", bottom);
  targets.push({
    target: `z6 p50 ≤ 100 ms (uncached, ${bottom} connections)`,
    measured: z6 ? `${z6.latencyMs.p50} ms` : "-",
    result: verdict(z6 ? z6.latencyMs.p50 <= 100 : undefined),
  });
  const lookup = row("lookup", "server-cold", top);
  targets.push({
    target: `lookup p99 ≤ 15 ms at ${top} connections`,
    measured: lookup ? `p99 ${lookup.latencyMs.p99} ms (p50 ${lookup.latencyMs.p50} ms, ${lookup.requestsPerSecond.median} req/s, errors ${lookup.errors})` : input.lookupMeasured ? "-" : "route not available",
    result: verdict(lookup ? lookup.latencyMs.p99 <= 15 && lookup.errors === 0 : undefined),
  });
  targets.push({
    target: "cold start (database migrated) to first tile ≤ 500 ms",
    measured: input.coldStartMs.length > 0 ? `${input.coldStartMs.join(", ")} ms (median ${median(input.coldStartMs)})` : "-",
    result: verdict(input.coldStartMs.length > 0 ? median(input.coldStartMs) <= 500 : undefined),
  });
  const rss = input.summary.filter((entry) => entry.contestant.startsWith("server-") && entry.rssMb !== null).map((entry) => entry.rssMb!);
  targets.push({
    target: "server RSS ≤ 200 MB under load",
    measured: rss.length > 0 ? `peak ${Math.max(...rss)} MB` : "-",
    result: verdict(rss.length > 0 ? Math.max(...rss) <= 200 : undefined),
  });
  const items = ratioOf("items", top, "server-cold / raw SQL") ?? ratioOf("items", top, "server-warm / raw SQL");
  targets.push({
    target: `GeoJSON items (z12-sized bbox, ${top} connections) ≥ 50% of raw SQL req/s`,
    measured: items ? `${Math.round(items.ratio * 100)}% (rounds ${Math.round(items.min * 100)}-${Math.round(items.max * 100)}%)` : input.itemsMeasured ? "-" : "route not available",
    result: verdict(items ? items.ratio >= 0.5 : undefined),
  });
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

  const order = ["z6", "z9", "z12", "z15", "trivial", "lookup", "items"];
  const contestantOrder = ["server-cold", "server-warm", "fastify-sql", "raw-sql", "mapserver", "trivial"];
  const summaryRows = [...results.summary]
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
  const throughput = table(["tiles", "conns", "contestant", "req/s (median)", "range", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors", "RSS MB"], summaryRows);
  const ratioTableOf = (rows: readonly RatioRow[]) =>
    table(
      ["tiles", "conns", "ratio", "median", "per-round range"],
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

  const readme = [heading, "", dataLine, "", throughput, "", readmeRatioTable, "", targetTable, "", correctness, notes].join("\n");
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
    "Medians over the rounds; req/s range is the lowest and highest round. Latency from wrk (HTTP) or the pgbench transaction log (raw SQL).",
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
seeded national-scale synthetic set (40,000+ townships, 220,000 points). It needs root or the tools already installed
(\`apt-get install -y wrk cgi-mapserver mapserver-bin lighttpd postgresql-contrib\`; it installs them when missing),
a local PostgreSQL + PostGIS (\`BENCH_DATABASE_URL\`, default \`postgres://postgres:postgres@127.0.0.1:5432/planner_atlas_bench\`,
created if missing) and the reference data (\`REFERENCE_DATA_DIR\`). A default run takes about 15 minutes.

\`\`\`sh
npm run bench                          # everything: data (first run only), 3 rounds, results
npm run bench -- --only-generate       # build the bench database and data only
npm run bench -- --only-correctness    # the correctness pass alone (server and MapServer), a minute or two
npm run bench -- --duration 10 --lists z12,z15 --no-write   # a focused run that writes nothing
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
