/**
 * Which coordinates an import's boundaries are in: WGS84 (the database's), or GCJ-02, the offset system of Chinese
 * web maps (Amap, Tencent, DataV, ECharts maps), which puts Jincheng about 555 m east of where WGS84 data has it.
 * Boundaries from such maps are common and look right on their own, so they are easy to import unconverted and then
 * sit half a kilometre off every other layer.
 *
 * `convertInputFromGcj02` turns a whole input into WGS84 (boundaries and seats). `compareWithStoredOutlines` is the
 * check made when the user did not say: each boundary is read both ways and compared with the outline already stored
 * for it (its own boundary, else the nearest ancestor's), and `judgeCoordinateSystem` decides whether the GCJ-02
 * reading fits clearly better. It only speaks with enough evidence: a boundary far inside its county fits either way
 * and says nothing.
 */
import type { Geometry, MultiPolygon, Point, Polygon } from "geojson";
import type { Sql } from "../db/database.ts";
import { convertPolygonGeometry, convertPosition, gcj02ToWgs84 } from "../geo/gcj02.ts";
import type { Input, InputRecord } from "./read-input.ts";

export const COORDINATE_SYSTEMS = ["wgs84", "gcj02"] as const;
export type CoordinateSystem = (typeof COORDINATE_SYSTEMS)[number];

/** A boundary whose two readings differ in fit by less than this share of its area says nothing. */
const INFORMATIVE_SHARE = 0.01;
/** At least this many informative boundaries are needed for a verdict. */
const MIN_INFORMATIVE = 3;
/** GCJ-02 is judged likely when the as-is reading lies outside the stored outlines at least this many times as much. */
const MIN_RATIO = 2;
/** ... and when at least this share of the informative boundaries fit better read as GCJ-02. */
const MIN_AGREEING_SHARE = 0.8;
/** A larger import is judged on this many of its boundaries, spread evenly through it: plenty for a verdict. */
export const MAX_COMPARED = 200;

function convertGeometry(geometry: Geometry): Geometry {
  switch (geometry.type) {
    case "Polygon":
    case "MultiPolygon":
      return convertPolygonGeometry(geometry as Polygon | MultiPolygon, gcj02ToWgs84);
    case "GeometryCollection":
      return { ...geometry, geometries: geometry.geometries.map(convertGeometry) };
    case "Point":
      return { ...geometry, coordinates: convertPosition(geometry.coordinates, gcj02ToWgs84) };
    default:
      // read-input.ts only lets polygons, collections of them and points through.
      throw new Error(`cannot convert a ${geometry.type} from GCJ-02`);
  }
}

/** At most `max` of the items, spread evenly from the first; all of them when there are no more than `max`. */
export function evenlySpread<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  return Array.from({ length: max }, (_, i) => items[Math.floor((i * items.length) / max)]!);
}

/** The record with its boundary and seat converted from GCJ-02 to WGS84; the input record is not modified. */
export function convertRecordFromGcj02(record: InputRecord): InputRecord {
  return {
    ...record,
    ...(record.boundary ? { boundary: convertGeometry(record.boundary) } : {}),
    ...(record.seat ? { seat: convertGeometry(record.seat) as Point } : {}),
  };
}

/** A copy of the input with every boundary and seat converted from GCJ-02 to WGS84. */
export function convertInputFromGcj02(input: Input): Input {
  return { ...input, files: input.files.map((file) => ({ ...file, records: file.records.map(convertRecordFromGcj02) })) };
}

/** How one boundary fits the stored outline it was compared with, read as WGS84 and read as GCJ-02. */
export interface OutlineFit {
  code: string;
  /** Area of the boundary in km² (as read). */
  areaKm2: number;
  /** km² that do not fit: outside the ancestor's outline, or the symmetric difference with the division's own one. */
  asIsKm2: number;
  asGcj02Km2: number;
}

/**
 * Compares each boundary (MAX_COMPARED of them, evenly spread, from a larger import), read as WGS84 and as GCJ-02,
 * with the outline stored for it: the division's own boundary (symmetric difference) or else the nearest ancestor's
 * (the part outside it). Boundaries with no stored outline above them, or invalid in either reading (the import
 * judges those later), are left out.
 */
