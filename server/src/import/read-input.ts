/**
 * Reading what `npm run import` is given: a GeoJSON file, a township CSV (the layout of the reference
 * townships.csv), or a folder of them (top level only). Everything that can be judged without the database is
 * judged here: JSON syntax, GeoJSON structure (geojson-validation), the CSV layout, codes, and coordinates that are
 * plainly not WGS84 degrees over Jincheng (projected metres, swapped axes, another place). Whether a polygon is valid
 * needs GEOS, so import-boundaries.ts asks PostGIS.
 *
 * Expected failures come back as { ok: false, reason } with the file named in the reason; nothing here throws for
 * bad input.
 */
import fs from "node:fs";
import path from "node:path";
import type { Feature, Geometry, Point, Position } from "geojson";
import geojsonValidation from "geojson-validation";

export const PROVENANCES = ["official", "approximate", "imported"] as const;
export type Provenance = (typeof PROVENANCES)[number];

export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

/** min longitude, min latitude, max longitude, max latitude */
export type BoundingBox = [number, number, number, number];

/** Jincheng's extent in WGS84, from the outlines of its six counties. */
export const JINCHENG_BBOX: BoundingBox = [111.93, 35.18, 113.62, 36.07];
/** A geometry reaching no closer than this to Jincheng's extent is somewhere else, not a slightly shifted boundary. */
const NEARBY_DEGREES = 0.5;
/** Problems listed per file before the rest are only counted. */
const MAX_LISTED = 10;

const IMPORTABLE_EXTENSIONS = [".geojson", ".json", ".csv"];

/** One feature or CSV row: what it says about which division it is, and what it brings. */
export interface InputRecord {
  /** Where the record sits in its file, for messages: "feature 3" or "line 5". */
  position: string;
  /** The division codes the record gives, normalised (see normaliseCode); empty when it gives none. */
  codes: string[];
  name: string | undefined;
  /** The county (or other ancestor) the record names, which narrows a match by name. */
  within: { code?: string; name?: string };
  /** A Polygon, MultiPolygon or GeometryCollection of them, to become the division's boundary. */
  boundary?: Geometry;
  /** The provenance the record declares (property `boundary` or `provenance`), when it is a known one. */
  provenance?: Provenance;
  /** A point to become the division's seat. */
  seat?: Point;
  /** Why the record brings nothing to import; such records are reported as skipped. */
  skip?: string;
  /** Where the record's data came from when the record itself says (a feature's `source`, a row's `seat_method`). */
  source?: string;
}

export interface InputFile {
  /** The file name, used in messages and in geom_source / seat_source. */
  name: string;
  format: "geojson" | "csv";
  /** The dataset's own statement of its source (GeoJSON `metadata.source`), if any. */
  source?: string;
  records: InputRecord[];
}

export interface Input {
  path: string;
  files: InputFile[];
  /** What a folder held that was not read (sub-folders, other file types), to be mentioned. */
  ignored: string[];
}

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

/** A record's name for messages: "feature 3 东街街道 (140502001)". */
export function describeRecord(record: InputRecord): string {
  const code = record.codes[0] ? ` (${record.codes[0]})` : "";
  return `${record.position}${record.name ? ` ${record.name}` : ""}${code}`;
}

/** Reads a file or a folder's top level; fails on the first unreadable path or with every bad file of a folder. */
export function readInput(inputPath: string): Read<Input> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(inputPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(code === "ENOENT" ? `${inputPath}: no such file or folder` : `${inputPath}: cannot be read (${(error as Error).message})`);
  }
  if (!stat.isDirectory()) {
    const file = readFile(inputPath);
    return file.ok ? ok({ path: inputPath, files: [file.value], ignored: [] }) : file;
  }
  const files: InputFile[] = [];
  const ignored: string[] = [];
  const problems: string[] = [];
  for (const entry of fs.readdirSync(inputPath).sort()) {
    const entryPath = path.join(inputPath, entry);
    if (fs.statSync(entryPath).isDirectory()) {
      ignored.push(`${entry}/ (sub-folders are not read)`);
    } else if (!IMPORTABLE_EXTENSIONS.includes(path.extname(entry).toLowerCase())) {
      ignored.push(`${entry} (not .geojson, .json or .csv)`);
    } else {
      const file = readFile(entryPath);
      if (file.ok) files.push(file.value);
      else problems.push(file.reason);
    }
  }
  if (problems.length > 0) return fail(problems.join("\n"));
  if (files.length === 0) {
    return fail(`${inputPath}: no .geojson, .json or .csv file at the folder's top level${ignored.length ? ` (ignored: ${ignored.join(", ")})` : ""}`);
  }
  return ok({ path: inputPath, files, ignored });
}

