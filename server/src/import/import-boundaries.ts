/**
 * The database half of every import, one code path for `npm run import` and POST /api/imports:
 * - prepareImport matches the records read by read-input.ts to divisions, checks the coordinate system and has
 *   PostGIS judge each polygon (ST_IsValidDetail), proposing the ST_MakeValid repair of an invalid one with its area
 *   effect (repair_polygons in sql/functions/geometry); it writes nothing and returns the writes, a report of each
 *   record and the problems that forbid the import;
 * - applyImport writes a prepared import inside a transaction attributed to an actor in the audit log, after
 *   checking that no division it writes has changed since it was prepared;
 * - importInput does both in one go (the command line). Any problem throws an ImportError and the database is
 *   either fully updated or untouched.
 *
 * An invalid polygon stops the import unless `repair` asks for ST_MakeValid, and a repair that keeps less than half
 * the area its outer rings cover is refused. A record whose geometry (and provenance) already equals the stored one
 * is left alone, so importing the same data twice changes nothing and adds nothing to the audit log.
 *
 * Coordinates are WGS84 unless `coordinates` says gcj02 or bd09, when every boundary and seat is converted first.
 * When the caller does not say, the boundaries are compared with the outlines already stored (coordinate-system.ts),
 * and an import that fits clearly better read as GCJ-02 or BD-09 is refused with the figures.
 */
import path from "node:path";
import type { Feature, FeatureCollection, Geometry, Point } from "geojson";
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
import { indexDivisions, planImport, type DivisionLevel, type DivisionRef, type RecordNote } from "./match-divisions.ts";
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
/** Preview outlines are simplified to this many degrees (~10 m), enough to see on a map and small to send. */
const PREVIEW_TOLERANCE_DEGREES = 1e-4;
/** Records whose preview outline is simplified in one statement. */
const PREVIEW_BATCH = 500;

/** The options that decide what an import writes; a pending import keeps them. */
export interface ImportChoices {
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
}

export interface ImportOptions extends ImportChoices {
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

/** Bad input found while importing; nothing was written. `problems` are lines for the user. */
export class ImportError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "ImportError";
  }
}

/** A prepared import that divisions changed since it was prepared would overwrite; nothing was written. */
export class ImportOutdatedError extends ImportError {
  constructor(problems: string[]) {
    super(problems);
    this.name = "ImportOutdatedError";
  }
}

/** What ST_MakeValid (even-odd rule, repair_polygons) makes of an invalid polygon, and whether the import applies it. */
interface RepairProposal {
  /** What is wrong, as ST_IsValidDetail says: reason and location. */
  problem: string;
  /** Polygons and km² left after the repair (0 when none is left). */
  parts: number;
  km2: number;
  /** km² the outer rings cover, holes taken out and overlaps counted once: the area a faithful repair keeps. */
  coveredKm2: number;
  /** True when the import writes the repaired polygon (repair asked for, and enough of the area kept). */
  applied: boolean;
}

/** A division as an import names it. */
interface DivisionName {
  code: string;
  name: string;
  level: DivisionLevel;
}

/** One write of a prepared import: plain JSON, so that a pending import can keep it. */
interface PreparedWrite {
  file: string;
  /** The record, as messages name it: "feature 3 东街街道 (140502001)". */
  record: string;
  division: DivisionName;
  by: "code" | "name";
  target: "boundary" | "seat";
  /** The boundary or the seat, in WGS84 (converted when the input was GCJ-02 or BD-09). */
  geometry: Geometry;
  /** The provenance a boundary is written with; absent for seats. */
  provenance?: Provenance;
  /** The start of geom_source / seat_source: the file and the source it names. */
  origin: string;
  /** Present when the boundary is invalid. */
  repair?: RepairProposal;
}

