/**
 * Plain-number geometry for the boundaries the page shows: bounding boxes to fit the map to, and a label point
 * that lies inside a polygon. Degrees are treated as planar; at the scale of one city that is good enough for
 * placing a label and never used for measuring.
 */
import type { Geometry, Position } from "geojson";

/** [west, south, east, north] in degrees. */
export type Bounds = [number, number, number, number];

/** Jincheng with a little margin: the view before (or without) any boundary data. */
export const JINCHENG_BOUNDS: Bounds = [111.9, 35.2, 113.7, 36.1];

type Ring = Position[];
type PolygonRings = Ring[];

/** The polygons of a Polygon or MultiPolygon; an empty list for any other geometry or none. */
function polygonsOf(geometry: Geometry | null | undefined): PolygonRings[] {
  if (!geometry) return [];
  if (geometry.type === "Polygon") return [geometry.coordinates];
  if (geometry.type === "MultiPolygon") return geometry.coordinates;
  return [];
}

/** The box around every outer ring of the given geometries; null when there is no polygon at all. */
export function boundsOf(geometries: Iterable<Geometry | null | undefined>): Bounds | null {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const geometry of geometries) {
    for (const [outer] of polygonsOf(geometry)) {
      for (const [x, y] of outer ?? []) {
        if (x === undefined || y === undefined) continue;
        if (x < west) west = x;
        if (x > east) east = x;
        if (y < south) south = y;
        if (y > north) north = y;
      }
    }
  }
  return west <= east && south <= north ? [west, south, east, north] : null;
}

function ringArea(ring: Ring): number {
  let twiceArea = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = 0, yi = 0] = ring[i]!;
    const [xj = 0, yj = 0] = ring[j]!;
    twiceArea += xj * yi - xi * yj;
  }
  return Math.abs(twiceArea) / 2;
}

function ringCentroidY(ring: Ring): number | null {
  let twiceArea = 0;
  let sumY = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = 0, yi = 0] = ring[i]!;
    const [xj = 0, yj = 0] = ring[j]!;
    const cross = xj * yi - xi * yj;
    twiceArea += cross;
    sumY += (yj + yi) * cross;
  }
  return twiceArea === 0 ? null : sumY / (3 * twiceArea);
}

/** x where each edge of the rings crosses the horizontal line y, sorted. Half-open edges avoid counting a vertex twice. */
function crossings(rings: PolygonRings, y: number): number[] {
  const xs: number[] = [];
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi = 0, yi = 0] = ring[i]!;
      const [xj = 0, yj = 0] = ring[j]!;
      if (yi > y !== yj > y) xs.push(xi + ((y - yi) * (xj - xi)) / (yj - yi));
    }
  }
  return xs.sort((a, b) => a - b);
}

/**
 * A point inside the largest polygon, for a label: on the horizontal line through the area centroid, the middle of
 * the widest stretch that is inside the polygon. A centroid alone can fall outside a concave polygon or inside a
 * hole (泽州县 surrounds 城区, whose area is a hole in it). Null when the geometry has no polygon with an area.
 */
export function labelPointOf(geometry: Geometry | null | undefined): [number, number] | null {
  let largest: PolygonRings | undefined;
  let largestArea = 0;
  for (const polygon of polygonsOf(geometry)) {
    const area = polygon[0] ? ringArea(polygon[0]) : 0;
    if (area > largestArea) {
      largest = polygon;
      largestArea = area;
    }
  }
  if (!largest || !largest[0]) return null;
  const y = ringCentroidY(largest[0]);
  if (y === null) return null;
  const xs = crossings(largest, y);
  let best: [number, number] | null = null;
  let bestWidth = 0;
  for (let k = 0; k + 1 < xs.length; k += 2) {
    const width = xs[k + 1]! - xs[k]!;
    if (width > bestWidth) {
      bestWidth = width;
      best = [(xs[k]! + xs[k + 1]!) / 2, y];
    }
  }
  return best;
}