function readFile(filePath: string): Read<InputFile> {
  const name = path.basename(filePath);
  const extension = path.extname(name).toLowerCase();
  if (!IMPORTABLE_EXTENSIONS.includes(extension)) {
    return fail(
      `${name}: unsupported file type "${extension || "(no extension)"}": give GeoJSON (.geojson, .json) or CSV (.csv); ` +
        `convert other formats first, e.g. ogr2ogr -f GeoJSON -t_srs EPSG:4326 out.geojson ${name}`,
    );
  }
  let text: string;
  try {
    text = fs.readFileSync(filePath, "utf8");
  } catch (error) {
    return fail(`${name}: cannot be read (${(error as Error).message})`);
  }
  return extension === ".csv" ? parseTownshipCsv(text, name) : parseGeoJson(text, name);
}

function stripByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function listProblems(name: string, problems: string[], hints: Iterable<string> = []): { ok: false; reason: string } {
  const lines = [`${name}: ${problems.length} problem${problems.length === 1 ? "" : "s"}:`];
  for (const problem of problems.slice(0, MAX_LISTED)) lines.push(`  - ${problem}`);
  if (problems.length > MAX_LISTED) lines.push(`  … and ${problems.length - MAX_LISTED} more`);
  for (const hint of hints) lines.push(`  ${hint}`);
  return fail(lines.join("\n"));
}

/** "line 3, column 5" for a JSON.parse error, computed from the offset V8 reports. */
function jsonErrorPlace(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  const offset = position ? Number(position[1]) : /end of JSON input/i.test(message) ? text.length : undefined;
  if (offset === undefined) return message;
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return `line ${line}, column ${column}: ${message.replace(/\s*in JSON at position \d+.*$/s, "")}`;
}

// ----- codes and names -----

/**
 * A division code as the database keeps it (6, 9 or 12 digits), or undefined when `raw` is not one. Codes padded to
 * 12 digits are shortened: a township's 12-digit code ends in 000 (140502001000 → 140502001), a county's in 000000.
 */
export function normaliseCode(raw: string): string | undefined {
  if (!/^\d{6}(\d{3}(\d{3})?)?$/.test(raw)) return undefined;
  if (raw.length === 12 && raw.endsWith("000000")) return raw.slice(0, 6);
  if (raw.length === 12 && raw.endsWith("000")) return raw.slice(0, 9);
  if (raw.length === 9 && raw.endsWith("000")) return raw.slice(0, 6);
  return raw;
}

const CODE_KEYS = ["code", "adcode", "code9", "code12", "gb", "xzqdm", "division_code"];
const NAME_KEYS = ["name", "xzqmc"];
const WITHIN_CODE_KEYS = ["county_code", "county_adcode", "parent_code", "parent_adcode"];
const WITHIN_NAME_KEYS = ["county_name", "parent_name"];

function scalarText(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isInteger(value)) return String(value);
  if (typeof value === "string" && value.trim() !== "") return value.trim();
  return undefined;
}

