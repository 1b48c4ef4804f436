/**
 * The OGC API – Features service as a GIS tool reads it: GDAL's OAPIF driver (Debian gdal-bin) against the app
 * listening on a real port. ogrinfo must list the collections; ogr2ogr must download every feature of each with a
 * small page size, which it can only do by following the next links.
 *
 * Without GDAL the file fails when REQUIRE_POSTGIS=1 (CI, where .ci/run installs gdal-bin) and says so otherwise.
 */
import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { FastifyInstance } from "fastify";
import { afterAll, describe, expect, it } from "vitest";
import { OGC_COLLECTION_IDS, type OgcCollectionId } from "../../../server/src/contracts/ogc.ts";
import type { Sql } from "../../../server/src/db/database.ts";
import { importBoundaries } from "../../../server/src/import/import-boundaries.ts";
import { useFreshApp } from "../../helpers/app.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { requireReferenceData } from "../../helpers/reference-data.ts";

const run = promisify(execFile);
// Smaller than every collection (3 belts, 4 projects, 6 counties even without imported townships), so every
// download takes several pages.
const PAGE_SIZE = 2;

function gdalVersion(): string | undefined {
  try {
    return execFileSync("ogrinfo", ["--version"], { encoding: "utf8" }).trim();
  } catch {
    return undefined;
  }
}

const gdal = gdalVersion();
if (!gdal) {
  const message = "GDAL (ogrinfo, ogr2ogr from Debian gdal-bin) is not installed: the OAPIF check of the OGC API does NOT run";
  if (process.env.REQUIRE_POSTGIS === "1") throw new Error(`${message}. CI requires it (REQUIRE_POSTGIS=1): apt-get install gdal-bin`);
  console.warn(`\n[gdal] WARNING: ${message}. Install it with: apt-get install gdal-bin\n`);
}
const referenceFolder = requireReferenceData("GDAL download of imported township boundaries");

/** What identifies a feature in ogr2ogr's output: GDAL keeps string ids as an `id` field and drops integer ones. */
const KEY_PROPERTY: Record<OgcCollectionId, string> = { divisions: "code", areas: "code", belts: "code", projects: "name" };

async function expectedKeys(sql: Sql, collectionId: OgcCollectionId): Promise<string[]> {
  const rows =
    collectionId === "divisions"
      ? await sql<{ key: string }[]>`select code as key from divisions where level in ('county', 'township') and geom is not null`
      : collectionId === "areas"
        ? await sql<{ key: string }[]>`select code as key from areas`
        : collectionId === "belts"
          ? await sql<{ key: string }[]>`select code as key from areas where kind = 'belt'`
          : await sql<{ key: string }[]>`select name as key from projects`;
  return rows.map((row) => row.key).sort();
}

describe.runIf(gdal).each(enabledBackends())("GDAL's OAPIF driver reading the server on %s", (backend) => {
  let app: FastifyInstance;
  let service: string;
  let workDir: string;
  useFreshApp(backend, async (built) => {
    app = built;
    if (referenceFolder) await importBoundaries(app.db.sql, referenceFolder);
    const address = await app.listen({ host: "127.0.0.1", port: 0 });
    service = `OAPIF:${address}/ogc`;
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), `planner-atlas-gdal-${backend}-`));
  });
  afterAll(() => {
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it("lists the four collections with ogrinfo", async () => {
    const { stdout } = await run("ogrinfo", ["-ro", "-so", service], { timeout: 60_000 });
    console.log(`[gdal] ${gdal}\n$ ogrinfo -ro -so ${service}\n${stdout}`);
    const layers = [...stdout.matchAll(/^\d+: (\w+) \(title: /gm)].map((match) => match[1]);
    expect(layers).toEqual([...OGC_COLLECTION_IDS]);
  });

  it.each(OGC_COLLECTION_IDS.map((id) => [id]))(
    `downloads every feature of %s with ogr2ogr, ${PAGE_SIZE} a page`,
    async (collectionId) => {
      const output = path.join(workDir, `${collectionId}.geojson`);
      await run("ogr2ogr", ["-f", "GeoJSON", output, service, collectionId, "-oo", `PAGE_SIZE=${PAGE_SIZE}`], { timeout: 120_000 });
      const downloaded = JSON.parse(fs.readFileSync(output, "utf8")) as { features: { properties: Record<string, unknown> }[] };
      const keys = downloaded.features.map((feature) => String(feature.properties[KEY_PROPERTY[collectionId]])).sort();
      const expected = await expectedKeys(app.db.sql, collectionId);
      expect(keys).toEqual(expected);
      // More than one page: the next links were followed.
      expect(expected.length).toBeGreaterThan(PAGE_SIZE);
    },
  );

  it("passes an attribute filter to the server, which GDAL learns from the service-desc", async () => {
    const output = path.join(workDir, "belts-among-areas.geojson");
    await run("ogr2ogr", ["-f", "GeoJSON", output, service, "areas", "-where", "kind = 'belt'", "-oo", `PAGE_SIZE=${PAGE_SIZE}`], { timeout: 60_000 });
    const downloaded = JSON.parse(fs.readFileSync(output, "utf8")) as { features: { properties: { code: string } }[] };
    expect(downloaded.features.map((feature) => feature.properties.code).sort()).toEqual(["belt-danqin", "belt-qinhe", "belt-taihang-1"]);
  });

  it("passes a spatial filter to the server as bbox", async () => {
    const output = path.join(workDir, "divisions-in-bbox.geojson");
    const [west, south, east, north] = [112.8, 35.45, 112.9, 35.55];
    await run("ogr2ogr", ["-f", "GeoJSON", output, service, "divisions", "-spat", ...[west, south, east, north].map(String), "-oo", `PAGE_SIZE=${PAGE_SIZE}`], {
      timeout: 60_000,
    });
    const downloaded = JSON.parse(fs.readFileSync(output, "utf8")) as { features: { properties: { code: string } }[] };
    const expected = await app.db.sql<{ code: string }[]>`
      select code from divisions
      where level in ('county', 'township') and ST_Intersects(geom, ST_MakeEnvelope(${west}, ${south}, ${east}, ${north}, 4326))
      order by code`;
    expect(downloaded.features.map((feature) => feature.properties.code).sort()).toEqual(expected.map((row) => row.code));
    expect(expected.length).toBeGreaterThan(0);
  });
});
