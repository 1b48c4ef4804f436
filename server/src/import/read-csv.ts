/**
 * CSV (parsed by csv-parse), in one of three layouts told apart by the header:
 * - a WKT geometry column (wkt, geometry, geom; EWKT's SRID=<code>; prefix declares the coordinate system), one
 *   feature per row with the other columns as its properties;
 * - longitude and latitude columns (lon/lng/longitude/x/经度 and lat/latitude/y/纬度): one point (seat) per row;
 * - the township layout of the reference townships.csv: one division per row, its seat in seat_lon_wgs84 / seat_lat_wgs84.
 * UTF-8 or GBK (the encoding Excel saves Chinese CSV in), detected.
 */
import type { Feature, Geometry, Point } from "geojson";
import { parse } from "csv-parse/sync";
import { Geometry as WkbGeometry } from "wkx";
import { systemByEpsg } from "../geo/projections.ts";
import { SYSTEM_NAMES } from "./coordinate-system.ts";
import { finishFile, type CoordinatesChoice, type DeclaredSystem } from "./read-coordinates.ts";
import {
  checkCoordinates,
  fail,
  listProblems,
  normaliseCode,
  ok,
  stripByteOrderMark,
  type InputFile,
  type InputRecord,
  type PlacedFeature,
  type Read,
} from "./read-records.ts";

export interface CsvRow {
  /** Line of the file where the row starts (1-based). */
  line: number;
  fields: string[];
}

/** RFC 4180 CSV read by csv-parse: quoted fields may hold commas, doubled quotes and line breaks; empty lines are skipped. */
export function parseCsv(text: string): Read<CsvRow[]> {
  // One kind of line break, so that csv-parse counts lines the same way whatever the file uses.
  const normalised = stripByteOrderMark(text).replace(/\r\n?/g, "\n");
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(normalised, { info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, record_delimiter: "\n" }) as unknown as typeof parsed;
  } catch (error) {
    return fail((error as Error).message);
  }
  // csv-parse counts the line a record ends on; a quoted field's line breaks say how many lines it spans.
  return ok(parsed.map(({ record, info }) => ({ line: info.lines - record.reduce((breaks, field) => breaks + (field.split("\n").length - 1), 0), fields: record })));
}

const WKT_COLUMNS = ["wkt", "geometry", "geom", "wkt_geom", "the_geom"];
const LONGITUDE_COLUMNS = ["lon", "lng", "longitude", "x", "经度"];
const LATITUDE_COLUMNS = ["lat", "latitude", "y", "纬度"];
const OTHER_LAYOUTS =
  `or give a WKT column (${WKT_COLUMNS.slice(0, 3).join(", ")}) or longitude and latitude columns ` +
  `(${LONGITUDE_COLUMNS.join("/")} and ${LATITUDE_COLUMNS.join("/")})`;

/** Reads a CSV in whichever layout its header shows (see the file comment). */
export function parseCsvFile(text: string, name: string, given?: CoordinatesChoice, encoding?: InputFile["encoding"]): Read<InputFile> {
  if (stripByteOrderMark(text).trim() === "") return fail(`${name}: the file is empty`);
  const parsed = parseCsv(text);
  if (!parsed.ok) return fail(`${name}: invalid CSV: ${parsed.reason}`);
  const [headerRow, ...rows] = parsed.value;
  const header = headerRow!.fields.map((column) => column.trim().toLowerCase());
  const wktColumn = header.findIndex((column) => WKT_COLUMNS.includes(column));
  const longitudeColumn = header.findIndex((column) => LONGITUDE_COLUMNS.includes(column));
  const latitudeColumn = header.findIndex((column) => LATITUDE_COLUMNS.includes(column));
  let file: Read<InputFile>;
  if (wktColumn < 0 && (longitudeColumn < 0 || latitudeColumn < 0)) {
    file = townshipFile(header, rows, name, given);
  } else {
    if (rows.length === 0) return fail(`${name}: no rows under the header`);
    const features = wktColumn >= 0 ? wktFeatures(headerRow!.fields, rows, wktColumn) : pointFeatures(headerRow!.fields, rows, longitudeColumn, latitudeColumn);
    if (!features.ok) return listProblems(name, features.reason.split("\n"));
    const declared = wktColumn >= 0 ? declaredSrid(features.value.srids) : ok(undefined);
    if (!declared.ok) return fail(`${name}: ${declared.reason}`);
    file = finishFile({ name, format: "csv", ...(declared.value ? { declared: declared.value } : {}), features: features.value.features }, given);
  }
  return file.ok && encoding ? ok({ ...file.value, encoding }) : file;
}

/** Each row's columns but the geometry ones, by their header names as written. */
function rowProperties(header: string[], row: CsvRow, geometryColumns: number[]): Record<string, string> {
  const properties: Record<string, string> = {};
  header.forEach((column, index) => {
    if (!geometryColumns.includes(index)) properties[column.trim()] = (row.fields[index] ?? "").trim();
  });
  return properties;
}