export async function compareWithStoredOutlines(sql: Sql, boundaries: { code: string; boundary: Geometry }[]): Promise<OutlineFit[]> {
  if (boundaries.length === 0) return [];
  const payload = JSON.stringify(
    evenlySpread(boundaries, MAX_COMPARED).map(({ code, boundary }) => ({ code, as_is: JSON.stringify(boundary), as_gcj02: JSON.stringify(convertGeometry(boundary)) })),
  );
  // Areas on the sphere: the two readings are compared with each other, so the spheroid's precision is not needed.
  // The intersections snap to a 1e-7° (~1 cm) grid: without a grid, GEOS can fail on two nearly equal outlines (a
  // re-imported boundary), and PGlite's PostGIS then returns no row at all instead of an error.
  const fits = await sql<OutlineFit[]>`
    with input as (
      select i.code,
             ST_SetSRID(ST_GeomFromGeoJSON(i.as_is), 4326) as as_is,
             ST_SetSRID(ST_GeomFromGeoJSON(i.as_gcj02), 4326) as as_gcj02
      from json_to_recordset(${payload}::text::json) as i(code text, as_is text, as_gcj02 text)
    ), compared as (
      select input.code, input.as_is, input.as_gcj02,
             coalesce(d0.geom, d1.geom, d2.geom, d3.geom) as outline, d0.geom is not null as own
      from input
      join divisions as d0 on d0.code = input.code
      left join divisions as d1 on d1.code = d0.parent_code
      left join divisions as d2 on d2.code = d1.parent_code
      left join divisions as d3 on d3.code = d2.parent_code
    ), measured as (
      select code, own,
             ST_Area(as_is::geography, false) as area_as_is,
             ST_Area(as_gcj02::geography, false) as area_as_gcj02,
             ST_Area(outline::geography, false) as area_outline,
             ST_Area(ST_Intersection(as_is, outline, 1e-7)::geography, false) as inside_as_is,
             ST_Area(ST_Intersection(as_gcj02, outline, 1e-7)::geography, false) as inside_as_gcj02
      from compared
      where outline is not null and ST_IsValid(as_is) and ST_IsValid(as_gcj02)
    )
    select code,
           area_as_is / 1e6 as area_km2,
           (area_as_is - inside_as_is + case when own then area_outline - inside_as_is else 0 end) / 1e6 as as_is_km2,
           (area_as_gcj02 - inside_as_gcj02 + case when own then area_outline - inside_as_gcj02 else 0 end) / 1e6 as as_gcj02_km2
    from measured
    order by code`;
  return fits;
}

export interface CoordinateVerdict {
  /** True when the boundaries fit the stored outlines clearly better read as GCJ-02. */
  likelyGcj02: boolean;
  /** Boundaries whose two readings fit differently enough to count. */
  informative: number;
  /** Of those, how many fit better read as GCJ-02. */
  favouringGcj02: number;
  /** Totals over the informative boundaries, km². */
  asIsKm2: number;
  asGcj02Km2: number;
}

/** Whether the fits say GCJ-02: enough informative boundaries, most of them favouring it, and by a clear margin. */
export function judgeCoordinateSystem(fits: OutlineFit[]): CoordinateVerdict {
  const informative = fits.filter((fit) => Math.abs(fit.asIsKm2 - fit.asGcj02Km2) >= INFORMATIVE_SHARE * fit.areaKm2);
  const favouringGcj02 = informative.filter((fit) => fit.asGcj02Km2 < fit.asIsKm2).length;
  const asIsKm2 = informative.reduce((sum, fit) => sum + fit.asIsKm2, 0);
  const asGcj02Km2 = informative.reduce((sum, fit) => sum + fit.asGcj02Km2, 0);
  const likelyGcj02 =
    informative.length >= MIN_INFORMATIVE && favouringGcj02 >= MIN_AGREEING_SHARE * informative.length && asIsKm2 >= MIN_RATIO * asGcj02Km2;
  return { likelyGcj02, informative: informative.length, favouringGcj02, asIsKm2, asGcj02Km2 };
}
