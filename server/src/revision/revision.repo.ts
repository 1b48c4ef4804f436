import type { Sql } from "../db/database.ts";

/**
 * The current data revision, "<largest audit_log id>-<today in Jincheng, YYYYMMDD>" (api.data_revision): it changes
 * with every committed write to the domain tables and at midnight. An empty audit log gives "0-<date>"; never null.
 */
export async function readDataRevision(sql: Sql): Promise<string> {
  const [row] = await sql<{ revision: string }[]>`select api.data_revision() as revision`;
  return row!.revision;
}
