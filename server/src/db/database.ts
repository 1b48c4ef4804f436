/**
 * The one database client. With DATABASE_URL it is a pool on PostgreSQL + PostGIS; without it, a single connection
 * to the embedded PGlite + PostGIS. Code above this module only sees `sql`; where a capability differs between the
 * two (PGlite is built without protobuf, so no ST_AsMVT), it is detected from the database, not configured.
 */
import postgres from "postgres";
import type { Config } from "../config.ts";

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

/** Opens the database selected by the configuration. */
export async function openDatabase(config: Config): Promise<Database> {
  if (config.databaseUrl !== undefined) {
    const sql = postgres(config.databaseUrl, {
      ...COMMON_OPTIONS,
      max: config.dbPoolMax,
      connect_timeout: config.dbConnectTimeoutS,
      connection: { application_name: "planner-atlas", statement_timeout: config.dbStatementTimeoutMs },
    }) as unknown as Sql;
    let closed = false;
    return {
      sql,
      backend: "postgis",
      async close() {
        if (closed) return;
        closed = true;
        await sql.end({ timeout: 5 });
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
  try {
    await connection`begin`;
    let result: T;
    try {
      result = await fn(connection as unknown as Tx);
    } catch (error) {
      await connection`rollback`.catch(() => {});
      throw error;
    }
    const committed = await connection`commit`;
    if (committed.command === "ROLLBACK") throw new Error("the transaction was rolled back: one of its statements failed");
    return result;
  } finally {
    connection.release();
  }
}
