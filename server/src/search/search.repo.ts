import type { Sql } from "../db/database.ts";
import type { SearchDocument } from "./search-index.ts";

/**
 * What an answer depends on: the data revision (api.data_revision), today in Jincheng (YYYY-MM-DD), and the version of
 * the names the index matches (search_names_version), which moves only when a name does.
 */
export interface SearchVersion {
  revision: string;
  today: string;
  namesVersion: string;
}

/** The three in one statement. */
export async function readSearchVersion(sql: Sql): Promise<SearchVersion> {
  const [row] = await sql<SearchVersion[]>`
    select api.data_revision() as revision, api.today()::text as today,
           (select number::text from search_names_version where id = 1) as names_version`;
  return row!;
}

/** Every searchable name (api.search_names) with the names version it was read at; "0" with no names at all. */
export async function loadSearchNames(sql: Sql): Promise<{ namesVersion: string; documents: SearchDocument[] }> {
  const rows = await sql<(SearchDocument & { version: string })[]>`
    select kind, key, name, common_name, rank, level, division_kind, version::text as version from api.search_names()`;
  const documents = rows.map(({ version: _version, ...document }) => document);
  const namesVersion = rows[0]?.version ?? (await readSearchVersion(sql)).namesVersion;
  return { namesVersion, documents };
}

/** The results of these keys as of `today` (api.search_results), by key; a key the data no longer has is absent. */
export async function readSearchResults(sql: Sql, keys: string[], today: string): Promise<Map<string, Record<string, unknown>>> {
  if (keys.length === 0) return new Map();
  const rows = await sql<{ key: string; result: Record<string, unknown> }[]>`
    select key, result from api.search_results(${keys}::text[], ${today}::date)`;
  return new Map(rows.map((row) => [row.key, row.result]));
}

/**
 * The positions (0-based) in `names` of the names nearest to `query`, best first, at most `maxCount`
 * (api.nearest_names); an empty array when none is near enough.
 */
export async function nearestNames(sql: Sql, query: string, names: string[], maxCount: number): Promise<number[]> {
  const rows = await sql<{ ordinal: number }[]>`select ordinal from api.nearest_names(${query}, ${names}::text[], ${maxCount})`;
  return rows.map((row) => row.ordinal - 1);
}
