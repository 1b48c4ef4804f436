/**
 * The database half of `npm run import`: writes boundaries and seats read by read-input.ts into divisions, in one
 * transaction attributed to the actor `cli:import` in the audit log. PostGIS judges each polygon (ST_IsValidDetail)
 * before it is written; an invalid one stops the import unless `repair` asks for ST_MakeValid (repair_polygons in
 * sql/functions/geometry), and a repair that keeps less than half the area its outer rings cover is refused. Any
 * problem throws an ImportError after the transaction is rolled back, so the database is either fully updated or
 * untouched.
 *
 * A record whose geometry (and provenance) already equals the stored one is left alone, so importing the same data
 * twice changes nothing and adds nothing to the audit log.
 *
 * Coordinates are WGS84 unless `coordinates` says gcj02 or bd09, when every boundary and seat is converted first.
 * When the caller does not say, the boundaries are compared with the outlines already stored (coordinate-system.ts),
 * and an import that fits clearly better read as GCJ-02 or BD-09 is refused with the figures, before anything is
 * written.
 */
import path from "node:path";
import { transaction, type Sql, type Tx } from "../db/database.ts";
import {
  compareWithStoredOutlines,
  convertInput,
  judgeCoordinateSystem,
  type CoordinateSystem,
  SYSTEM_NAMES,
  type CoordinateVerdict,
  type OffsetSystem,
} from "./coordinate-system.ts";
import { indexDivisions, planImport, type DivisionLevel, type DivisionRef, type PlannedWrite, type RecordNote } from "./match-divisions.ts";
import { describeRecord, readInput, type Input, type InputFile, type Provenance } from "./read-input.ts";

const IMPORT_ACTOR = "cli:import";
/** Progress lines per file: one every this many records, and one at the end. */
const PROGRESS_EVERY = 25;
/**
 * The least share of the area its outer rings cover that a repaired boundary must keep. The repair follows the
 * even-odd rule (sql/functions/geometry/repair_polygons.sql): a part inside another is a hole, as web-map outlines
 * mean it, and a boundary drawn twice is left with nothing, or slivers. Such a repair is refused, not stored.
 */
const MIN_REPAIRED_SHARE = 0.5;

export interface ImportOptions {
  /** Provenance for every boundary, over what the features declare. */
  provenance?: Provenance;
  /** Repair invalid polygons with ST_MakeValid instead of refusing them. */
  repair?: boolean;
  /** Import what matches and list the rest, instead of refusing the whole import. */
  skipUnmatched?: boolean;
  /**
   * The coordinates of the input: wgs84 as they are, gcj02 converted to WGS84 first. Undefined: WGS84, after a check
   * that the boundaries do not fit the stored outlines clearly better read as GCJ-02 (refused if they do).
   */
  coordinates?: CoordinateSystem;
  /** The actor recorded in the audit log; default cli:import. */
  actor?: string;
  /** Receives progress lines as the import goes. */
  log?: (line: string) => void;
  /** The import time written into geom_source and seat_source; default now. */
  now?: Date;
}

export interface ImportReport {
  files: { name: string; format: InputFile["format"]; records: number }[];
  /** What a folder held that was not read. */
  ignored: string[];
  /** Boundaries plus seats accepted, including those already up to date. */
  imported: number;
  boundaries: number;
  boundariesByLevel: Partial<Record<DivisionLevel, number>>;
  seats: number;
  /** Imported records whose division already had exactly that geometry, left unwritten. */
  unchanged: number;
  matched: { byCode: number; byName: number };
  /** Records that matched no division (only when skipUnmatched; otherwise they stop the import). */
  unmatched: RecordNote[];
  repaired: RecordNote[];
  skipped: RecordNote[];
  warnings: string[];
  /** The coordinates the input was read in, whether the caller said so, and the check made when it did not. */
  coordinates: { system: CoordinateSystem; declared: boolean; check?: CoordinateVerdict };
}

