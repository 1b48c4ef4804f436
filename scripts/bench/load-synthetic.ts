/**
 * Writes the synthetic national-scale set (synthetic-data.ts) into a set-up bench database with COPY, in one
 * transaction, and records it in data_loads under SYNTHETIC_DATA_NAME so that later runs find it instead of
 * regenerating it.
 *
 * The audit triggers of the loaded tables are disabled inside the transaction: the audit log would otherwise copy every
 * one of ~300,000 rows (geometry included, as jsonb) and take longer than the load itself; these rows are fictional
 * load-test data, not changes anyone has to answer for. ALTER TABLE … DISABLE TRIGGER is transactional, so a failed
 * or interrupted load leaves the triggers enabled. Other triggers (for instance one that keeps a derived column) stay on.
 */
import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { transaction, type Sql } from "../../server/src/db/database.ts";
import { planSyntheticData, SYNTHETIC_CODE_PATTERN, SYNTHETIC_GENERATOR_VERSION, type SyntheticOptions } from "./synthetic-data.ts";

export const SYNTHETIC_DATA_NAME = "bench-synthetic";
const GEOM_SOURCE = "synthetic benchmark data (scripts/bench/synthetic-data.ts): fictional, not a boundary";
const PROJECT_TYPES = ["城市更新", "公共空间", "村庄规划", "污水治理", "海绵城市", "历史文化保护"];
const STAGES = ["proposed", "planning", "design", "approval", "construction", "completed", "suspended"];
const WORK_KINDS = ["site_visit", "opinion_solicitation", "problem_sorting", "planning_feedback", "project_implementation", "review", "training", "publicity"];
const OPINION_STATUSES = ["new", "acknowledged", "answered", "closed"];
/** Lines per chunk handed to COPY: big enough that stream overhead vanishes, small enough to keep memory flat. */
const LINES_PER_CHUNK = 500;

export interface SyntheticReport {
  version: string;
  cellRadiusM: number;
  cities: number;
  counties: number;
  townships: number;
  vertices: { min: number; max: number; mean: number };
  projects: number;
  workRecords: number;
  opinions: number;
  seconds: number;
}

/** The version recorded with the data: any change of generator or options means a different data set. */
export function syntheticVersion(options: SyntheticOptions): string {
  return [
    `v${SYNTHETIC_GENERATOR_VERSION}`,
    `seed${options.seed}`,
    `t${options.townships}`,
    `p${options.projects}`,
    `w${options.workRecords}`,
    `o${options.opinions}`,
    `hole${options.hole.join(",")}`,
  ].join(":");
}

/** The recorded version of the synthetic data in this database, or undefined when there is none. */
export async function loadedSyntheticVersion(sql: Sql): Promise<string | undefined> {
  const [row] = await sql<{ version: string }[]>`
    select version from data_loads where name = ${SYNTHETIC_DATA_NAME} order by id desc limit 1`;
  return row?.version;
}

/** Batches COPY text lines into chunks. */
/** Streams lines into a COPY … FROM STDIN, a batch at a time. */
async function copyLines(copy: Writable, lines: Iterable<string>): Promise<void> {
  await pipeline(Readable.from(chunked(lines)), copy);
}

function* chunked(lines: Iterable<string>): Generator<string> {
  let batch: string[] = [];
  for (const line of lines) {
    batch.push(line);
    if (batch.length === LINES_PER_CHUNK) {
      yield batch.join("");
      batch = [];
    }
  }
  if (batch.length > 0) yield batch.join("");
}

