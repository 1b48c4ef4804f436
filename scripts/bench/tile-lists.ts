/**
 * The tile lists every contestant is measured on, computed from the data in the bench database:
 * - z6, z9: every tile whose envelope meets the bounding box of a county or township boundary (the whole data set);
 * - z12: every tile that intersects the city of Jincheng (140500);
 * - z15: a seeded sample of tiles, each holding a seeded random point of a seeded random township;
 * - viewport: 5 × 4 neighbouring z12 tiles around the city's centre, what a 1280 × 1024 map view asks for at once.
 * They are stored in bench.tile_lists (for pgbench, which picks a row by index) and returned for the HTTP clients;
 * bench.item_boxes holds the bounds of the z12 tiles for the OGC API items workload.
 */
import { transaction, type Sql } from "../../server/src/db/database.ts";
import { tileBounds, tileOf, tileRange, type TileAddress } from "./tile-math.ts";
import type { TileListName } from "./bench-config.ts";

export const CITY_CODE = "140500";
/** 城区 (Jincheng's central district) seat, roughly: the middle of the viewport burst. */
const VIEWPORT_CENTRE: readonly [number, number] = [112.85, 35.5];
const VIEWPORT_ZOOM = 12;

export type TileLists = Record<TileListName, TileAddress[]>;

/** Creates the bench's own schema and list table (idempotent). Only the bench database ever gets it. */
async function ensureListTable(sql: Sql): Promise<void> {
  await sql`create schema if not exists bench`;
  await sql`
    create table if not exists bench.tile_lists (
      list text not null,
      idx integer not null,
      z integer not null,
      x integer not null,
      y integer not null,
      primary key (list, idx)
    )`;
  // Bounding boxes of the z12 tiles, for the OGC API items workload (a "z12-sized bbox" in the targets).
  await sql`
    create table if not exists bench.item_boxes (
      idx integer primary key,
      west float8 not null,
      south float8 not null,
      east float8 not null,
      north float8 not null
    )`;
}

/** Every tile at zoom z whose envelope meets a county or township boundary's bounding box, row by row. */
async function tilesOverData(sql: Sql, z: number): Promise<TileAddress[]> {
  const [extent] = await sql<{ west: number; south: number; east: number; north: number }[]>`
    select ST_XMin(e) as west, ST_YMin(e) as south, ST_XMax(e) as east, ST_YMax(e) as north
    from (select ST_Extent(geom) as e from divisions where level in ('county', 'township') and geom is not null) as extent`;
  const range = tileRange([extent!.west, extent!.south, extent!.east, extent!.north], z);
  // A Web Mercator tile is a longitude/latitude rectangle, so its envelope transformed to 4326 is exact, and the
  // GiST index on divisions.geom answers each probe.
  return sql<TileAddress[]>`
    select ${z}::int as z, x, y
    from generate_series(${range.xMin}::int, ${range.xMax}::int) as x,
         generate_series(${range.yMin}::int, ${range.yMax}::int) as y
    where exists (
      select 1 from divisions as d
      where d.level in ('county', 'township') and d.geom && ST_Transform(ST_TileEnvelope(${z}::int, x, y), 4326)
    )
    order by y, x`;
}

async function cityTiles(sql: Sql, z: number): Promise<TileAddress[]> {
  const [extent] = await sql<{ west: number; south: number; east: number; north: number }[]>`
    select ST_XMin(geom) as west, ST_YMin(geom) as south, ST_XMax(geom) as east, ST_YMax(geom) as north
    from divisions where code = ${CITY_CODE} and geom is not null`;
  if (!extent) throw new Error(`the city ${CITY_CODE} has no geometry in the bench database`);
  const range = tileRange([extent.west, extent.south, extent.east, extent.north], z);
  return sql<TileAddress[]>`
    select ${z}::int as z, x, y
    from generate_series(${range.xMin}::int, ${range.xMax}::int) as x,
         generate_series(${range.yMin}::int, ${range.yMax}::int) as y,
         (select geom from divisions where code = ${CITY_CODE}) as city
    where ST_Intersects(city.geom, ST_Transform(ST_TileEnvelope(${z}::int, x, y), 4326))
    order by y, x`;
}

/**
 * `count` tiles at zoom z, each around a seeded random point inside a seeded random township (duplicates kept out);
 * with `codePrefix`, townships whose code starts with it only.
 */
export async function sampledTiles(sql: Sql, z: number, count: number, seed: number, codePrefix = ""): Promise<TileAddress[]> {
  // Oversample a little: two points may fall into one tile, and the list should hold distinct tiles.
  const points = await sql<{ lon: number; lat: number }[]>`
    select ST_X(point) as lon, ST_Y(point) as lat
    from (
      select (ST_Dump(ST_GeneratePoints(geom, 1, ${seed}::int))).geom as point
      from divisions
      where level = 'township' and geom is not null and code like ${`${codePrefix}%`}
      order by md5(code || ${String(seed)}::text)
      limit ${Math.ceil(count * 1.1)}
    ) as sampled`;
  const seen = new Set<string>();
  const tiles: TileAddress[] = [];
  for (const point of points) {
    const tile = tileOf(point.lon, point.lat, z);
    const key = `${tile.x}/${tile.y}`;
    if (seen.has(key)) continue;
    seen.add(key);
    tiles.push(tile);
    if (tiles.length === count) break;
  }
  return tiles;
}

function viewportTiles(): TileAddress[] {
  const centre = tileOf(VIEWPORT_CENTRE[0], VIEWPORT_CENTRE[1], VIEWPORT_ZOOM);
  const tiles: TileAddress[] = [];
  for (let dy = -2; dy <= 1; dy++) {
    for (let dx = -2; dx <= 2; dx++) tiles.push({ z: VIEWPORT_ZOOM, x: centre.x + dx, y: centre.y + dy });
  }
  return tiles;
}

/** Computes every list, stores them in bench.tile_lists (replacing what was there) and returns them. */
export async function buildTileLists(sql: Sql, options: { seed: number; z15Sample: number }): Promise<TileLists> {
  await ensureListTable(sql);
  const lists: TileLists = {
    z6: await tilesOverData(sql, 6),
    z9: await tilesOverData(sql, 9),
    z12: await cityTiles(sql, 12),
    z15: await sampledTiles(sql, 15, options.z15Sample, options.seed),
    viewport: viewportTiles(),
  };
  await transaction(sql, async (tx) => {
    await tx`delete from bench.item_boxes`;
    const boxes = lists.z12.map((tile, index) => {
      const [west, south, east, north] = tileBounds(tile);
      return { idx: index + 1, west, south, east, north };
    });
    if (boxes.length > 0) await tx`insert into bench.item_boxes ${tx(boxes, "idx", "west", "south", "east", "north")}`;
    await tx`delete from bench.tile_lists`;
    for (const [list, tiles] of Object.entries(lists)) {
      const rows = tiles.map((tile, index) => ({ list, idx: index + 1, z: tile.z, x: tile.x, y: tile.y }));
      for (let start = 0; start < rows.length; start += 5000) {
        await tx`insert into bench.tile_lists ${tx(rows.slice(start, start + 5000), "list", "idx", "z", "x", "y")}`;
      }
    }
  });
  await sql`analyze bench.tile_lists`;
  await sql`analyze bench.item_boxes`;
  return lists;
}
