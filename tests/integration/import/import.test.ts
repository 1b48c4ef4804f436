import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { MultiPolygon, Polygon } from "geojson";
import type { Config } from "../../../server/src/config.ts";
import { openDatabase, type Sql } from "../../../server/src/db/database.ts";
import { wgs84ToBd09 } from "../../../server/src/geo/bd09.ts";
import { convertPolygonGeometry, gcj02ToWgs84, wgs84ToGcj02 } from "../../../server/src/geo/gcj02.ts";
import { ImportError, importBoundaries } from "../../../server/src/import/import-boundaries.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { freshDatabaseConfig, useFreshDatabase } from "../../helpers/databases.ts";
import { requireReferenceData } from "../../helpers/reference-data.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const referenceFolder = requireReferenceData("import of the Jincheng reference folder");

type Ring = number[][];
const square = (west: number, south: number, size = 0.02): Ring[] => [
  [[west, south], [west + size, south], [west + size, south + size], [west, south + size], [west, south]],
];
// Two triangles meeting at (112.83, 35.485): the classic self-intersecting "bow tie" ring.
const BOW_TIE: Ring[] = [[[112.8, 35.45], [112.86, 35.52], [112.86, 35.45], [112.8, 35.52], [112.8, 35.45]]];

function feature(properties: Record<string, unknown>, coordinates: Ring[]): unknown {
  return { type: "Feature", properties, geometry: { type: "Polygon", coordinates } };
}
function collection(features: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ type: "FeatureCollection", ...extra, features });
}

const CSV_HEADER = "code9,code12,name,kind,county_code,county_name,city_code,villages_cun,communities_ju,seat_lon_wgs84,seat_lat_wgs84";

