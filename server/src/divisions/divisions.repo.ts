import type { Sql } from "../db/database.ts";
import type { Division, DivisionsQuery } from "../contracts/divisions.ts";

/** Divisions filtered by level and parent, ordered by code; an empty array when nothing matches. */
export async function listDivisions(sql: Sql, query: DivisionsQuery): Promise<Division[]> {
  return sql<Division[]>`
    select code, name, level, parent_code, kind, provenance, geom is not null as has_geometry
    from divisions
    where (${query.level ?? null}::text is null or level = ${query.level ?? null})
      and (${query.parent ?? null}::text is null or parent_code = ${query.parent ?? null})
    order by code
    limit ${query.limit} offset ${query.offset}`;
}

/** True when a division with this code exists. */
export async function divisionExists(sql: Sql, code: string): Promise<boolean> {
  const rows = await sql`select 1 from divisions where code = ${code}`;
  return rows.length > 0;
}

/**
 * The boundaries of one level as a GeoJSON FeatureCollection text, built in SQL. Divisions without geometry are
 * left out; an empty collection when none has one.
 */
export async function boundariesGeoJson(sql: Sql, level: "county" | "township"): Promise<string> {
  const [row] = await sql<{ geojson: string }[]>`
    select json_build_object(
      'type', 'FeatureCollection',
      'features', coalesce(json_agg(json_build_object(
        'type', 'Feature',
        'id', d.code,
        'properties', json_build_object(
          'code', d.code, 'name', d.name, 'level', d.level, 'kind', d.kind,
          'parentCode', d.parent_code, 'provenance', d.provenance),
        'geometry', ST_AsGeoJSON(d.geom, 6)::json
      ) order by d.code), '[]'::json)
    )::text as geojson
    from divisions d
    where d.level = ${level} and d.geom is not null`;
  return row!.geojson;
}
