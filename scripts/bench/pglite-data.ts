/**
 * The embedded database of the bench's PGlite pass: a PGlite folder (DATA_DIR) set up through the project's own path
 * (server/src/setup.ts) and filled with the Jincheng reference data through the project's own import, as the bench
 * database is (about 20 s). Only the Jincheng data: the national synthetic set's loader (load-synthetic.ts) streams
 * COPY into PostgreSQL and builds county outlines from 40,000 townships, which has not been tried on PGlite (one
 * WebAssembly core, one connection). Kept between runs; a folder that no longer sets up (a migration edited) is made anew.
 *
 * Runs in a child process (PGlite holds ~1 GB of WebAssembly heap, which the bench process should not keep):
 * node --import tsx scripts/bench/pglite-data.ts <data dir> <reference data dir> prints `PGLITE_DATA {json}`.
 */
import fs from "node:fs";
import path from "node:path";
import { loadConfig } from "../../server/src/config.ts";
import { openDatabase, type Database } from "../../server/src/db/database.ts";
import { importBoundaries } from "../../server/src/import/import-boundaries.ts";
import { setupDatabase } from "../../server/src/setup.ts";
import { runToEnd } from "./processes.ts";

export interface PgliteData {
  /** What was done: "imported" (folder made now) or "present". */
  state: "imported" | "present";
  seconds: number;
  townships: number;
  counties: number;
  postgresVersion: string;
  postgisVersion: string;
}

const RESULT_PREFIX = "PGLITE_DATA ";
const SELF = path.join(import.meta.dirname, "pglite-data.ts");

async function open(dataDir: string): Promise<Database> {
  return openDatabase(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "warn", CLIENT_DIR: "", DB_STATEMENT_TIMEOUT_MS: "0" }));
}

async function prepare(dataDir: string, referenceDataDir: string): Promise<PgliteData> {
  const started = performance.now();
  const importName = `import ${path.basename(referenceDataDir)}`;
  let database = await open(dataDir);
  try {
    await setupDatabase(database.sql, { demo: true, log: () => {} });
  } catch (error) {
    // Set up with an older migration than the checked-out one: start again from an empty folder.
    console.error(`the PGlite folder does not set up (${(error as Error).message.split("\n")[0]}): making it anew`);
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    database = await open(dataDir);
    await setupDatabase(database.sql, { demo: true, log: () => {} });
  }
  try {
    const { sql } = database;
    let state: PgliteData["state"] = "present";
    if ((await sql`select 1 from data_loads where name = ${importName} limit 1`).length === 0) {
      await importBoundaries(sql, referenceDataDir, { log: () => {} });
      await sql`analyze`;
      state = "imported";
    }
    const [row] = await sql<{ townships: number; counties: number; postgres: string; postgis: string }[]>`
      select (select count(*)::int from divisions where level = 'township' and geom is not null) as townships,
             (select count(*)::int from divisions where level = 'county' and geom is not null) as counties,
             current_setting('server_version') as postgres, postgis_lib_version() as postgis`;
    return {
      state,
      seconds: Math.round((performance.now() - started) / 100) / 10,
      townships: row!.townships,
      counties: row!.counties,
      postgresVersion: row!.postgres,
      postgisVersion: row!.postgis,
    };
  } finally {
    await database.close();
  }
}

/** Prepares the PGlite folder `dataDir` in a child process; resolves with what it holds. */
export async function preparePgliteData(dataDir: string, referenceDataDir: string): Promise<PgliteData> {
  const { stdout } = await runToEnd("pglite-data", process.execPath, ["--import", "tsx", SELF, dataDir, referenceDataDir], {
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", LANG: "C.UTF-8" },
    timeoutMs: 15 * 60 * 1000,
  });
  const line = stdout.split("\n").find((text) => text.startsWith(RESULT_PREFIX));
  if (!line) throw new Error(`the PGlite data step printed no result: ${stdout.slice(-500)}`);
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as PgliteData;
}

if (process.argv[1] && path.resolve(process.argv[1]) === SELF) {
  const result = await prepare(process.argv[2]!, process.argv[3]!);
  console.log(`${RESULT_PREFIX}${JSON.stringify(result)}`);
}