/** Each bad input, the file(s) that carry it, and what the message must say. */
const BAD_INPUTS: { case: string; files: Record<string, string>; target?: string; options?: { repair?: boolean }; message: RegExp }[] = [
  { case: "invalid JSON", files: { "broken.geojson": '{"type": "FeatureCollection",\n "features": [\n  {"type": "Feature" "properties": {}}]}' }, message: /broken\.geojson: invalid JSON at line 3, column \d+/ },
  {
    case: "invalid GeoJSON",
    files: { "open-ring.geojson": collection([feature({ code: "140502001", name: "东街街道" }, [[[112.8, 35.4], [112.9, 35.4], [112.9, 35.5]]])]) },
    message: /open-ring\.geojson: invalid GeoJSON[\s\S]*feature 1 东街街道: .*first and last positions must be equivalent/,
  },
  {
    case: "a self-intersecting ring",
    files: { "bow-tie.geojson": collection([feature({ code: "140502001", name: "东街街道" }, BOW_TIE)]) },
    message: /bow-tie\.geojson feature 1 东街街道 \(140502001\): Self-intersection at POINT\(112\.83 35\.485\)[\s\S]*/,
  },
  {
    case: "a self-intersecting ring after a valid polygon written earlier in the same transaction",
    files: {
      "good-then-bad.geojson": collection([
        feature({ code: "140502002", name: "西街街道" }, square(112.8, 35.48)),
        feature({ code: "140502001", name: "东街街道" }, BOW_TIE),
      ]),
    },
    message: /feature 2 东街街道 \(140502001\): Self-intersection/,
  },
  {
    case: "a good file and a bad file in one folder",
    files: {
      "a-good.geojson": collection([feature({ code: "140502003" }, square(112.82, 35.47))]),
      "b-bad.geojson": collection([feature({ code: "140502001" }, BOW_TIE)]),
    },
    target: ".",
    message: /b-bad\.geojson feature 1 \(140502001\): Self-intersection/,
  },
  {
    case: "a boundary drawn twice a tenth of a metre apart, even with --repair (the overlap would be a hole)",
    files: {
      "twice.geojson": JSON.stringify({
        type: "FeatureCollection",
        features: [{ type: "Feature", properties: { code: "140502001" }, geometry: { type: "MultiPolygon", coordinates: [square(112.84, 35.49), square(112.840001, 35.490001)] } }],
      }),
    },
    options: { repair: true },
    message: /twice\.geojson feature 1 \(140502001\): Self-intersection at POINT\([\d. ]+\), and ST_MakeValid would keep only 0\.0\d of the 4\.\d\d km² its outer rings cover: parts of it overlap/,
  },
  {
    case: "metres of no coordinate system the import knows",
    files: { "metres.geojson": collection([feature({ code: "140502001" }, [[[50_000_000, 50], [50_000_100, 50], [50_000_100, 150], [50_000_000, 50]]])]) },
    message: /metres\.geojson: 1 problem:[\s\S]*neither longitude\/latitude degrees nor metres of a system the import knows[\s\S]*--coordinates/,
  },
  {
    case: "a crs member naming a system the import does not convert",
    files: { "xian.geojson": collection([feature({ code: "140502001" }, square(112.8, 35.45))], { crs: { type: "name", properties: { name: "EPSG:2383" } } }) },
    message: /xian\.geojson: declares the coordinate system EPSG:2383, which the import does not convert[\s\S]*ogr2ogr/,
  },
  { case: "a broken zip", files: { "broken.zip": "PK\u0003\u0004 not really a zip" }, message: /broken\.zip: not a readable zip archive/ },
  {
    case: "swapped latitude and longitude",
    files: { "swapped.geojson": collection([feature({ code: "140502001" }, [[[35.45, 112.8], [35.45, 112.86], [35.52, 112.86], [35.45, 112.8]]])]) },
    message: /swapped\.geojson: 1 problem:[\s\S]*feature 1: latitude and longitude look swapped/,
  },
  {
    case: "geometry far outside Jincheng",
    files: { "beijing.geojson": collection([feature({ code: "140502001" }, square(116.3, 39.9))]) },
    message: /beijing\.geojson: 1 problem:[\s\S]*feature 1: lies far outside Jincheng/,
  },
  {
    case: "codes and names that match nothing",
    files: {
      "unknown.geojson": collection([
        feature({ code: "140502001" }, square(112.84, 35.49)),
        feature({ code: "140502999", name: "不存在街道" }, square(112.8, 35.45)),
        feature({ name: "东街街道", county_name: "高平市" }, square(112.8, 35.45)),
      ]),
    },
    message: /2 records match no division[\s\S]*feature 2 不存在街道 \(140502999\): no division has the code 140502999 and no division is named 不存在街道[\s\S]*feature 3 东街街道: no division is named 东街街道 in 高平市/,
  },
  {
    case: "a polygon matched to a village",
    files: { "village.geojson": collection([feature({ code12: "140502001001" }, square(112.84, 35.49))]) },
    message: /village\.geojson feature 1 \(140502001001\): matches the village 140502001001 .*villages have no boundaries/,
  },
  { case: "an empty file", files: { "empty.geojson": "" }, message: /empty\.geojson: the file is empty/ },
  { case: "an unsupported extension", files: { "counties.gpkg": "binary" }, message: /counties\.gpkg: unsupported file type "\.gpkg"/ },
  { case: "a missing path", files: {}, target: "missing.geojson", message: /missing\.geojson: no such file or folder/ },
  { case: "a CSV without the seat columns", files: { "list.csv": "code9,name\n140502001,东街街道\n" }, message: /list\.csv: missing columns seat_lon_wgs84, seat_lat_wgs84/ },
  {
    case: "a CSV with a bad number and a bad code",
    files: { "seats.csv": `${CSV_HEADER}\n14050200x,140502001000,东街街道,街道,140502,城区,140500,0,11,112.84,north\n` },
    message: /seats\.csv: 1 problem:[\s\S]*line 2 东街街道: code9 "14050200x" is not 9 digits; seat_lat_wgs84 "north" is not a number/,
  },
];

/** What a failed import must leave exactly as it was: every division's geometry, provenance and seat, and the audit log. */
async function fingerprint(sql: Sql): Promise<{ divisions: string; auditEntries: number; withGeometry: number }> {
  const [row] = await sql<{ divisions: string; auditEntries: number; withGeometry: number }[]>`
    select md5(string_agg(concat_ws('|', code, md5(ST_AsBinary(geom)), provenance, geom_source, md5(ST_AsBinary(seat)), seat_source), ',' order by code)) as divisions,
           (select count(*)::int from audit_log) as audit_entries,
           count(geom)::int as with_geometry
    from divisions`;
  return row!;
}

function writeFixtures(folder: string, files: Record<string, string>): void {
  fs.mkdirSync(folder, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(folder, name), text);
}