const date = (base: number, offsetDays: number) => new Date(base + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** Generates and loads the synthetic set; throws (and rolls back) if any row is refused, e.g. an invalid polygon. */
export async function loadSyntheticData(sql: Sql, options: SyntheticOptions, log: (line: string) => void): Promise<SyntheticReport> {
  const started = performance.now();
  const plan = planSyntheticData(options);
  log(`synthetic: ${plan.townshipCount} townships (cell radius ${(plan.cellRadiusM / 1000).toFixed(2)} km), ${plan.counties.length} counties, ${plan.cities.length} cities`);
  const vertices = { min: Number.POSITIVE_INFINITY, max: 0, total: 0 };
  const report = await transaction(sql, async (tx) => {
    const [existing] = await tx<{ count: number }[]>`select count(*)::int as count from divisions where code ~ ${SYNTHETIC_CODE_PATTERN}`;
    if (existing!.count > 0) throw new Error(`the bench database already holds ${existing!.count} synthetic divisions of another version: rerun with --rebuild`);
    for (const table of ["divisions", "projects", "work_records", "opinions"] as const) {
      await tx`alter table ${tx(table)} disable trigger ${tx(`${table}_audit`)}`;
    }
    const [planner] = await tx<{ id: number }[]>`
      insert into planners (name, organisation, is_demo)
      values ('合成规划师（基准测试）', '合成数据', true)
      returning id`;

    const divisionLine = (row: { code: string; name: string; level: string; kind: string; parentCode: string | null; geomHex: string | null; seatHex: string | null }) =>
      [row.code, row.name, row.level, row.kind, row.parentCode ?? "\\N", row.geomHex ?? "\\N", row.geomHex ? "imported" : "\\N", row.geomHex ? GEOM_SOURCE : "\\N", row.seatHex ?? "\\N", row.seatHex ? GEOM_SOURCE : "\\N"].join("\t") + "\n";
    const copyDivisions = async (lines: Iterable<string>) => {
      await copyLines(await tx`copy divisions (code, name, level, kind, parent_code, geom, provenance, geom_source, seat, seat_source) from stdin`.writable(), lines);
    };
    await copyDivisions(plan.cities.map(divisionLine));
    await copyDivisions(plan.counties.map(divisionLine));
    log("synthetic: copying townships");
    await copyDivisions(
      (function* () {
        for (const township of plan.townships()) {
          vertices.min = Math.min(vertices.min, township.vertices);
          vertices.max = Math.max(vertices.max, township.vertices);
          vertices.total += township.vertices;
          yield divisionLine(township);
        }
      })(),
    );
    // Counties and cities are the unions of their members: their borders then agree with the townships' exactly,
    // as real ones do, and the divisions layer has real county outlines to show at low zoom.
    log("synthetic: county and city outlines (ST_Union of their members)");
    for (const memberLevel of ["township", "county"]) {
      await tx`
        update divisions as parent
        set geom = members.geom, provenance = 'imported', geom_source = ${GEOM_SOURCE}
        from (
          select parent_code, ST_Multi(ST_CollectionExtract(ST_Union(geom), 3)) as geom
          from divisions where level = ${memberLevel} and code ~ ${SYNTHETIC_CODE_PATTERN} group by parent_code
        ) as members
        where parent.code = members.parent_code`;
    }

    const base = Date.UTC(2021, 10, 1);
    log(`synthetic: copying ${options.projects} projects, ${options.workRecords} work records, ${options.opinions} opinions`);
    await copyLines(
      await tx`copy projects (name, project_type, stage, site, started_on, description, is_demo) from stdin`.writable(),
      (function* () {
        for (const point of plan.points(options.projects, 1)) {
          const pick = point.serial * 2_654_435_761;
          yield `合成项目 ${point.serial}\t${PROJECT_TYPES[pick % PROJECT_TYPES.length]}\t${STAGES[(pick >>> 8) % STAGES.length]}\t${point.pointHex}\t${date(base, (pick >>> 4) % 900)}\t${GEOM_SOURCE}\tt\n`;
        }
      })(),
    );
    await copyLines(
      await tx`copy work_records (planner_id, kind, occurred_on, body, location, is_demo) from stdin`.writable(),
      (function* () {
        for (const point of plan.points(options.workRecords, 2)) {
          const pick = point.serial * 2_246_822_519;
          yield `${planner!.id}\t${WORK_KINDS[pick % WORK_KINDS.length]}\t${date(base, (pick >>> 4) % 900)}\t合成工作记录 ${point.serial}\t${point.pointHex}\tt\n`;
        }
      })(),
    );
    await copyLines(
      await tx`copy opinions (ticket_code, location, category, body, status) from stdin`.writable(),
      (function* () {
        for (const point of plan.points(options.opinions, 3)) {
          const ticket = `BENCH${point.serial.toString(36).toUpperCase().padStart(6, "0")}`;
          yield `${ticket}\t${point.pointHex}\t合成\t合成意见 ${point.serial}\t${OPINION_STATUSES[point.serial % OPINION_STATUSES.length]}\n`;
        }
      })(),
    );
    for (const table of ["divisions", "projects", "work_records", "opinions"] as const) {
      await tx`alter table ${tx(table)} enable trigger ${tx(`${table}_audit`)}`;
    }
    const result: SyntheticReport = {
      version: syntheticVersion(options),
      cellRadiusM: Math.round(plan.cellRadiusM),
      cities: plan.cities.length,
      counties: plan.counties.length,
      townships: plan.townshipCount,
      vertices: { min: vertices.min, max: vertices.max, mean: Math.round((vertices.total / plan.townshipCount) * 10) / 10 },
      projects: options.projects,
      workRecords: options.workRecords,
      opinions: options.opinions,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
    await tx`insert into data_loads (name, version, report) values (${SYNTHETIC_DATA_NAME}, ${result.version}, ${tx.json(JSON.parse(JSON.stringify(result)))})`;
    return result;
  });
  return report as SyntheticReport;
}
