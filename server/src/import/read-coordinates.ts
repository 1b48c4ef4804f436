/**
 * Which coordinate system a file's numbers are in, and their conversion to WGS84 before the records leave the reader.
 * The system is, in this order: what the user gave (--coordinates), what the file declares (a shapefile's .prj, a
 * GeoJSON `crs` member, an EWKT SRID), what the numbers' ranges say (Gauss-Kruger eastings with the zone number in
 * front, 6-digit eastings read with the central meridian that puts them over Jincheng, Web Mercator metres), else
 * WGS84 degrees. Whatever the source, every feature's numbers must fit the system: a .prj in degrees over numbers in
 * metres is refused, not trusted. GCJ-02 and BD-09 stay degrees here: the import converts them (coordinate-system.ts).
 */
import { convertGeometry, geometryBounds, unionBounds, type BoundingBox } from "../geo/geometry.ts";
import { gaussKrugerSystem, systemByEpsg, toWgs84, type ProjectedSystem } from "../geo/projections.ts";
import { SYSTEM_NAMES, type OffsetSystem } from "./coordinate-system.ts";
import {
  COORDINATES_HINT,
  fail,
  featureName,
  featureRecords,
  formatBox,
  isNearJincheng,
  listProblems,
  ok,
  plural,
  type CoordinatesHow,
  type InputFile,
  type PlacedFeature,
  type Read,
} from "./read-records.ts";

/** What --coordinates says: a system with an EPSG code, or an offset system of Chinese web maps. */
export type CoordinatesChoice = { system: ProjectedSystem } | { offset: OffsetSystem };

/** What a file says of its own system, and where it says it (".prj", "crs member"). */
export interface DeclaredSystem {
  system: ProjectedSystem;
  how: Extract<CoordinatesHow, "prj" | "crs">;
  /** The declaration as the file words it, for messages: `the .prj "CGCS2000_3_Degree_GK_CM_114E"`. */
  where: string;
}

/** A file's features as its reader found them, in the file's own coordinates. */
export interface FoundFeatures {
  name: string;
  format: InputFile["format"];
  source?: string;
  encoding?: InputFile["encoding"];
  declared?: DeclaredSystem;
  features: PlacedFeature[];
}

const CHOICES = "wgs84, cgcs2000, gcj02, bd09 or epsg:<code> (4326, 4490, 4513-4554 CGCS2000 Gauss-Kruger, 3857 Web Mercator)";

/** The --coordinates value (wgs84, cgcs2000, gcj02, bd09, epsg:4547), or why it is not one. */
export function parseCoordinatesOption(text: string): Read<CoordinatesChoice> {
  const value = text.trim().toLowerCase();
  if (value === "gcj02" || value === "bd09") return ok({ offset: value });
  const epsg = value === "wgs84" ? 4326 : value === "cgcs2000" ? 4490 : /^epsg:(\d+)$/.exec(value)?.[1];
  const system = epsg === undefined ? undefined : systemByEpsg(Number(epsg));
  return system ? ok({ system }) : fail(`--coordinates must be ${CHOICES} (got "${text}")`);
}

/** The shape of a feature's numbers: degrees, Gauss-Kruger metres (with the zone prefix or not), Web Mercator metres. */
type NumberKind = { kind: "degrees" } | { kind: "gauss-kruger"; zonePrefix?: number } | { kind: "mercator" };

/** Half the Web Mercator world's width, metres. */
const MERCATOR_LIMIT = 20_037_508.35;

/**
 * What a box of numbers looks like, or undefined when it is nothing known. Degrees allow |y| up to 180 so that swapped
 * axes reach the WGS84 check, which names them. Gauss-Kruger northings in China are 7 digits; eastings have 8 digits
 * with a 3-degree zone number (25-45) in front, 6 without; Web Mercator eastings over China are 8 digits below 20 037 508.
 */