function runCli(args: string[], config: Config): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, DATA_DIR: config.dataDir, DATABASE_URL: config.databaseUrl ?? "", LOG_LEVEL: "silent" };
  return new Promise((resolve) => {
    execFile("npx", ["tsx", "scripts/import.ts", ...args], { cwd: ROOT, env, timeout: 180_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe.each(enabledBackends())("npm run import on %s", (backend) => {
  let sql: Sql;
  let fixtures: string;
  useFreshDatabase(backend, ({ database }) => {
    sql = database.sql;
    fixtures = fs.mkdtempSync(path.join(os.tmpdir(), `planner-atlas-import-${backend}-`));
  });
  afterAll(async () => {
    if (fixtures) fs.rmSync(fixtures, { recursive: true, force: true });
  });

  it.runIf(referenceFolder)("imports the reference folder: 6 county polygons, 75 approximate township areas and 75 seats", async () => {
    const [last] = await sql<{ id: number }[]>`select coalesce(max(id), 0)::int as id from audit_log`;
    const progress: string[] = [];
    const report = await importBoundaries(sql, referenceFolder!, { log: (line) => progress.push(line) });

    expect(report).toMatchObject({
      imported: 156,
      boundaries: 81,
      boundariesByLevel: { county: 6, township: 75 },
      seats: 75,
      matched: { byCode: 156, byName: 0 },
      unmatched: [],
      repaired: [],
    });
    expect(report.files.map((file) => file.name)).toEqual(["counties.geojson", "townships-approx.geojson", "townships.csv"]);
    expect(report.ignored).toEqual(expect.arrayContaining(["reference/ (sub-folders are not read)"]));
    expect(report.skipped.map((note) => `${note.record}: ${note.reason}`)).toEqual([
      "line 8 开发区街道 (140502009): no seat coordinates",
      "line 66 南城街道 (140581003): no seat coordinates",
    ]);
    expect(progress).toContain("townships-approx.geojson: 75 features, 75 to import");
    expect(progress).toContain("  features 75/75");

    const rows = await sql<{ level: string; provenance: string | null; polygons: number; seats: number; fromFile: number }[]>`
      select level, provenance, count(geom)::int as polygons, count(seat)::int as seats,
             count(*) filter (where geom_source like 'counties.geojson: github.com/GaryBikini%; imported 20%'
                                 or geom_source like 'townships-approx.geojson: Voronoi cell%; imported 20%')::int as from_file
      from divisions where level in ('county', 'township')
      group by level, provenance order by level, provenance`;
    expect(rows).toEqual([
      { level: "county", provenance: "imported", polygons: 6, seats: 0, fromFile: 6 },
      { level: "township", provenance: "approximate", polygons: 75, seats: 75, fromFile: 75 },
      { level: "township", provenance: null, polygons: 0, seats: 0, fromFile: 0 },
    ]);
    // One audit entry per update: a boundary for each county and township, a seat for 75 townships.
    const [audit] = await sql<{ entries: number; actors: string[] }[]>`
      select count(*)::int as entries, array_agg(distinct actor) as actors from audit_log where id > ${last!.id}`;
    expect(audit).toEqual({ entries: 156, actors: ["cli:import"] });
  });

  it.runIf(referenceFolder)("importing the same folder again changes nothing", async () => {
    const before = await fingerprint(sql);
    const report = await importBoundaries(sql, referenceFolder!);
    expect(report).toMatchObject({ imported: 156, unchanged: 156 });
    expect(await fingerprint(sql)).toEqual(before);
  });

  it.each(BAD_INPUTS)("refuses $case and leaves the database unchanged", async ({ case: name, files, target, options, message }) => {
    const folder = path.join(fixtures, name.replace(/[^a-z0-9]+/gi, "-"));
    writeFixtures(folder, files);
    const inputPath = path.join(folder, target ?? Object.keys(files)[0]!);
    const before = await fingerprint(sql);
    const failure = await importBoundaries(sql, inputPath, options).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ImportError);
    expect((failure as ImportError).message).toMatch(message);
    expect(await fingerprint(sql)).toEqual(before);
  });

  it("repairs a self-intersecting ring with ST_MakeValid when asked, and reports it", async () => {
    const folder = path.join(fixtures, "repair");
    writeFixtures(folder, { "bow-tie.geojson": collection([feature({ code: "140502004", name: "北街街道" }, BOW_TIE)]) });
    const report = await importBoundaries(sql, path.join(folder, "bow-tie.geojson"), { repair: true });
    expect(report.repaired).toEqual([
      {
        file: "bow-tie.geojson",
        record: "feature 1 北街街道 (140502004)",
        reason: expect.stringMatching(/^Self-intersection at POINT\(112\.83 35\.485\); repaired: 2 polygons, 21\.1 km²$/),
      },
    ]);
    const [row] = await sql<{ type: string; valid: boolean; parts: number; provenance: string }[]>`
      select GeometryType(geom) as type, ST_IsValid(geom) as valid, ST_NumGeometries(geom) as parts, provenance
      from divisions where code = '140502004'`;
    expect(row).toEqual({ type: "MULTIPOLYGON", valid: true, parts: 2, provenance: "imported" });
  });

  it("repairs a county outline drawn twice, once through a GCJ-02 round trip, into that outline on this backend too", async () => {
    // Two parts less than 1e-9° apart: ST_MakeValid without the grid of repair_polygons returns no row on the
    // embedded database's PostGIS, which the import then took for a missing division.
    const [stored] = await sql<{ geometry: string; km2: number }[]>`
      select ST_AsGeoJSON(geom, 15) as geometry, ST_Area(geom::geography) / 1e6 as km2 from divisions where code = '140525'`;
    const outline = JSON.parse(stored!.geometry) as MultiPolygon;
    const roundTrip = convertPolygonGeometry(convertPolygonGeometry(outline, wgs84ToGcj02), gcj02ToWgs84);
    const folder = path.join(fixtures, "county-twice");
    writeFixtures(folder, {
      "zezhou.geojson": JSON.stringify({
        type: "FeatureCollection",
        features: [{ type: "Feature", properties: { code: "140525" }, geometry: { type: "MultiPolygon", coordinates: [...outline.coordinates, ...roundTrip.coordinates] } }],
      }),
    });
    const report = await importBoundaries(sql, path.join(folder, "zezhou.geojson"), { repair: true });
    expect(report.repaired).toEqual([{ file: "zezhou.geojson", record: "feature 1 (140525)", reason: expect.stringMatching(/^Self-intersection at .*; repaired: 1 polygon, [\d.]+ km²$/) }]);
    const [row] = await sql<{ valid: boolean; km2: number; apart: number }[]>`
      select ST_IsValid(geom) as valid, ST_Area(geom::geography) / 1e6 as km2,
             ST_HausdorffDistance(geom, ST_SetSRID(ST_GeomFromGeoJSON(${stored!.geometry}), 4326)) as apart
      from divisions where code = '140525'`;
    expect(row!.valid).toBe(true);
    expect(row!.km2).toBeCloseTo(stored!.km2, 3);
    expect(row!.apart).toBeLessThan(1e-8);
  });

  it.runIf(referenceFolder)("names the record and a way out when PostGIS fails on a boundary of slivers, and leaves the database as it was", async () => {
    // 沁水县 drawn twice 1e-9° apart and put through the even-odd repair: 46 slivers, ~30 m² in all, a valid
    // MultiPolygon. Computing its zoom-5 tile outline in the trigger fails inside GEOS on the embedded database,
    // which reports only "control reached end of trigger procedure without RETURN"; native PostGIS stores it.
    const counties = JSON.parse(fs.readFileSync(path.join(referenceFolder!, "counties.geojson"), "utf8")) as { features: { properties: { adcode: number | string }; geometry: Polygon }[] };
    const qinshui = counties.features.find((county) => String(county.properties.adcode) === "140521")!;
    const shifted = qinshui.geometry.coordinates.map((ring) => ring.map(([lon, lat]) => [lon! + 1e-9, lat!]));
    const doubled = JSON.stringify({ type: "MultiPolygon", coordinates: [qinshui.geometry.coordinates, shifted] });
    const [slivers] = await sql<{ geometry: string; valid: boolean; parts: number }[]>`
      select ST_AsGeoJSON(geom, 15) as geometry, ST_IsValid(geom) as valid, ST_NumGeometries(geom) as parts
      from (select repair_polygons(ST_SetSRID(ST_GeomFromGeoJSON(${doubled}::text), 4326)) as geom) as repaired`;
    expect(slivers).toMatchObject({ valid: true, parts: expect.any(Number) });
    const folder = path.join(fixtures, "slivers");
    writeFixtures(folder, { "slivers.geojson": JSON.stringify({ type: "FeatureCollection", features: [{ type: "Feature", properties: { code: "140521" }, geometry: JSON.parse(slivers!.geometry) }] }) });
    const before = await fingerprint(sql);
    const outlineOf140521 = async () => (await sql<{ hash: string }[]>`select md5(ST_AsBinary(geom)) as hash from divisions where code = '140521'`)[0]!.hash;
    const outlineBefore = await outlineOf140521();
    const outcome = await importBoundaries(sql, path.join(folder, "slivers.geojson"), { coordinates: "wgs84" }).catch((error: unknown) => error);
    if (backend === "pglite") {
      expect(outcome).toBeInstanceOf(ImportError);
      expect((outcome as ImportError).message).toMatch(
        /^slivers\.geojson feature 1 \(140521\): the database refused the boundary of 140521 沁水县: control reached end of trigger procedure without RETURN\. The embedded database \(PGlite\) loses what GEOS says[\s\S]*import it into PostgreSQL \(DATABASE_URL\)$/,
      );
      expect(await fingerprint(sql)).toEqual(before);
    } else {
      expect(outcome).toMatchObject({ boundaries: 1, boundariesByLevel: { county: 1 } });
      // The county's outline back as the reference folder has it, for the tests after this one.
      expect(await outlineOf140521()).not.toBe(outlineBefore);
      await importBoundaries(sql, path.join(referenceFolder!, "counties.geojson"));
      expect(await outlineOf140521()).toBe(outlineBefore);
    }
  });

  it("imports what matches and lists the rest when unmatched records are skipped", async () => {
    const folder = path.join(fixtures, "skip-unmatched");
    writeFixtures(folder, {
      "partly.geojson": collection([
        feature({ code: "140502006" }, square(112.86, 35.5)),
        feature({ code: "140599999", name: "不存在街道" }, square(112.8, 35.45)),
      ]),
    });
    const report = await importBoundaries(sql, path.join(folder, "partly.geojson"), { skipUnmatched: true });
    expect(report.imported).toBe(1);
    expect(report.unmatched).toEqual([
      { file: "partly.geojson", record: "feature 2 不存在街道 (140599999)", reason: "no division has the code 140599999 and no division is named 不存在街道" },
    ]);
    const [row] = await sql<{ hasGeometry: boolean }[]>`select geom is not null as has_geometry from divisions where code = '140502006'`;
    expect(row!.hasGeometry).toBe(true);
  });

  it("matches by name within the county, applies --provenance, takes seats from points and records its source", async () => {
    const folder = path.join(fixtures, "by-name");
    writeFixtures(folder, {
      "official.geojson": collection(
        [
          feature({ name: "东城街道", county_name: "高平市", boundary: "approximate" }, square(112.92, 35.79)),
          { type: "Feature", properties: { name: "东城街道", county_code: "140581" }, geometry: { type: "Point", coordinates: [112.93, 35.8] } },
        ],
        { metadata: { source: "bureau survey 2024" } },
      ),
    });
    const now = new Date("2024-05-06T07:08:09Z");
    const report = await importBoundaries(sql, path.join(folder, "official.geojson"), { provenance: "official", now });
    expect(report).toMatchObject({ imported: 2, boundaries: 1, seats: 1, matched: { byCode: 0, byName: 2 } });
    const [row] = await sql<{ provenance: string; geomSource: string; seatSource: string; seat: string }[]>`
      select provenance, geom_source, seat_source, ST_AsText(seat) as seat from divisions where code = '140581002'`;
    expect(row).toEqual({
      provenance: "official",
      geomSource: "official.geojson: bureau survey 2024; imported 2024-05-06T07:08:09Z",
      seatSource: "official.geojson: bureau survey 2024; imported 2024-05-06T07:08:09Z",
      seat: "POINT(112.93 35.8)",
    });
  });

  it.each([
    { system: "gcj02", name: "GCJ-02", offset: wgs84ToGcj02, source: "amap" },
    { system: "bd09", name: "BD-09", offset: wgs84ToBd09, source: "baidu" },
  ] as const)("refuses boundaries that fit the stored outlines as $name, and converts them when told they are $name", async ({ system, name, offset, source }) => {
    // The stored county outlines, moved into the offset system as a Chinese web map would publish them.
    const counties = await sql<{ code: string; name: string; geometry: string }[]>`
      select code, name, ST_AsGeoJSON(geom, 9) as geometry from divisions where level = 'county' and geom is not null order by code`;
    expect(counties.length).toBe(6);
    const folder = path.join(fixtures, system);
    writeFixtures(folder, {
      [`${source}-counties.geojson`]: collection(
        counties.map(({ code, name, geometry }) => ({
          type: "Feature",
          properties: { adcode: code, name },
          geometry: convertPolygonGeometry(JSON.parse(geometry), offset),
        })),
      ),
    });
    const file = path.join(folder, `${source}-counties.geojson`);
    const before = await fingerprint(sql);
    const failure = await importBoundaries(sql, file).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ImportError);
    expect((failure as ImportError).message).toMatch(
      new RegExp(`the boundaries look like ${name}[\\s\\S]*read as WGS84 they leave [\\d.]+ km² outside[\\s\\S]*6 of 6 boundaries fit better as ${name}[\\s\\S]*--coordinates ${system} `),
    );
    expect(await fingerprint(sql)).toEqual(before);

    // Told they are WGS84, the same file is taken as it is (the user has the last word).
    const forced = await importBoundaries(sql, file, { coordinates: "wgs84" });
    expect(forced.coordinates).toEqual({ system: "wgs84", declared: true });
    const [shifted] = await sql<{ metres: number }[]>`
      select max(ST_Distance(ST_Centroid(d.geom)::geography, ST_Centroid(ST_GeomFromGeoJSON(c.geometry)::geography))) as metres
      from divisions as d join json_to_recordset(${JSON.stringify(counties)}::text::json) as c(code text, geometry text) on c.code = d.code`;
    expect(shifted!.metres).toBeGreaterThan(300);

    // Told their system, they land back where they were, to well under a millimetre.
    const converted = await importBoundaries(sql, file, { coordinates: system });
    expect(converted).toMatchObject({ boundaries: 6, coordinates: { system, declared: true } });
    const [back] = await sql<{ degrees: number }[]>`
      select max(ST_HausdorffDistance(d.geom, ST_SetSRID(ST_GeomFromGeoJSON(c.geometry), 4326))) as degrees
      from divisions as d join json_to_recordset(${JSON.stringify(counties)}::text::json) as c(code text, geometry text) on c.code = d.code`;
    expect(back!.degrees).toBeLessThan(1e-8);

    // The original outlines again, unconverted: checked, and found to fit as WGS84.
    writeFixtures(folder, {
      "counties.geojson": collection(counties.map(({ code, name, geometry }) => ({ type: "Feature", properties: { adcode: code, name }, geometry: JSON.parse(geometry) }))),
    });
    const checked = await importBoundaries(sql, path.join(folder, "counties.geojson"));
    expect(checked.coordinates).toMatchObject({ system: "wgs84", declared: false, check: { likely: null, informative: 6, favouring: 0 } });
  });

  it("the command exits 1 with the problem and leaves the database unchanged; a usage error exits 2", async () => {
    const folder = path.join(fixtures, "cli");
    writeFixtures(folder, { "bow-tie.geojson": collection([feature({ code: "140502001", name: "东街街道" }, BOW_TIE)]) });
    const { config, cleanup } = await freshDatabaseConfig(backend);
    try {
      const fingerprintOf = async () => {
        const database = await openDatabase(config);
        try {
          return await fingerprint(database.sql);
        } finally {
          await database.close();
        }
      };
      const before = await fingerprintOf();
      const result = await runCli([path.join(folder, "bow-tie.geojson")], config);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain("bow-tie.geojson feature 1 东街街道 (140502001): Self-intersection at POINT(112.83 35.485)");
      expect(result.stderr).toContain("nothing was imported: the database is unchanged");
      expect(result.stdout).toContain("bow-tie.geojson: 1 feature, 1 to import");
      expect(await fingerprintOf()).toEqual(before);

      const usage = await runCli(["--provenance", "guessed", path.join(folder, "bow-tie.geojson")], config);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain("--provenance must be one of official, approximate, imported");
      const coordinates = await runCli(["--coordinates", "beijing54", path.join(folder, "bow-tie.geojson")], config);
      expect(coordinates.code).toBe(2);
      expect(coordinates.stderr).toContain('--coordinates must be wgs84, cgcs2000, gcj02, bd09 or epsg:<code>');
      expect(coordinates.stderr).toContain('(got "beijing54")');
    } finally {
      await cleanup();
    }
  });
});
