import type { Sql } from "../db/database.ts";

/**
 * The responsibility chain at (lon, lat) on `date` (undefined: today in Jincheng) as JSON text built by
 * api.lookup, shaped as contracts/lookup.ts LookupResult. Undefined when no county contains the point (outside
 * Jincheng). Coordinates must already be validated (finite, in range).
 */
export async function lookupPoint(sql: Sql, lon: number, lat: number, date: string | undefined): Promise<string | undefined> {
  const [row] = await sql<{ body: string | null }[]>`
    select api.lookup(${lon}::float8, ${lat}::float8, ${date ?? null}::date)::text as body`;
  return row?.body ?? undefined;
}
