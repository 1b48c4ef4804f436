/**
 * The coordinate systems Chinese boundary data comes in, by EPSG code, and their conversion to WGS84 with proj4:
 * WGS84 and CGCS2000 longitude/latitude, CGCS2000 3-degree Gauss-Kruger metres (zones 25-45, with the zone number in
 * front of the easting or without it) and Web Mercator. CGCS2000 and WGS84 differ by centimetres, so CGCS2000 is taken
 * as WGS84 without a datum shift. Pure functions, no I/O.
 *
 * A system is recognised from an EPSG code, a GeoJSON `crs` name (EPSG:4547, urn:ogc:def:crs:EPSG::4547, CRS84) or a
 * shapefile's .prj (ESRI or OGC WKT, read by proj4's WKT parser): by its projection, ellipsoid, central meridian and
 * false easting, whatever it is called.
 */
import proj4 from "proj4";
import type { LonLat } from "./gcj02.ts";

/** What the numbers of a system are: longitude/latitude degrees, or metres of one projection. */
type SystemKind = "degrees" | "gauss-kruger" | "mercator";

export interface ProjectedSystem {
  epsg: number;
  /** "EPSG:4547 CGCS2000 / 3-degree Gauss-Kruger CM 114E", as reports name it. */
  label: string;
  kind: SystemKind;
  /** Gauss-Kruger only: the zone whose number prefixes the easting (false easting zone × 10⁶ + 500 000), if it does. */
  zonePrefix?: number;
  /** Gauss-Kruger only: the central meridian, degrees east. */
  centralMeridian?: number;
}

/** CGCS2000 3-degree Gauss-Kruger: EPSG:4513-4533 are zones 25-45 with the zone prefix, 4534-4554 the same without. */
const PREFIXED_ZONES = { firstEpsg: 4513, firstZone: 25, lastZone: 45 };
const UNPREFIXED_FIRST_EPSG = 4534;
const WEB_MERCATOR = 3857;
/** Other codes that name Web Mercator in older software. */
const WEB_MERCATOR_ALIASES = [900913, 3785, 102100, 102113];
const GAUSS_KRUGER_FALSE_EASTING = 500_000;
/** GRS80 / CGCS2000 and WGS84 ellipsoids: same semi-major axis, inverse flattening differing in the 6th decimal. */
const SEMI_MAJOR_AXIS = 6_378_137;
const CGCS2000_INVERSE_FLATTENING = 298.257222101;
const WGS84_INVERSE_FLATTENING = 298.257223563;

/** The system with this EPSG code, or undefined when the import does not convert it. */
export function systemByEpsg(code: number): ProjectedSystem | undefined {
  if (code === 4326) return { epsg: 4326, label: "EPSG:4326 WGS 84", kind: "degrees" };
  if (code === 4490) return { epsg: 4490, label: "EPSG:4490 CGCS2000", kind: "degrees" };
  if (code === WEB_MERCATOR || WEB_MERCATOR_ALIASES.includes(code)) {
    return { epsg: WEB_MERCATOR, label: "EPSG:3857 WGS 84 / Pseudo-Mercator (Web Mercator)", kind: "mercator" };
  }
  const zoneCount = PREFIXED_ZONES.lastZone - PREFIXED_ZONES.firstZone + 1;
  if (code >= PREFIXED_ZONES.firstEpsg && code < PREFIXED_ZONES.firstEpsg + zoneCount) {
    const zone = PREFIXED_ZONES.firstZone + code - PREFIXED_ZONES.firstEpsg;
    return { epsg: code, label: `EPSG:${code} CGCS2000 / 3-degree Gauss-Kruger zone ${zone}`, kind: "gauss-kruger", zonePrefix: zone, centralMeridian: 3 * zone };
  }
  if (code >= UNPREFIXED_FIRST_EPSG && code < UNPREFIXED_FIRST_EPSG + zoneCount) {
    const centralMeridian = 3 * (PREFIXED_ZONES.firstZone + code - UNPREFIXED_FIRST_EPSG);
    return { epsg: code, label: `EPSG:${code} CGCS2000 / 3-degree Gauss-Kruger CM ${centralMeridian}E`, kind: "gauss-kruger", centralMeridian };
  }
  return undefined;
}

/** The Gauss-Kruger system with this central meridian, with or without the zone prefix; undefined outside zones 25-45. */
export function gaussKrugerSystem(centralMeridian: number, prefixed: boolean): ProjectedSystem | undefined {
  const zone = centralMeridian / 3;
  if (!Number.isInteger(zone) || zone < PREFIXED_ZONES.firstZone || zone > PREFIXED_ZONES.lastZone) return undefined;
  const offset = zone - PREFIXED_ZONES.firstZone;
  return systemByEpsg(prefixed ? PREFIXED_ZONES.firstEpsg + offset : UNPREFIXED_FIRST_EPSG + offset);
}