function numberKind(box: BoundingBox): NumberKind | undefined {
  const [minX, minY, maxX, maxY] = box;
  if (Math.max(Math.abs(minX), Math.abs(maxX), Math.abs(minY), Math.abs(maxY)) <= 180) return { kind: "degrees" };
  const northing = minY >= 1e6 && maxY < 1e7;
  const zone = Math.floor(minX / 1e6);
  if (northing && minX >= 25e6 && maxX < 46e6 && zone === Math.floor(maxX / 1e6)) return { kind: "gauss-kruger", zonePrefix: zone };
  if (northing && minX >= 1e5 && maxX < 1e6) return { kind: "gauss-kruger" };
  if (minX >= 1e6 && maxX <= MERCATOR_LIMIT && Math.abs(minY) <= MERCATOR_LIMIT && Math.abs(maxY) <= MERCATOR_LIMIT) return { kind: "mercator" };
  return undefined;
}

function describeKind(kind: NumberKind | undefined): string {
  if (!kind) return "neither longitude/latitude degrees nor metres of a system the import knows";
  if (kind.kind === "degrees") return "longitude/latitude degrees";
  if (kind.kind === "mercator") return "Web Mercator metres";
  return kind.zonePrefix === undefined
    ? "Gauss-Kruger metres without the zone number in the easting"
    : `Gauss-Kruger metres of zone ${kind.zonePrefix} (the zone number in front of the easting)`;
}

const sameKind = (a: NumberKind | undefined, b: NumberKind | undefined): boolean =>
  a !== undefined && b !== undefined && a.kind === b.kind && (a.kind !== "gauss-kruger" || a.zonePrefix === (b as typeof a).zonePrefix);

function kindOfSystem(system: ProjectedSystem): NumberKind {
  if (system.kind === "gauss-kruger") return system.zonePrefix === undefined ? { kind: "gauss-kruger" } : { kind: "gauss-kruger", zonePrefix: system.zonePrefix };
  return { kind: system.kind };
}

interface Measured {
  placed: PlacedFeature;
  box: BoundingBox | undefined;
  kind: NumberKind | undefined;
}

/** "feature 3 东街街道 (x 395765…396579, y 3929554…3931794)" */
function describeFeature({ placed, box }: Measured): string {
  const name = featureName(placed.feature);
  return `${placed.position}${name ? ` ${name}` : ""}${box ? ` (${formatBox(box)})` : ""}`;
}

/** The Gauss-Kruger central meridians near Jincheng, tried in turn for eastings without the zone number. */
const JINCHENG_CENTRAL_MERIDIANS = [111, 114];

/** The system the numbers themselves point to, when they all have one shape and it reads as a place near Jincheng. */
function inferSystem(name: string, measured: Measured[]): Read<ProjectedSystem> {
  const located = measured.filter((entry) => entry.box !== undefined);
  const unknown = located.filter((entry) => entry.kind === undefined);
  if (unknown.length > 0) {
    return listProblems(name, unknown.map((entry) => `${describeFeature(entry)}: coordinates are ${describeKind(undefined)}`), [COORDINATES_HINT]);
  }
  const groups = new Map<string, Measured[]>();
  for (const entry of located) {
    const key = describeKind(entry.kind);
    const group = groups.get(key);
    if (group) group.push(entry);
    else groups.set(key, [entry]);
  }
  if (groups.size > 1) {
    const parts = [...groups].map(([words, entries]) => `${words}: ${entries.slice(0, 3).map(describeFeature).join(", ")}${entries.length > 3 ? ` and ${entries.length - 3} more` : ""}`);
    return fail(`${name}: the features are in more than one coordinate system (${parts.join("; ")}). Put each system in a file of its own.`);
  }
  const kind = located[0]?.kind;
  if (!kind || kind.kind === "degrees") return ok(systemByEpsg(4326)!);
  const box = located.reduce<BoundingBox | undefined>((all, entry) => unionBounds(all, entry.box), undefined)!;
  const candidates =
    kind.kind === "mercator"
      ? [systemByEpsg(3857)]
      : kind.zonePrefix !== undefined
        ? [gaussKrugerSystem(3 * kind.zonePrefix, true)]
        : JINCHENG_CENTRAL_MERIDIANS.map((meridian) => gaussKrugerSystem(meridian, false));
  const fitting = candidates.find((system) => system && isNearJincheng(convertBox(box, system)));
  if (fitting) return ok(fitting);
  const tried = candidates.map((system) => system!.label).join(" or ");
  return fail(
    `${name}: the coordinates (${formatBox(box)}) look like ${describeKind(kind)}, but read as ${tried} they do not lie near Jincheng. ${COORDINATES_HINT}`,
  );
}

