/**
 * The table and Shapefile encodings of an export (GeoJSON is built by PostgreSQL, export.repo.ts): CSV as UTF-8 with
 * a byte order mark (Excel then reads Chinese right), XLSX through exceljs, and a zipped Shapefile through
 * @mapbox/shp-write with a WGS84 .prj and a UTF-8 .cpg. Each writer imports its libraries when first called, so a
 * server that never exports never loads them.
 */
import type { ExportRow } from "./export.repo.ts";

/** A cell of a flat row: what CSV, a sheet and a .dbf hold as they are. */
type Cell = string | number | boolean | null;
type FlatRow = Record<string, Cell>;

const BOM = "\uFEFF";

const isScalar = (value: unknown): value is string | number | boolean =>
  typeof value === "string" || typeof value === "number" || typeof value === "boolean";

/** A JSON value as one cell: scalars as they are, a list of scalars joined with ";", anything else as JSON text. */
function cellOf(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (isScalar(value)) return value;
  if (Array.isArray(value) && value.every(isScalar)) return value.join(";");
  return JSON.stringify(value);
}

/** A row's properties as flat cells under camelCase keys (the records' views name their columns in snake_case). */
function flatRow(row: ExportRow): FlatRow {
  return Object.fromEntries(
    Object.entries(row.properties).map(([key, value]) => [key.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase()), cellOf(value)]),
  );
}

/** The column names, in order (every row of a dataset has the same properties); none when there are no rows. */
function columnsOf(rows: readonly FlatRow[]): string[] {
  return rows.length === 0 ? [] : Object.keys(rows[0]!);
}

/**
 * One CSV field under RFC 4180: quoted, inner quotes doubled, when it holds a comma, quote, CR or LF. Four lines do
 * not justify a dependency; the export test feeds it a name with all four.
 */
function csvField(cell: Cell): string {
  const text = cell === null ? "" : String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The rows as CSV: BOM, one header row, CRLF line ends (RFC 4180). */
export function toCsv(rows: readonly ExportRow[]): Buffer {
  const flat = rows.map(flatRow);
  const columns = columnsOf(flat);
  const lines = [columns.map(csvField).join(",")];
  for (const row of flat) lines.push(columns.map((column) => csvField(row[column] ?? null)).join(","));
  return Buffer.from(BOM + lines.join("\r\n") + "\r\n", "utf8");
}

/** The rows as an XLSX workbook of one sheet named `sheetName`, header row first and frozen. */
export async function toXlsx(rows: readonly ExportRow[], sheetName: string): Promise<Buffer> {
  const { default: ExcelJS } = await import("exceljs");
  const flat = rows.map(flatRow);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: "frozen", ySplit: 1 }] });
  const columns = columnsOf(flat);
  sheet.columns = columns.map((column) => ({ header: column, key: column }));
  sheet.getRow(1).font = { bold: true };
  for (const row of flat) sheet.addRow(columns.map((column) => row[column] ?? null));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** ESRI's WKT of WGS84 (EPSG:4326), the CRS of every exported geometry. */
const WGS84_PRJ =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["Degree",0.017453292519943295]]';

/** Longest text a .dbf character field holds, in bytes. */
const DBF_TEXT_BYTES = 254;

/**
 * A text value as the dbf writer under shp-write needs it for UTF-8: it stores each UTF-16 unit's low byte, so the
 * UTF-8 bytes go in as a one-byte-per-unit string; cut on a character boundary to fit the field.
 */
function dbfText(text: string): string {
  let bytes = Buffer.from(text, "utf8");
  if (bytes.length > DBF_TEXT_BYTES) {
    let end = DBF_TEXT_BYTES;
    while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end -= 1;
    bytes = bytes.subarray(0, end);
  }
  return bytes.toString("latin1");
}

function bytesOf(view: DataView): Buffer {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

/**
 * The rows with a geometry as a zipped Shapefile `<baseName>.shp/.shx/.dbf/.prj/.cpg` (rows without one are left
 * out: the writer has no null shapes). The .dbf writer cuts field names to the 10 characters a .dbf allows.
 */
export async function toShapefileZip(rows: readonly ExportRow[], baseName: string): Promise<Buffer> {
  // Both are CommonJS: their module.exports is the default export, under Node and in the server bundle alike.
  const [{ default: shpWrite }, { default: JSZip }] = await Promise.all([import("@mapbox/shp-write"), import("jszip")]);
  const mapped = rows.filter((row) => row.geometry !== null);
  const records = mapped.map((row) =>
    Object.fromEntries(Object.entries(flatRow(row)).map(([key, cell]) => [key, typeof cell === "string" ? dbfText(cell) : cell])),
  );
  const files = await new Promise<{ shp: DataView; shx: DataView; dbf: DataView }>((resolve, reject) =>
    shpWrite.write(records, "POLYGON", mapped.map((row) => row.geometry!.coordinates), (error, data) =>
      error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(data),
    ),
  );
  const zip = new JSZip();
  zip.file(`${baseName}.shp`, bytesOf(files.shp));
  zip.file(`${baseName}.shx`, bytesOf(files.shx));
  zip.file(`${baseName}.dbf`, bytesOf(files.dbf));
  zip.file(`${baseName}.prj`, WGS84_PRJ);
  zip.file(`${baseName}.cpg`, "UTF-8");
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}
