/**
 * Walking the positions of any GeoJSON geometry: its extent, and a copy with every position converted (to another
 * coordinate system). Pure functions, no I/O.
 */
import type { Geometry, Position } from "geojson";
import { convertPosition, type LonLat } from "./gcj02.ts";

/** min x (longitude), min y (latitude), max x, max y */
export type BoundingBox = [number, number, number, number];

/** The extent of every position of a geometry; undefined for an empty one. */
export function geometryBounds(geometry: Geometry): BoundingBox | undefined {
  if (geometry.type === "GeometryCollection") {
    return geometry.geometries.reduce<BoundingBox | undefined>((box, member) => unionBounds(box, geometryBounds(member)), undefined);
  }
  const box: BoundingBox = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (coordinates: unknown): void => {
    if (!Array.isArray(coordinates)) return;
    if (typeof coordinates[0] === "number") {
      const [x, y] = coordinates as Position;
      box[0] = Math.min(box[0], x!);
      box[1] = Math.min(box[1], y!);
      box[2] = Math.max(box[2], x!);
      box[3] = Math.max(box[3], y!);
      return;
    }
    for (const child of coordinates) visit(child);
  };
  visit(geometry.coordinates);
  return box[0] === Infinity ? undefined : box;
}

/** The smallest box holding both; either may be undefined (nothing). */
export function unionBounds(a: BoundingBox | undefined, b: BoundingBox | undefined): BoundingBox | undefined {
  if (!a || !b) return a ?? b;
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
}

/**
 * A copy of the geometry with every position converted by `convert` (any third value kept); the input is not
 * modified, and a `bbox` member, which would no longer hold, is left out.
 */
export function convertGeometry(geometry: Geometry, convert: (x: number, y: number) => LonLat): Geometry {
  const positions = (list: Position[]): Position[] => list.map((position) => convertPosition(position, convert));
  switch (geometry.type) {
    case "Point":
      return { type: "Point", coordinates: convertPosition(geometry.coordinates, convert) };
    case "MultiPoint":
      return { type: "MultiPoint", coordinates: positions(geometry.coordinates) };
    case "LineString":
      return { type: "LineString", coordinates: positions(geometry.coordinates) };
    case "MultiLineString":
      return { type: "MultiLineString", coordinates: geometry.coordinates.map(positions) };
    case "Polygon":
      return { type: "Polygon", coordinates: geometry.coordinates.map(positions) };
    case "MultiPolygon":
      return { type: "MultiPolygon", coordinates: geometry.coordinates.map((polygon) => polygon.map(positions)) };
    case "GeometryCollection":
      return { type: "GeometryCollection", geometries: geometry.geometries.map((member) => convertGeometry(member, convert)) };
  }
}