/** The distinct codes a record gives under any of CODE_KEYS (property names compared case-insensitively). */
function readCodes(properties: Map<string, unknown>): Read<string[]> {
  const codes = new Set<string>();
  for (const key of CODE_KEYS) {
    const value = properties.get(key);
    if (value === undefined || value === null || value === "") continue;
    let raw = scalarText(value);
    // GB/T 2260 codes in some national datasets carry China's numeric country code 156 in front.
    if (key === "gb" && raw && /^156(\d{6}|\d{9})$/.test(raw)) raw = raw.slice(3);
    const code = raw === undefined ? undefined : normaliseCode(raw);
    if (code === undefined) return fail(`${key} ${JSON.stringify(value)} is not a division code (6, 9 or 12 digits)`);
    codes.add(code);
  }
  if (codes.size > 1) return fail(`its codes disagree (${[...codes].join(", ")})`);
  return ok([...codes]);
}

function firstText(properties: Map<string, unknown>, keys: string[]): string | undefined {
  for (const key of keys) {
    const text = scalarText(properties.get(key));
    if (text !== undefined) return text;
  }
  return undefined;
}

function readWithin(properties: Map<string, unknown>): InputRecord["within"] {
  const rawCode = firstText(properties, WITHIN_CODE_KEYS);
  const code = rawCode === undefined ? undefined : normaliseCode(rawCode);
  const name = firstText(properties, WITHIN_NAME_KEYS);
  return { ...(code ? { code } : {}), ...(name ? { name } : {}) };
}

// ----- coordinates -----

/** The extent of every position of a geometry; undefined for an empty one. */
function boundingBox(geometry: Geometry): BoundingBox | undefined {
  const box: BoundingBox = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (coordinates: unknown): void => {
    if (!Array.isArray(coordinates)) return;
    if (typeof coordinates[0] === "number") {
      const [x, y] = coordinates as Position;
      box[0] = Math.min(box[0], x!);
      box[1] = Math.min(box[1], y!);
      box[2] = Math.max(box[2], x!);
      box[3] = Math.max(box[3], y!);
      return;
    }
    for (const child of coordinates) visit(child);
  };
  if (geometry.type === "GeometryCollection") {
    for (const member of geometry.geometries) {
      const memberBox = boundingBox(member);
      if (!memberBox) continue;
      box[0] = Math.min(box[0], memberBox[0]);
      box[1] = Math.min(box[1], memberBox[1]);
      box[2] = Math.max(box[2], memberBox[2]);
      box[3] = Math.max(box[3], memberBox[3]);
    }
  } else {
    visit(geometry.coordinates);
  }
  return box[0] === Infinity ? undefined : box;
}

function formatNumber(value: number): string {
  return Math.abs(value) >= 1000 ? String(Math.round(value)) : String(Number(value.toFixed(6)));
}

function formatBox(box: BoundingBox): string {
  if (box[0] === box[2] && box[1] === box[3]) return `[${formatNumber(box[0])}, ${formatNumber(box[1])}]`;
  return `x ${formatNumber(box[0])}…${formatNumber(box[2])}, y ${formatNumber(box[1])}…${formatNumber(box[3])}`;
}

/** The name of an EPSG coordinate system the importer can recognise, for messages. */
function describeEpsg(code: number): string | undefined {
  // CGCS2000 3-degree Gauss-Kruger: EPSG:4513-4533 are zones 25-45 with the zone number prefixed to x,
  // EPSG:4534-4554 the same zones by central meridian (75°E-135°E) without the prefix.
  if (code >= 4513 && code <= 4533) return `CGCS2000 3-degree Gauss-Kruger zone ${code - 4488}, metres with zone prefix`;
  if (code >= 4534 && code <= 4554) return `CGCS2000 3-degree Gauss-Kruger, central meridian ${75 + 3 * (code - 4534)}°E, metres`;
  if ([3857, 900913, 3785, 102100].includes(code)) return "Web Mercator, metres";
  if (code === 4214) return "Beijing 1954 degrees";
  if (code === 4610) return "Xian 1980 degrees";
  return undefined;
}

