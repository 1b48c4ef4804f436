import type { Sql } from "../db/database.ts";
import type { SearchDocument } from "./search-index.ts";

/** What the search index depends on: the data revision (max audit_log id, 0 for an empty log) and today's date. */
export interface SearchVersion {
  revision: number;
  today: string;
}

/**
 * The current data revision and today's date in Jincheng. Every write to the domain tables is audited, so a new
 * revision means the names, posts or planners may have changed; a new day changes who holds which post.
 */
export async function readSearchVersion(sql: Sql): Promise<SearchVersion> {
  const [row] = await sql<SearchVersion[]>`
    select coalesce(max(id), 0)::bigint as revision, api.jincheng_today()::text as today from audit_log`;
  return row!;
}

/** Every searchable document with its result as of `today` (api.search_documents); an empty array for no data. */
export async function loadSearchDocuments(sql: Sql, today: string): Promise<SearchDocument[]> {
  return sql<SearchDocument[]>`
    select kind, key, name, common_name, rank, result from api.search_documents(${today}::date)`;
}
