/**
 * GCJ-02 ("Mars coordinates"), the obfuscated datum that Chinese web maps (Amap, Tencent, DataV, ECharts maps) use,
 * and WGS84. Boundaries taken from those maps sit about 555 m east and 45 m south of their true place in Jincheng,
 * so they are converted before they are mixed with WGS84/CGCS2000 data. Pure functions, no I/O.
 *
 * The forward offset is the published formula on the Krasovsky 1940 ellipsoid. There is no closed-form inverse:
 * GCJ-02 → WGS84 is found by fixed-point iteration, which converges fast because the offset varies slowly: it changes
 * by less than 1 % of any change in position, so each step shrinks the error a hundredfold or more.
 */
import type { MultiPolygon, Polygon, Position } from "geojson";

/** Semi-major axis of the Krasovsky 1940 ellipsoid, in metres. */
const KRASOVSKY_A = 6378245.0;
/** First eccentricity squared of the Krasovsky 1940 ellipsoid. */
const KRASOVSKY_EE = 0.00669342162296594323;
/** The inversion stops when the forward image of the estimate is this close to the input, in degrees. */
const INVERSION_TOLERANCE_DEGREES = 1e-9;
const INVERSION_MAX_STEPS = 30;

/** A longitude/latitude pair in degrees. */
export interface LonLat {
  lon: number;
  lat: number;
}

/**
 * The rough rectangle of China used by every implementation of the offset: points outside it are not offset.
 * It is deliberately coarse (it includes parts of neighbouring countries); that is how the maps behave.
 */
export function isOutsideChina(lon: number, lat: number): boolean {
  return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

/** The latitude term of the offset, in metres-like units before scaling, for x = lon - 105, y = lat - 35. */
function latitudeShift(x: number, y: number): number {
  let shift = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  shift += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  shift += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  shift += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320.0 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return shift;
}

/** The longitude term of the offset, for x = lon - 105, y = lat - 35. */
function longitudeShift(x: number, y: number): number {
  let shift = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  shift += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  shift += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  shift += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return shift;
}

/** The GCJ-02 offset (GCJ-02 minus WGS84) at a WGS84 point, in degrees; zero outside China. */
function offsetAt(lon: number, lat: number): LonLat {
  if (isOutsideChina(lon, lat)) return { lon: 0, lat: 0 };
  const x = lon - 105.0;
  const y = lat - 35.0;
  const radLat = (lat / 180.0) * Math.PI;
  const sinLat = Math.sin(radLat);
  const magic = 1 - KRASOVSKY_EE * sinLat * sinLat;
  const sqrtMagic = Math.sqrt(magic);
  // The shifts are in metres; these turn them into degrees along the meridian and the parallel of the ellipsoid.
  const dLat = (latitudeShift(x, y) * 180.0) / (((KRASOVSKY_A * (1 - KRASOVSKY_EE)) / (magic * sqrtMagic)) * Math.PI);
  const dLon = (longitudeShift(x, y) * 180.0) / ((KRASOVSKY_A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { lon: dLon, lat: dLat };
}

/** WGS84 → GCJ-02. A point outside China is returned unchanged. */
export function wgs84ToGcj02(lon: number, lat: number): LonLat {
  const offset = offsetAt(lon, lat);
  return { lon: lon + offset.lon, lat: lat + offset.lat };
}

/**
 * The point whose image under `forward` is (lon, lat), by fixed-point iteration: start from (lon, lat) and move the
 * estimate by the residual of its forward image until that image is within 1e-9° of the input (the true error is then
 * of the same order, far below 1e-7°). Converges fast for an offset that varies slowly with the position, as the
 * GCJ-02 and BD-09 offsets do: each step shrinks the error a hundredfold or more.
 */
export function invertOffset(forward: (lon: number, lat: number) => LonLat, lon: number, lat: number): LonLat {
  let estimate: LonLat = { lon, lat };
  for (let step = 0; step < INVERSION_MAX_STEPS; step++) {
    const image = forward(estimate.lon, estimate.lat);
    const residualLon = image.lon - lon;
    const residualLat = image.lat - lat;
    estimate = { lon: estimate.lon - residualLon, lat: estimate.lat - residualLat };
    if (Math.abs(residualLon) < INVERSION_TOLERANCE_DEGREES && Math.abs(residualLat) < INVERSION_TOLERANCE_DEGREES) break;
  }
  return estimate;
}

/** GCJ-02 → WGS84 (invertOffset on wgs84ToGcj02). A point outside China is returned unchanged. */
export function gcj02ToWgs84(lon: number, lat: number): LonLat {
  if (isOutsideChina(lon, lat)) return { lon, lat };
  return invertOffset(wgs84ToGcj02, lon, lat);
}

/** Converts one GeoJSON position, keeping any third (altitude) value. */
export function convertPosition(position: Position, convert: (lon: number, lat: number) => LonLat): Position {
  const [lon, lat, ...rest] = position as [number, number, ...number[]];
  const converted = convert(lon, lat);
  return [converted.lon, converted.lat, ...rest];
}

/**
 * A copy of a Polygon or MultiPolygon with every position converted by `convert` (wgs84ToGcj02 or gcj02ToWgs84).
 * The input is not modified. Rings stay closed because equal positions convert to equal positions; the result may
 * still need repair (ST_MakeValid) where the shift moves two near vertices past each other, which is rare.
 */
export function convertPolygonGeometry<T extends Polygon | MultiPolygon>(
  geometry: T,
  convert: (lon: number, lat: number) => LonLat,
): T {
  const convertRing = (ring: Position[]): Position[] => ring.map((position) => convertPosition(position, convert));
  if (geometry.type === "Polygon") {
    return { ...geometry, coordinates: geometry.coordinates.map(convertRing) };
  }
  return { ...geometry, coordinates: (geometry as MultiPolygon).coordinates.map((polygon) => polygon.map(convertRing)) };
}
