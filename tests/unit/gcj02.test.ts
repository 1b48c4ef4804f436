import { describe, expect, it } from "vitest";
import { convertPolygonGeometry, gcj02ToWgs84, isOutsideChina, wgs84ToGcj02 } from "../../server/src/geo/gcj02.ts";

/** Metres per degree, close enough to measure a few-hundred-metre offset. */
function metresEast(fromLon: number, toLon: number, lat: number): number {
  return (toLon - fromLon) * 111_320 * Math.cos((lat * Math.PI) / 180);
}
function metresNorth(fromLat: number, toLat: number): number {
  return (toLat - fromLat) * 110_574;
}
/** Largest error, in degrees, of WGS84 → GCJ-02 → WGS84 at one point. */
function roundTripError(lon: number, lat: number): number {
  const shifted = wgs84ToGcj02(lon, lat);
  const back = gcj02ToWgs84(shifted.lon, shifted.lat);
  return Math.max(Math.abs(back.lon - lon), Math.abs(back.lat - lat));
}

// Widely published test pairs of the formula (Shanghai, Shenzhen, Beijing), as [lon, lat] WGS84 → GCJ-02.
const PUBLISHED_PAIRS = [
  { place: "Shanghai", wgs84: [121.5272106, 31.1774276], gcj02: [121.531541859215, 31.17530398364597] },
  { place: "Shenzhen", wgs84: [113.912316, 22.543847], gcj02: [113.9171764808363, 22.540796131694766] },
  { place: "Beijing", wgs84: [116.377817, 39.911954], gcj02: [116.38404722455657, 39.91334545536069] },
] as const;

// Jincheng township seats from the reference file data/jincheng/townships.csv (columns seat_lon_wgs84, seat_lat_wgs84,
// seat_lon_gcj02, seat_lat_gcj02; Amap points from Vonng/adcode), which gives both systems rounded to 6 decimals.
const JINCHENG_SEATS = [
  { place: "东街街道 140502001", wgs84: [112.846381, 35.495141], gcj02: [112.8525, 35.494739] },
  { place: "龙港镇 140521100", wgs84: [112.166211, 35.683547], gcj02: [112.172577, 35.683475] },
  { place: "六泉乡 140524209", wgs84: [113.459436, 35.795215], gcj02: [113.465998, 35.795222] },
  { place: "北城街道 140581001", wgs84: [112.916338, 35.805156], gcj02: [112.922451, 35.804862] },
] as const;

describe("GCJ-02 conversion", () => {
  it.each(PUBLISHED_PAIRS)("reproduces the published WGS84 → GCJ-02 pair for $place", ({ wgs84, gcj02 }) => {
    const converted = wgs84ToGcj02(wgs84[0], wgs84[1]);
    expect(converted.lon).toBeCloseTo(gcj02[0], 10);
    expect(converted.lat).toBeCloseTo(gcj02[1], 10);
  });

  it.each(PUBLISHED_PAIRS)("inverts the published GCJ-02 point for $place to within 1e-7°", ({ wgs84, gcj02 }) => {
    const back = gcj02ToWgs84(gcj02[0], gcj02[1]);
    expect(Math.abs(back.lon - wgs84[0])).toBeLessThan(1e-7);
    expect(Math.abs(back.lat - wgs84[1])).toBeLessThan(1e-7);
  });

  it.each(JINCHENG_SEATS)("matches the reference seat of $place in both directions to the file's 6 decimals", ({ wgs84, gcj02 }) => {
    const forward = wgs84ToGcj02(wgs84[0], wgs84[1]);
    expect(Math.abs(forward.lon - gcj02[0])).toBeLessThan(1e-6);
    expect(Math.abs(forward.lat - gcj02[1])).toBeLessThan(1e-6);
    const back = gcj02ToWgs84(gcj02[0], gcj02[1]);
    expect(Math.abs(back.lon - wgs84[0])).toBeLessThan(1e-6);
    expect(Math.abs(back.lat - wgs84[1])).toBeLessThan(1e-6);
  });

  it("shifts Jincheng about 555 m east and 45 m south (so converting back moves data west and north)", () => {
    const [lon, lat] = JINCHENG_SEATS[0].wgs84;
    const shifted = wgs84ToGcj02(lon, lat);
    expect(metresEast(lon, shifted.lon, lat)).toBeGreaterThan(540);
    expect(metresEast(lon, shifted.lon, lat)).toBeLessThan(570);
    expect(metresNorth(lat, shifted.lat)).toBeGreaterThan(-55);
    expect(metresNorth(lat, shifted.lat)).toBeLessThan(-35);
  });

  it("round-trips points across the city and across China to within 1e-6°", () => {
    let worst = 0;
    for (let lon = 74; lon <= 134; lon += 2.5) {
      for (let lat = 18; lat <= 53; lat += 1.75) worst = Math.max(worst, roundTripError(lon, lat));
    }
    for (let lon = 111.9; lon <= 113.7; lon += 0.05) {
      for (let lat = 35.2; lat <= 36.1; lat += 0.05) worst = Math.max(worst, roundTripError(lon, lat));
    }
    expect(worst).toBeLessThan(1e-6);
  });

  it("leaves points outside China unchanged in both directions", () => {
    expect(isOutsideChina(2.3522, 48.8566)).toBe(true);
    expect(wgs84ToGcj02(2.3522, 48.8566)).toEqual({ lon: 2.3522, lat: 48.8566 });
    expect(gcj02ToWgs84(-74.006, 40.7128)).toEqual({ lon: -74.006, lat: 40.7128 });
    expect(isOutsideChina(112.85, 35.5)).toBe(false);
  });

  it("converts every position of a MultiPolygon, keeps rings closed and leaves the input untouched", () => {
    const ring = [
      [112.8, 35.4],
      [112.9, 35.4],
      [112.9, 35.5],
      [112.8, 35.4],
    ];
    const input = { type: "MultiPolygon" as const, coordinates: [[ring], [ring.map(([lon, lat]) => [lon! + 0.2, lat!, 900])]] };
    const snapshot = JSON.stringify(input);
    const output = convertPolygonGeometry(input, gcj02ToWgs84);
    expect(JSON.stringify(input)).toBe(snapshot);
    expect(output.type).toBe("MultiPolygon");
    const first = output.coordinates[0]![0]!;
    expect(first).toHaveLength(4);
    expect(first[0]).toEqual(first[3]);
    const expected = gcj02ToWgs84(112.8, 35.4);
    expect(first[0]).toEqual([expected.lon, expected.lat]);
    // An altitude, where present, is kept.
    expect(output.coordinates[1]![0]![0]![2]).toBe(900);
  });

  it("converts a Polygon too", () => {
    const polygon = { type: "Polygon" as const, coordinates: [[[112.8, 35.4], [112.9, 35.4], [112.9, 35.5], [112.8, 35.4]]] };
    const output = convertPolygonGeometry(polygon, wgs84ToGcj02);
    expect(output.type).toBe("Polygon");
    expect(output.coordinates[0]![1]![0]).toBeCloseTo(wgs84ToGcj02(112.9, 35.4).lon, 12);
  });
});