/** A guess at the projected system that produced these metres, and the reprojection to suggest. */
function projectedHint(box: BoundingBox): string {
  const [minX, minY, maxX, maxY] = box;
  let guess: { epsg: number; words: string } | undefined;
  const northing = minY >= 1e6 && maxY < 1e7;
  if (northing && minX >= 25e6 && maxX < 46e6 && Math.floor(minX / 1e6) === Math.floor(maxX / 1e6)) {
    const zone = Math.floor(minX / 1e6);
    guess = { epsg: 4488 + zone, words: `CGCS2000 3-degree Gauss-Kruger metres with the zone prefix (zone ${zone}, EPSG:${4488 + zone})` };
  } else if (northing && minX >= 1e5 && maxX < 1e6) {
    // Without the prefix the zone is not in the numbers; over Jincheng the two zones' eastings do not overlap
    // (central meridian 111°E gives ~580-740 km, 114°E ~310-470 km).
    const epsg = minX >= 5e5 ? 4546 : 4547;
    guess = {
      epsg,
      words: `CGCS2000 3-degree Gauss-Kruger metres without the zone prefix (EPSG:4546 for central meridian 111°E, ` +
        `EPSG:4547 for 114°E; these eastings suggest EPSG:${epsg})`,
    };
  } else if (northing && minX >= 7e6 && maxX <= 20_037_509) {
    guess = { epsg: 3857, words: "Web Mercator metres (EPSG:3857)" };
  }
  const reproject = `ogr2ogr -f GeoJSON -s_srs EPSG:${guess?.epsg ?? "<code>"} -t_srs EPSG:4326 out.geojson in.geojson`;
  return `Coordinates must be WGS84 longitude/latitude degrees; ${guess ? `these look like ${guess.words}` : "these are projected"}. ` +
    `Reproject first, e.g. ${reproject}`;
}

export interface CoordinateProblem {
  problem: string;
  /** Advice that holds for every record with this problem, printed once per file. */
  hint?: string;
}

/**
 * Whether a geometry's extent looks like WGS84 degrees over Jincheng; undefined when it does. Swapped axes are
 * tested first because latitude-first Jincheng coordinates also fail the degree range test (y > 90).
 */
export function checkCoordinates(box: BoundingBox): CoordinateProblem | undefined {
  const [minX, minY, maxX, maxY] = box;
  if (minX >= 30 && maxX <= 40 && minY >= 110 && maxY <= 115) {
    return {
      problem: `latitude and longitude look swapped (${formatBox(box)})`,
      hint: "Positions are longitude first, then latitude: Jincheng is about [112.85, 35.49], not [35.49, 112.85]. Swap the axes and import again.",
    };
  }
  if (Math.max(Math.abs(minX), Math.abs(maxX)) > 180 || Math.max(Math.abs(minY), Math.abs(maxY)) > 90) {
    return { problem: `coordinates are not degrees (${formatBox(box)})`, hint: projectedHint(box) };
  }
  const [west, south, east, north] = JINCHENG_BBOX;
  if (maxX < west - NEARBY_DEGREES || minX > east + NEARBY_DEGREES || maxY < south - NEARBY_DEGREES || minY > north + NEARBY_DEGREES) {
    return {
      problem: `lies far outside Jincheng (${formatBox(box)}; Jincheng is ${formatBox(JINCHENG_BBOX)})`,
      hint: "A geometry far from Jincheng is another place's data or in another coordinate system.",
    };
  }
  return undefined;
}

/** A problem when a GeoJSON `crs` member names anything but WGS84/CGCS2000 longitude-latitude. */
function checkCrsMember(crs: unknown, fileName: string): string | undefined {
  if (!isObject(crs) || !isObject(crs.properties) || typeof crs.properties.name !== "string") return undefined;
  const crsName = crs.properties.name;
  if (/CRS:?84$/i.test(crsName)) return undefined;
  const epsg = /EPSG:+(\d+)$/i.exec(crsName)?.[1];
  // CGCS2000 geographic (4490) differs from WGS84 by centimetres at this scale.
  if (epsg === "4326" || epsg === "4490") return undefined;
  const known = epsg ? describeEpsg(Number(epsg)) : undefined;
  return (
    `declares the coordinate system ${crsName}${known ? ` (${known})` : ""}, not WGS84 longitude/latitude. ` +
    `Reproject first, e.g. ogr2ogr -f GeoJSON -t_srs EPSG:4326 out.geojson ${fileName}`
  );
}

