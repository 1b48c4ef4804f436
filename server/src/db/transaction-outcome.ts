/**
 * What became of a transaction whose COMMIT lost its connection. The database alone knows whether the COMMIT arrived
 * and was stored; it keeps each transaction's outcome by its 64-bit id (pg_xact_status), which transaction() takes
 * before it commits. A write answered with the problem `write-outcome-unknown` names that id, and
 * GET /api/writes/{transaction} asks the database again once it is back.
 */
import type { Sql } from "./database.ts";

/** committed or rolled-back are final; pending: still running (its COMMIT may yet arrive); unknown: too old to say. */
export type TransactionOutcome = "committed" | "rolled-back" | "pending" | "unknown";

/**
 * Thrown by transaction() when the connection failed during COMMIT and the database could not be asked afterwards:
 * the change may or may not be stored. `transactionId` is the transaction's xid8, as decimal text.
 */
export class CommitOutcomeUnknownError extends Error {
  readonly code = "COMMIT_OUTCOME_UNKNOWN";
  constructor(readonly transactionId: string) {
    super(`the connection to the database was lost while transaction ${transactionId} committed: whether it was stored is not known yet`);
    this.name = "CommitOutcomeUnknownError";
  }
}

/** SQLSTATEs of an id that cannot name a transaction of this database: in the future, out of range, not a number. */
const NOT_A_TRANSACTION = new Set(["22023", "22003", "22P02"]);

/**
 * The outcome of transaction `transactionId` (xid8 as decimal text); undefined when no transaction of this database
 * ever had that id. Throws what the query throws otherwise (the database is still out of reach).
 */
export async function transactionOutcome(sql: Sql, transactionId: string): Promise<TransactionOutcome | undefined> {
  try {
    const [row] = await sql<{ status: string | null }[]>`select pg_xact_status(${transactionId}::xid8) as status`;
    switch (row?.status) {
      case "committed":
        return "committed";
      case "aborted":
        return "rolled-back";
      case "in progress":
        return "pending";
      default:
        return "unknown";
    }
  } catch (error) {
    if (NOT_A_TRANSACTION.has((error as { code?: string }).code ?? "")) return undefined;
    throw error;
  }
}
