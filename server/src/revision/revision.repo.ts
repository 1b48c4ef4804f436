import type { Sql } from "../db/database.ts";

/**
 * The current data revision, "<number>-<today in Jincheng, YYYYMMDD>" (api.data_revision): the number rises with every
 * committed write to the tables answers show, in commit order, and the date at midnight. Never null.
 */
export async function readDataRevision(sql: Sql): Promise<string> {
  const [row] = await sql<{ revision: string }[]>`select api.data_revision() as revision`;
  return row!.revision;
}
