/** The outcome of a write whose answer was the problem `write-outcome-unknown`; the only import is typebox. */
import { Type, type Static } from "typebox";

/** A transaction id as the problem `write-outcome-unknown` gives it (xid8, decimal). */
export const WriteParams = Type.Object({ transaction: Type.String({ pattern: "^[0-9]{1,20}$", description: "the `transaction` of the problem" }) });

/**
 * committed: the change is stored (read the record again for its new version); rolled-back: nothing of it is stored,
 * send it again; pending: the database has not finished it yet, ask again; unknown: the database no longer keeps
 * the outcome of a transaction this old (read the record, or its history in /api/audit).
 */
export const WriteOutcome = Type.Object({
  transaction: Type.String(),
  outcome: Type.Union([Type.Literal("committed"), Type.Literal("rolled-back"), Type.Literal("pending"), Type.Literal("unknown")]),
});
export type WriteOutcome = Static<typeof WriteOutcome>;
