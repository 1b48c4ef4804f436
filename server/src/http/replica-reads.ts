/**
 * Which pool a read of a request goes to when a streaming replica is configured (server/src/db/replica.ts).
 *
 * The rule is kept simple so that it is sound: a request with a session cookie reads the primary, because a signed-in
 * user writes and must see what they wrote at once; a visitor without one reads the replica, which is at most its
 * replay delay behind. A read that names a data revision (a tile's ?v=) newer than what the replica answered with is
 * read again on the primary by its route, so no response under a newer revision shows older data.
 */
import type { FastifyRequest } from "fastify";
import { SESSION_COOKIE } from "../auth/session-token.ts";
import type { Database, Sql } from "../db/database.ts";

/** Whether this request's reads must see the primary: it carries a session cookie (valid or not). */
function readsPrimary(request: FastifyRequest): boolean {
  return request.cookies?.[SESSION_COOKIE] !== undefined;
}

/**
 * Whether this request reads the replica: there is one, it answers its probes (db/replica.ts ReplicaWatch), and the
 * request is a visitor's without a session.
 */
export function readsReplica(database: Database, request: FastifyRequest): boolean {
  return database.replica !== undefined && (database.replicaAnswering?.() ?? true) && !readsPrimary(request);
}

/**
 * One instance of a read helper (a cache, a provider) per pool, so that what it keeps is read from one database only.
 * Without a replica, `replica` is undefined and every request gets `primary`.
 */
export class ReadPools<T> {
  readonly primary: T;
  readonly replica: T | undefined;

  constructor(
    private readonly database: Database,
    make: (sql: Sql) => T,
  ) {
    this.primary = make(database.sql);
    this.replica = database.replica === undefined ? undefined : make(database.replica);
  }

  /** The instance for this request: the replica's when the request reads the replica (readsReplica), else the primary's. */
  for(request: FastifyRequest): T {
    return this.replica !== undefined && readsReplica(this.database, request) ? this.replica : this.primary;
  }
}