/** Bad input found while importing; the transaction was rolled back. `problems` are lines for the user. */
export class ImportError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "ImportError";
  }
}

/** Reads `inputPath` (file or folder) and imports it; throws ImportError for bad input, with the database unchanged. */
export async function importBoundaries(sql: Sql, inputPath: string, options: ImportOptions = {}): Promise<ImportReport> {
  const input = readInput(inputPath);
  if (!input.ok) throw new ImportError([input.reason]);
  return importInput(sql, input.value, options);
}

interface GeometryCheck {
  valid: boolean;
  reason: string | null;
  location: string | null;
  /** The repaired geometry, null unless the geometry is invalid and repair was asked for. */
  repairedParts: number | null;
  repairedKm2: number | null;
  /** What the outer rings cover, holes out and overlaps once (covered_area), as repairedKm2. */
  coveredKm2: number | null;
}

/** Imports input already read; throws ImportError for bad input, with the database unchanged. */
export async function importInput(sql: Sql, given: Input, options: ImportOptions = {}): Promise<ImportReport> {
  const log = options.log ?? (() => {});
  const input = options.coordinates === undefined || options.coordinates === "wgs84" ? given : convertInput(given, options.coordinates);
  const importedAt = (options.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, "Z");
  const report = await transaction(sql, async (tx) => {
    await tx`select set_config('app.actor', ${options.actor ?? IMPORT_ACTOR}, true)`;
    const divisions = await tx<DivisionRef[]>`select code, name, level, parent_code from divisions`;
    const plan = planImport(input, indexDivisions(divisions), options);
    if (plan.problems.length > 0) throw new ImportError(plan.problems);
    let check: CoordinateVerdict | undefined;
    if (options.coordinates === undefined) {
      const boundaries = plan.writes.flatMap((write) => (write.target === "boundary" && write.record.boundary ? [{ code: write.division.code, boundary: write.record.boundary }] : []));
      check = judgeCoordinateSystem(await compareWithStoredOutlines(tx, boundaries));
      if (check.likely) throw new ImportError([offsetRefusal(check, check.likely)]);
    }
    const report: ImportReport = {
      files: input.files.map((file) => ({ name: file.name, format: file.format, records: file.records.length })),
      ignored: input.ignored,
      imported: 0,
      boundaries: 0,
      boundariesByLevel: {},
      seats: 0,
      unchanged: 0,
      matched: { byCode: 0, byName: 0 },
      unmatched: plan.unmatched,
      repaired: [],
      skipped: plan.skipped,
      warnings: plan.warnings,
      coordinates: { system: options.coordinates ?? "wgs84", declared: options.coordinates !== undefined, ...(check ? { check } : {}) },
    };
    const invalid: string[] = [];
    const writeOf = new Map(plan.writes.map((write) => [write.record, write]));
    for (const file of input.files) {
      const writes = plan.writes.filter((write) => write.file === file);
      const unit = file.format === "csv" ? "rows" : "features";
      const count = file.records.length;
      log(`${file.name}: ${count} ${count === 1 ? unit.slice(0, -1) : unit}, ${writes.length} to import`);
      let done = 0;
      for (const record of file.records) {
        const write = writeOf.get(record);
        if (write) {
          const outcome = write.target === "boundary" ? await writeBoundary(tx, write, options, importedAt) : await writeSeat(tx, write, importedAt);
          if (outcome.invalid) {
            invalid.push(outcome.invalid);
          } else {
            report.imported++;
            report.matched[write.by === "code" ? "byCode" : "byName"]++;
            if (outcome.unchanged) report.unchanged++;
            if (outcome.repaired) report.repaired.push({ file: file.name, record: describeRecord(record), reason: outcome.repaired });
            if (write.target === "seat") {
              report.seats++;
            } else {
              report.boundaries++;
              report.boundariesByLevel[write.division.level] = (report.boundariesByLevel[write.division.level] ?? 0) + 1;
            }
          }
        }
        done++;
        if (done % PROGRESS_EVERY === 0 || done === file.records.length) log(`  ${unit} ${done}/${file.records.length}`);
      }
    }
    if (invalid.length > 0) {
      throw new ImportError([
        `${invalid.length} invalid polygon${invalid.length === 1 ? "" : "s"} (fix them, or repair them with ST_MakeValid using --repair):`,
        ...invalid.map((line) => `  ${line}`),
      ]);
    }
    await tx`
      insert into data_loads (name, version, report)
      values (${`import ${path.basename(input.path)}`}, ${importedAt}, ${JSON.stringify(report)}::jsonb)`;
    return report;
  });
  return report as ImportReport;
}