/** The box's corners converted from `system` to WGS84, as a box. */
function convertBox(box: BoundingBox, system: ProjectedSystem): BoundingBox {
  const convert = toWgs84(system);
  if (!convert) return box;
  const corners = [convert(box[0], box[1]), convert(box[2], box[3]), convert(box[0], box[3]), convert(box[2], box[1])];
  return corners.reduce<BoundingBox>(
    (all, corner) => [Math.min(all[0], corner.lon), Math.min(all[1], corner.lat), Math.max(all[2], corner.lon), Math.max(all[3], corner.lat)],
    [Infinity, Infinity, -Infinity, -Infinity],
  );
}

/** Every feature whose numbers do not have the shape `claim` gives them, as one refusal that names the claim. */
function contradiction(name: string, measured: Measured[], expected: NumberKind, claim: string, advice: string): { ok: false; reason: string } | undefined {
  const misfits = measured.filter((entry) => entry.box !== undefined && !sameKind(entry.kind, expected));
  if (misfits.length === 0) return undefined;
  const located = measured.filter((entry) => entry.box !== undefined).length;
  const first = misfits[0]!;
  return fail(
    `${name}: ${claim} (${describeKind(expected)}), but the coordinates of ${misfits.length} of ${plural(located, "feature")} are not: ` +
      `${describeFeature(first)} looks like ${describeKind(first.kind)}. ${advice}`,
  );
}

/**
 * The file's records in WGS84 with the system they were read in: `given` (--coordinates) over what the file
 * declares, over what the numbers say, else WGS84 assumed. Fails when the numbers contradict the system, when they fit
 * no known system, and with the record problems of featureRecords.
 */
export function finishFile(found: FoundFeatures, given: CoordinatesChoice | undefined): Read<InputFile> {
  const { name, declared } = found;
  const measured = found.features.map((placed) => {
    const box = placed.feature.geometry ? geometryBounds(placed.feature.geometry) : undefined;
    return { placed, box, kind: box ? numberKind(box) : undefined };
  });
  let coordinates: InputFile["coordinates"];
  let system: ProjectedSystem;
  if (given || declared) {
    // GCJ-02 and BD-09 are degrees, converted by the import once the records are read.
    system = given ? ("offset" in given ? systemByEpsg(4326)! : given.system) : declared!.system;
    const label = given && "offset" in given ? SYSTEM_NAMES[given.offset] : system.label;
    coordinates = { system: label, how: given ? "given" : declared!.how };
    const claim = given ? `--coordinates says ${label}` : `${declared!.where} says ${label}`;
    const advice = given
      ? "Give the right system with --coordinates, or leave it out to let the import infer it."
      : `The ${declared!.how === "prj" ? ".prj" : "declaration"} contradicts the numbers: correct it, or give the right system with --coordinates.`;
    const refused = contradiction(name, measured, kindOfSystem(system), claim, advice);
    if (refused) return refused;
  } else {
    const inferred = inferSystem(name, measured);
    if (!inferred.ok) return inferred;
    system = inferred.value;
    coordinates = { system: system.label, how: system.kind === "degrees" ? "assumed" : "inferred" };
  }
  const convert = toWgs84(system);
  const features = convert
    ? found.features.map(({ position, feature }): PlacedFeature => ({
        position,
        feature: { ...feature, geometry: feature.geometry ? convertGeometry(feature.geometry, convert) : null },
      }))
    : found.features;
  const records = featureRecords(name, features);
  if (!records.ok) return records;
  return ok({
    name,
    format: found.format,
    ...(found.source ? { source: found.source } : {}),
    coordinates,
    ...(found.encoding ? { encoding: found.encoding } : {}),
    records: records.value,
  });
}
