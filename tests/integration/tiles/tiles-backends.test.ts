/**
 * The two tile paths side by side: PostGIS builds tiles with ST_AsMVT, PGlite (no protobuf) hands tile-space features
 * to the Node encoder. The same data must give the same features with the same attributes on both; geometry may
 * differ by the rounding of two different clippers (ST_AsMVTGeom's wagyu keeps slivers of a unit or two and splits
 * rings that touch themselves; ST_MakeValid does neither), so it is compared by type, area, bounding box and vertex
 * count within a small tolerance, not ring by ring.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../../server/src/app.ts";
import { openDatabase, type Sql } from "../../../server/src/db/database.ts";
import { importBoundaries } from "../../../server/src/import/import-boundaries.ts";
import { enabledBackends, type BackendName } from "../../helpers/backends.ts";
import { freshDatabaseConfig } from "../../helpers/databases.ts";
import { referenceDataDir } from "../../helpers/reference-data.ts";
import { layerFeatures, type FeatureSummary } from "./tile-dump.ts";
import { EDGE_LONGITUDE, HOLE_POINT, insertTileFixtures, tileAt, tilesCovering } from "./tile-fixtures.ts";

const bothBackends = enabledBackends().includes("postgis");
if (!bothBackends) {
  console.warn("\n[tiles] NOTICE: TEST_DATABASE_URL is not set: the PostGIS-versus-PGlite tile comparison does NOT run.\n");
}
// Optional here: the comparison runs on the built-in data and the fixtures alone, and on township boundaries too
// when the reference folder is there (the township tests of divisions-reference.test.ts say so loudly when it is not).
const referenceFolder = referenceDataDir();

type Address = { z: number; x: number; y: number };

// Jincheng with a margin.
const JINCHENG = [111.85, 35.15, 113.7, 36.15] as const;

const TILES: Record<string, Address[]> = {
  divisions: [
    ...tilesCovering(...JINCHENG, 6),
    ...tilesCovering(...JINCHENG, 8),
    ...tilesCovering(...JINCHENG, 10),
    ...tilesCovering(112.75, 35.45, 112.95, 35.55, 12),
    tileAt(112.846381, 35.495141, 15),
    tileAt(EDGE_LONGITUDE - 0.01, 30.5, 10),
    tileAt(EDGE_LONGITUDE + 0.01, 30.5, 10),
    tileAt(HOLE_POINT.lon, HOLE_POINT.lat, 10),
    tileAt(HOLE_POINT.lon, HOLE_POINT.lat, 16),
  ],
  areas: [...tilesCovering(...JINCHENG, 6), ...tilesCovering(...JINCHENG, 8), ...tilesCovering(112.75, 35.45, 112.95, 35.55, 12)],
  belts: [...tilesCovering(...JINCHENG, 5), ...tilesCovering(...JINCHENG, 8)],
  projects: [...tilesCovering(...JINCHENG, 8), ...tilesCovering(...JINCHENG, 10), tileAt(HOLE_POINT.lon, HOLE_POINT.lat, 12)],
  opinions: [tileAt(HOLE_POINT.lon, HOLE_POINT.lat, 10), tileAt(HOLE_POINT.lon, HOLE_POINT.lat, 14)],
};

/** Writes the same rows to both databases: fixtures, reference boundaries when present, a project and an opinion. */
async function prepare(sql: Sql): Promise<void> {
  if (referenceFolder) await importBoundaries(sql, referenceFolder);
  await insertTileFixtures(sql);
  await sql`insert into projects (name, project_type, stage, site) values
              ('测试比对项目', '公共空间', 'design', ST_SetSRID(ST_MakePoint(${HOLE_POINT.lon}, ${HOLE_POINT.lat}), 4326))`;
  // Answered: the layer shows only answered opinions.
  await sql`insert into opinions (ticket_code, location, category, body, status, answer)
              values ('BACKENDS01', ST_SetSRID(ST_MakePoint(${HOLE_POINT.lon}, ${HOLE_POINT.lat}), 4326), '公共空间', '比对', 'answered', '比对答复')`;
}

/** Differences between the two decodings of one tile, as readable lines; empty when they agree. */
function differences(postgis: FeatureSummary[], pglite: FeatureSummary[]): string[] {
  const lines: string[] = [];
  const byId = new Map(pglite.map((feature) => [feature.id, feature]));
  const ids = (features: FeatureSummary[]) => features.map((feature) => feature.id).join(",");
  if (ids(postgis) !== ids(pglite)) lines.push(`feature ids: postgis [${ids(postgis)}] pglite [${ids(pglite)}]`);
  for (const expected of postgis) {
    const actual = byId.get(expected.id);
    if (!actual) continue;
    const where = `#${expected.id}`;
    if (JSON.stringify(sorted(expected.properties)) !== JSON.stringify(sorted(actual.properties))) {
      lines.push(`${where} properties: ${JSON.stringify(sorted(expected.properties))} vs ${JSON.stringify(sorted(actual.properties))}`);
    }
    if (expected.type !== actual.type) lines.push(`${where} type ${expected.type} vs ${actual.type}`);
    // A clip edge a unit apart along a side of n units moves the area by about n/2.
    if (Math.abs(expected.area - actual.area) > Math.max(64, Math.abs(expected.area) * 0.02)) {
      lines.push(`${where} area ${expected.area} vs ${actual.area}`);
    }
    if (expected.bbox.some((value, index) => Math.abs(value - actual.bbox[index]!) > 4)) {
      lines.push(`${where} bbox ${expected.bbox.join(" ")} vs ${actual.bbox.join(" ")}`);
    }
    if (Math.abs(expected.vertices - actual.vertices) > Math.max(4, expected.vertices * 0.05)) {
      lines.push(`${where} vertices ${expected.vertices} vs ${actual.vertices}`);
    }
  }
  return lines;
}

function sorted(properties: Record<string, unknown>): [string, unknown][] {
  return Object.entries(properties).sort(([a], [b]) => a.localeCompare(b));
}

describe.runIf(bothBackends)("the same tiles from PostGIS (ST_AsMVT) and PGlite (Node encoder)", () => {
  const apps = new Map<BackendName, FastifyInstance>();
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    for (const backend of ["postgis", "pglite"] as const) {
      const fresh = await freshDatabaseConfig(backend);
      cleanups.push(fresh.cleanup);
      const database = await openDatabase(fresh.config);
      const app = await buildApp(fresh.config, { database });
      apps.set(backend, app);
      await prepare(database.sql);
    }
  });
  afterAll(async () => {
    for (const app of apps.values()) await app.close();
    for (const cleanup of cleanups) await cleanup();
  });

  it.each(Object.keys(TILES))("finds the same %s features and attributes on both backends", async (layer) => {
    const problems: string[] = [];
    let features = 0;
    for (const address of TILES[layer]!) {
      const url = `/tiles/${layer}/${address.z}/${address.x}/${address.y}.mvt`;
      const [postgis, pglite] = await Promise.all([apps.get("postgis")!.inject(url), apps.get("pglite")!.inject(url)]);
      if (postgis.statusCode !== pglite.statusCode) {
        problems.push(`${url}: status ${postgis.statusCode} vs ${pglite.statusCode}`);
        continue;
      }
      const expected = layerFeatures(postgis.rawPayload, layer);
      features += expected.length;
      for (const line of differences(expected, layerFeatures(pglite.rawPayload, layer))) problems.push(`${url}: ${line}`);
    }
    expect(problems).toEqual([]);
    // The comparison means something only if the tiles hold features.
    expect(features).toBeGreaterThan(0);
  });
});
