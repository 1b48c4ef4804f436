import { describe, expect, it } from "vitest";
import type { Polygon } from "geojson";
import {
  buildSnapIndex,
  draftGeometryOf,
  measureDrawing,
  polygonsOf,
  roundPolygon,
  snapPosition,
  type ScreenProjection,
} from "../../client/src/map/layers/drawing-geometry.ts";
import { extentOf } from "../../client/src/map/layers/overlay.layer.ts";

/** A square of `side` degrees with its south-west corner at (x, y). */
const square = (x: number, y: number, side: number): Polygon => ({
  type: "Polygon",
  coordinates: [
    [
      [x, y],
      [x + side, y],
      [x + side, y + side],
      [x, y + side],
      [x, y],
    ],
  ],
});

/** 1000 CSS pixels a degree, y down: a plain linear screen, enough to test distances in pixels. */
const SCREEN: ScreenProjection = {
  project: (lng, lat) => ({ x: lng * 1000, y: -lat * 1000 }),
  unproject: (x, y) => ({ lng: x / 1000, lat: -y / 1000 }),
};

describe("measuring a drawn shape", () => {
  it("gives the area in km² of a simple outline and no self-intersection", () => {
    // 0.01° × 0.01° at 35.5°N: about 1.113 km × 0.906 km.
    const measure = measureDrawing(square(112.8, 35.5, 0.01));
    expect(measure.areaKm2).toBeGreaterThan(0.99);
    expect(measure.areaKm2).toBeLessThan(1.03);
    expect(measure.kinks).toEqual([]);
  });

  it("finds where a bow tie crosses itself", () => {
    const bowTie: Polygon = {
      type: "Polygon",
      coordinates: [
        [
          [112.8, 35.5],
          [112.81, 35.51],
          [112.81, 35.5],
          [112.8, 35.51],
          [112.8, 35.5],
        ],
      ],
    };
    const { kinks } = measureDrawing(bowTie);
    expect(kinks.length).toBeGreaterThan(0);
    expect(kinks[0]![0]).toBeCloseTo(112.805, 6);
    expect(kinks[0]![1]).toBeCloseTo(35.505, 6);
  });

  it("measures an outline still being drawn (not yet closed) and ignores one of two corners", () => {
    const open: Polygon = { type: "Polygon", coordinates: [[[112.8, 35.5], [112.81, 35.5], [112.81, 35.51]]] };
    expect(measureDrawing(open).areaKm2).toBeGreaterThan(0.4);
    expect(measureDrawing({ type: "Polygon", coordinates: [[[112.8, 35.5], [112.81, 35.5]]] })).toEqual({ areaKm2: 0, kinks: [] });
    expect(measureDrawing(null)).toEqual({ areaKm2: 0, kinks: [] });
  });
});

describe("drawn polygons as an area's geometry", () => {
  it("is a Polygon for one outline, a MultiPolygon for several, null for none", () => {
    const a = square(112.8, 35.5, 0.01);
    const b = square(112.9, 35.5, 0.01);
    expect(draftGeometryOf([a])).toBe(a);
    expect(draftGeometryOf([a, b])).toEqual({ type: "MultiPolygon", coordinates: [a.coordinates, b.coordinates] });
    expect(draftGeometryOf([])).toBeNull();
    expect(polygonsOf(draftGeometryOf([a, b]))).toEqual([a, b]);
    expect(polygonsOf({ type: "Point", coordinates: [1, 2] })).toEqual([]);
  });

  it("rounds coordinates to terra-draw's precision", () => {
    expect(roundPolygon({ type: "Polygon", coordinates: [[[112.1234567891234, 35.98765432109]]] }, 9).coordinates).toEqual([[[112.123456789, 35.987654321]]]);
  });
});

describe("snapping to boundaries", () => {
  const index = buildSnapIndex([square(112.8, 35.5, 0.1), null, { type: "Point", coordinates: [0, 0] }]);

  it("snaps to a vertex within the tolerance, before an edge", () => {
    // 5 px from the corner (112.8, 35.5), and 5 px from both of its edges.
    expect(snapPosition(index, SCREEN.project(112.805, 35.505), SCREEN, 10)).toEqual([112.8, 35.5]);
  });

  it("snaps to the nearest point of an edge when no vertex is close", () => {
    const snapped = snapPosition(index, SCREEN.project(112.85, 35.504), SCREEN, 10);
    expect(snapped![0]).toBeCloseTo(112.85, 9);
    expect(snapped![1]).toBeCloseTo(35.5, 9);
  });

  it("leaves a pointer far from every boundary where it is", () => {
    expect(snapPosition(index, SCREEN.project(112.85, 35.55), SCREEN, 10)).toBeUndefined();
    expect(snapPosition(buildSnapIndex([]), SCREEN.project(112.8, 35.5), SCREEN, 10)).toBeUndefined();
  });
});

describe("the overlay's extent", () => {
  it("covers polygons and points alike, and is null for nothing", () => {
    expect(extentOf([square(112.8, 35.5, 0.1), { type: "Point", coordinates: [113, 36] }])).toEqual([112.8, 35.5, 113, 36]);
    expect(extentOf([null])).toBeNull();
  });
});