/** How one record of the input fares, for the preview. */
interface RecordOutcome {
  file: string;
  record: string;
  /** matched: to be written; unmatched: no division; skipped: nothing to import; refused: matched but cannot be written. */
  status: "matched" | "unmatched" | "skipped" | "refused";
  division?: DivisionName;
  by?: "code" | "name";
  target?: "boundary" | "seat";
  /** Why it is unmatched, skipped or refused. */
  reason?: string;
  repair?: RepairProposal;
}

/**
 * An import as prepareImport decided it, written by applyImport. Plain JSON. `problems` empty means it may be
 * applied; otherwise they are lines for the user.
 */
export interface PreparedImport {
  /** The name the load is recorded under in data_loads. */
  name: string;
  files: ImportReport["files"];
  ignored: string[];
  writes: PreparedWrite[];
  /** Every record of every file, in order. */
  records: RecordOutcome[];
  unmatched: RecordNote[];
  skipped: RecordNote[];
  warnings: string[];
  coordinates: ImportReport["coordinates"];
  problems: string[];
  /** Each written division's updated_at (epoch text) when the import was prepared: applyImport refuses later changes. */
  baseline: { code: string; stamp: string }[];
  /** Only when asked for: each record that has geometry, simplified, with its outcome in the properties; WGS84. */
  preview?: FeatureCollection;
}

export interface PrepareOptions extends ImportChoices {
  /** Also simplify the geometry of every record into `preview`. */
  preview?: boolean;
  /** The name recorded in data_loads; default "import <the input's file or folder name>". */
  name?: string;
  log?: (line: string) => void;
}

/** Reads `inputPath` (file or folder) and imports it; throws ImportError for bad input, with the database unchanged. */
export async function importBoundaries(sql: Sql, inputPath: string, options: ImportOptions = {}): Promise<ImportReport> {
  const input = await readInput(inputPath);
  if (!input.ok) throw new ImportError([input.reason]);
  return importInput(sql, input.value, options);
}

/** Imports input already read, prepared and applied in one go; throws ImportError for bad input, with the database unchanged. */
export async function importInput(sql: Sql, input: Input, options: ImportOptions = {}): Promise<ImportReport> {
  const prepared = await prepareImport(sql, input, options);
  if (prepared.problems.length > 0) throw new ImportError(prepared.problems);
  return transaction(sql, (tx) => applyImport(tx, prepared, options));
}

interface GeometryCheck {
  valid: boolean;
  reason: string | null;
  location: string | null;
  /** The repaired geometry's polygons and km², null unless the geometry is invalid and a repair was proposed. */
  repairedParts: number | null;
  repairedKm2: number | null;
  /** What the outer rings cover, holes out and overlaps once (covered_area), as repairedKm2. */
  coveredKm2: number | null;
  /** The outline to preview (the repaired one when the repair is applied), simplified; null unless asked for. */
  preview: string | null;
}

/** The input's per-file coordinate statement, where read-input.ts gives one. */
function fileCoordinates(file: InputFile): { system: string; how: string } | undefined {
  return (file as InputFile & { coordinates?: { system: string; how: string } }).coordinates;
}

/**
 * Decides what importing `given` would write, writing nothing: matches, the coordinate check, and PostGIS's verdict
 * on every polygon. Unexpected database failures throw; everything the input is to blame for is in `problems`.
 */
