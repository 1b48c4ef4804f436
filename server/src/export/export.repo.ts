/**
 * The database side of the bureau's export: one call of api.export_rows (sql/functions/api/export_rows.sql) with the
 * dataset as a value, so no request value names SQL. GeoJSON is built by PostgreSQL and returned as text; the rows
 * feed the table and Shapefile formats (export-formats.ts).
 */
import type { Sql } from "../db/database.ts";
import type { ExportDataset } from "../contracts/export.ts";

export interface ExportRow {
  featureKey: string;
  /** A GeoJSON MultiPolygon in WGS84, or null (no boundary, or a dataset without geometry). */
  geometry: { type: "MultiPolygon"; coordinates: number[][][][] } | null;
  /** As the SQL built them, in column order: keys as they come (camelCase or snake_case), values any JSON. */
  properties: Record<string, unknown>;
}

// Dates travel as text cast in SQL: postgres.js would turn a date parameter into a JS Date in the session time zone.

/** The day the export is as of: `date` (YYYY-MM-DD), or today in Jincheng (api.today()) when undefined. */
export async function exportDate(sql: Sql, date: string | undefined): Promise<string> {
  const [row] = await sql<{ onDate: string }[]>`select coalesce(${date ?? null}::text::date, api.today())::text as on_date`;
  return row!.onDate;
}

/**
 * Every row of the dataset as of `onDate`, in the export's order; an empty array when it has none. Outer rings run
 * clockwise, as a Shapefile needs them (GeoJSON, below, gets them anticlockwise as RFC 7946 asks).
 */
export async function readExportRows(sql: Sql, dataset: ExportDataset, onDate: string): Promise<ExportRow[]> {
  return sql<ExportRow[]>`
    select e.feature_key, ST_AsGeoJSON(ST_ForcePolygonCW(ST_Multi(e.geom)), 6)::json as geometry, e.properties
    from api.export_rows(${dataset}, ${onDate}::text::date) with ordinality as e(feature_key, geom, properties, position)
    order by e.position`;
}

/** The dataset as GeoJSON FeatureCollection text (features as OGC API – Features gives them), never parsed here. */
export async function readExportCollection(sql: Sql, dataset: ExportDataset, onDate: string): Promise<string> {
  const [row] = await sql<{ collection: string }[]>`
    select json_build_object('type', 'FeatureCollection', 'features', coalesce(
      json_agg(ogc.feature(e.feature_key, ST_ForcePolygonCCW(e.geom), e.properties) order by e.position), '[]'::json))::text as collection
    from api.export_rows(${dataset}, ${onDate}::text::date) with ordinality as e(feature_key, geom, properties, position)`;
  return row!.collection;
}
