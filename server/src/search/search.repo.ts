import type { Sql } from "../db/database.ts";
import type { SearchDocument } from "./search-index.ts";

/** What the search index depends on: the data revision (api.data_revision) and today in Jincheng (YYYY-MM-DD). */
export interface SearchVersion {
  revision: string;
  today: string;
}

/**
 * The current data revision and today's date in Jincheng, in one statement. A new revision means the names, posts or
 * planners may have changed, or the day, and with it who holds which post.
 */
export async function readSearchVersion(sql: Sql): Promise<SearchVersion> {
  const [row] = await sql<SearchVersion[]>`select api.data_revision() as revision, api.today()::text as today`;
  return row!;
}

/** Every searchable document with its result as of `today` (api.search_documents); an empty array for no data. */
export async function loadSearchDocuments(sql: Sql, today: string): Promise<SearchDocument[]> {
  return sql<SearchDocument[]>`
    select kind, key, name, common_name, rank, result from api.search_documents(${today}::date)`;
}

/**
 * The positions (0-based) in `names` of the names nearest to `query`, best first, at most `maxCount`
 * (api.nearest_names); an empty array when none is near enough.
 */
export async function nearestNames(sql: Sql, query: string, names: string[], maxCount: number): Promise<number[]> {
  const rows = await sql<{ ordinal: number }[]>`select ordinal from api.nearest_names(${query}, ${names}::text[], ${maxCount})`;
  return rows.map((row) => row.ordinal - 1);
}