// ----- GeoJSON -----

/** geojson-validation prefixes a collection's problems with "at <index>:"; name the feature instead. */
function describeValidationProblem(problem: string, features: unknown[] | undefined): string {
  const match = /^at (\d+): (.*)$/s.exec(problem);
  if (!features || !match) return problem;
  const index = Number(match[1]);
  const feature = features[index];
  const properties = isObject(feature) && isObject(feature.properties) ? feature.properties : {};
  const name = firstText(new Map(Object.entries(properties).map(([key, value]) => [key.toLowerCase(), value])), NAME_KEYS);
  return `feature ${index + 1}${name ? ` ${name}` : ""}: ${match[2]}`;
}

/**
 * geojson-validation's problems with the document, each naming its feature. The library throws (a TypeError) on a
 * ring whose first or last position is null or missing; the features are then judged one by one, so that the
 * message names the feature it found that in.
 */
function structuralProblems(document: Record<string, unknown>, features: unknown[] | undefined): string[] {
  try {
    return geojsonValidation.valid(document, true).map((problem) => describeValidationProblem(problem, features));
  } catch {
    const malformed = "a ring holds a position that is null or not an array of numbers";
    if (!features) return [malformed];
    return features.flatMap((feature, index) => {
      let problems: string[];
      try {
        problems = geojsonValidation.valid(feature, true);
      } catch {
        problems = [malformed];
      }
      return problems.map((problem) => describeValidationProblem(`at ${index}: ${problem}`, features));
    });
  }
}

function featureRecord(feature: Feature, position: string): Read<InputRecord> & { hint?: string } {
  const properties = new Map(Object.entries(feature.properties ?? {}).map(([key, value]) => [key.toLowerCase(), value]));
  const name = firstText(properties, NAME_KEYS);
  const label = `${position}${name ? ` ${name}` : ""}`;
  const codes = readCodes(properties);
  if (!codes.ok) return fail(`${label}: ${codes.reason}`);
  if (codes.value.length === 0 && name === undefined) {
    return fail(`${label}: has neither a code (${CODE_KEYS.join(", ")}) nor a name (${NAME_KEYS.join(", ")}) to match a division by`);
  }
  const declared = [properties.get("boundary"), properties.get("provenance")].find((value): value is Provenance =>
    PROVENANCES.includes(value as Provenance),
  );
  const source = firstText(properties, ["source", "method"]);
  const record: InputRecord = {
    position,
    codes: codes.value,
    name,
    within: readWithin(properties),
    ...(declared ? { provenance: declared } : {}),
    ...(source ? { source } : {}),
  };
  const geometry = feature.geometry;
  if (geometry === null) return ok({ ...record, skip: "no geometry" });
  const box = boundingBox(geometry);
  if (!box) return fail(`${label}: the ${geometry.type} has no coordinates`);
  const coordinateProblem = checkCoordinates(box);
  if (coordinateProblem) return { ...fail(`${label}: ${coordinateProblem.problem}`), ...(coordinateProblem.hint ? { hint: coordinateProblem.hint } : {}) };
  switch (geometry.type) {
    case "Polygon":
    case "MultiPolygon":
      return ok({ ...record, boundary: geometry });
    case "GeometryCollection":
      if (geometry.geometries.every((member) => member.type === "Polygon" || member.type === "MultiPolygon")) {
        return ok({ ...record, boundary: geometry });
      }
      return fail(`${label}: a GeometryCollection that holds more than polygons cannot be a boundary`);
    case "Point":
      return ok({ ...record, seat: geometry });
    default:
      return fail(`${label}: a ${geometry.type} is neither a boundary (Polygon, MultiPolygon) nor a seat (Point)`);
  }
}