type RowFeatures = Read<{ features: PlacedFeature[]; srids: Set<number> }>;

/** A problem per row whose WKT wkx cannot read; rows with an empty geometry cell have no geometry. */
function wktFeatures(header: string[], rows: CsvRow[], column: number): RowFeatures {
  const features: PlacedFeature[] = [];
  const problems: string[] = [];
  const srids = new Set<number>();
  for (const row of rows) {
    const text = (row.fields[column] ?? "").trim();
    let geometry: Geometry | null = null;
    if (text !== "") {
      try {
        // WKT keywords are case-insensitive; wkx reads upper case only.
        const parsed = WkbGeometry.parse(text.toUpperCase());
        if (parsed.srid) srids.add(parsed.srid);
        geometry = parsed.toGeoJSON() as Geometry;
      } catch (error) {
        const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
        problems.push(`line ${row.line}: the WKT "${shown}" cannot be read: ${(error as Error).message}`);
        continue;
      }
    }
    features.push({ position: `line ${row.line}`, feature: { type: "Feature", properties: rowProperties(header, row, [column]), geometry } });
  }
  return problems.length > 0 ? fail(problems.join("\n")) : ok({ features, srids });
}

/** A point per row from its longitude and latitude columns; both empty: no geometry. */
function pointFeatures(header: string[], rows: CsvRow[], longitudeColumn: number, latitudeColumn: number): RowFeatures {
  const features: PlacedFeature[] = [];
  const problems: string[] = [];
  for (const row of rows) {
    const lonText = (row.fields[longitudeColumn] ?? "").trim();
    const latText = (row.fields[latitudeColumn] ?? "").trim();
    let geometry: Point | null = null;
    if ((lonText === "") !== (latText === "")) {
      problems.push(`line ${row.line}: has only one of ${header[longitudeColumn]} and ${header[latitudeColumn]}`);
      continue;
    }
    if (lonText !== "") {
      const [lon, lat] = [Number(lonText), Number(latText)];
      const bad = [[header[longitudeColumn], lonText, lon], [header[latitudeColumn], latText, lat]].filter(([, , value]) => !Number.isFinite(value));
      if (bad.length > 0) {
        problems.push(`line ${row.line}: ${bad.map(([column, text]) => `${column} "${text}" is not a number`).join("; ")}`);
        continue;
      }
      geometry = { type: "Point", coordinates: [lon, lat] };
    }
    const feature: Feature<Point | null> = { type: "Feature", properties: rowProperties(header, row, [longitudeColumn, latitudeColumn]), geometry };
    features.push({ position: `line ${row.line}`, feature });
  }
  return problems.length > 0 ? fail(problems.join("\n")) : ok({ features, srids: new Set() });
}

/** The system EWKT SRIDs declare: none, one the import converts, or a refusal. */
function declaredSrid(srids: Set<number>): Read<DeclaredSystem | undefined> {
  if (srids.size === 0) return ok(undefined);
  if (srids.size > 1) return fail(`the rows' EWKT give more than one SRID (${[...srids].join(", ")}): put each coordinate system in a file of its own`);
  const [srid] = srids;
  const system = systemByEpsg(srid!);
  if (!system) return fail(`the EWKT SRID=${srid} is a coordinate system the import does not convert; reproject the data to EPSG:4326 first`);
  return ok({ system, how: "crs", where: `the EWKT SRID=${srid}` });
}

// ----- the township layout -----

const CSV_REQUIRED = ["name", "seat_lon_wgs84", "seat_lat_wgs84"];
const CSV_CODES = ["code9", "code12"];
const CSV_LAYOUT =
  "code9, code12, name, kind, county_code, county_name, city_code, villages_cun, communities_ju, seat_lon_wgs84, seat_lat_wgs84, …";
const DIVISION_KINDS = ["市", "区", "县", "县级市", "街道", "镇", "乡", "村", "居"];

/** Parses a township CSV: one row per division, its seat in seat_lon_wgs84 / seat_lat_wgs84 (both empty: no seat). */
export function parseTownshipCsv(text: string, name: string): Read<InputFile> {
  if (stripByteOrderMark(text).trim() === "") return fail(`${name}: the file is empty`);
  const parsed = parseCsv(text);
  if (!parsed.ok) return fail(`${name}: invalid CSV: ${parsed.reason}`);
  const [headerRow, ...dataRows] = parsed.value;
  return townshipFile(headerRow!.fields.map((column) => column.trim().toLowerCase()), dataRows, name, undefined);
}

