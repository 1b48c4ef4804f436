/**
 * BD-09, the coordinates of Baidu Maps: GCJ-02 (gcj02.ts) offset once more, by Baidu's published formula, about
 * 0.0065° east and 0.006° north plus small terms that vary with the position: in Jincheng a BD-09 point lies
 * about 870 m from its GCJ-02 place and 1.3 km from its WGS84 one.
 * Pure functions, no I/O.
 *
 * The forward step (GCJ-02 → BD-09) is the published formula. Its usual "inverse" is only approximate (errors of
 * ~1e-6°), so BD-09 → GCJ-02 is found, as GCJ-02 → WGS84 is, by iteration on the forward step (invertOffset).
 */
import { gcj02ToWgs84, invertOffset, isOutsideChina, wgs84ToGcj02, type LonLat } from "./gcj02.ts";

/** The angular frequency of Baidu's extra terms: π × 3000 / 180. */
const BAIDU_FREQUENCY = (Math.PI * 3000.0) / 180.0;
const BAIDU_SHIFT_LON = 0.0065;
const BAIDU_SHIFT_LAT = 0.006;

/** GCJ-02 → BD-09. */
export function gcj02ToBd09(lon: number, lat: number): LonLat {
  const radius = Math.sqrt(lon * lon + lat * lat) + 0.00002 * Math.sin(lat * BAIDU_FREQUENCY);
  const angle = Math.atan2(lat, lon) + 0.000003 * Math.cos(lon * BAIDU_FREQUENCY);
  return { lon: radius * Math.cos(angle) + BAIDU_SHIFT_LON, lat: radius * Math.sin(angle) + BAIDU_SHIFT_LAT };
}

/** BD-09 → GCJ-02 (invertOffset on gcj02ToBd09). */
export function bd09ToGcj02(lon: number, lat: number): LonLat {
  return invertOffset(gcj02ToBd09, lon, lat);
}

/**
 * WGS84 → BD-09 (through GCJ-02). Baidu offsets every point, also outside China, where GCJ-02 leaves it alone.
 */
export function wgs84ToBd09(lon: number, lat: number): LonLat {
  const gcj = wgs84ToGcj02(lon, lat);
  return gcj02ToBd09(gcj.lon, gcj.lat);
}

/** BD-09 → WGS84 (through GCJ-02). */
export function bd09ToWgs84(lon: number, lat: number): LonLat {
  const gcj = bd09ToGcj02(lon, lat);
  return isOutsideChina(gcj.lon, gcj.lat) ? gcj : gcj02ToWgs84(gcj.lon, gcj.lat);
}