export async function prepareImport(sql: Sql, given: Input, options: PrepareOptions = {}): Promise<PreparedImport> {
  const log = options.log ?? (() => {});
  const input = options.coordinates === undefined || options.coordinates === "wgs84" ? given : convertInput(given, options.coordinates);
  const divisions = await sql<(DivisionRef & { stamp: string })[]>`
    select code, name, level, parent_code, extract(epoch from updated_at)::text as stamp from divisions`;
  const matches = planImport(input, indexDivisions(divisions), options);
  const problems = [...matches.problems];
  let check: CoordinateVerdict | undefined;
  if (options.coordinates === undefined) {
    const boundaries = matches.writes.flatMap((write) => (write.target === "boundary" && write.record.boundary ? [{ code: write.division.code, boundary: write.record.boundary }] : []));
    check = judgeCoordinateSystem(await compareWithStoredOutlines(sql, boundaries));
    if (check.likely) problems.push(offsetRefusal(check, check.likely));
  }

  const writes: PreparedWrite[] = [];
  const invalid: string[] = [];
  const previews = new Map<PreparedWrite, string | null>();
  const writeOf = new Map(matches.writes.map((write) => [write.record, write]));
  for (const file of input.files) {
    const fileWrites = matches.writes.filter((write) => write.file === file);
    const unit = file.format === "csv" ? "rows" : "features";
    const count = file.records.length;
    log(`${file.name}: ${count} ${count === 1 ? unit.slice(0, -1) : unit}, ${fileWrites.length} to import`);
    let done = 0;
    for (const record of file.records) {
      const match = writeOf.get(record);
      if (match) {
        const { code, name, level } = match.division;
        const where = `${file.name} ${describeRecord(record)}`;
        const write: PreparedWrite = {
          file: file.name,
          record: describeRecord(record),
          division: { code, name, level },
          by: match.by,
          target: match.target,
          geometry: (match.target === "boundary" ? record.boundary : record.seat)!,
          origin: `${file.name}${(file.source ?? record.source) ? `: ${file.source ?? record.source}` : ""}`,
          ...(match.target === "boundary" ? { provenance: options.provenance ?? record.provenance ?? "imported" } : {}),
        };
        if (match.target === "boundary") {
          const judged = await judgeBoundary(sql, where, write, options);
          if (judged.problem) problems.push(judged.problem);
          if (judged.invalid) invalid.push(judged.invalid);
          if (judged.repair) write.repair = judged.repair;
          previews.set(write, judged.preview);
        }
        writes.push(write);
      }
      done++;
      if (done % PROGRESS_EVERY === 0 || done === file.records.length) log(`  ${unit} ${done}/${file.records.length}`);
    }
  }
  if (invalid.length > 0) {
    problems.push(
      `${invalid.length} invalid polygon${invalid.length === 1 ? "" : "s"} (fix them, or repair them with ST_MakeValid using --repair):`,
      ...invalid.map((line) => `  ${line}`),
    );
  }
  const stamps = new Map(divisions.map((division) => [division.code, division.stamp]));
  const records = recordOutcomes(input, writes, matches);
  const prepared: PreparedImport = {
    name: options.name ?? `import ${path.basename(input.path)}`,
    files: input.files.map((file) => ({ name: file.name, format: file.format, records: file.records.length })),
    ignored: input.ignored,
    writes,
    records,
    unmatched: matches.unmatched,
    skipped: matches.skipped,
    warnings: matches.warnings,
    coordinates: { system: options.coordinates ?? "wgs84", declared: options.coordinates !== undefined, ...(check ? { check } : {}) },
    problems,
    baseline: [...new Set(writes.map((write) => write.division.code))].map((code) => ({ code, stamp: stamps.get(code)! })),
  };
  if (options.preview) prepared.preview = await previewGeometry(sql, input, records, previews);
  return prepared;
}

/** Each record's outcome, in file and record order. */
function recordOutcomes(input: Input, writes: PreparedWrite[], matches: ReturnType<typeof planImport>): RecordOutcome[] {
  const key = (file: string, record: string) => `${file}\u0000${record}`;
  const outcomes = new Map<string, RecordOutcome>();
  for (const write of writes) {
    const { file, record, division, by, target, repair } = write;
    outcomes.set(key(file, record), { file, record, status: "matched", division, by, target, ...(repair ? { repair } : {}) });
  }
  for (const [status, notes] of [["unmatched", matches.unmatched], ["skipped", matches.skipped], ["refused", matches.refused]] as const) {
    for (const { file, record, reason } of notes) outcomes.set(key(file, record), { file, record, status, reason });
  }
  return input.files.flatMap((file) => file.records.flatMap((record) => outcomes.get(key(file.name, describeRecord(record))) ?? []));
}

