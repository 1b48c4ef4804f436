/**
 * The one database client. With DATABASE_URL it is a pool on PostgreSQL + PostGIS; without it, a single connection
 * to the embedded PGlite + PostGIS. Code above this module only sees `sql`; where a capability differs between the
 * two (PGlite is built without protobuf, so no ST_AsMVT), it is detected from the database, not configured.
 */
import postgres from "postgres";
import type { Config } from "../config.ts";
import { CommitOutcomeUnknownError, transactionOutcome } from "./transaction-outcome.ts";
import { connectionTarget } from "./connection-url.ts";
import { openReplicaPool, ReplicaWatch } from "./replica.ts";

/**
 * postgres.js's query interface with begin() taken away, so that a transaction can only be opened through
 * transaction() (below; why there). Calling sql.begin does not compile.
 */
export type Sql = postgres.Sql & { begin: never };
/** A connection inside a transaction, as transaction() (below) gives it; the plain query interface. */
export type Tx = Sql;
type Backend = "postgis" | "pglite";

export interface Database {
  sql: Sql;
  /** The pool on a streaming replica (DATABASE_REPLICA_URL, replica.ts), for reads that may lag; undefined without one. */
  replica?: Sql;
  /** Whether the replica answers its probes (ReplicaWatch); undefined without a replica. */
  replicaAnswering?: () => boolean;
  backend: Backend;
  /** Ends the client and, for the embedded database, stops PGlite. Safe to call twice. */
  close(): Promise<void>;
}

// max_pipeline is a postgres.js option its type declarations omit.
const COMMON_OPTIONS: postgres.Options<Record<string, postgres.PostgresType>> & { max_pipeline: number } = {
  // Keys of rows become camelCase; keys inside json/jsonb values are left as they are.
  transform: { column: { from: postgres.toCamel } },
  onnotice: () => {},
  // At most one query waits behind the running one on a connection (postgres.js still queues one there when every
  // connection is busy): pipelining many let a slow tile hold up fast ones. Transactions go through transaction().
  max_pipeline: 1,
  types: {
    // int8 (counts, bigint ids) as JS numbers: every value the schema keeps fits in 2^53.
    bigint: { to: 20, from: [20], serialize: (value: number) => String(value), parse: (value: string) => Number(value) },
  },
};

/**
 * Whether an error means the database could not be reached or dropped the connection, rather than refusing the
 * statement: a socket error, postgres.js's connection errors, SQLSTATE class 08 (connection exception), 57P01–57P03
 * (shut down, crashed, starting up) and 53300 (too many connections). Such a request may succeed when tried again.
 */
export function isConnectionFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return false;
  return CONNECTION_FAILURE_CODES.has(code) || code.startsWith("08") || /^57P0[123]$/.test(code) || code === "53300";
}

const CONNECTION_FAILURE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
]);

export interface DatabaseHooks {
  /** Called when the replica stops or starts answering its probes (ReplicaWatch), for the log. */
  onReplicaChange?(answering: boolean, error?: unknown): void;
}

/** Opens the database selected by the configuration. */
export async function openDatabase(config: Config, hooks: DatabaseHooks = {}): Promise<Database> {
  if (config.databaseUrl !== undefined) {
    const options = {
      ...COMMON_OPTIONS,
      max: config.dbPoolMax,
      connect_timeout: config.dbConnectTimeoutS,
      connection: { application_name: "planner-atlas", statement_timeout: config.dbStatementTimeoutMs },
    };
    const target = connectionTarget(config.databaseUrl);
    const sql = postgres(target.url, { ...options, ...(target.socketFolder !== undefined ? { host: target.socketFolder } : {}) }) as unknown as Sql;
    const replica = openReplicaPool(config, options);
    // Started by the first read that asks, so that commands (migrate, import, backup) never probe the replica.
    let watch: ReplicaWatch | undefined;
    let closed = false;
    return {
      sql,
      replica,
      ...(replica === undefined
        ? {}
        : { replicaAnswering: () => !closed && (watch ??= new ReplicaWatch(replica, hooks.onReplicaChange)).answering }),
      backend: "postgis",
      async close() {
        if (closed) return;
        closed = true;
        watch?.stop();
        await Promise.all([sql.end({ timeout: 5 }), replica?.end({ timeout: 5 })]);
      },
    };
  }
  // Loaded only here: PGlite and its extensions are a large part of the server's code, unused with DATABASE_URL.
  const { startEmbeddedDatabase } = await import("./embedded.ts");
  const embedded = await startEmbeddedDatabase(config.dataDir);
  const sql = postgres({
    ...COMMON_OPTIONS,
    path: embedded.socketPath,
    database: "postgres",
    username: "postgres",
    max: 1,
  }) as unknown as Sql;
  let closed = false;
  return {
    sql,
    backend: "pglite",
    async close() {
      if (closed) return;
      closed = true;
      await sql.end({ timeout: 5 });
      await embedded.stop();
    },
  };
}

