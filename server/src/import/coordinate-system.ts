/**
 * Which coordinates an import's boundaries are in: WGS84 (the database's), GCJ-02, the offset system of Chinese web
 * maps (Amap, Tencent, DataV, ECharts maps), which puts Jincheng about 555 m east of where WGS84 data has it, or
 * BD-09, Baidu Maps' offset of GCJ-02 (1.3 km from WGS84 here). Boundaries from such maps are common and look right
 * on their own, so they are easy to import unconverted and then sit off every other layer.
 *
 * `convertInput` turns a whole input into WGS84 (boundaries and seats). `compareWithStoredOutlines` is the check made
 * when the user did not say: each boundary is read three ways and compared with the outline already stored for it
 * (its own boundary, else the nearest ancestor's), and `judgeCoordinateSystem` decides whether the better of the two
 * offset readings fits clearly better than WGS84. It only speaks with enough evidence: a boundary far inside its
 * county fits either way and says nothing.
 */
import type { Geometry, Point } from "geojson";
import type { Sql } from "../db/database.ts";
import { bd09ToWgs84 } from "../geo/bd09.ts";
import { gcj02ToWgs84, type LonLat } from "../geo/gcj02.ts";
import { convertGeometry } from "../geo/geometry.ts";
import type { Input, InputRecord } from "./read-input.ts";

export const COORDINATE_SYSTEMS = ["wgs84", "gcj02", "bd09"] as const;
export type CoordinateSystem = (typeof COORDINATE_SYSTEMS)[number];
/** The systems converted to WGS84 on import, and read besides WGS84 by the check. */
export type OffsetSystem = Exclude<CoordinateSystem, "wgs84">;
const OFFSET_SYSTEMS: readonly OffsetSystem[] = ["gcj02", "bd09"];
/** How the systems are named to people. */
export const SYSTEM_NAMES: Record<CoordinateSystem, string> = { wgs84: "WGS84", gcj02: "GCJ-02", bd09: "BD-09" };
const TO_WGS84: Record<OffsetSystem, (lon: number, lat: number) => LonLat> = { gcj02: gcj02ToWgs84, bd09: bd09ToWgs84 };

/** A boundary whose two readings differ in fit by less than this share of its area says nothing. */
const INFORMATIVE_SHARE = 0.01;
/** At least this many informative boundaries are needed for a verdict. */
const MIN_INFORMATIVE = 3;
/** An offset system is judged likely when the as-is reading misfits the stored outlines at least this many times as much. */
const MIN_RATIO = 2;
/** ... and when at least this share of the informative boundaries fit better read in it. */
const MIN_AGREEING_SHARE = 0.8;
/** A larger import is judged on this many of its boundaries, spread evenly through it: plenty for a verdict. */
const MAX_COMPARED = 200;

/** At most `max` of the items, spread evenly from the first; all of them when there are no more than `max`. */
export function evenlySpread<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  return Array.from({ length: max }, (_, i) => items[Math.floor((i * items.length) / max)]!);
}

/** The record with its boundary and seat converted from `system` to WGS84; the input record is not modified. */
export function convertRecord(record: InputRecord, system: OffsetSystem): InputRecord {
  const convert = TO_WGS84[system];
  return {
    ...record,
    ...(record.boundary ? { boundary: convertGeometry(record.boundary, convert) } : {}),
    ...(record.seat ? { seat: convertGeometry(record.seat, convert) as Point } : {}),
  };
}

/** A copy of the input with every boundary and seat converted from `system` to WGS84. */
export function convertInput(input: Input, system: OffsetSystem): Input {
  return { ...input, files: input.files.map((file) => ({ ...file, records: file.records.map((record) => convertRecord(record, system)) })) };
}

/** How one boundary fits the stored outline it was compared with, read in each coordinate system. */
export interface OutlineFit {
  code: string;
  /** Area of the boundary in km² (as read). */
  areaKm2: number;
  /** Per reading, km² that do not fit: outside the ancestor's outline, or the symmetric difference with the division's own one. */
  misfitKm2: Record<CoordinateSystem, number>;
}

/**
 * Compares each boundary (MAX_COMPARED of them, evenly spread, from a larger import), read as WGS84, as GCJ-02 and as
 * BD-09, with the outline stored for it: the division's own boundary (symmetric difference) or else the nearest
 * ancestor's (the part outside it). Boundaries with no stored outline above them, or invalid in any reading (the
 * import judges those later), are left out.
 */
