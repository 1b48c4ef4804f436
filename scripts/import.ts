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
import { PROVENANCES, readInput, type Provenance } from "../server/src/import/read-input.ts";

const EXIT_OK = 0;
const EXIT_BAD_INPUT = 1;
const EXIT_USAGE = 2;

const SHORT_USAGE =
  "Usage: npm run import -- <file or folder> [--provenance official|approximate|imported] [--coordinates wgs84|gcj02|bd09] [--repair] [--skip-unmatched] (--help for more)";
const USAGE = `Usage: npm run import -- <file or folder> [options]

Loads division boundaries (GeoJSON polygons) and seats (GeoJSON points, or the seat columns of a township CSV laid
out like townships.csv) into the database: PostgreSQL + PostGIS when DATABASE_URL is set, else the embedded
database under DATA_DIR (default .data; stop the server first). A folder means every .geojson, .json and .csv file
at its top level. Records are matched to divisions by code (code, adcode, code9, code12, gb, xzqdm) or else by
exact name within their county (county_code, county_name). Coordinates are longitude/latitude in WGS84 (or
CGCS2000, the same at this scale), or in GCJ-02 or BD-09 with --coordinates gcj02|bd09. All or nothing: any
problem leaves the database as it was.

Options:
  --provenance <official|approximate|imported>
                      provenance of every boundary (default: the feature's boundary or provenance property,
                      else imported)
  --coordinates <wgs84|gcj02|bd09>
                      the input's coordinates; gcj02 (Amap, Tencent, DataV and other Chinese web maps) and
                      bd09 (Baidu Maps) are converted to WGS84. Without it the boundaries are compared with
                      the outlines already stored, and an import that fits clearly better read as GCJ-02 or
                      BD-09 is refused
  --repair            repair invalid polygons with ST_MakeValid instead of refusing them (even-odd rule: a
                      part inside another is a hole; a repair keeping under half the area is refused)
  --skip-unmatched    import what matches and list the records that match no division
  -h, --help          show this help

Exit status: 0 imported, 1 bad input or failed import (nothing changed), 2 usage or configuration error.`;

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function printNotes(title: string, notes: RecordNote[]): void {
  console.log(`${title} ${notes.length}${notes.length ? ":" : ""}`);
  for (const note of notes) console.log(`  ${note.file} ${note.record}: ${note.reason}`);
}

function printReport(report: ImportReport): void {
  const levels = Object.entries(report.boundariesByLevel).map(([level, count]) => `${level} ${count}`).join(", ");
  console.log("");
  console.log(
    `imported ${report.imported}: ${plural(report.boundaries, "boundary", "boundaries")}${levels ? ` (${levels})` : ""}, ` +
      `${plural(report.seats, "seat", "seats")}; ${report.unchanged} already up to date`,
  );
  const { coordinates } = report;
  const check = coordinates.check;
  console.log(
    `coordinates ${coordinates.system === "wgs84" ? "WGS84" : `${SYSTEM_NAMES[coordinates.system]}, converted to WGS84`}` +
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
  if (values.coordinates !== undefined && !COORDINATE_SYSTEMS.includes(values.coordinates as CoordinateSystem)) {
    console.error(`import: --coordinates must be one of ${COORDINATE_SYSTEMS.join(", ")} (got "${values.coordinates}")`);
    return EXIT_USAGE;
  }
  const config = loadCommandConfig("import");
  if (!config) return EXIT_USAGE;

  const inputPath = positionals[0]!;
  const input = readInput(inputPath);
  if (!input.ok) {
    console.error(`import: ${input.reason}\nnothing was imported`);
    return EXIT_BAD_INPUT;
  }
  console.log(`import: ${inputPath}: ${input.value.files.map((file) => file.name).join(", ")}`);
  if (input.value.ignored.length > 0) console.log(`ignored: ${input.value.ignored.join(", ")}`);
  console.log(describeDatabase(config));

  let database: Database | undefined;
  try {
    database = await openDatabase(config);
    await setupDatabase(database.sql, { demo: config.demoData, log: (line) => console.log(line) });
    const report = await importInput(database.sql, input.value, {
      ...(values.provenance ? { provenance: values.provenance as Provenance } : {}),
      ...(values.coordinates ? { coordinates: values.coordinates as CoordinateSystem } : {}),
      repair: values.repair,
      skipUnmatched: values["skip-unmatched"],
      log: (line) => console.log(line),
    });
    printReport(report);
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
