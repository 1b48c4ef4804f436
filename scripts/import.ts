/**
 * npm run import -- <file or folder> — loads boundaries and seats into the database chosen by the configuration.
 * The input is read and checked before the database is opened, so bad files fail fast; the import itself is one
 * transaction. Exit status: 0 imported, 1 bad input or failed import (database unchanged), 2 usage or configuration.
 */
import { describeDatabase, loadCommandConfig, parseCommandLine } from "./command-config.ts";
import { openDatabase, type Database } from "../server/src/db/database.ts";
import { setupDatabase } from "../server/src/setup.ts";
import { ImportError, importInput, type ImportReport } from "../server/src/import/import-boundaries.ts";
import type { RecordNote } from "../server/src/import/match-divisions.ts";
import { COORDINATE_SYSTEMS, SYSTEM_NAMES, type CoordinateSystem } from "../server/src/import/coordinate-system.ts";
import { parseCoordinatesOption, type CoordinatesChoice } from "../server/src/import/read-coordinates.ts";
import { PROVENANCES, readInput, type InputFile, type Provenance } from "../server/src/import/read-input.ts";

const EXIT_OK = 0;
const EXIT_BAD_INPUT = 1;
const EXIT_USAGE = 2;

const SHORT_USAGE =
  "Usage: npm run import -- <file or folder> [--provenance official|approximate|imported] [--coordinates wgs84|cgcs2000|gcj02|bd09|epsg:<code>] [--repair] [--skip-unmatched] (--help for more)";
const USAGE = `Usage: npm run import -- <file or folder> [options]

Loads division boundaries (polygons) and seats (points) into the database: PostgreSQL + PostGIS when DATABASE_URL
is set, else the embedded database under DATA_DIR (default .data; stop the server first). A folder means every
file of these formats at its top level:
  .geojson .json   GeoJSON FeatureCollection or Feature (a crs member names its coordinate system)
  .zip             zipped Shapefile: .shp + .dbf (+ .shx, .prj, .cpg); each .shp in the zip is a layer; the
                   .dbf's encoding from the .cpg, else detected (UTF-8 or GBK)
  .kml .kmz        KML placemarks (name and ExtendedData); KMZ is zipped KML
  .csv             a WKT column (wkt, geometry, geom), or lon/lat columns (lon, lng, longitude, x, 经度 /
                   lat, latitude, y, 纬度), or the layout of townships.csv (seat_lon_wgs84, seat_lat_wgs84)
Records are matched to divisions by code (code, adcode, code9, code12, gb, xzqdm) or else by exact name within
their county (county_code, county_name). All or nothing: any problem leaves the database as it was.

Coordinate systems, converted to WGS84: WGS84 (EPSG:4326), CGCS2000 (EPSG:4490), CGCS2000 3-degree Gauss-Kruger
metres with the zone number in the easting (EPSG:4513-4533, e.g. 4525 zone 37, 4526 zone 38) or without it
(EPSG:4534-4554, e.g. 4546 CM 111E, 4547 CM 114E), Web Mercator (EPSG:3857), GCJ-02 and BD-09. A file's system
comes from --coordinates, else its .prj or crs member, else its numbers (8-digit eastings: the zone from their
first two digits; 6-digit eastings: the central meridian, 111E or 114E, that puts them over Jincheng; Web
Mercator metres), else WGS84 is assumed; the report says which and how.

Options:
  --provenance <official|approximate|imported>
                      provenance of every boundary (default: the feature's boundary or provenance property,
                      else imported)
  --coordinates <wgs84|cgcs2000|gcj02|bd09|epsg:<code>>
                      the input's coordinate system, over what the files say; gcj02 (Amap, Tencent, DataV and
                      other Chinese web maps) and bd09 (Baidu Maps) are converted to WGS84. Without it, degree
                      boundaries are also compared with the outlines already stored, and an import that fits
                      clearly better read as GCJ-02 or BD-09 is refused
  --repair            repair invalid polygons with ST_MakeValid instead of refusing them (even-odd rule: a
                      part inside another is a hole; a repair keeping under half the area is refused)
  --skip-unmatched    import what matches and list the records that match no division
  -h, --help          show this help

Exit status: 0 imported, 1 bad input or failed import (nothing changed), 2 usage or configuration error.`;

/** How a file's coordinate system was found, as the report says it. */
const HOW_WORDS: Record<InputFile["coordinates"]["how"], string> = {
  prj: "from the .prj",
  crs: "declared in the file",
  inferred: "inferred from the coordinates",
  given: "as given",
  assumed: "assumed: nothing says otherwise",
};

