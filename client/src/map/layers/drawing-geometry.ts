/**
 * The drawing layer's pure geometry: what a drawn shape measures (km², self-intersections), how the drawn polygons
 * become an area's geometry and back, and snapping a pointer to the vertices and edges of the boundaries around it.
 * No MapLibre and no terra-draw here, so the unit tests run it in Node.
 */
import { area as turfArea } from "@turf/area";
import { kinks as turfKinks } from "@turf/kinks";
import type { Geometry, MultiPolygon, Polygon, Position } from "geojson";

/** What a drawn polygon measures: its area in km² and the points where its outline crosses itself. */
export interface DrawingMeasure {
  areaKm2: number;
  /** [lon, lat] of each self-intersection; empty when the outline is simple. */
  kinks: Position[];
}

/** A ring that can be measured: at least three distinct corners, closed. */
function closedRing(ring: Position[]): Position[] | null {
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (!first || !last) return null;
  const closed = first[0] === last[0] && first[1] === last[1] ? ring : [...ring, first];
  return closed.length >= 4 ? closed : null;
}

/** The measure of a Polygon or MultiPolygon (area of all its parts, kinks of each); zero and none for anything else. */
export function measureDrawing(geometry: Geometry | null): DrawingMeasure {
  const polygons = polygonsOf(geometry);
  let areaM2 = 0;
  const kinks: Position[] = [];
  for (const polygon of polygons) {
    const rings = polygon.coordinates.map(closedRing);
    if (rings.some((ring) => ring === null)) continue;
    const closed: Polygon = { type: "Polygon", coordinates: rings as Position[][] };
    areaM2 += turfArea(closed);
    for (const point of turfKinks(closed).features) kinks.push(point.geometry.coordinates);
  }
  return { areaKm2: areaM2 / 1e6, kinks };
}

/** The polygons of a Polygon or MultiPolygon, each as a Polygon; [] for anything else or null. */
export function polygonsOf(geometry: Geometry | null | undefined): Polygon[] {
  if (geometry?.type === "Polygon") return [geometry];
  if (geometry?.type === "MultiPolygon") return geometry.coordinates.map((coordinates) => ({ type: "Polygon", coordinates }));
  return [];
}

/** The drawn polygons as an area's geometry: one Polygon, a MultiPolygon of several, or null when there is none. */
export function draftGeometryOf(polygons: readonly Polygon[]): Polygon | MultiPolygon | null {
  if (polygons.length === 0) return null;
  if (polygons.length === 1) return polygons[0]!;
  return { type: "MultiPolygon", coordinates: polygons.map((polygon) => polygon.coordinates) };
}

/** Coordinates rounded to `decimals` places (terra-draw refuses coordinates finer than its precision). */
export function roundPolygon(polygon: Polygon, decimals: number): Polygon {
  const factor = 10 ** decimals;
  const round = (value: number) => Math.round(value * factor) / factor;
  return { type: "Polygon", coordinates: polygon.coordinates.map((ring) => ring.map(([x = 0, y = 0]) => [round(x), round(y)])) };
}

/** One straight edge of a boundary, with its box in degrees, so that edges far from the pointer are skipped cheaply. */
interface SnapSegment {
  from: Position;
  to: Position;
  west: number;
  south: number;
  east: number;
  north: number;
}

/** The edges of the boundaries a drawing may snap to. */
export interface SnapIndex {
  segments: SnapSegment[];
}

/** Every edge of every ring of the given polygons and lines (others are ignored); an empty index for none. */
export function buildSnapIndex(geometries: Iterable<Geometry | null | undefined>): SnapIndex {
  const segments: SnapSegment[] = [];
  const addLine = (line: Position[]) => {
    for (let index = 1; index < line.length; index++) {
      const from = line[index - 1]!;
      const to = line[index]!;
      const [x1 = 0, y1 = 0] = from;
      const [x2 = 0, y2 = 0] = to;
      segments.push({ from, to, west: Math.min(x1, x2), east: Math.max(x1, x2), south: Math.min(y1, y2), north: Math.max(y1, y2) });
    }
  };
  for (const geometry of geometries) {
    if (!geometry) continue;
    if (geometry.type === "Polygon") geometry.coordinates.forEach(addLine);
    else if (geometry.type === "MultiPolygon") geometry.coordinates.forEach((polygon) => polygon.forEach(addLine));
    else if (geometry.type === "LineString") addLine(geometry.coordinates);
    else if (geometry.type === "MultiLineString") geometry.coordinates.forEach(addLine);
  }
  return { segments };
}

/** Screen projection of the map now: [lon, lat] → CSS pixels in the map's container, and back. */
export interface ScreenProjection {
  project(lng: number, lat: number): { x: number; y: number };
  unproject(x: number, y: number): { lng: number; lat: number };
}

/**
 * Where a pointer at container pixel (x, y) snaps: the nearest vertex of the index within `tolerancePx` pixels, else
 * the nearest point on an edge within it (so that a neighbour's edge is shared, not approximated); undefined when
 * nothing is that close. Vertices win over edges, as a corner is what a planner aims at.
 */
export function snapPosition(index: SnapIndex, pointer: { x: number; y: number }, projection: ScreenProjection, tolerancePx: number): Position | undefined {
  if (index.segments.length === 0) return undefined;
  // The pointer's neighbourhood in degrees (two opposite corners of the tolerance box; the map is never rotated).
  const corner1 = projection.unproject(pointer.x - tolerancePx, pointer.y - tolerancePx);
  const corner2 = projection.unproject(pointer.x + tolerancePx, pointer.y + tolerancePx);
  const west = Math.min(corner1.lng, corner2.lng);
  const east = Math.max(corner1.lng, corner2.lng);
  const south = Math.min(corner1.lat, corner2.lat);
  const north = Math.max(corner1.lat, corner2.lat);

  let vertex: { position: Position; distance: number } | undefined;
  let edge: { position: Position; distance: number } | undefined;
  for (const segment of index.segments) {
    if (segment.east < west || segment.west > east || segment.north < south || segment.south > north) continue;
    const a = projection.project(segment.from[0] ?? 0, segment.from[1] ?? 0);
    const b = projection.project(segment.to[0] ?? 0, segment.to[1] ?? 0);
    for (const [end, position] of [
      [a, segment.from],
      [b, segment.to],
    ] as const) {
      const distance = Math.hypot(end.x - pointer.x, end.y - pointer.y);
      if (distance <= tolerancePx && (!vertex || distance < vertex.distance)) vertex = { position, distance };
    }
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const lengthSquared = dx * dx + dy * dy;
    if (lengthSquared === 0) continue;
    const t = Math.max(0, Math.min(1, ((pointer.x - a.x) * dx + (pointer.y - a.y) * dy) / lengthSquared));
    const distance = Math.hypot(a.x + t * dx - pointer.x, a.y + t * dy - pointer.y);
    if (distance <= tolerancePx && (!edge || distance < edge.distance)) {
      // Along the edge in degrees: within a city the projection is linear enough for a point a few pixels long.
      const [x1 = 0, y1 = 0] = segment.from;
      const [x2 = 0, y2 = 0] = segment.to;
      edge = { position: [x1 + t * (x2 - x1), y1 + t * (y2 - y1)], distance };
    }
  }
  return vertex?.position ?? edge?.position;
}
