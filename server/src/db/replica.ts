/**
 * The second pool, on a streaming replica of the primary (DATABASE_REPLICA_URL). It takes only reads that may lag the
 * primary by the replica's replay delay: tiles, TileJSON, OGC features, lookups and search of visitors without a
 * session (server/src/http/replica-reads.ts decides per request). Writes, sessions and everything else stay on the
 * primary's pool. Every cache in front of a read keeps one instance per pool, keyed by the revision read from that
 * same pool, so a replica's older revision never stands for the primary's data or the other way round.
 */
import postgres from "postgres";
import type { Config } from "../config.ts";
import { connectionTarget } from "./connection-url.ts";
import type { Sql } from "./database.ts";

/**
 * A pool on the replica with the primary pool's options (same size, connect timeout and statement timeout), or
 * undefined when no replica is configured. Its own application_name tells the two apart in pg_stat_activity.
 */
export function openReplicaPool(config: Config, options: postgres.Options<Record<string, postgres.PostgresType>>): Sql | undefined {
  if (config.databaseReplicaUrl === undefined) return undefined;
  const target = connectionTarget(config.databaseReplicaUrl);
  return postgres(target.url, {
    ...options,
    ...(target.socketFolder !== undefined ? { host: target.socketFolder } : {}),
    connection: { ...options.connection, application_name: "planner-atlas-replica" },
  }) as unknown as Sql;
}

/** Pause between two probes of the replica, in milliseconds. */
const REPLICA_PROBE_INTERVAL_MS = 1000;

/**
 * Whether the replica answers, learnt by asking it `select 1` once a second (one probe at a time, each bounded by the
 * pool's connect and statement timeouts). While it does not, visitors' reads go to the primary (ReadPools), so a
 * replica that stops takes nothing down but its own share of the load; the next probe that answers sends them back.
 */
export class ReplicaWatch {
  private healthy = true;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly replica: Sql,
    private readonly onChange: (healthy: boolean, error?: unknown) => void = () => {},
  ) {
    this.schedule();
  }

  /** Whether the last probe answered (true until one has failed). */
  get answering(): boolean {
    return this.healthy;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.probe(), REPLICA_PROBE_INTERVAL_MS);
    // The watch alone never keeps the process alive.
    this.timer.unref();
  }

  private async probe(): Promise<void> {
    let healthy = true;
    let failure: unknown;
    try {
      await this.replica`select 1`;
    } catch (error) {
      healthy = false;
      failure = error;
    }
    if (this.stopped) return;
    if (healthy !== this.healthy) {
      this.healthy = healthy;
      this.onChange(healthy, failure);
    }
    this.schedule();
  }
}
