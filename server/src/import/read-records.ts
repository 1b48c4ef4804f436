/**
 * What every format reader shares: the records it produces (types), how a feature's properties name its division
 * (codes, name, county), which geometries are boundaries and which are seats, and the check that WGS84 coordinates
 * lie over Jincheng. Expected failures come back as { ok: false, reason }; nothing here throws for bad input.
 */
import type { Feature, Geometry, Point } from "geojson";
import { geometryBounds, type BoundingBox } from "../geo/geometry.ts";

export const PROVENANCES = ["official", "approximate", "imported"] as const;
export type Provenance = (typeof PROVENANCES)[number];

export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Jincheng's extent in WGS84, from the outlines of its six counties. */
export const JINCHENG_BBOX: BoundingBox = [111.93, 35.18, 113.62, 36.07];
/** A geometry reaching no closer than this to Jincheng's extent is somewhere else, not a slightly shifted boundary. */
const NEARBY_DEGREES = 0.5;
/** Problems listed per file before the rest are only counted. */
const MAX_LISTED = 10;

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

/** How a file's coordinate system was found: its .prj, its GeoJSON `crs` member (or EWKT SRID), the numbers, --coordinates, or nothing said. */
export type CoordinatesHow = "prj" | "crs" | "inferred" | "given" | "assumed";

export interface InputFile {
  /** The file name ("townships.zip:乡镇界" for one layer of a zipped Shapefile), used in messages and in geom_source / seat_source. */
  name: string;
  format: "geojson" | "csv" | "shapefile" | "kml" | "kmz";
  /** The dataset's own statement of its source (GeoJSON `metadata.source`), if any. */
  source?: string;
  /**
   * The coordinate system the file was in, e.g. "EPSG:4547 CGCS2000 / 3-degree Gauss-Kruger CM 114E", and how that was
   * found. Records are WGS84 whatever it was, except GCJ-02 and BD-09 ("given"), which the import converts.
   */
  coordinates: { system: string; how: CoordinatesHow };
  /** The text encoding of a .dbf or CSV and how it was found (.cpg, byte order mark, or detected); absent for JSON and XML. */
  encoding?: { name: string; how: "cpg" | "bom" | "detected" };
  records: InputRecord[];
}

export interface Input {
  path: string;
  files: InputFile[];
  /** What a folder held that was not read (sub-folders, other file types), to be mentioned. */
  ignored: string[];
}

/** A feature as a reader found it, with its place in the file for messages ("feature 3", "line 5"). */
export interface PlacedFeature {
  position: string;
  feature: Feature<Geometry | null>;
}

export const ok = <T>(value: T): Read<T> => ({ ok: true, value });
export const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

/** A record's name for messages: "feature 3 东街街道 (140502001)". */
export function describeRecord(record: InputRecord): string {
  const code = record.codes[0] ? ` (${record.codes[0]})` : "";
  return `${record.position}${record.name ? ` ${record.name}` : ""}${code}`;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function stripByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "name: N problems:" and the first MAX_LISTED of them, then the hints once each. */
export function listProblems(name: string, problems: string[], hints: Iterable<string> = []): { ok: false; reason: string } {
  const lines = [`${name}: ${plural(problems.length, "problem")}:`];
  for (const problem of problems.slice(0, MAX_LISTED)) lines.push(`  - ${problem}`);
  if (problems.length > MAX_LISTED) lines.push(`  … and ${problems.length - MAX_LISTED} more`);
  for (const hint of hints) lines.push(`  ${hint}`);
  return fail(lines.join("\n"));
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

export function scalarText(value: unknown): string | undefined {
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

/** A feature's properties keyed by lower-case name, as every lookup here compares them. */
function propertyMap(feature: { properties?: unknown }): Map<string, unknown> {
  const properties = isObject(feature.properties) ? feature.properties : {};
  return new Map(Object.entries(properties).map(([key, value]) => [key.toLowerCase(), value]));
}

/** The name a feature gives, for messages about it before it is a record. */
export function featureName(feature: { properties?: unknown }): string | undefined {
  return firstText(propertyMap(feature), NAME_KEYS);
}

// ----- coordinates -----

function formatNumber(value: number): string {
  return Math.abs(value) >= 1000 ? String(Math.round(value)) : String(Number(value.toFixed(6)));
}

export function formatBox(box: BoundingBox): string {
  if (box[0] === box[2] && box[1] === box[3]) return `[${formatNumber(box[0])}, ${formatNumber(box[1])}]`;
  return `x ${formatNumber(box[0])}…${formatNumber(box[2])}, y ${formatNumber(box[1])}…${formatNumber(box[3])}`;
}

/** Whether a box comes within NEARBY_DEGREES of Jincheng's extent. */
export function isNearJincheng(box: BoundingBox): boolean {
  const [west, south, east, north] = JINCHENG_BBOX;
  return !(box[2] < west - NEARBY_DEGREES || box[0] > east + NEARBY_DEGREES || box[3] < south - NEARBY_DEGREES || box[1] > north + NEARBY_DEGREES);
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
    return { problem: `coordinates are not degrees (${formatBox(box)})`, hint: COORDINATES_HINT };
  }
  if (!isNearJincheng(box)) {
    return {
      problem: `lies far outside Jincheng (${formatBox(box)}; Jincheng is ${formatBox(JINCHENG_BBOX)})`,
      hint: "A geometry far from Jincheng is another place's data or in another coordinate system.",
    };
  }
  return undefined;
}

/** How to say which coordinate system a file is in, for messages. */
export const COORDINATES_HINT =
  "Give the coordinate system with --coordinates (wgs84, cgcs2000, gcj02, bd09, or epsg:<code> for CGCS2000 Gauss-Kruger " +
  "4513-4554 or Web Mercator 3857), or keep the .prj beside the .shp.";

// ----- features to records -----

function featureRecord(feature: Feature<Geometry | null>, position: string): Read<InputRecord> & { hint?: string } {
  const properties = propertyMap(feature);
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
  const box = geometryBounds(geometry);
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

/**
 * The records of a file's features, now in WGS84: every feature needs a code or a name, and a geometry that is a
 * boundary (polygons) or a seat (a point) over Jincheng. Fails with every bad feature listed.
 */
export function featureRecords(name: string, features: PlacedFeature[]): Read<InputRecord[]> {
  const records: InputRecord[] = [];
  const problems: string[] = [];
  const hints = new Set<string>();
  for (const { position, feature } of features) {
    const record = featureRecord(feature, position);
    if (record.ok) records.push(record.value);
    else problems.push(record.reason);
    if (record.hint) hints.add(record.hint);
  }
  if (problems.length > 0) return listProblems(name, problems, hints);
  return ok(records);
}