/**
 * The preview FeatureCollection: every record with geometry, its outcome in the properties. Written boundaries come
 * simplified from their check; the others are simplified here, PREVIEW_BATCH to a statement.
 */
async function previewGeometry(sql: Sql, input: Input, records: RecordOutcome[], previews: Map<PreparedWrite, string | null>): Promise<FeatureCollection> {
  const checked = new Map([...previews].map(([write, text]) => [`${write.file}\u0000${write.record}`, text]));
  const features: Feature[] = [];
  const pending: { feature: Feature; geometry: Geometry }[] = [];
  let index = 0;
  for (const file of input.files) {
    for (const record of file.records) {
      const outcome = records[index++]!;
      const geometry = record.boundary ?? record.seat;
      if (!geometry) continue;
      const feature: Feature = {
        type: "Feature",
        geometry: null as unknown as Geometry,
        properties: {
          file: outcome.file,
          record: outcome.record,
          status: outcome.status,
          ...(outcome.division ? { code: outcome.division.code, name: outcome.division.name } : {}),
          ...(outcome.target ? { target: outcome.target } : {}),
          ...(outcome.repair ? { repaired: outcome.repair.applied } : {}),
        },
      };
      features.push(feature);
      const text = checked.get(`${outcome.file}\u0000${outcome.record}`);
      if (text) feature.geometry = JSON.parse(text) as Geometry;
      else if (record.seat) feature.geometry = record.seat;
      else pending.push({ feature, geometry });
    }
  }
  for (let start = 0; start < pending.length; start += PREVIEW_BATCH) {
    const batch = pending.slice(start, start + PREVIEW_BATCH);
    const rows = await sql<{ preview: string | null }[]>`
      select ST_AsGeoJSON(ST_Simplify(ST_GeomFromGeoJSON(geometry), ${PREVIEW_TOLERANCE_DEGREES}::float8, true), 6) as preview
      from json_array_elements_text(${JSON.stringify(batch.map((item) => JSON.stringify(item.geometry)))}::text::json) with ordinality as given(geometry, position)
      order by position`;
    rows.forEach((row, i) => {
      batch[i]!.feature.geometry = row.preview ? (JSON.parse(row.preview) as Geometry) : batch[i]!.geometry;
    });
  }
  return { type: "FeatureCollection", features };
}

/** PostGIS's verdict on one boundary: the repair to propose, or why it cannot be imported. */
async function judgeBoundary(
  sql: Sql,
  where: string,
  write: PreparedWrite,
  options: PrepareOptions,
): Promise<{ problem?: string; invalid?: string; repair?: RepairProposal; preview: string | null }> {
  const geojson = JSON.stringify(write.geometry);
  const repair = options.repair === true;
  const preview = options.preview === true;
  let check: GeometryCheck | undefined;
  try {
    check = await checkGeometry(sql, geojson, { propose: true, repair, preview });
    // The embedded database's PostGIS answers no row at all where GEOS fails inside (native PostGIS recovers or
    // raises): without the repair proposal, the verdict may still come.
    if (!check && !repair) check = await checkGeometry(sql, geojson, { propose: false, repair, preview });
  } catch (error) {
    return { problem: `${where}: PostGIS cannot read the geometry: ${(error as Error).message}`, preview: null };
  }
  if (!check) return { problem: `${where}: ${EMBEDDED_GEOS_FAILURE}`, preview: null };
  if (check.valid) return { preview: check.preview };
  const problem = `${check.reason ?? "invalid"}${check.location ? ` at ${check.location}` : ""}`;
  const parts = check.repairedParts ?? 0;
  const km2 = check.repairedKm2 ?? 0;
  const covered = check.coveredKm2 ?? 0;
  const proposal: RepairProposal | undefined = check.repairedParts === null ? undefined : { problem, parts, km2, coveredKm2: covered, applied: false };
  const outcome = (invalid: string) => ({ invalid, preview: check.preview, ...(proposal ? { repair: proposal } : {}) });
  if (!repair) return outcome(`${where}: ${problem}`);
  if (parts === 0) return outcome(`${where}: ${problem}, and ST_MakeValid leaves no polygon of it`);
  if (km2 < MIN_REPAIRED_SHARE * covered) {
    return outcome(
      `${where}: ${problem}, and ST_MakeValid would keep only ${formatKm2(km2)} of the ${formatKm2(covered)} km² its outer rings cover: ` +
        "parts of it overlap (the same outline twice?), and an area covered twice counts as a hole. Remove the repeated parts",
    );
  }
  return { repair: { ...proposal!, applied: true }, preview: check.preview };
}

