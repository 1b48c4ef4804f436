import { describe, expect, it } from "vitest";
import { wgs84ToGcj02 } from "../../server/src/geo/gcj02.ts";
import { convertRecordFromGcj02, evenlySpread, judgeCoordinateSystem, type OutlineFit } from "../../server/src/import/coordinate-system.ts";
import type { InputRecord } from "../../server/src/import/read-input.ts";

const fit = (code: string, areaKm2: number, asIsKm2: number, asGcj02Km2: number): OutlineFit => ({ code, areaKm2, asIsKm2, asGcj02Km2 });

describe("judgeCoordinateSystem", () => {
  it("says GCJ-02 when enough boundaries fit clearly better read that way", () => {
    const verdict = judgeCoordinateSystem([fit("1", 100, 4, 1), fit("2", 100, 5, 1), fit("3", 100, 3, 0.5), fit("4", 100, 0.2, 0.1)]);
    // The fourth differs by 0.1 km² on 100: under 1 % of its area, so it says nothing.
    expect(verdict).toEqual({ likelyGcj02: true, informative: 3, favouringGcj02: 3, asIsKm2: 12, asGcj02Km2: 2.5 });
  });

  it("says nothing with fewer than three informative boundaries", () => {
    expect(judgeCoordinateSystem([fit("1", 10, 4, 0), fit("2", 10, 4, 0)]).likelyGcj02).toBe(false);
    expect(judgeCoordinateSystem([]).likelyGcj02).toBe(false);
  });

  it("wants a clear margin and most boundaries agreeing", () => {
    // Better as GCJ-02 everywhere, but by less than half.
    expect(judgeCoordinateSystem([fit("1", 100, 3, 2), fit("2", 100, 3, 2), fit("3", 100, 3, 2)]).likelyGcj02).toBe(false);
    // A clear total margin carried by one boundary while three others disagree.
    const split = judgeCoordinateSystem([fit("1", 100, 40, 1), fit("2", 100, 1, 2), fit("3", 100, 1, 2), fit("4", 100, 1, 2)]);
    expect(split).toMatchObject({ likelyGcj02: false, informative: 4, favouringGcj02: 1 });
  });

  it("says WGS84 data is WGS84", () => {
    expect(judgeCoordinateSystem([fit("1", 100, 1, 5), fit("2", 100, 0.5, 4), fit("3", 100, 0, 3)]).likelyGcj02).toBe(false);
  });
});

describe("convertRecordFromGcj02", () => {
  it("converts boundaries, members of collections and seats, and leaves the record it was given alone", () => {
    const seat = wgs84ToGcj02(112.846381, 35.495141);
    const corner = wgs84ToGcj02(112.8, 35.45);
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
    const converted = convertRecordFromGcj02(record);
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
