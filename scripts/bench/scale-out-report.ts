/**
 * The scale-out pass and the soak run in the bench's results: the soak's target row (judgeTargets) and the
 * markdown of the scale-out section (latest.md and the README).
 */
import type { ScaleOutResults, ScaleOutRow } from "./scale-out.ts";
import { SOAK_MAX_GROWTH, type SoakResult } from "./soak.ts";
import type { TargetRow } from "./report.ts";

/** The issue's soak target, judged on the soak's figures; "not measured" when it did not run. */
export function soakTarget(soak: SoakResult | null, soakMinutes: number): TargetRow {
  const target = `soak (${soakMinutes || 10} min, mixed reads and bureau writes, 2 processes behind nginx): each process's RSS (median of the last tenth) ≤ ${100 + SOAK_MAX_GROWTH * 100}% of its RSS after warm-up (median of the first tenth), zero errors`;
  if (!soak) return { target, measured: soakMinutes > 0 ? "did not run (see the scale-out section)" : "not run (--soak-minutes 0)", result: "not measured" };
  const reads = Object.values(soak.reads).reduce((total, count) => total + count, 0);
  const memory = soak.processes.map((entry) => `${entry.startMb} → ${entry.endMb} MB (${entry.growthPercent >= 0 ? "+" : ""}${entry.growthPercent}%, peak ${entry.peakMb})`).join("; ");
  return {
    target,
    measured: `${reads} reads, ${soak.writes} writes (${soak.requestsPerSecond}/s): RSS ${memory}; errors ${soak.errors}${soak.errorSamples.length > 0 ? `, e.g. ${soak.errorSamples[0]}` : ""}`,
    result: soak.pass ? "pass" : "fail",
  };
}

const PATH_NAMES: Record<ScaleOutRow["path"], string> = {
  "nginx-uncached": "nginx → processes (nothing cached: rendered by the replica)",
  direct: "one process directly (nothing cached)",
  "nginx-cached": "nginx, its cache warm",
};

function table(header: string[], rows: (string | number)[][]): string {
  return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((cells) => `| ${cells.join(" | ")} |`)].join("\n");
}

/** The scale-out section: one row per list, process count and path, then the soak. Empty when the pass did not run. */
export function scaleOutSection(scaleOut: ScaleOutResults | null | undefined): string {
  if (!scaleOut) return "";
  const order: ScaleOutRow["path"][] = ["nginx-uncached", "direct", "nginx-cached"];
  const rows = [...scaleOut.rows].sort((a, b) => a.list.localeCompare(b.list) || order.indexOf(a.path) - order.indexOf(b.path) || a.processes - b.processes);
  const setup = Object.entries(scaleOut.setupSeconds).map(([processes, seconds]) => `${seconds} s with ${processes}`).join(", ");
  const lines = [
    `Scale-out set-up (scripts/deploy/loopback.ts: a primary restored from a dump of the bench database, a pg_basebackup replica, pgbouncer in transaction mode, server processes with their tile caches off, nginx; load from wrk on the same cores; set-up ${setup || "-"}):`,
    "",
    table(
      ["tiles", "processes", "path", "conns", "req/s", "p50 ms", "p99 ms", "errors"],
      rows.map((row) => [
        `${row.list} (${row.tiles})`,
        row.processes,
        PATH_NAMES[row.path],
        row.connections,
        row.result ? row.result.requestsPerSecond : `failed: ${row.error}`,
        row.result?.latencyMs.p50 ?? "",
        row.result?.latencyMs.p99 ?? "",
        row.result?.errors ?? "",
      ]),
    ),
  ];
  const soak = scaleOut.soak;
  if (soak) {
    lines.push(
      "",
      `Soak: ${soak.minutes} min on a fresh set-up with 2 processes (tile caches on, as deployed), ${soak.readers} closed-loop readers through nginx and one bureau writer (a planner's office hours and an area's name in turn, every ${soak.writeIntervalMs / 1000} s, each write a new data revision): ` +
        `reads ${Object.entries(soak.reads).map(([kind, count]) => `${kind} ${count}`).join(", ")}; writes ${soak.writes}; ${soak.requestsPerSecond} requests/s; errors ${soak.errors}; ` +
        `p50/p99 ms ${Object.entries(soak.latencyMs).map(([kind, latency]) => `${kind} ${latency.p50}/${latency.p99}`).join(", ")}. ` +
        `RSS per process, median of the ${soak.windowS} s after ${soak.warmupS} s of warm-up → median of the last ${soak.windowS} s: ${soak.processes.map((entry) => `${entry.startMb} → ${entry.endMb} MB (${entry.growthPercent}%, peak ${entry.peakMb} MB)`).join(", ")}: **${soak.pass ? "pass" : "FAIL"}**.`,
    );
  }
  if (scaleOut.error) lines.push("", `The pass stopped early: ${scaleOut.error}`);
  return lines.join("\n");
}