/**
 * ST_IsValidDetail of the boundary as it would be stored (polygons only, as one MultiPolygon, so that overlapping
 * members of a collection are caught here and not by the table's validity constraint), with the repair of an
 * invalid one when `propose`; undefined when the embedded PostGIS gives no row.
 */
async function checkGeometry(sql: Sql, geojson: string, ask: { propose: boolean; repair: boolean; preview: boolean }): Promise<GeometryCheck | undefined> {
  const [check] = await sql<GeometryCheck[]>`
    select (detail).valid, (detail).reason, ST_AsText((detail).location) as location,
           ST_NumGeometries(repaired) as repaired_parts,
           ST_Area(repaired::geography) / 1e6 as repaired_km2,
           case when repaired is not null then covered_area(geom) / 1e6 end as covered_km2,
           case when ${ask.preview} then
             ST_AsGeoJSON(ST_Simplify(case when ${ask.repair} and repaired is not null then repaired else geom end, ${PREVIEW_TOLERANCE_DEGREES}::float8, true), 6)
           end as preview
    from (
      select geom, detail, case when ${ask.propose} and not (detail).valid then repair_polygons(geom) end as repaired
      from (
        select geom, ST_IsValidDetail(geom) as detail
        from (select ST_Multi(ST_CollectionExtract(ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(${geojson}::text), 4326)), 3)) as geom) as parsed
      ) as judged
    ) as checked`;
  return check;
}

/**
 * Writes a prepared import; call it inside transaction(). Refuses (ImportError) an import with problems, and
 * (ImportOutdatedError) one whose divisions changed since it was prepared; the caller's transaction then rolls back.
 */
export async function applyImport(tx: Tx, prepared: PreparedImport, options: Pick<ImportOptions, "actor" | "log" | "now"> = {}): Promise<ImportReport> {
  if (prepared.problems.length > 0) throw new ImportError(prepared.problems);
  const log = options.log ?? (() => {});
  const importedAt = (options.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, "Z");
  await tx`select set_config('app.actor', ${options.actor ?? IMPORT_ACTOR}, true)`;
  // Locked first, so that no other writer changes them between this check and the writes.
  const changed = await tx<{ code: string }[]>`
    with locked as (
      select code, extract(epoch from updated_at)::text as stamp from divisions
      where code = any(${prepared.baseline.map((entry) => entry.code)}::text[])
      for update
    )
    select given.code
    from json_to_recordset(${JSON.stringify(prepared.baseline)}::text::json) as given(code text, stamp text)
    left join locked using (code)
    where locked.stamp is distinct from given.stamp
    order by given.code`;
  if (changed.length > 0) {
    const names = new Map(prepared.writes.map((write) => [write.division.code, write.division.name]));
    throw new ImportOutdatedError([
      `${changed.length} division${changed.length === 1 ? " has" : "s have"} changed since the import was prepared, and it would overwrite that change: ` +
        changed.map(({ code }) => `${code} ${names.get(code) ?? ""}`.trim()).join(", "),
    ]);
  }
  const report: ImportReport = {
    files: prepared.files,
    ignored: prepared.ignored,
    imported: 0,
    boundaries: 0,
    boundariesByLevel: {},
    seats: 0,
    unchanged: 0,
    matched: { byCode: 0, byName: 0 },
    unmatched: prepared.unmatched,
    repaired: [],
    skipped: prepared.skipped,
    warnings: prepared.warnings,
    coordinates: prepared.coordinates,
  };
  log(`writing ${prepared.writes.length} record${prepared.writes.length === 1 ? "" : "s"}`);
  let done = 0;
  for (const write of prepared.writes) {
    const source = `${write.origin}; imported ${importedAt}`;
    const unchanged = write.target === "boundary" ? await writeBoundary(tx, write, source) : await writeSeat(tx, write, source);
    report.imported++;
    report.matched[write.by === "code" ? "byCode" : "byName"]++;
    if (unchanged) report.unchanged++;
    if (write.repair?.applied) report.repaired.push({ file: write.file, record: write.record, reason: repairedText(write.repair) });
    if (write.target === "seat") {
      report.seats++;
    } else {
      report.boundaries++;
      report.boundariesByLevel[write.division.level] = (report.boundariesByLevel[write.division.level] ?? 0) + 1;
    }
    done++;
    if (done % PROGRESS_EVERY === 0 || done === prepared.writes.length) log(`  written ${done}/${prepared.writes.length}`);
  }
  await tx`
    insert into data_loads (name, version, report)
    values (${prepared.name}, ${importedAt}, ${JSON.stringify(report)}::jsonb)`;
  return report;
}

