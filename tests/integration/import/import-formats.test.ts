import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import type { Config } from "../../../server/src/config.ts";
import { openDatabase, type Sql } from "../../../server/src/db/database.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { freshDatabaseConfig } from "../../helpers/databases.ts";
import { runCommand } from "../../helpers/run-command.ts";
import { useTemporaryFolder } from "../../helpers/temporary-folder.ts";

/** A square of 0.02° around Jincheng city hall (112.8513 E, 35.4906 N), the boundary of 东街街道 to be, in WGS84. */
const SQUARE = {
  type: "Polygon",
  coordinates: [[[112.8413, 35.4806], [112.8613, 35.4806], [112.8613, 35.5006], [112.8413, 35.5006], [112.8413, 35.4806]]],
};
const WGS84_PRJ = 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

const folder = useTemporaryFolder("planner-atlas-import-formats-");

/**
 * The square as a zipped Shapefile written by GDAL in CGCS2000 Gauss-Kruger zone 38 (EPSG:4526, the zone number in
 * the easting), its .dbf in GBK; `replace` swaps a part's content, `drop` leaves parts out.
 */
async function gaussKrugerZip(name: string, options: { replace?: Record<string, string>; drop?: string[] } = {}): Promise<string> {
  const work = fs.mkdtempSync(path.join(folder.path, "ogr-"));
  const source = path.join(work, "square.geojson");
  fs.writeFileSync(source, JSON.stringify({ type: "FeatureCollection", features: [{ type: "Feature", properties: { code: "140502001", name: "东街街道" }, geometry: SQUARE }] }));
  execFileSync("ogr2ogr", ["-f", "ESRI Shapefile", "-t_srs", "EPSG:4526", "-lco", "ENCODING=GBK", path.join(work, "out"), source, "-nln", "乡镇界"]);
  const zip = new JSZip();
  for (const file of fs.readdirSync(path.join(work, "out"))) {
    const extension = path.extname(file);
    if (!options.drop?.includes(extension)) zip.file(file, options.replace?.[extension] ?? fs.readFileSync(path.join(work, "out", file)));
  }
  const zipPath = path.join(folder.path, name);
  fs.writeFileSync(zipPath, await zip.generateAsync({ type: "uint8array" }));
  return zipPath;
}

async function withDatabase<T>(config: Config, use: (sql: Sql) => Promise<T>): Promise<T> {
  const database = await openDatabase(config);
  try {
    return await use(database.sql);
  } finally {
    await database.close();
  }
}

/** How far the stored boundary of 140502001 is from the square, in metres, and its audit entries. */
async function boundaryState(config: Config): Promise<{ metres: number | null; auditEntries: number }> {
  return withDatabase(config, async (sql) => {
    const [row] = await sql<{ metres: number | null; auditEntries: number }[]>`
      select ST_HausdorffDistance(geom::geography::geometry, ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(SQUARE)}::text), 4326)) * 111320 as metres,
             (select count(*)::int from audit_log) as audit_entries
      from divisions where code = '140502001'`;
    return row!;
  });
}

describe.each(enabledBackends())("npm run import of the bureau's formats on %s", (backend) => {
  it("puts a zipped Gauss-Kruger Shapefile with a GBK .dbf where it belongs, and refuses one whose .prj contradicts its numbers", async () => {
    const { config, cleanup } = await freshDatabaseConfig(backend);
    try {
      const lying = await gaussKrugerZip("lying.zip", { replace: { ".prj": WGS84_PRJ } });
      const before = await boundaryState(config);
      const refused = await runCommand("import", config, [lying]);
      expect(refused.status, refused.stderr).toBe(1);
      expect(refused.stderr).toContain("lying.zip: 乡镇界.prj says EPSG:4326 WGS 84 (longitude/latitude degrees), but the coordinates of 1 of 1 feature are not");
      expect(refused.stderr).toContain("nothing was imported");
      expect(await boundaryState(config)).toEqual(before);

      const zip = await gaussKrugerZip("townships.zip");
      const run = await runCommand("import", config, [zip]);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain(
        "townships.zip: shapefile, 1 feature; EPSG:4526 CGCS2000 / 3-degree Gauss-Kruger zone 38 (from the .prj), converted to WGS84; text GBK (from the .cpg)",
      );
      const after = await boundaryState(config);
      // Within a metre of the square drawn in WGS84, after GDAL's projection and the import's conversion back.
      expect(after.metres).toBeLessThan(1);
      expect(after.auditEntries).toBeGreaterThan(before.auditEntries);

      // The same numbers without .prj or .cpg: the zone read from the eastings, the encoding detected.
      const bare = await gaussKrugerZip("bare.zip", { drop: [".prj", ".cpg"] });
      const inferred = await runCommand("import", config, [bare]);
      expect(inferred.status, inferred.stderr).toBe(0);
      expect(inferred.stdout).toContain("bare.zip: shapefile, 1 feature; EPSG:4526 CGCS2000 / 3-degree Gauss-Kruger zone 38 (inferred from the coordinates), converted to WGS84; text GBK (detected)");
      expect((await boundaryState(config)).metres).toBeLessThan(1);
    } finally {
      await cleanup();
    }
  }, 240_000);
});
