/**
 * The bench database: created if missing, brought up to date through the project's own setup path
 * (server/src/setup.ts: migrations, SQL functions, built-in data), then filled with the Jincheng reference data
 * through the project's own import (importBoundaries) and with the seeded synthetic national-scale set. Each step
 * runs once; later runs find the data and go straight to measuring.
 */
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { loadConfig } from "../../server/src/config.ts";
import { openDatabase, type Database } from "../../server/src/db/database.ts";
import { setupDatabase } from "../../server/src/setup.ts";
import { importBoundaries } from "../../server/src/import/import-boundaries.ts";
import { JINCHENG_BBOX } from "../../server/src/import/read-input.ts";
import type { BenchConfig } from "./bench-config.ts";
import { loadedSyntheticVersion, loadSyntheticData, SYNTHETIC_DATA_NAME, syntheticVersion, type SyntheticReport } from "./load-synthetic.ts";
import type { BoundingBox, SyntheticOptions } from "./synthetic-data.ts";

/**
 * Synthetic cells keep out of Jincheng's extent grown by about one cell radius, so that no synthetic polygon overlaps
 * the real city's; the city's z12 tiles then show the city's data, with the national set around it.
 */
const HOLE_MARGIN_DEGREES = 0.12;
const SYNTHETIC_HOLE: BoundingBox = [
  round2(JINCHENG_BBOX[0] - HOLE_MARGIN_DEGREES),
  round2(JINCHENG_BBOX[1] - HOLE_MARGIN_DEGREES),
  round2(JINCHENG_BBOX[2] + HOLE_MARGIN_DEGREES),
  round2(JINCHENG_BBOX[3] + HOLE_MARGIN_DEGREES),
];

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

export interface DataSummary {
  divisions: Record<string, number>;
  divisionsWithGeometry: number;
  projects: number;
  workRecords: number;
  opinions: number;
  synthetic: SyntheticReport | null;
  jinchengImport: string;
  postgresVersion: string;
  postgisVersion: string;
}

function syntheticOptions(config: BenchConfig): SyntheticOptions {
  return {
    seed: config.seed,
    townships: config.townships,
    projects: config.projects,
    workRecords: config.workRecords,
    opinions: config.opinions,
    hole: SYNTHETIC_HOLE,
  };
}

/** A maintenance connection to the same server (database `postgres`), for CREATE / DROP DATABASE. */
function maintenanceClient(databaseUrl: string): postgres.Sql {
  const url = new URL(databaseUrl);
  url.pathname = "/postgres";
  return postgres(url.toString(), { max: 1, onnotice: () => {} });
}

function databaseName(databaseUrl: string): string {
  return decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
}

/** Creates the bench database when missing; with `rebuild`, drops it first if the bench built it (or ALLOW_DB_RESET=1). */
async function ensureDatabaseExists(config: BenchConfig, log: (line: string) => void): Promise<void> {
  const name = databaseName(config.databaseUrl);
  const admin = maintenanceClient(config.databaseUrl);
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
    if (exists && config.rebuild) {
      const own = postgres(config.databaseUrl, { max: 1, onnotice: () => {} });
      let builtByBench = false;
      let empty = false;
      try {
        const [tables] = await own<{ count: number }[]>`
          select count(*)::int as count from information_schema.tables where table_schema = 'public' and table_name = 'data_loads'`;
        empty = tables!.count === 0;
        if (!empty) builtByBench = (await own`select 1 from data_loads where name = ${SYNTHETIC_DATA_NAME} limit 1`).length > 0;
      } finally {
        await own.end();
      }
      if (!builtByBench && !empty && !config.allowDbReset) {
        throw new Error(`--rebuild: database ${name} was not built by the bench; set ALLOW_DB_RESET=1 to drop it anyway`);
      }
      log(`dropping database ${name} (--rebuild)`);
      await admin`drop database ${admin(name)} with (force)`;
    }
    if (!exists || config.rebuild) {
      log(`creating database ${name}`);
      await admin`create database ${admin(name)}`;
    }
  } finally {
    await admin.end();
  }
}

/** Opens the bench database through the project's own client, as the server will. */
export async function openBenchDatabase(config: BenchConfig, poolMax = 4): Promise<Database> {
  return openDatabase(loadConfig({ DATABASE_URL: config.databaseUrl, LOG_LEVEL: "warn", CLIENT_DIR: "", DB_POOL_MAX: String(poolMax), DB_STATEMENT_TIMEOUT_MS: "0" }));
}

