import type { Sql } from "../db/database.ts";
import { transactionOutcome, type TransactionOutcome } from "../db/transaction-outcome.ts";

/** What became of transaction `transaction` (xid8 as text); undefined when this database never had such a transaction. */
export async function writeOutcome(sql: Sql, transaction: string): Promise<TransactionOutcome | undefined> {
  return transactionOutcome(sql, transaction);
}