/** The EPSG code a GeoJSON `crs` name gives (EPSG:4547, urn:ogc:def:crs:EPSG::4547, …/def/crs/EPSG/0/4547, CRS84). */
export function epsgOfCrsName(name: string): number | undefined {
  if (/(^|:)CRS:?84$/i.test(name.trim())) return 4326;
  const code = /EPSG(?::[\d.]*:|:|\/\d+\/)(\d+)$/i.exec(name.trim())?.[1];
  return code === undefined ? undefined : Number(code);
}

/** Parsed by proj4's WKT reader: the parts that tell the systems apart (angles in radians). */
interface ParsedProjection {
  projName?: string;
  name?: string;
  srsCode?: string;
  title?: string;
  a?: number;
  rf?: number;
  b?: number;
  sphere?: boolean;
  long0?: number;
  lat0?: number;
  x0?: number;
  y0?: number;
  k0?: number;
}

const near = (value: number | undefined, expected: number, tolerance = 1e-6): boolean => Math.abs((value ?? 0) - expected) <= tolerance;

/**
 * The system a .prj (WKT 1 in ESRI or OGC flavour, or WKT 2) describes: `system` when the import converts it, else
 * `unknown` with the name the file gives it. A text that is not WKT at all is unknown with no name.
 */
export function systemOfPrj(wkt: string): { system: ProjectedSystem } | { unknown: string | undefined } {
  let parsed: ParsedProjection;
  try {
    parsed = proj4.Proj(wkt.trim()) as unknown as ParsedProjection;
  } catch {
    return { unknown: undefined };
  }
  const name = parsed.name ?? parsed.srsCode ?? parsed.title;
  const method = (parsed.projName ?? "").toLowerCase().replace(/[\s_]/g, "");
  const onCgcs2000 = near(parsed.a, SEMI_MAJOR_AXIS, 0.01) && near(parsed.rf, CGCS2000_INVERSE_FLATTENING);
  const onWgs84 = near(parsed.a, SEMI_MAJOR_AXIS, 0.01) && near(parsed.rf, WGS84_INVERSE_FLATTENING);
  let system: ProjectedSystem | undefined;
  if (["longlat", "identity", "lonlat", "latlong"].includes(method)) {
    system = onCgcs2000 ? systemByEpsg(4490) : onWgs84 ? systemByEpsg(4326) : undefined;
  } else if (["transversemercator", "gausskruger", "tmerc", "etmerc", "extendedtransversemercator"].includes(method)) {
    const centralMeridian = Math.round((((parsed.long0 ?? 0) * 180) / Math.PI) * 1e6) / 1e6;
    const zone = centralMeridian / 3;
    const standard = onCgcs2000 && near(parsed.k0 ?? 1, 1) && near(parsed.lat0, 0) && near(parsed.y0, 0);
    if (standard && near(parsed.x0, GAUSS_KRUGER_FALSE_EASTING, 0.001)) system = gaussKrugerSystem(centralMeridian, false);
    else if (standard && near(parsed.x0, zone * 1e6 + GAUSS_KRUGER_FALSE_EASTING, 0.001)) system = gaussKrugerSystem(centralMeridian, true);
  } else if (method.includes("merc")) {
    // Web Mercator is Mercator on a sphere of the WGS84 semi-major axis; EPSG:3395 (on the ellipsoid) is another system.
    const spherical = parsed.sphere === true || near(parsed.b, SEMI_MAJOR_AXIS, 0.01) || /pseudo|auxiliary|web/i.test(`${method} ${name ?? ""}`);
    if (spherical && near(parsed.a, SEMI_MAJOR_AXIS, 0.01) && near(parsed.long0, 0) && near(parsed.x0, 0) && near(parsed.y0, 0)) {
      system = systemByEpsg(WEB_MERCATOR);
    }
  }
  return system ? { system } : { unknown: name };
}

const WGS84 = "+proj=longlat +datum=WGS84 +no_defs";

/** The proj4 definition of a projected system (CGCS2000 on GRS80 with no datum shift). */
function definition(system: ProjectedSystem): string {
  if (system.kind === "mercator") return "+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs";
  const falseEasting = (system.zonePrefix ?? 0) * 1e6 + GAUSS_KRUGER_FALSE_EASTING;
  return `+proj=tmerc +lat_0=0 +lon_0=${system.centralMeridian} +k=1 +x_0=${falseEasting} +y_0=0 +ellps=GRS80 +towgs84=0,0,0 +units=m +no_defs`;
}

/** The conversion of one position from `system` to WGS84 longitude/latitude; undefined for a degree system (nothing to do). */
export function toWgs84(system: ProjectedSystem): ((x: number, y: number) => LonLat) | undefined {
  if (system.kind === "degrees") return undefined;
  const converter = proj4(definition(system), WGS84);
  return (x, y) => {
    const [lon, lat] = converter.forward([x, y]);
    return { lon: lon!, lat: lat! };
  };
}