export async function compareWithStoredOutlines(sql: Sql, boundaries: { code: string; boundary: Geometry }[]): Promise<OutlineFit[]> {
  if (boundaries.length === 0) return [];
  const payload = JSON.stringify(
    evenlySpread(boundaries, MAX_COMPARED).map(({ code, boundary }) => ({
      code,
      wgs84: JSON.stringify(boundary),
      gcj02: JSON.stringify(convertGeometry(boundary, TO_WGS84.gcj02)),
      bd09: JSON.stringify(convertGeometry(boundary, TO_WGS84.bd09)),
    })),
  );
  // Areas on the sphere: the readings are compared with each other, so the spheroid's precision is not needed.
  // The intersections snap to a 1e-7° (~1 cm) grid: without a grid, GEOS can fail on two nearly equal outlines (a
  // re-imported boundary), and PGlite's PostGIS then returns no row at all instead of an error.
  const rows = await sql<{ code: string; areaKm2: number; wgs84Km2: number; gcj02Km2: number; bd09Km2: number }[]>`
    with input as (
      select j.code, i.reading, ST_SetSRID(ST_GeomFromGeoJSON(i.geometry), 4326) as geom
      from json_to_recordset(${payload}::text::json) as j(code text, wgs84 text, gcj02 text, bd09 text)
      cross join lateral (values ('wgs84', j.wgs84), ('gcj02', j.gcj02), ('bd09', j.bd09)) as i(reading, geometry)
    ), compared as (
      select input.code, input.reading, input.geom,
             coalesce(d0.geom, d1.geom, d2.geom, d3.geom) as outline, d0.geom is not null as own
      from input
      join divisions as d0 on d0.code = input.code
      left join divisions as d1 on d1.code = d0.parent_code
      left join divisions as d2 on d2.code = d1.parent_code
      left join divisions as d3 on d3.code = d2.parent_code
      where ST_IsValid(input.geom)
    ), measured as (
      select code, reading,
             ST_Area(geom::geography, false) as area,
             ST_Area(geom::geography, false) - inside + case when own then ST_Area(outline::geography, false) - inside else 0 end as misfit
      from compared
      cross join lateral (select ST_Area(ST_Intersection(geom, outline, 1e-7)::geography, false) as inside) as overlap
      where outline is not null
    )
    select code,
           max(area) filter (where reading = 'wgs84') / 1e6 as area_km2,
           max(misfit) filter (where reading = 'wgs84') / 1e6 as wgs84_km2,
           max(misfit) filter (where reading = 'gcj02') / 1e6 as gcj02_km2,
           max(misfit) filter (where reading = 'bd09') / 1e6 as bd09_km2
    from measured
    group by code
    having count(*) = 3
    order by code`;
  return rows.map((row) => ({ code: row.code, areaKm2: row.areaKm2, misfitKm2: { wgs84: row.wgs84Km2, gcj02: row.gcj02Km2, bd09: row.bd09Km2 } }));
}

export interface CoordinateVerdict {
  /** The offset system the boundaries fit clearly better read in than as WGS84; null when none does. */
  likely: OffsetSystem | null;
  /** Of GCJ-02 and BD-09, the one whose reading fits best in all; the counts below are about it. */
  candidate: OffsetSystem;
  /** Boundaries whose WGS84 and candidate readings fit differently enough to count. */
  informative: number;
  /** Of those, how many fit better read in the candidate system. */
  favouring: number;
  /** Misfit totals over the informative boundaries, km², per reading. */
  misfitKm2: Record<CoordinateSystem, number>;
}

/**
 * Whether the fits say GCJ-02 or BD-09: the better-fitting of the two readings, on enough informative boundaries,
 * most of them favouring it, by a clear margin over WGS84.
 */
export function judgeCoordinateSystem(fits: OutlineFit[]): CoordinateVerdict {
  const total = (system: CoordinateSystem, among: OutlineFit[]) => among.reduce((sum, fit) => sum + fit.misfitKm2[system], 0);
  const candidate = OFFSET_SYSTEMS.reduce((best, system) => (total(system, fits) < total(best, fits) ? system : best));
  const informative = fits.filter((fit) => Math.abs(fit.misfitKm2.wgs84 - fit.misfitKm2[candidate]) >= INFORMATIVE_SHARE * fit.areaKm2);
  const favouring = informative.filter((fit) => fit.misfitKm2[candidate] < fit.misfitKm2.wgs84).length;
  const misfitKm2 = { wgs84: total("wgs84", informative), gcj02: total("gcj02", informative), bd09: total("bd09", informative) };
  const clear =
    informative.length >= MIN_INFORMATIVE && favouring >= MIN_AGREEING_SHARE * informative.length && misfitKm2.wgs84 >= MIN_RATIO * misfitKm2[candidate];
  return { likely: clear ? candidate : null, candidate, informative: informative.length, favouring, misfitKm2 };
}
