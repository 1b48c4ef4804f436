/**
 * Backup and restore of the whole database (scripts/backup.ts, scripts/restore.ts). PostgreSQL goes through its own
 * tools, pg_dump --format=custom and pg_restore, spawned with the connection in PG* environment variables (never the
 * password on a command line). The embedded database is PGlite's dump of its data folder, a tarball that a new
 * PGlite loads with loadDataDir. A restore checks the file before it touches the database, and leaves the database
 * as it was when the file turns out bad.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { EMBEDDED_EXTENSIONS, lockFolder } from "../db/embedded.ts";

/** An expected failure (missing tool, bad file, database in the way), said to the user as it is. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupError";
  }
}

/** What a database holds, in a line for the user; tables is 0 for an empty database. */
export interface Contents {
  tables: number;
  rows: number;
  /** api.data_revision(), or undefined where the database has no such function. */
  revision: string | undefined;
  summary: string;
}

type FileKind = "pg_dump" | "pglite" | "empty" | "other";

/** The kind of a backup file from its first bytes: "PGDMP" opens a pg_dump custom archive, gzip or tar a PGlite dump. */
function fileKind(file: string): FileKind {
  const handle = fs.openSync(file, "r");
  try {
    const head = Buffer.alloc(512);
    const length = fs.readSync(handle, head, 0, head.length, 0);
    if (length === 0) return "empty";
    if (head.subarray(0, 5).toString("latin1") === "PGDMP") return "pg_dump";
    if (head[0] === 0x1f && head[1] === 0x8b) return "pglite";
    if (length >= 262 && head.subarray(257, 262).toString("latin1") === "ustar") return "pglite";
    return "other";
  } finally {
    fs.closeSync(handle);
  }
}

/** The file to restore, checked to exist and be of the kind this database restores. */
function checkRestoreFile(file: string, expected: "pg_dump" | "pglite"): void {
  let kind: FileKind;
  try {
    kind = fileKind(file);
  } catch (error) {
    throw new BackupError(`cannot read ${file}: ${(error as Error).message}`);
  }
  if (kind === "empty") throw new BackupError(`${file} is empty: not a backup`);
  if (kind === expected) return;
  if (kind === "pg_dump") {
    throw new BackupError(`${file} is a pg_dump archive of PostgreSQL; the embedded database restores only its own dumps (npm run backup without DATABASE_URL)`);
  }
  if (kind === "pglite") {
    throw new BackupError(`${file} is a dump of the embedded database; PostgreSQL restores only pg_dump archives (npm run backup with DATABASE_URL)`);
  }
  throw new BackupError(`${file} is not a backup: neither a pg_dump custom archive nor a dump of the embedded database`);
}

