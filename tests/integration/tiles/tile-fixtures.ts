/**
 * Township fixtures for tile tests, each named for the edge case it exercises. They lie near 101.25°E 30.5°N, far from
 * Jincheng, so the tiles that hold them hold nothing else and their dumps stay stable; 101.25°E is a tile column
 * boundary at every zoom from 5 up ((101.25 + 180) / 360 = 25/32).
 */
import type { Sql } from "../../../server/src/db/database.ts";

type Ring = [number, number][];

function box(west: number, south: number, east: number, north: number): Ring {
  return [[west, south], [east, south], [east, north], [west, north], [west, south]];
}

export interface TownshipFixture {
  code: string;
  name: string;
  /** GeoJSON MultiPolygon coordinates in degrees. */
  coordinates: Ring[][];
}

/** The tile column boundary the edge fixture straddles. */
export const EDGE_LONGITUDE = 101.25;
/** A point inside the hole fixture's zoom-10 tile (x 800, y 420: 101.25-101.60°E, 30.45-30.75°N), clear of its parts. */
export const HOLE_POINT = { lon: 101.46, lat: 30.62 };
/** A point inside the tiny fixture. */
export const TINY_POINT = { lon: 101.550005, lat: 30.700005 };

export const FIXTURES = {
  /** Straddles 101.25°E: half in each of two neighbouring tiles at every zoom from 5. */
  edgeCrossing: { code: "140522991", name: "测试跨界镇", coordinates: [[box(101.2, 30.45, 101.3, 30.55)]] },
  /** Two parts, the first with a hole; at zoom 10 the whole of it lies inside one tile (HOLE_POINT's). */
  multipolygonWithHole: {
    code: "140522992",
    name: "测试环岛乡",
    coordinates: [[box(101.35, 30.55, 101.45, 30.65), box(101.38, 30.58, 101.42, 30.62).reverse() as Ring], [box(101.47, 30.55, 101.5, 30.58)]],
  },
  /** About 1 m across: under half a tile unit at zoom 11 and below, where it is left out; several units at zoom 16. */
  tiny: { code: "140522993", name: "测试微小镇", coordinates: [[box(101.55, 30.7, 101.55001, 30.70001)]] },
} as const satisfies Record<string, TownshipFixture>;

/** Inserts every fixture as a township of 阳城县 (140522) with an imported boundary. */
export async function insertTileFixtures(sql: Sql): Promise<void> {
  for (const fixture of Object.values(FIXTURES)) {
    const geojson = JSON.stringify({ type: "MultiPolygon", coordinates: fixture.coordinates });
    await sql`
      insert into divisions (code, name, level, kind, parent_code, geom, provenance, geom_source)
      values (${fixture.code}, ${fixture.name}, 'township', '镇', '140522',
              ST_SetSRID(ST_GeomFromGeoJSON(${geojson}::text), 4326), 'imported', 'tile test fixture')`;
  }
}

/** The tile (x, y) at zoom z that holds the point. */
export function tileAt(lon: number, lat: number, z: number): { z: number; x: number; y: number } {
  const n = 2 ** z;
  const latRad = (lat * Math.PI) / 180;
  const x = Math.floor(((lon + 180) / 360) * n);
  const y = Math.floor(((1 - Math.log(Math.tan(latRad) + 1 / Math.cos(latRad)) / Math.PI) / 2) * n);
  return { z, x, y };
}

/** Every tile at zoom z that covers the box, row by row. */
export function tilesCovering(west: number, south: number, east: number, north: number, z: number): { z: number; x: number; y: number }[] {
  const northWest = tileAt(west, north, z);
  const southEast = tileAt(east, south, z);
  const tiles: { z: number; x: number; y: number }[] = [];
  for (let y = northWest.y; y <= southEast.y; y++) for (let x = northWest.x; x <= southEast.x; x++) tiles.push({ z, x, y });
  return tiles;
}