/** "townships.zip: shapefile, 77 features; EPSG:4547 … (from the .prj), converted to WGS84; .dbf text GBK (detected)" */
function describeFile(file: InputFile): string {
  const unit = file.format === "csv" ? "row" : "feature";
  const converted = /^EPSG:(4326|4490) /.test(file.coordinates.system) ? "" : ", converted to WGS84";
  const encoding = file.encoding ? `; text ${file.encoding.name} (${file.encoding.how === "cpg" ? "from the .cpg" : file.encoding.how === "bom" ? "byte order mark" : "detected"})` : "";
  return `  ${file.name}: ${file.format}, ${plural(file.records.length, unit, `${unit}s`)}; ${file.coordinates.system} (${HOW_WORDS[file.coordinates.how]})${converted}${encoding}`;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function printNotes(title: string, notes: RecordNote[]): void {
  console.log(`${title} ${notes.length}${notes.length ? ":" : ""}`);
  for (const note of notes) console.log(`  ${note.file} ${note.record}: ${note.reason}`);
}

function printReport(report: ImportReport, choice: CoordinatesChoice | undefined): void {
  const levels = Object.entries(report.boundariesByLevel).map(([level, count]) => `${level} ${count}`).join(", ");
  console.log("");
  console.log(
    `imported ${report.imported}: ${plural(report.boundaries, "boundary", "boundaries")}${levels ? ` (${levels})` : ""}, ` +
      `${plural(report.seats, "seat", "seats")}; ${report.unchanged} already up to date`,
  );
  const { coordinates } = report;
  const check = coordinates.check;
  // A system with an EPSG code was converted by the reader; the import itself saw WGS84.
  const given = choice && "system" in choice ? choice.system.label : undefined;
  console.log(
    `coordinates ${given ?? (coordinates.system === "wgs84" ? "WGS84" : `${SYSTEM_NAMES[coordinates.system]}, converted to WGS84`)}` +
      (coordinates.declared
        ? " (as given)"
        : check && check.informative > 0
          ? ` (checked: ${check.informative} boundaries against the stored outlines, km² outside them as ` +
            COORDINATE_SYSTEMS.map((system) => `${SYSTEM_NAMES[system]} ${check.misfitKm2[system].toFixed(2)}`).join(", ") +
            ")"
          : " (checked: no boundary near enough to a stored outline to tell)"),
  );
  console.log(`matched ${report.matched.byCode + report.matched.byName}: ${report.matched.byCode} by code, ${report.matched.byName} by name`);
  printNotes("unmatched", report.unmatched);
  printNotes("repaired", report.repaired);
  printNotes("skipped", report.skipped);
  if (report.warnings.length > 0) {
    console.log(`warnings ${report.warnings.length}:`);
    for (const warning of report.warnings) console.log(`  ${warning}`);
  }
}

/** What the import is told of coordinates the reader has read: GCJ-02 and BD-09 it converts; the rest are WGS84 by now. */
function importedAs(choice: CoordinatesChoice): CoordinateSystem {
  return "offset" in choice ? choice.offset : "wgs84";
}

async function main(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(
    "import",
    {
      args: argv,
      allowPositionals: true,
      options: {
        provenance: { type: "string" },
        coordinates: { type: "string" },
        repair: { type: "boolean", default: false },
        "skip-unmatched": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    },
    USAGE,
    { positionals: { count: 1, what: "file or folder" }, shortUsage: SHORT_USAGE },
  );
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;
  if (values.provenance !== undefined && !PROVENANCES.includes(values.provenance as Provenance)) {
    console.error(`import: --provenance must be one of ${PROVENANCES.join(", ")} (got "${values.provenance}")`);
    return EXIT_USAGE;
  }
  const choice = values.coordinates === undefined ? undefined : parseCoordinatesOption(values.coordinates);
  if (choice && !choice.ok) {
    console.error(`import: ${choice.reason}`);
    return EXIT_USAGE;
  }
  const config = loadCommandConfig("import");
  if (!config) return EXIT_USAGE;

  const inputPath = positionals[0]!;
  const coordinates = choice?.value;
  const input = await readInput(inputPath, coordinates ? { coordinates } : {});
  if (!input.ok) {
    console.error(`import: ${input.reason}\nnothing was imported`);
    return EXIT_BAD_INPUT;
  }
  console.log(`import: ${inputPath}:`);
  for (const file of input.value.files) console.log(describeFile(file));
  if (input.value.ignored.length > 0) console.log(`ignored: ${input.value.ignored.join(", ")}`);
  console.log(describeDatabase(config));

  let database: Database | undefined;
  try {
    database = await openDatabase(config);
    await setupDatabase(database.sql, { demo: config.demoData, log: (line) => console.log(line) });
    const report = await importInput(database.sql, input.value, {
      ...(values.provenance ? { provenance: values.provenance as Provenance } : {}),
      ...(coordinates ? { coordinates: importedAs(coordinates) } : {}),
      repair: values.repair,
      skipUnmatched: values["skip-unmatched"],
      log: (line) => console.log(line),
    });
    printReport(report, coordinates);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof ImportError) {
      console.error(`import: ${error.message}\nnothing was imported: the database is unchanged`);
    } else {
      console.error(`import failed: ${error instanceof Error ? error.message : String(error)}\nnothing was imported`);
    }
    return EXIT_BAD_INPUT;
  } finally {
    await database?.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
