/**
 * The database side of the OGC API – Features service: one call per request to a function under
 * sql/functions/ogc, which builds the GeoJSON text; the text is returned as it came, never parsed here. Which
 * function runs is chosen by a switch over the collection allowlist, so no request value names SQL.
 */
import type { Sql } from "../db/database.ts";
import type { OgcCollectionId, OgcLink } from "../contracts/ogc.ts";
import type { ExtentRow } from "./ogc-collections.ts";
import type { Bbox, DateRange } from "./ogc-params.ts";

/** One page of items to fetch. */
export interface ItemsPage {
  /** null: no spatial filter. */
  bbox: Bbox | null;
  /** null: no datetime asked for (planners of today, no filter on projects). */
  dates: DateRange | null;
  /** The collection's property filters by parameter name; an absent one does not filter. */
  filters: Readonly<Record<string, string | undefined>>;
  /** Served page size, 1 to 1000. */
  limit: number;
  offset: number;
  links: OgcLink[];
  /** Added by the database only while features remain after this page. */
  next: OgcLink;
}

const orNull = (value: string | undefined): string | null => value ?? null;
// Links and dates travel as text cast in SQL (::text::jsonb, ::text::date): postgres.js would JSON-encode a string
// bound to a jsonb parameter once more, and turns a date parameter into a JS Date, which cannot hold -infinity.

/**
 * One page of a collection as GeoJSON FeatureCollection text (numberMatched, numberReturned, timeStamp, links).
 * Nothing matching gives a collection with no features, never an error.
 */
export async function itemsPage(sql: Sql, collectionId: OgcCollectionId, page: ItemsPage): Promise<string> {
  const [west, south, east, north] = page.bbox ?? [null, null, null, null];
  const from = page.dates?.from ?? null;
  const to = page.dates?.to ?? null;
  const links = JSON.stringify(page.links);
  const next = JSON.stringify(page.next);
  const f = page.filters;
  let rows: { body: string }[];
  switch (collectionId) {
    case "divisions":
      rows = await sql<{ body: string }[]>`
        select ogc.divisions_items(${west}, ${south}, ${east}, ${north}, ${orNull(f.level)}, ${orNull(f.kind)},
          ${orNull(f.code)}, ${orNull(f.parentCode)}, ${orNull(f.provenance)}, ${page.limit}, ${page.offset},
          ${links}::text::jsonb, ${next}::text::jsonb) as body`;
      break;
    case "areas":
      rows = await sql<{ body: string }[]>`
        select ogc.areas_items(${west}, ${south}, ${east}, ${north}, ${orNull(f.kind)}, ${orNull(f.code)},
          ${orNull(f.provenance)}, ${from}::text::date, ${to}::text::date, ${page.limit}, ${page.offset},
          ${links}::text::jsonb, ${next}::text::jsonb) as body`;
      break;
    case "belts":
      rows = await sql<{ body: string }[]>`
        select ogc.belts_items(${west}, ${south}, ${east}, ${north}, ${orNull(f.code)}, ${orNull(f.provenance)},
          ${from}::text::date, ${to}::text::date, ${page.limit}, ${page.offset}, ${links}::text::jsonb, ${next}::text::jsonb) as body`;
      break;
    case "projects":
      rows = await sql<{ body: string }[]>`
        select ogc.projects_items(${west}, ${south}, ${east}, ${north}, ${orNull(f.projectType)}, ${orNull(f.stage)},
          ${from}::text::date, ${to}::text::date, ${page.limit}, ${page.offset}, ${links}::text::jsonb, ${next}::text::jsonb) as body`;
      break;
  }
  return rows[0]!.body;
}

// Ids that cannot exist in a collection are answered without a query (and a huge number never reaches bigint).
const FEATURE_ID_PATTERNS: Record<OgcCollectionId, RegExp> = {
  divisions: /^[0-9]{6}([0-9]{3})?$/,
  areas: /^[a-z0-9][a-z0-9-]{1,63}$/,
  belts: /^[a-z0-9][a-z0-9-]{1,63}$/,
  projects: /^[1-9][0-9]{0,14}$/,
};

/**
 * One feature as GeoJSON Feature text with the given links; `dates` choose the planners shown (null: today).
 * Returns null when the collection has no feature with that id, malformed ids included.
 */
export async function item(
  sql: Sql,
  collectionId: OgcCollectionId,
  featureId: string,
  dates: DateRange | null,
  links: OgcLink[],
): Promise<string | null> {
  if (!FEATURE_ID_PATTERNS[collectionId].test(featureId)) return null;
  const from = dates?.from ?? null;
  const to = dates?.to ?? null;
  const linksJson = JSON.stringify(links);
  let rows: { body: string | null }[];
  switch (collectionId) {
    case "divisions":
      rows = await sql<{ body: string | null }[]>`select ogc.divisions_item(${featureId}, ${linksJson}::text::jsonb) as body`;
      break;
    case "areas":
      rows = await sql<{ body: string | null }[]>`
        select ogc.areas_item(${featureId}, ${from}::text::date, ${to}::text::date, ${linksJson}::text::jsonb) as body`;
      break;
    case "belts":
      rows = await sql<{ body: string | null }[]>`
        select ogc.belts_item(${featureId}, ${from}::text::date, ${to}::text::date, ${linksJson}::text::jsonb) as body`;
      break;
    case "projects":
      rows = await sql<{ body: string | null }[]>`
        select ogc.projects_item(${featureId}::bigint, ${from}::text::date, ${to}::text::date, ${linksJson}::text::jsonb) as body`;
      break;
  }
  return rows[0]?.body ?? null;
}

/** The extent of every collection by id; a collection without geometry or dates has null parts, never a missing row. */
export async function collectionExtents(sql: Sql): Promise<Map<OgcCollectionId, ExtentRow>> {
  const rows = await sql<(ExtentRow & { collectionId: OgcCollectionId })[]>`
    select collection_id, west, south, east, north, first_date::text as first_date, last_date::text as last_date
    from ogc.collection_extents()`;
  return new Map(rows.map(({ collectionId, ...row }) => [collectionId, row]));
}
