/**
 * The lookup workloads: seeded points where /api/lookup answers, in two sets,
 * - jincheng: points of the city's bounding box that fall inside the city (the reference data);
 * - national: one point inside each of a seeded sample of synthetic townships all over the country,
 * written as request paths for the HTTP load generators and stored in bench.lookup_points for pgbench, which runs the
 * server's own statement for them (api.lookup_place, lookup.repo.ts).
 */
import fs from "node:fs";
import type { Sql } from "../../server/src/db/database.ts";
import { httpGet, keepAliveAgent } from "./http-client.ts";
import { seededRandom } from "./seeded-random.ts";
import { SYNTHETIC_CODE_PATTERN } from "./synthetic-data.ts";
import { CITY_CODE } from "./tile-lists.ts";

const LOOKUP_SETS = ["jincheng", "national"] as const;
export type LookupSet = (typeof LOOKUP_SETS)[number];
/** Candidate points per set (those the server does not answer with 200 are left out). */
const LOOKUP_POINTS = 200;

export interface LookupPoints {
  set: LookupSet;
  /** Request paths that answered 200. */
  paths: string[];
  candidates: number;
}

async function candidates(sql: Sql, set: LookupSet, seed: number): Promise<[number, number][]> {
  if (set === "jincheng") {
    const random = seededRandom(seed + 7);
    const [city] = await sql<{ west: number; south: number; east: number; north: number }[]>`
      select ST_XMin(geom) as west, ST_YMin(geom) as south, ST_XMax(geom) as east, ST_YMax(geom) as north from divisions where code = ${CITY_CODE}`;
    if (!city) return [];
    return Array.from({ length: LOOKUP_POINTS }, () => [city.west + random() * (city.east - city.west), city.south + random() * (city.north - city.south)]);
  }
  const rows = await sql<{ lon: number; lat: number }[]>`
    select ST_X(point) as lon, ST_Y(point) as lat
    from (
      select (ST_Dump(ST_GeneratePoints(geom, 1, ${seed}::int))).geom as point
      from divisions
      where level = 'township' and geom is not null and code ~ ${SYNTHETIC_CODE_PATTERN}
      order by md5(code || ${String(seed)}::text)
      limit ${LOOKUP_POINTS}
    ) as sampled`;
  return rows.map((row) => [row.lon, row.lat]);
}

/**
 * Builds both sets against a running server (keeping the points it answers with 200), writes `lookup-<set>.txt`
 * into pathsDir and fills bench.lookup_points. A set with no answered point comes back with no paths.
 */
export async function buildLookupPoints(sql: Sql, port: number, seed: number, pathsDir: string): Promise<LookupPoints[]> {
  await sql`create schema if not exists bench`;
  await sql`
    create table if not exists bench.lookup_points (
      point_set text not null,
      idx integer not null,
      lon float8 not null,
      lat float8 not null,
      primary key (point_set, idx)
    )`;
  await sql`delete from bench.lookup_points`;
  const agent = keepAliveAgent(1);
  const sets: LookupPoints[] = [];
  try {
    for (const set of LOOKUP_SETS) {
      const points = await candidates(sql, set, seed);
      const inside: { lon: string; lat: string }[] = [];
      for (const [lon, lat] of points) {
        const point = { lon: lon.toFixed(5), lat: lat.toFixed(5) };
        if ((await httpGet(port, lookupPath(point), agent)).status === 200) inside.push(point);
      }
      fs.writeFileSync(`${pathsDir}/lookup-${set}.txt`, `${inside.map(lookupPath).join("\n")}\n`);
      const rows = inside.map((point, index) => ({ point_set: set, idx: index + 1, lon: Number(point.lon), lat: Number(point.lat) }));
      if (rows.length > 0) await sql`insert into bench.lookup_points ${sql(rows, "point_set", "idx", "lon", "lat")}`;
      sets.push({ set, paths: inside.map(lookupPath), candidates: points.length });
    }
  } finally {
    agent.destroy();
  }
  await sql`analyze bench.lookup_points`;
  return sets;
}

const lookupPath = (point: { lon: string; lat: string }) => `/api/lookup?lon=${point.lon}&lat=${point.lat}`;

/** The pgbench script of a lookup set: a random point of the set and the server's own statement for it. */
export function writePgbenchLookupScript(file: string, set: LookupSet, count: number): void {
  fs.writeFileSync(
    file,
    `\\set i random(1, ${count})
select l.revision, l.lookup_date::text, l.township_code, l.county_code, l.head, l.tail from bench.lookup_points as p, api.lookup_place(p.lon, p.lat, null) as l where p.point_set = '${set}' and p.idx = :i;
`,
  );
}