/** Writes through a temporary file beside the target, so that a failed backup never leaves a half file under its name. */
async function writeAtomically(file: string, write: (temporary: string) => Promise<void>): Promise<void> {
  const temporary = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.partial`);
  try {
    await write(temporary);
    fs.renameSync(temporary, file);
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

/** What describeContents reads, from either kind of database, without any text built in Node. */
interface ContentsReader {
  /** Every table (extension tables such as spatial_ref_sys left out), by schema and name. */
  tables(): Promise<{ schema: string; name: string }[]>;
  /** The exact row count of one of those tables. */
  count(table: { schema: string; name: string }): Promise<number>;
  /** api.data_revision(), or undefined where the database has no such function. */
  revision(): Promise<string | undefined>;
}

/** A client's template tag (postgres.js `sql`, PGlite `db.sql`): each statement below is written once for both. */
type Tag<R> = (strings: TemplateStringsArray, ...values: unknown[]) => R;

const tablesQuery = <R>(tag: Tag<R>) => tag`
  select n.nspname as schema, c.relname as name
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname !~ '^pg_toast'
    and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
  order by n.nspname, c.relname`;
const hasRevisionQuery = <R>(tag: Tag<R>) => tag`select to_regprocedure('api.data_revision()') is not null as present`;
const revisionQuery = <R>(tag: Tag<R>) => tag`select api.data_revision() as revision`;

/** Counts the rows of every table and reads the data revision, for the one-line summary the commands print. */
export async function describeContents(reader: ContentsReader): Promise<Contents> {
  const tables: { name: string; rows: number }[] = [];
  for (const table of await reader.tables()) tables.push({ name: table.name, rows: await reader.count(table) });
  const revision = await reader.revision();
  const rows = tables.reduce((sum, table) => sum + table.rows, 0);
  const largest = tables.filter((table) => table.rows > 0).sort((a, b) => b.rows - a.rows).slice(0, 6);
  const summary =
    tables.length === 0
      ? "an empty database (no tables)"
      : `${tables.length} tables holding ${rows} rows` +
        (largest.length ? ` (${largest.map((table) => `${table.name} ${table.rows}`).join(", ")}${tables.filter((table) => table.rows > 0).length > largest.length ? ", …" : ""})` : "") +
        (revision ? `, data revision ${revision}` : "");
  return { tables: tables.length, rows, revision, summary };
}

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL

/** libpq environment for a connection string: host, port, user, password, database and the common parameters. */
function connectionEnvironment(databaseUrl: string): NodeJS.ProcessEnv {
  const url = new URL(databaseUrl);
  const env: NodeJS.ProcessEnv = {};
  if (url.hostname) env.PGHOST = decodeURIComponent(url.hostname).replace(/^\[(.*)\]$/, "$1");
  if (url.port) env.PGPORT = url.port;
  if (url.username) env.PGUSER = decodeURIComponent(url.username);
  if (url.password) env.PGPASSWORD = decodeURIComponent(url.password);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (database) env.PGDATABASE = database;
  const parameters: Record<string, string> = {
    host: "PGHOST", port: "PGPORT", user: "PGUSER", dbname: "PGDATABASE", sslmode: "PGSSLMODE", sslrootcert: "PGSSLROOTCERT",
    sslcert: "PGSSLCERT", sslkey: "PGSSLKEY", connect_timeout: "PGCONNECT_TIMEOUT", application_name: "PGAPPNAME", options: "PGOPTIONS",
  };
  for (const [name, value] of url.searchParams) {
    const variable = parameters[name];
    if (variable) env[variable] = value;
  }
  return env;
}

interface ToolRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a PostgreSQL client tool; a missing tool is a BackupError that says what to install. */
function runTool(tool: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += String(chunk)));
    child.stderr.on("data", (chunk) => (stderr += String(chunk)));
    child.on("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "ENOENT"
          ? new BackupError(`${tool} was not found: install the PostgreSQL client tools of the server's major version or later (Debian: apt-get install postgresql-client-15)`)
          : error,
      ),
    );
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** The major version of a client tool, from `<tool> --version` ("pg_dump (PostgreSQL) 15.20 (Debian …)"). */
async function toolMajorVersion(tool: string): Promise<number> {
  const run = await runTool(tool, ["--version"]);
  const match = /\(PostgreSQL\)\s+(\d+)/.exec(run.stdout);
  if (run.status !== 0 || !match) throw new BackupError(`${tool} --version did not answer as expected: ${(run.stdout + run.stderr).trim()}`);
  return Number(match[1]);
}

/** The contents reader of a postgres.js client (a plain connection, a pool or a transaction). */
export function postgresReader(sql: postgres.Sql): ContentsReader {
  return {
    tables: async () => [...(await tablesQuery((strings, ...values) => sql<{ schema: string; name: string }[]>(strings, ...(values as never[]))))],
    count: async ({ schema, name }) => (await sql<{ rows: number }[]>`select count(*)::int as rows from ${sql(schema)}.${sql(name)}`)[0]!.rows,
    async revision() {
      const [has] = await hasRevisionQuery((strings, ...values) => sql<{ present: boolean }[]>(strings, ...(values as never[])));
      return has?.present ? (await revisionQuery((strings, ...values) => sql<{ revision: string }[]>(strings, ...(values as never[]))))[0]!.revision : undefined;
    },
  };
}

