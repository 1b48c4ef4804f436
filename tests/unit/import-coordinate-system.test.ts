import { describe, expect, it } from "vitest";
import { bd09ToGcj02, bd09ToWgs84, gcj02ToBd09, wgs84ToBd09 } from "../../server/src/geo/bd09.ts";
import { wgs84ToGcj02 } from "../../server/src/geo/gcj02.ts";
import { convertRecord, evenlySpread, judgeCoordinateSystem, type OutlineFit } from "../../server/src/import/coordinate-system.ts";
import type { InputRecord } from "../../server/src/import/read-input.ts";

/** A boundary of `areaKm2` whose readings misfit the stored outline by the given km² (BD-09 far off unless given). */
const fit = (code: string, areaKm2: number, wgs84: number, gcj02: number, bd09 = 10 * areaKm2): OutlineFit => ({ code, areaKm2, misfitKm2: { wgs84, gcj02, bd09 } });

describe("judgeCoordinateSystem", () => {
  it("says GCJ-02 when enough boundaries fit clearly better read that way", () => {
    const verdict = judgeCoordinateSystem([fit("1", 100, 4, 1, 6), fit("2", 100, 5, 1, 7), fit("3", 100, 3, 0.5, 5), fit("4", 100, 0.2, 0.1, 2)]);
    // The fourth differs by 0.1 km² on 100: under 1 % of its area, so it says nothing.
    expect(verdict).toEqual({ likely: "gcj02", candidate: "gcj02", informative: 3, favouring: 3, misfitKm2: { wgs84: 12, gcj02: 2.5, bd09: 18 } });
  });

  it("says BD-09 when that reading fits best, though GCJ-02 fits better than WGS84 too", () => {
    // BD-09 data read as GCJ-02 is still ~870 m off: better than as WGS84 (1.3 km), worse than as BD-09.
    const verdict = judgeCoordinateSystem([fit("1", 100, 6, 4, 0.5), fit("2", 100, 5, 3, 0.4), fit("3", 100, 7, 5, 0.3)]);
    expect(verdict).toMatchObject({ likely: "bd09", candidate: "bd09", informative: 3, favouring: 3 });
  });

  it("says nothing with fewer than three informative boundaries", () => {
    expect(judgeCoordinateSystem([fit("1", 10, 4, 0), fit("2", 10, 4, 0)]).likely).toBeNull();
    expect(judgeCoordinateSystem([]).likely).toBeNull();
  });

  it("wants a clear margin and most boundaries agreeing", () => {
    // Better as GCJ-02 everywhere, but by less than half.
    expect(judgeCoordinateSystem([fit("1", 100, 3, 2), fit("2", 100, 3, 2), fit("3", 100, 3, 2)]).likely).toBeNull();
    // A clear total margin carried by one boundary while three others disagree.
    const split = judgeCoordinateSystem([fit("1", 100, 40, 1), fit("2", 100, 1, 2), fit("3", 100, 1, 2), fit("4", 100, 1, 2)]);
    expect(split).toMatchObject({ likely: null, candidate: "gcj02", informative: 4, favouring: 1 });
  });

  it("says WGS84 data is WGS84", () => {
    expect(judgeCoordinateSystem([fit("1", 100, 1, 5), fit("2", 100, 0.5, 4), fit("3", 100, 0, 3)]).likely).toBeNull();
  });
});

describe("BD-09", () => {
  it("lies about 870 m from GCJ-02 and 1.3 km from WGS84 in Jincheng, and converts back within 1e-9°", () => {
    const metres = (a: { lon: number; lat: number }, b: { lon: number; lat: number }) =>
      Math.hypot((a.lon - b.lon) * 111_320 * Math.cos((35.5 * Math.PI) / 180), (a.lat - b.lat) * 110_574);
    const seat = { lon: 112.846381, lat: 35.495141 };
    const gcj = wgs84ToGcj02(seat.lon, seat.lat);
    const bd = wgs84ToBd09(seat.lon, seat.lat);
    expect(bd).toEqual(gcj02ToBd09(gcj.lon, gcj.lat));
    expect(metres(gcj, bd)).toBeGreaterThan(800);
    expect(metres(gcj, bd)).toBeLessThan(950);
    expect(metres(seat, bd)).toBeGreaterThan(1200);
    expect(metres(seat, bd)).toBeLessThan(1400);
    for (let lon = 111.95; lon < 113.6; lon += 0.11) {
      for (let lat = 35.2; lat < 36.05; lat += 0.07) {
        const there = wgs84ToBd09(lon, lat);
        const back = bd09ToWgs84(there.lon, there.lat);
        expect(Math.abs(back.lon - lon)).toBeLessThan(1e-9);
        expect(Math.abs(back.lat - lat)).toBeLessThan(1e-9);
        const gcjThere = wgs84ToGcj02(lon, lat);
        const gcjBack = bd09ToGcj02(there.lon, there.lat);
        expect(Math.abs(gcjBack.lon - gcjThere.lon)).toBeLessThan(1e-9);
        expect(Math.abs(gcjBack.lat - gcjThere.lat)).toBeLessThan(1e-9);
      }
    }
  });
});

describe("convertRecord", () => {
  it.each([
    ["gcj02", wgs84ToGcj02],
    ["bd09", wgs84ToBd09],
  ] as const)("converts boundaries, members of collections and seats from %s, and leaves the record it was given alone", (system, offset) => {
    const seat = offset(112.846381, 35.495141);
    const corner = offset(112.8, 35.45);
    const ring = [
      [corner.lon, corner.lat],
      [corner.lon + 0.01, corner.lat],
      [corner.lon, corner.lat + 0.01],
      [corner.lon, corner.lat],
    ];
    const record: InputRecord = {
      position: "feature 1",
      codes: ["140502001"],
      name: "东街街道",
      within: {},
      boundary: { type: "GeometryCollection", geometries: [{ type: "Polygon", coordinates: [ring] }, { type: "MultiPolygon", coordinates: [[ring]] }] },
      seat: { type: "Point", coordinates: [seat.lon, seat.lat, 812] },
    };
    const copy = structuredClone(record);
    const converted = convertRecord(record, system);
    expect(record).toEqual(copy);
    expect(converted.seat!.coordinates[0]).toBeCloseTo(112.846381, 8);
    expect(converted.seat!.coordinates[1]).toBeCloseTo(35.495141, 8);
    expect(converted.seat!.coordinates[2]).toBe(812);
    const collection = converted.boundary as { geometries: { type: string; coordinates: unknown }[] };
    const polygonCorner = (collection.geometries[0]!.coordinates as number[][][])[0]![0]!;
    const multiCorner = (collection.geometries[1]!.coordinates as number[][][][])[0]![0]![0]!;
    for (const [lon, lat] of [polygonCorner, multiCorner]) {
      expect(lon).toBeCloseTo(112.8, 8);
      expect(lat).toBeCloseTo(35.45, 8);
    }
    expect({ ...converted, boundary: undefined, seat: undefined }).toEqual({ ...record, boundary: undefined, seat: undefined });
  });
});

describe("evenlySpread", () => {
  it("keeps a short list whole and spreads a long one evenly from its first item", () => {
    expect(evenlySpread([1, 2, 3], 5)).toEqual([1, 2, 3]);
    const hundred = Array.from({ length: 100 }, (_, i) => i);
    expect(evenlySpread(hundred, 4)).toEqual([0, 25, 50, 75]);
    expect(evenlySpread(hundred, 100)).toEqual(hundred);
    expect(new Set(evenlySpread(Array.from({ length: 40_713 }, (_, i) => i), 200)).size).toBe(200);
  });
});
