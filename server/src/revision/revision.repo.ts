import type { Sql } from "../db/database.ts";

/**
 * The current data revision, "<largest audit_log id>-<today in Jincheng, YYYYMMDD>" (tiles.data_revision): it changes
 * with every committed write to the domain tables and at midnight. An empty audit log gives "0-<date>"; never null.
 */
export async function readDataRevision(sql: Sql): Promise<string> {
  const [row] = await sql<{ revision: string }[]>`select tiles.data_revision() as revision`;
  return row!.revision;
}

/**
 * Orders two revisions: negative when a is older than b, 0 when equal, positive when newer. Compares the audit id,
 * then the date; a string that is not a revision sorts before every revision.
 */
export function compareDataRevisions(a: string, b: string): number {
  const [auditA, dayA] = splitRevision(a);
  const [auditB, dayB] = splitRevision(b);
  if (auditA !== auditB) return auditA < auditB ? -1 : 1;
  return dayA === dayB ? 0 : dayA < dayB ? -1 : 1;
}

function splitRevision(revision: string): [bigint, string] {
  const match = /^([0-9]{1,19})-([0-9]{8})$/.exec(revision);
  return match ? [BigInt(match[1]!), match[2]!] : [-1n, ""];
}