function repairedText(repair: RepairProposal): string {
  return `${repair.problem}; repaired: ${repair.parts} polygon${repair.parts === 1 ? "" : "s"}, ${formatKm2(repair.km2)} km²`;
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

/** Writes a boundary unless the division already has it; true when it had. Throws ImportError when the database refuses it. */
async function writeBoundary(tx: Tx, write: PreparedWrite, geomSource: string): Promise<boolean> {
  const { division } = write;
  const where = `${write.file} ${write.record}`;
  const repaired = write.repair?.applied === true;
  let written: { changed: number } | undefined;
  try {
    // One row whatever is written, so that a missing row can only mean the embedded PostGIS failed on the way.
    [written] = await tx<{ changed: number }[]>`
      with parsed as (
        select ST_Multi(ST_CollectionExtract(ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(write.geometry)}::text), 4326)), 3)) as geom
      ), input as (
        select case when ${repaired} then repair_polygons(geom) else geom end as geom from parsed
      ), updated as (
        update divisions as d
        set geom = input.geom, provenance = ${write.provenance!}, geom_source = ${geomSource}
        from input
        where d.code = ${division.code}
          and (d.geom is null or not ST_OrderingEquals(d.geom, input.geom) or d.provenance is distinct from ${write.provenance!})
        returning d.code
      )
      select count(*)::int as changed from updated`;
  } catch (error) {
    const message = (error as Error).message;
    const hint = EMBEDDED_GEOS_SYMPTOMS.test(message) ? `. ${EMBEDDED_GEOS_HINT}` : "";
    throw new ImportError([`${where}: the database refused the boundary of ${division.code} ${division.name}: ${message}${hint}`]);
  }
  if (!written) throw new ImportError([`${where}: ${EMBEDDED_GEOS_FAILURE}`]);
  return written.changed === 0;
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

/** Writes a seat unless the division already has it; true when it had. */
async function writeSeat(tx: Tx, write: PreparedWrite, seatSource: string): Promise<boolean> {
  const [lon, lat] = (write.geometry as Point).coordinates;
  const changed = await tx`
    with input as (select ST_SetSRID(ST_MakePoint(${lon!}::float8, ${lat!}::float8), 4326) as seat)
    update divisions as d
    set seat = input.seat, seat_source = ${seatSource}
    from input
    where d.code = ${write.division.code} and (d.seat is null or not ST_OrderingEquals(d.seat, input.seat))
    returning d.code`;
  return changed.length === 0;
}
