/**
 * Applies sql/migrations (forward-only, each once, recorded with its checksum in schema_migrations) and then
 * re-applies sql/functions (CREATE OR REPLACE, idempotent). Runs under an advisory lock so that two processes
 * starting at once on one PostgreSQL database do not race.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Sql } from "./database.ts";

const SQL_DIR = fileURLToPath(new URL("../../../sql/", import.meta.url));
const MIGRATION_NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;
/** snake_case like the functions they hold; a leading underscore sorts a file of shared definitions first in its folder. */
const FUNCTION_FILE_NAME = /^_?[a-z0-9]+(?:_[a-z0-9]+)*\.sql$/;
const LOCK_KEY = 7_241_905_113;

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
  /** Function files applied in this run: 0 when none changed since the last run. */
  functions: number;
}

function listSqlFiles(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".sql"))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

function checksum(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

interface SqlFiles {
  migrations: { file: string; version: string; checksum: string }[];
  functionFiles: string[];
  functionsChecksum: string;
}

function readSqlFiles(sqlDir: string): SqlFiles {
  const migrations = listSqlFiles(path.join(sqlDir, "migrations")).map((file) => {
    if (!MIGRATION_NAME.test(path.basename(file))) throw new Error(`migration file name must be NNNN_verb_noun.sql: ${file}`);
    const text = fs.readFileSync(file, "utf8");
    return { file, version: path.basename(file, ".sql"), checksum: checksum(text) };
  });
  const functionFiles = listSqlFiles(path.join(sqlDir, "functions"));
  for (const file of functionFiles) {
    if (!FUNCTION_FILE_NAME.test(path.basename(file))) throw new Error(`function file name must be snake_case.sql: ${file}`);
  }
  const functionTexts = functionFiles.map((file) => fs.readFileSync(file, "utf8"));
  const functionsChecksum = checksum(functionFiles.map((file, i) => `${path.relative(sqlDir, file)}\n${functionTexts[i]}`).join("\n"));
  return { migrations, functionFiles, functionsChecksum };
}

/**
 * Whether the database is already up to date, read in one statement without the lock: every migration recorded with
 * its checksum and the functions' checksum current. Each migration commits with its record and the functions with
 * their checksum, so a snapshot that shows all of them shows a finished schema. False when anything differs or the
 * bookkeeping tables do not exist yet; the locked path below then decides (and reports an edited migration).
 */
async function isUpToDate(sql: Sql, files: SqlFiles): Promise<boolean> {
  try {
    const rows = await sql<{ version: string; checksum: string }[]>`
      select version, checksum from schema_migrations
      union all
      select '', checksum from schema_functions`;
    const recorded = new Map(rows.map((row) => [row.version, row.checksum]));
    return recorded.get("") === files.functionsChecksum && files.migrations.every((migration) => recorded.get(migration.version) === migration.checksum);
  } catch (error) {
    if ((error as { code?: string }).code === "42P01") return false; // undefined_table: a new database
    throw error;
  }
}

/**
 * Brings the schema up to date; throws if an applied migration was edited or a file is misnamed. An up-to-date
 * database (every start after the first) costs one read-only statement.
 */
export async function migrate(sql: Sql, sqlDir: string = SQL_DIR, log: (line: string) => void = () => {}): Promise<MigrationReport> {
  const files = readSqlFiles(sqlDir);
  if (await isUpToDate(sql, files)) return { applied: [], alreadyApplied: files.migrations.length, functions: 0 };
  const connection = await sql.reserve();
  try {
    await connection`select pg_advisory_lock(${LOCK_KEY})`;
    await connection`
      create table if not exists schema_migrations (
        version text primary key,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`;
    const recorded = new Map(
      (await connection<{ version: string; checksum: string }[]>`select version, checksum from schema_migrations`).map(
        (row) => [row.version, row.checksum],
      ),
    );
    const report: MigrationReport = { applied: [], alreadyApplied: 0, functions: 0 };
    for (const { file, version, checksum: sum } of files.migrations) {
      const previous = recorded.get(version);
      if (previous !== undefined) {
        if (previous !== sum) throw new Error(`migration ${version} was edited after it was applied; add a new migration instead`);
        report.alreadyApplied++;
        continue;
      }
      log(`applying migration ${version}`);
      await connection`begin`;
      try {
        // sql.file runs the project's own SQL file with the simple protocol (several statements, no parameters).
        await connection.file(file);
        await connection`insert into schema_migrations (version, checksum) values (${version}, ${sum})`;
        await connection`commit`;
      } catch (error) {
        await connection`rollback`;
        throw new Error(`migration ${version} failed: ${(error as Error).message}`, { cause: error });
      }
      report.applied.push(version);
    }
    // Functions are re-applied only when their files changed or a migration ran (a migration may have dropped
    // what they depend on): re-creating ~40 functions on every start would cost a restart most of its time.
    const { functionFiles, functionsChecksum } = files;
    await connection`
      create table if not exists schema_functions (
        id boolean primary key default true check (id),
        checksum text not null,
        applied_at timestamptz not null default now()
      )`;
    const [current] = await connection<{ checksum: string }[]>`select checksum from schema_functions`;
    if (report.applied.length > 0 || current?.checksum !== functionsChecksum) {
      await connection`begin`;
      try {
        for (const file of functionFiles) {
          await connection.file(file);
          report.functions++;
        }
        await connection`
          insert into schema_functions (checksum) values (${functionsChecksum})
          on conflict (id) do update set checksum = excluded.checksum, applied_at = now()`;
        await connection`commit`;
      } catch (error) {
        await connection`rollback`;
        throw new Error(`applying SQL functions failed: ${(error as Error).message}`, { cause: error });
      }
    }
    return report;
  } finally {
    await connection`select pg_advisory_unlock(${LOCK_KEY})`.catch(() => {});
    connection.release();
  }
}
