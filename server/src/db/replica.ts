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
