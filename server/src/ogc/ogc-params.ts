/**
 * The OGC API – Features parameters whose rules a schema cannot say in a readable message: bbox (four finite
 * numbers, inside the world, ordered) and datetime (real days, an interval in order). Pure functions: an expected
 * failure is `{ ok: false, reason }`, which the routes turn into a 400 problem naming the parameter.
 */
import { ITEMS_LIMIT_DEFAULT, ITEMS_LIMIT_MAX } from "../contracts/ogc.ts";

export type Result<T> = { ok: true; value: T } | { ok: false; reason: string };

/** west, south, east, north in CRS84 degrees. */
export type Bbox = readonly [west: number, south: number, east: number, north: number];

/**
 * Dates as the SQL functions take them: YYYY-MM-DD, or -infinity / infinity for an open end. Both ends inclusive;
 * an instant is a range of one day.
 */
export interface DateRange {
  from: string;
  to: string;
}

// A decimal number as clients write it (GDAL prints %.18g, so exponents occur). Number() alone would also take
// "", "0x10" and "Infinity".
const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

/** Parses "west,south,east,north" in CRS84 degrees: four finite numbers inside the world, west <= east, south <= north. */
export function parseBbox(text: string): Result<Bbox> {
  const parts = text.split(",").map((part) => part.trim());
  if (parts.length !== 4) return { ok: false, reason: "needs exactly four numbers: west,south,east,north (a 3D box is not supported)" };
  if (!parts.every((part) => NUMBER.test(part))) return { ok: false, reason: "must be four decimal numbers separated by commas" };
  const numbers = parts.map(Number);
  if (!numbers.every(Number.isFinite)) return { ok: false, reason: "every number must be finite" };
  const [west, south, east, north] = numbers as [number, number, number, number];
  if (![west, east].every((lon) => lon >= -180 && lon <= 180) || ![south, north].every((lat) => lat >= -90 && lat <= 90)) {
    return { ok: false, reason: "lies outside the world: longitudes must be within -180..180 and latitudes within -90..90 (CRS84: lon,lat)" };
  }
  // The standard lets west > east mean a box across the antimeridian; nothing here is near it, so it is refused as
  // the likelier mistake of swapped corners.
  if (west > east) return { ok: false, reason: "west is greater than east (boxes across the antimeridian are not supported)" };
  if (south > north) return { ok: false, reason: "south is greater than north" };
  return { ok: true, value: [west, south, east, north] };
}

// RFC 3339 full-date, optionally with a time and an offset (the offset is required by RFC 3339; "Z" is common).
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[-+]\d{2}:\d{2}))?$/;

/** The calendar date of an RFC 3339 date or date-time as written, or undefined when it is not one or no such day exists. */
function calendarDate(instant: string): string | undefined {
  const match = INSTANT.exec(instant);
  if (!match) return undefined;
  const [year, month, day, hours = 0, minutes = 0, seconds = 0] = match.slice(1).map((part) => (part === undefined ? undefined : Number(part))) as number[];
  const probe = new Date(Date.UTC(year!, month! - 1, day!));
  const exists = probe.getUTCFullYear() === year && probe.getUTCMonth() === month! - 1 && probe.getUTCDate() === day;
  if (!exists || hours > 23 || minutes > 59 || seconds > 60) return undefined;
  return instant.slice(0, 10);
}

/**
 * Parses a datetime parameter: an instant, or an interval "start/end" whose ends may be open (".." or empty). A
 * date-time counts by its calendar date as written: appointments are dated by day in local time, so
 * "2023-06-01T08:00:00+08:00" means 2023-06-01.
 */
export function parseDatetime(text: string): Result<DateRange> {
  const parts = text.split("/");
  if (parts.length > 2) return { ok: false, reason: "is an instant or one interval start/end" };
  const ends: string[] = [];
  for (const [index, part] of parts.entries()) {
    if (parts.length === 2 && (part === ".." || part === "")) {
      ends.push(index === 0 ? "-infinity" : "infinity");
      continue;
    }
    const date = calendarDate(part);
    if (!date) return { ok: false, reason: `${JSON.stringify(part)} is not an RFC 3339 date or date-time (e.g. 2023-06-01 or 2023-06-01T08:00:00Z) of a real day` };
    ends.push(date);
  }
  const from = ends[0]!;
  const to = ends[1] ?? from;
  if (from !== "-infinity" && to !== "infinity" && from > to) return { ok: false, reason: "the interval ends before it starts" };
  return { ok: true, value: { from, to } };
}

/** The page size served: the default when none is asked for, and never more than ITEMS_LIMIT_MAX. */
export function servedLimit(limit: number | undefined): number {
  return Math.min(limit ?? ITEMS_LIMIT_DEFAULT, ITEMS_LIMIT_MAX);
}