/** The coordinates of a township CSV: its seat columns are WGS84 by name, or GCJ-02 / BD-09 when the user says so. */
function townshipCoordinates(name: string, given: CoordinatesChoice | undefined): Read<InputFile["coordinates"]> {
  if (!given) return ok({ system: systemByEpsg(4326)!.label, how: "assumed" });
  if ("offset" in given) return ok({ system: SYSTEM_NAMES[given.offset], how: "given" });
  if (given.system.kind === "degrees") return ok({ system: given.system.label, how: "given" });
  return fail(`${name}: the township layout's seat columns (seat_lon_wgs84, seat_lat_wgs84) hold degrees; --coordinates ${given.system.label} cannot apply to them`);
}

function townshipFile(header: string[], dataRows: CsvRow[], name: string, given: CoordinatesChoice | undefined): Read<InputFile> {
  const missing = CSV_REQUIRED.filter((column) => !header.includes(column));
  if (!CSV_CODES.some((column) => header.includes(column))) missing.unshift("code9 or code12");
  if (missing.length > 0) {
    return fail(`${name}: missing column${missing.length === 1 ? "" : "s"} ${missing.join(", ")}; expected the layout of townships.csv: ${CSV_LAYOUT}; ${OTHER_LAYOUTS}`);
  }
  if (dataRows.length === 0) return fail(`${name}: no rows under the header`);
  const coordinates = townshipCoordinates(name, given);
  if (!coordinates.ok) return coordinates;
  const records: InputRecord[] = [];
  const problems: string[] = [];
  const hints = new Set<string>();
  for (const row of dataRows) {
    const value = (column: string): string => {
      const index = header.indexOf(column);
      return index < 0 ? "" : (row.fields[index] ?? "").trim();
    };
    const rowName = value("name") || undefined;
    const label = `line ${row.line}${rowName ? ` ${rowName}` : ""}`;
    const rowProblems: string[] = [];
    if (row.fields.length !== header.length) rowProblems.push(`${row.fields.length} fields where the header has ${header.length}`);
    for (const [column, digits] of [["code9", 9], ["code12", 12], ["county_code", 6], ["city_code", 6]] as const) {
      const text = value(column);
      if (text !== "" && !new RegExp(`^\\d{${digits}}$`).test(text)) rowProblems.push(`${column} "${text}" is not ${digits} digits`);
    }
    for (const column of ["villages_cun", "communities_ju"]) {
      const text = value(column);
      if (text !== "" && !/^\d+$/.test(text)) rowProblems.push(`${column} "${text}" is not a whole number`);
    }
    const kind = value("kind");
    if (kind !== "" && !DIVISION_KINDS.includes(kind)) rowProblems.push(`kind "${kind}" is not one of ${DIVISION_KINDS.join(" ")}`);
    const codes = new Set<string>();
    for (const column of CSV_CODES) {
      const code = normaliseCode(value(column));
      if (code) codes.add(code);
    }
    if (codes.size > 1) rowProblems.push(`code9 ${value("code9")} and code12 ${value("code12")} disagree`);
    if (codes.size === 0 && rowName === undefined) rowProblems.push("has neither a code nor a name");
    const lonText = value("seat_lon_wgs84");
    const latText = value("seat_lat_wgs84");
    let seat: Point | undefined;
    if ((lonText === "") !== (latText === "")) {
      rowProblems.push("has only one of seat_lon_wgs84 and seat_lat_wgs84");
    } else if (lonText !== "") {
      const lon = Number(lonText);
      const lat = Number(latText);
      if (!Number.isFinite(lon)) rowProblems.push(`seat_lon_wgs84 "${lonText}" is not a number`);
      if (!Number.isFinite(lat)) rowProblems.push(`seat_lat_wgs84 "${latText}" is not a number`);
      if (Number.isFinite(lon) && Number.isFinite(lat)) {
        const coordinateProblem = checkCoordinates([lon, lat, lon, lat]);
        if (coordinateProblem) {
          rowProblems.push(`the seat ${coordinateProblem.problem}`);
          if (coordinateProblem.hint) hints.add(coordinateProblem.hint);
        }
        seat = { type: "Point", coordinates: [lon, lat] };
      }
    }
    if (rowProblems.length > 0) {
      problems.push(`${label}: ${rowProblems.join("; ")}`);
      continue;
    }
    const countyCode = value("county_code");
    const countyName = value("county_name");
    const seatMethod = value("seat_method");
    records.push({
      position: `line ${row.line}`,
      codes: [...codes],
      name: rowName,
      within: { ...(countyCode ? { code: countyCode } : {}), ...(countyName ? { name: countyName } : {}) },
      ...(seat ? { seat } : { skip: "no seat coordinates" }),
      ...(seatMethod ? { source: seatMethod } : {}),
    });
  }
  if (problems.length > 0) return listProblems(name, problems, hints);
  return ok({ name, format: "csv", coordinates: coordinates.value, records });
}