/** Everything up to the data: create, set up, import Jincheng, load the synthetic set, analyze. */
export async function prepareBenchDatabase(config: BenchConfig, log: (line: string) => void): Promise<DataSummary> {
  if (!fs.existsSync(path.join(config.referenceDataDir, "townships.csv"))) {
    throw new Error(`the Jincheng reference data is not at ${config.referenceDataDir}: set REFERENCE_DATA_DIR`);
  }
  await ensureDatabaseExists(config, log);
  const database = await openBenchDatabase(config);
  try {
    const { sql } = database;
    let setup: Awaited<ReturnType<typeof setupDatabase>>;
    try {
      setup = await setupDatabase(sql, { demo: true, log });
    } catch (error) {
      // A migration edited during development no longer matches the copy applied to the bench database.
      if (/edited after it was applied/.test((error as Error).message)) {
        throw new Error(`${(error as Error).message}\nthe bench database was set up with an older version of it: rerun with --rebuild`);
      }
      throw error;
    }
    log(
      `setup: ${setup.migrations.applied.length} migrations applied, ${setup.migrations.alreadyApplied} already; ` +
        `${setup.migrations.functions} function files; built-in data ${setup.builtin.loaded ? "loaded" : "present"}`,
    );
    const importName = `import ${path.basename(config.referenceDataDir)}`;
    let jinchengImport = "already imported";
    if ((await sql`select 1 from data_loads where name = ${importName} limit 1`).length === 0) {
      log(`importing the Jincheng reference data from ${config.referenceDataDir} (the project's import)`);
      const report = await importBoundaries(sql, config.referenceDataDir, { log: () => {} });
      jinchengImport = `${report.boundaries} boundaries, ${report.seats} seats, ${report.repaired.length} repaired`;
      log(`import: ${jinchengImport}`);
    }
    const options = syntheticOptions(config);
    const wanted = syntheticVersion(options);
    const loaded = await loadedSyntheticVersion(sql);
    if (loaded !== undefined && loaded !== wanted) {
      throw new Error(`the bench database holds synthetic data ${loaded}, not ${wanted}: rerun with --rebuild`);
    }
    if (loaded === undefined) {
      const report = await loadSyntheticData(sql, options, log);
      log(`synthetic: loaded in ${report.seconds} s; vertices per township ${report.vertices.min}-${report.vertices.max}, mean ${report.vertices.mean}`);
      log("analyze");
      await sql`analyze`;
    }
    return await summarise(sql, importName);
  } finally {
    await database.close();
  }
}

async function summarise(sql: Database["sql"], importName: string): Promise<DataSummary> {
  const levels = await sql<{ level: string; count: number }[]>`select level, count(*)::int as count from divisions group by level order by level`;
  const [counts] = await sql<{ withGeometry: number; projects: number; workRecords: number; opinions: number; postgres: string; postgis: string }[]>`
    select (select count(*)::int from divisions where geom is not null) as with_geometry,
           (select count(*)::int from projects) as projects,
           (select count(*)::int from work_records) as work_records,
           (select count(*)::int from opinions) as opinions,
           current_setting('server_version') as postgres,
           postgis_lib_version() as postgis`;
  const [synthetic] = await sql<{ report: SyntheticReport }[]>`
    select report from data_loads where name = ${SYNTHETIC_DATA_NAME} order by id desc limit 1`;
  const [imported] = await sql<{ report: unknown }[]>`
    select report from data_loads where name = ${importName} order by id desc limit 1`;
  // The import stores its report as a JSON string inside jsonb (it passes JSON.stringify output to a jsonb
  // parameter), so it may come back as text: read both shapes.
  const importReport = (typeof imported?.report === "string" ? JSON.parse(imported.report) : imported?.report) as { boundaries: number; seats: number } | undefined;
  return {
    divisions: Object.fromEntries(levels.map((row) => [row.level, row.count])),
    divisionsWithGeometry: counts!.withGeometry,
    projects: counts!.projects,
    workRecords: counts!.workRecords,
    opinions: counts!.opinions,
    synthetic: synthetic?.report ?? null,
    jinchengImport: importReport ? `${importReport.boundaries} boundaries, ${importReport.seats} seats` : "not imported",
    postgresVersion: counts!.postgres,
    postgisVersion: counts!.postgis,
  };
}