/** Where boundaries in each offset system come from, for the refusal. */
const OFFSET_SOURCES: Record<OffsetSystem, string> = {
  gcj02: "the offset coordinates of Chinese web maps (Amap, Tencent, DataV)",
  bd09: "the offset coordinates of Baidu Maps",
};

function offsetRefusal(check: CoordinateVerdict, system: OffsetSystem): string {
  const name = SYSTEM_NAMES[system];
  return (
    `the boundaries look like ${name}, ${OFFSET_SOURCES[system]}: ` +
    `read as WGS84 they leave ${formatKm2(check.misfitKm2.wgs84)} km² outside the outlines already stored, read as ${name} ${formatKm2(check.misfitKm2[system])} km² ` +
    `(${check.favouring} of ${check.informative} boundaries fit better as ${name}). ` +
    `Import them with --coordinates ${system} to convert them to WGS84, or with --coordinates wgs84 if they are WGS84 after all.`
  );
}

interface WriteOutcome {
  unchanged?: boolean;
  /** Why the geometry needed repair, when it was repaired. */
  repaired?: string;
  /** Why the geometry was refused; nothing was written. */
  invalid?: string;
}

function sourceText(file: InputFile, recordSource: string | undefined, importedAt: string): string {
  const source = file.source ?? recordSource;
  return `${file.name}${source ? `: ${source}` : ""}; imported ${importedAt}`;
}