/** The server's version and a contents reader over one plain connection, for the checks around the tools. */
interface PostgresChecks {
  serverMajorVersion(): Promise<{ major: number; version: string }>;
  reader: ContentsReader;
}

/** Opens a plain connection for the checks around the tools; every statement is a tagged template. */
export async function withConnection<T>(databaseUrl: string, fn: (checks: PostgresChecks) => Promise<T>): Promise<T> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {}, connection: { application_name: "planner-atlas-backup" } });
  try {
    return await fn({
      async serverMajorVersion() {
        const [row] = await sql<{ number: number; version: string }[]>`
          select current_setting('server_version_num')::int as number, current_setting('server_version') as version`;
        return { major: Math.floor(row!.number / 10000), version: row!.version };
      },
      reader: postgresReader(sql),
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** pg_dump --format=custom of the database into file; says what it holds. */
export async function backupPostgres(databaseUrl: string, file: string): Promise<Contents> {
  const toolMajor = await toolMajorVersion("pg_dump");
  const contents = await withConnection(databaseUrl, async (checks) => {
    const server = await checks.serverMajorVersion();
    // pg_dump dumps servers of its own major version and older ones only.
    if (server.major > toolMajor) {
      throw new BackupError(`pg_dump ${toolMajor} cannot dump PostgreSQL ${server.version}: install the client tools of version ${server.major} or later (Debian: postgresql-client-${server.major})`);
    }
    return describeContents(checks.reader);
  });
  await writeAtomically(file, async (temporary) => {
    const run = await runTool("pg_dump", ["--format=custom", `--file=${temporary}`], connectionEnvironment(databaseUrl));
    if (run.status !== 0) throw new BackupError(`pg_dump failed: ${run.stderr.trim()}`);
  });
  return contents;
}

/**
 * Restores a pg_dump custom archive with pg_restore in a single transaction that stops at the first error, so a
 * truncated or foreign archive leaves the database as it was. A database with any table is replaced only with force
 * (pg_restore --clean drops what the archive creates, then creates it anew). Returns what was replaced and what is there now.
 */
export async function restorePostgres(databaseUrl: string, file: string, force: boolean): Promise<{ replaced: Contents; restored: Contents }> {
  checkRestoreFile(file, "pg_dump");
  const toolMajor = await toolMajorVersion("pg_restore");
  const list = await runTool("pg_restore", ["--list", file]);
  if (list.status !== 0) throw new BackupError(`${file} is not a readable pg_dump archive: ${list.stderr.trim()}`);
  const replaced = await withConnection(databaseUrl, async (checks) => {
    const server = await checks.serverMajorVersion();
    if (server.major > toolMajor) {
      throw new BackupError(`pg_restore ${toolMajor} is older than PostgreSQL ${server.version}: install the client tools of version ${server.major} or later (Debian: postgresql-client-${server.major})`);
    }
    return describeContents(checks.reader);
  });
  if (replaced.tables > 0 && !force) {
    throw new BackupError(`the database holds ${replaced.summary}; add --force to replace it with the backup`);
  }
  const env = connectionEnvironment(databaseUrl);
  // Without --dbname pg_restore would print the archive as SQL instead of restoring it; libpq's default name is the user's.
  const args = ["--single-transaction", "--exit-on-error", "--no-owner", `--dbname=${env.PGDATABASE ?? env.PGUSER ?? os.userInfo().username}`];
  if (replaced.tables > 0) args.push("--clean", "--if-exists");
  const run = await runTool("pg_restore", [...args, file], env);
  if (run.status !== 0) throw new BackupError(`pg_restore failed, nothing was changed: ${run.stderr.trim()}`);
  const restored = await withConnection(databaseUrl, (checks) => describeContents(checks.reader));
  return { replaced, restored };
}

// ---------------------------------------------------------------------------------------------------------------
// Embedded PGlite

/** The contents reader of an open PGlite; the count's statement is quoted by the database itself (format %I). */
function pgliteReader(db: PGlite): ContentsReader {
  return {
    tables: async () => (await tablesQuery((strings, ...values) => db.sql<{ schema: string; name: string }>(strings, ...values))).rows,
    async count({ schema, name }) {
      const [statement] = (await db.sql<{ text: string }>`select format('select count(*)::int as rows from %I.%I', ${schema}::text, ${name}::text) as text`).rows;
      return (await db.query<{ rows: number }>(statement!.text)).rows[0]!.rows;
    },
    async revision() {
      const [has] = (await hasRevisionQuery((strings, ...values) => db.sql<{ present: boolean }>(strings, ...values))).rows;
      return has?.present ? (await revisionQuery((strings, ...values) => db.sql<{ revision: string }>(strings, ...values))).rows[0]!.revision : undefined;
    },
  };
}

/** Whether the folder holds a PGlite database (PostgreSQL's PG_VERSION file). */
export function holdsDatabase(folder: string): boolean {
  return fs.existsSync(path.join(folder, "PG_VERSION"));
}

/** PGlite's dump of the data folder (gzip tarball) into file, under the folder's lock; says what it holds. */
export async function backupEmbedded(dataDir: string, file: string): Promise<Contents> {
  const folder = path.join(dataDir, "pglite");
  if (!holdsDatabase(folder)) throw new BackupError(`there is no embedded database in ${folder}`);
  const unlock = await lockFolder(dataDir);
  try {
    const db = await PGlite.create(folder, { extensions: EMBEDDED_EXTENSIONS });
    try {
      const contents = await describeContents(pgliteReader(db));
      const dump = await db.dumpDataDir("gzip");
      const bytes = Buffer.from(await dump.arrayBuffer());
      await writeAtomically(file, async (temporary) => fs.writeFileSync(temporary, bytes));
      return contents;
    } finally {
      await db.close();
    }
  } finally {
    unlock();
  }
}

/**
 * Loads a PGlite dump into a new folder beside the data folder, checks that it opens as a migrated Planner Atlas
 * database, and only then puts it in place of the old folder (with force when that holds a database). A bad file
 * fails before the data folder is touched.
 */
export async function restoreEmbedded(dataDir: string, file: string, force: boolean): Promise<{ replaced: Contents | undefined; restored: Contents }> {
  checkRestoreFile(file, "pglite");
  fs.mkdirSync(dataDir, { recursive: true });
  const unlock = await lockFolder(dataDir);
  const folder = path.join(dataDir, "pglite");
  const staging = path.join(dataDir, `pglite.restoring-${process.pid}`);
  const previous = path.join(dataDir, `pglite.replaced-${process.pid}`);
  try {
    let replaced: Contents | undefined;
    if (holdsDatabase(folder)) {
      const current = await PGlite.create(folder, { extensions: EMBEDDED_EXTENSIONS });
      try {
        replaced = await describeContents(pgliteReader(current));
      } finally {
        await current.close();
      }
      if (!force) throw new BackupError(`the database holds ${replaced.summary}; add --force to replace it with the backup`);
    }
    fs.rmSync(staging, { recursive: true, force: true });
    const bytes = fs.readFileSync(file);
    const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
    let restored: Contents;
    try {
      const loaded = await PGlite.create(staging, {
        extensions: EMBEDDED_EXTENSIONS,
        loadDataDir: new Blob([bytes], { type: gzip ? "application/x-gzip" : "application/x-tar" }),
      });
      try {
        await loaded.query("select count(*) from schema_migrations");
        restored = await describeContents(pgliteReader(loaded));
      } finally {
        await loaded.close();
      }
    } catch (error) {
      fs.rmSync(staging, { recursive: true, force: true });
      throw new BackupError(`${file} is not a usable dump of a Planner Atlas embedded database (${(error as Error).message}); nothing was changed`);
    }
    if (fs.existsSync(folder)) fs.renameSync(folder, previous);
    fs.renameSync(staging, folder);
    fs.rmSync(previous, { recursive: true, force: true });
    return { replaced, restored };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    unlock();
  }
}
