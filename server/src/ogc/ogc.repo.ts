/**
 * The database side of the OGC API – Features service: one call per request to a collection's items or item
 * function (made from one template in sql/functions/ogc/service.sql), which builds the GeoJSON text; the text is
 * returned as it came, never parsed here. The function is named from the allowlist below, as an identifier
 * (postgres.js sql(name)), so no request value names SQL.
 */
import type { Sql } from "../db/database.ts";
import { OGC_COLLECTION_IDS, type OgcCollectionId, type OgcLink } from "../contracts/ogc.ts";
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

/** The functions of each collection, by collection id: the only names that reach SQL. */
const ITEMS_FUNCTIONS = new Map(OGC_COLLECTION_IDS.map((id) => [id, `ogc.${id}_items`]));
const ITEM_FUNCTIONS = new Map(OGC_COLLECTION_IDS.map((id) => [id, `ogc.${id}_item`]));

// Links, filters and dates travel as text cast in SQL (::text::jsonb, ::text::date): postgres.js would JSON-encode a
// string bound to a jsonb parameter once more, and turns a date parameter into a JS Date, which cannot hold -infinity.

/**
 * One page of a collection as GeoJSON FeatureCollection text (numberMatched, numberReturned, timeStamp, links).
 * Nothing matching gives a collection with no features, never an error.
 */
export async function itemsPage(sql: Sql, collectionId: OgcCollectionId, page: ItemsPage): Promise<string> {
  const [west, south, east, north] = page.bbox ?? [null, null, null, null];
  // JSON.stringify leaves out the filters that are absent, which then do not filter.
  const [row] = await sql<{ body: string }[]>`
    select ${sql(ITEMS_FUNCTIONS.get(collectionId)!)}(${west}, ${south}, ${east}, ${north}, ${JSON.stringify(page.filters)}::text::jsonb,
      ${page.dates?.from ?? null}::text::date, ${page.dates?.to ?? null}::text::date, ${page.limit}, ${page.offset},
      ${JSON.stringify(page.links)}::text::jsonb, ${JSON.stringify(page.next)}::text::jsonb) as body`;
  return row!.body;
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
  const [row] = await sql<{ body: string | null }[]>`
    select ${sql(ITEM_FUNCTIONS.get(collectionId)!)}(${featureId}, ${dates?.from ?? null}::text::date, ${dates?.to ?? null}::text::date,
      ${JSON.stringify(links)}::text::jsonb) as body`;
  return row?.body ?? null;
}

/** The extent of every collection by id; a collection without geometry or dates has null parts, never a missing row. */
export async function collectionExtents(sql: Sql): Promise<Map<OgcCollectionId, ExtentRow>> {
  const rows = await sql<(ExtentRow & { collectionId: OgcCollectionId })[]>`
    select collection_id, west, south, east, north, first_date::text as first_date, last_date::text as last_date
    from ogc.collection_extents()`;
  return new Map(rows.map(({ collectionId, ...row }) => [collectionId, row]));
}