/** Parses a GeoJSON FeatureCollection or Feature; every feature needs a code or a name. */
export function parseGeoJson(text: string, name: string): Read<InputFile> {
  const body = stripByteOrderMark(text);
  if (body.trim() === "") return fail(`${name}: the file is empty`);
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch (error) {
    return fail(`${name}: invalid JSON at ${jsonErrorPlace(body, error)}`);
  }
  if (!isObject(document)) return fail(`${name}: not GeoJSON: expected an object with a "type", found ${Array.isArray(document) ? "an array" : typeof document}`);
  const crsProblem = checkCrsMember(document.crs, name);
  if (crsProblem) return fail(`${name}: ${crsProblem}`);
  const features = document.type === "FeatureCollection" && Array.isArray(document.features) ? (document.features as unknown[]) : undefined;
  const structural = structuralProblems(document, features);
  if (structural.length > 0) return listProblems(`${name}: invalid GeoJSON`, structural);
  if (document.type !== "FeatureCollection" && document.type !== "Feature") {
    return fail(
      `${name}: a bare ${String(document.type)} geometry cannot be matched to a division: ` +
        "wrap it in a Feature whose properties give the division's code or name",
    );
  }
  const list = (features ?? [document]) as Feature[];
  if (list.length === 0) return fail(`${name}: the FeatureCollection has no features`);
  const records: InputRecord[] = [];
  const problems: string[] = [];
  const hints = new Set<string>();
  list.forEach((feature, index) => {
    const record = featureRecord(feature, `feature ${index + 1}`);
    if (record.ok) records.push(record.value);
    else problems.push(record.reason);
    if (record.hint) hints.add(record.hint);
  });
  if (problems.length > 0) return listProblems(name, problems, hints);
  const metadata = isObject(document.metadata) ? document.metadata : {};
  const source = scalarText(metadata.source);
  return ok({ name, format: "geojson", ...(source ? { source } : {}), records });
}

// ----- CSV -----

export interface CsvRow {
  /** Line of the file where the row starts (1-based). */
  line: number;
  fields: string[];
}

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): Read<CsvRow[]> {
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let quoteLine = 1;
  const endRow = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === "")) rows.push({ line: rowLine, fields });
    fields = [];
    field = "";
  };
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') {
        quoted = false;
      } else {
        if (char === "\n") line++;
        field += char;
      }
    } else if (char === '"' && field === "") {
      quoted = true;
      quoteLine = line;
    } else if (char === ",") {
      fields.push(field);
      field = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[index + 1] === "\n") index++;
      endRow();
      line++;
      rowLine = line;
    } else {
      field += char;
    }
  }
  if (quoted) return fail(`line ${quoteLine}: a quoted field is never closed`);
  endRow();
  return ok(rows);
}

const CSV_REQUIRED = ["name", "seat_lon_wgs84", "seat_lat_wgs84"];
const CSV_CODES = ["code9", "code12"];
const CSV_LAYOUT =
  "code9, code12, name, kind, county_code, county_name, city_code, villages_cun, communities_ju, seat_lon_wgs84, seat_lat_wgs84, …";
const DIVISION_KINDS = ["市", "区", "县", "县级市", "街道", "镇", "乡", "村", "居"];

/** Parses a township CSV: one row per division, its seat in seat_lon_wgs84 / seat_lat_wgs84 (both empty: no seat). */
export function parseTownshipCsv(text: string, name: string): Read<InputFile> {
  const body = stripByteOrderMark(text);
  if (body.trim() === "") return fail(`${name}: the file is empty`);
  const parsed = parseCsv(body);
  if (!parsed.ok) return fail(`${name}: invalid CSV: ${parsed.reason}`);
  const [headerRow, ...dataRows] = parsed.value;
  const header = headerRow!.fields.map((column) => column.trim().toLowerCase());
  const missing = CSV_REQUIRED.filter((column) => !header.includes(column));
  if (!CSV_CODES.some((column) => header.includes(column))) missing.unshift("code9 or code12");
  if (missing.length > 0) {
    return fail(`${name}: missing column${missing.length === 1 ? "" : "s"} ${missing.join(", ")}; expected the layout of townships.csv: ${CSV_LAYOUT}`);
  }
  if (dataRows.length === 0) return fail(`${name}: no rows under the header`);
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
  return ok({ name, format: "csv", records });
}
