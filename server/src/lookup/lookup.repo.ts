import type { Sql } from "../db/database.ts";

/** The part of a lookup that depends on the point (api.lookup_place), with the keys of the rest. */
export interface LookupPlace {
  /** The data revision the row was read at (api.data_revision). */
  revision: string;
  /** The date asked for, or today in Jincheng, as YYYY-MM-DD. */
  lookupDate: string;
  townshipCode: string | null;
  countyCode: string;
  /** JSON object text: point, date, precision. */
  head: string;
  /** JSON object text: belts, projects. */
  tail: string;
}

/**
 * The point's part of the responsibility chain at (lon, lat) on `date` (undefined: today in Jincheng); undefined when
 * no county contains the point (outside Jincheng). Coordinates must already be validated (finite, in range).
 */
export async function readLookupPlace(sql: Sql, lon: number, lat: number, date: string | undefined): Promise<LookupPlace | undefined> {
  const [row] = await sql<(Omit<LookupPlace, "countyCode" | "head" | "tail"> & { countyCode: string | null; head: string | null; tail: string | null })[]>`
    select revision, lookup_date::text as lookup_date, township_code, county_code, head, tail
    from api.lookup_place(${lon}::float8, ${lat}::float8, ${date ?? null}::date)`;
  if (!row || row.countyCode === null || row.head === null || row.tail === null) return undefined;
  return { ...row, countyCode: row.countyCode, head: row.head, tail: row.tail };
}

/** The city, county and township part of a lookup (api.lookup_chain) as JSON object text, with its revision. */
export async function readLookupChain(
  sql: Sql,
  countyCode: string,
  townshipCode: string | null,
  lookupDate: string,
): Promise<{ revision: string; chain: string }> {
  const [row] = await sql<{ revision: string; chain: string }[]>`
    select revision, chain from api.lookup_chain(${countyCode}, ${townshipCode}, ${lookupDate}::date)`;
  return row!;
}

/** The whole answer in one statement (api.lookup): JSON text, or undefined outside Jincheng. */
export async function readLookup(sql: Sql, lon: number, lat: number, date: string | undefined): Promise<string | undefined> {
  const [row] = await sql<{ body: string | null }[]>`
    select api.lookup(${lon}::float8, ${lat}::float8, ${date ?? null}::date)::text as body`;
  return row?.body ?? undefined;
}

/**
 * api.lookup's answer from its parts, as api.lookup joins them: the members of head, then of chain, then of tail, in
 * one object. Each part is the text of a JSON object, so the join is textual and nothing is parsed.
 */
export function joinLookup(head: string, chain: string, tail: string): string {
  return `${head.slice(0, -1)}, ${chain.slice(1, -1)}, ${tail.slice(1)}`;
}