async function writeBoundary(tx: Tx, write: PlannedWrite, options: ImportOptions, importedAt: string): Promise<WriteOutcome> {
  const { file, record, division } = write;
  const where = `${file.name} ${describeRecord(record)}`;
  const geojson = JSON.stringify(record.boundary);
  const repair = options.repair === true;
  let check: GeometryCheck | undefined;
  try {
    // Judged as it would be stored (polygons only, as one MultiPolygon), so that overlapping members of a
    // collection are caught here and not by the table's validity constraint.
    [check] = await tx<GeometryCheck[]>`
      select (detail).valid, (detail).reason, ST_AsText((detail).location) as location,
             ST_NumGeometries(repaired) as repaired_parts,
             ST_Area(repaired::geography) / 1e6 as repaired_km2,
             case when repaired is not null then covered_area(geom) / 1e6 end as covered_km2
      from (
        select geom, detail, case when ${repair} and not (detail).valid then repair_polygons(geom) end as repaired
        from (
          select geom, ST_IsValidDetail(geom) as detail
          from (select ST_Multi(ST_CollectionExtract(ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(${geojson}::text), 4326)), 3)) as geom) as parsed
        ) as judged
      ) as checked`;
  } catch (error) {
    throw new ImportError([`${where}: PostGIS cannot read the geometry: ${(error as Error).message}`]);
  }
  // The embedded database's PostGIS answers no row at all where GEOS fails inside (native PostGIS recovers or raises).
  if (!check) throw new ImportError([`${where}: ${EMBEDDED_GEOS_FAILURE}`]);
  const problem = `${check.reason ?? "invalid"}${check.location ? ` at ${check.location}` : ""}`;
  if (!check.valid && !repair) return { invalid: `${where}: ${problem}` };
  let repaired: string | undefined;
  if (!check.valid) {
    const parts = check.repairedParts ?? 0;
    const km2 = check.repairedKm2 ?? 0;
    const covered = check.coveredKm2 ?? 0;
    if (parts === 0) return { invalid: `${where}: ${problem}, and ST_MakeValid leaves no polygon of it` };
    if (km2 < MIN_REPAIRED_SHARE * covered) {
      return {
        invalid:
          `${where}: ${problem}, and ST_MakeValid would keep only ${formatKm2(km2)} of the ${formatKm2(covered)} km² its outer rings cover: ` +
          "parts of it overlap (the same outline twice?), and an area covered twice counts as a hole. Remove the repeated parts",
      };
    }
    repaired = `${problem}; repaired: ${parts} polygon${parts === 1 ? "" : "s"}, ${formatKm2(km2)} km²`;
  }
  const provenance = options.provenance ?? record.provenance ?? "imported";
  const geomSource = sourceText(file, record.source, importedAt);
  let written: { changed: number } | undefined;
  try {
    // One row whatever is written, so that a missing row can only mean the embedded PostGIS failed on the way.
    [written] = await tx<{ changed: number }[]>`
      with parsed as (
        select ST_Multi(ST_CollectionExtract(ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(${geojson}::text), 4326)), 3)) as geom
      ), input as (
        select case when ${!check.valid} then repair_polygons(geom) else geom end as geom from parsed
      ), updated as (
        update divisions as d
        set geom = input.geom, provenance = ${provenance}, geom_source = ${geomSource}
        from input
        where d.code = ${division.code}
          and (d.geom is null or not ST_OrderingEquals(d.geom, input.geom) or d.provenance is distinct from ${provenance})
        returning d.code
      )
      select count(*)::int as changed from updated`;
  } catch (error) {
    const message = (error as Error).message;
    const hint = EMBEDDED_GEOS_SYMPTOMS.test(message) ? `. ${EMBEDDED_GEOS_HINT}` : "";
    throw new ImportError([`${where}: the database refused the boundary of ${division.code} ${division.name}: ${message}${hint}`]);
  }
  if (!written) throw new ImportError([`${where}: ${EMBEDDED_GEOS_FAILURE}`]);
  return { unchanged: written.changed === 0, ...(repaired ? { repaired } : {}) };
}

const EMBEDDED_GEOS_HINT =
  "The embedded database (PGlite) loses what GEOS says when it fails on a geometry, where PostgreSQL with PostGIS " +
  "reports it or recovers: check the polygon in a GIS (slivers, repeated or nearly coinciding parts), or import it " +
  "into PostgreSQL (DATABASE_URL)";
/** Why an import stops when the database answered no row where it must answer one. */
const EMBEDDED_GEOS_FAILURE = `the database's PostGIS gave no answer for this geometry. ${EMBEDDED_GEOS_HINT}`;
/**
 * What the embedded database says instead when GEOS fails inside a trigger (the tile columns of the boundary are
 * computed there) or inside a statement postgres.js reads.
 */
const EMBEDDED_GEOS_SYMPTOMS = /control reached end of trigger procedure without RETURN|cursorFn is not a function/;

function formatKm2(km2: number): string {
  return km2.toFixed(km2 < 10 ? 2 : 1);
}

async function writeSeat(tx: Tx, write: PlannedWrite, importedAt: string): Promise<WriteOutcome> {
  const [lon, lat] = write.record.seat!.coordinates;
  const seatSource = sourceText(write.file, write.record.source, importedAt);
  const changed = await tx`
    with input as (select ST_SetSRID(ST_MakePoint(${lon!}::float8, ${lat!}::float8), 4326) as seat)
    update divisions as d
    set seat = input.seat, seat_source = ${seatSource}
    from input
    where d.code = ${write.division.code} and (d.seat is null or not ST_OrderingEquals(d.seat, input.seat))
    returning d.code`;
  return { unchanged: changed.length === 0 };
}