/**
 * Runs fn in a transaction on a connection of its own: committed when fn resolves, rolled back when it throws (the
 * error is passed on), and an error too if the database rolled it back because a statement failed that fn caught.
 *
 * Use this, not sql.begin(): with max_pipeline 1, postgres.js (3.4) queues a `begin` behind the query running on a
 * busy connection when every connection is busy, then loses track of the transaction's connection ("Cannot set
 * properties of undefined (setting 'onclose')" and an unhandled rejection, which ends the process). A reserved
 * connection instead waits for one to be free.
 */
export async function transaction<T>(sql: Sql, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const connection = await sql.reserve();
  const tx = connection as unknown as Tx;
  // A connection that failed is not handed back: postgres.js (3.4) would put it among the open ones with no socket,
  // and the next query on it would throw outside any promise and end the process. The pool reconnects it instead.
  let lost = false;
  try {
    await tx`begin`;
    let result: T;
    let transactionId: string | null;
    try {
      result = await fn(tx);
      transactionId = await assignedTransactionId(tx);
    } catch (error) {
      // A lost connection has no transaction left to roll back (the database ends it), and takes no more queries.
      if (!isConnectionFailure(error)) await tx`rollback`.catch(() => {});
      throw error;
    }
    const committed = await commit(sql, tx, transactionId, () => (lost = true));
    if (committed === "rolled-back") throw new Error("the transaction was rolled back: one of its statements failed");
    if (committed === "unknown") throw new CommitOutcomeUnknownError(transactionId!);
    return result;
  } catch (error) {
    if (isConnectionFailure(error)) lost = true;
    throw error;
  } finally {
    if (!lost) connection.release();
  }
}

/** The id of the transaction when it has written something; null when it has not, or a statement of it failed. */
async function assignedTransactionId(tx: Tx): Promise<string | null> {
  try {
    const [row] = await tx<{ id: string | null }[]>`select pg_current_xact_id_if_assigned()::text as id`;
    return row?.id ?? null;
  } catch (error) {
    // 25P02: the transaction already failed; its COMMIT will roll it back.
    if ((error as { code?: string }).code === "25P02") return null;
    throw error;
  }
}

/**
 * COMMIT, and when its connection fails meanwhile (a database restart, a network cut), the outcome asked on another
 * connection of the pool: stored counts as committed; not stored passes the connection error on (nothing was
 * written); the database out of reach or still finishing it is "unknown". Sent as a simple query, so that every
 * COMMIT is the same bytes on the wire (the fault tests cut there).
 */
async function commit(sql: Sql, tx: Tx, transactionId: string | null, connectionLost: () => void): Promise<"committed" | "rolled-back" | "unknown"> {
  try {
    const done = await tx`commit`.simple();
    return done.command === "ROLLBACK" ? "rolled-back" : "committed";
  } catch (error) {
    if (transactionId === null || !isConnectionFailure(error)) throw error;
    connectionLost();
    const outcome = await transactionOutcome(sql, transactionId).catch(() => "unknown" as const);
    if (outcome === "committed") return "committed";
    if (outcome === "rolled-back") throw error;
    return "unknown";
  }
}
