/**
 * Moving the embedded database into PostgreSQL + PostGIS (scripts/move-database.ts). The embedded database is
 * opened as the server opens it (so a running server is detected by its lock) and brought to the current
 * migrations; the target gets the same migrations and then every table of the public schema, in foreign-key order,
 * streamed with COPY in PostgreSQL's text format (geometry travels as hex EWKB, exactly), ids kept and sequences set
 * where the embedded database has them. All of it is one transaction on the target, in which the triggers are off
 * (the audit log, versions and data revision are copied, not written anew), and which commits only when every
 * table's row count and checksum equal the embedded database's. Anything else rolls it back.
 */
import net from "node:net";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import postgres from "postgres";
import { redactDatabaseUrl, type Config } from "../config.ts";
import { transaction, type Sql, type Tx } from "../db/database.ts";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../db/embedded.ts";
import { migrate } from "../db/migrate.ts";
import { BackupError, describeContents, holdsDatabase, postgresReader, withConnection, type Contents } from "./backup.ts";

/** migrate()'s own bookkeeping: each database records what it applied there, so these are not copied. */
const MIGRATION_RECORDS = ["schema_migrations", "schema_functions"];

/** One table as the move sees it: the columns it copies (generated ones are computed by the target) and the tables it refers to. */
interface MovedTable {
  name: string;
  columns: string[];
  refersTo: string[];
}

/** Row count and checksum of one table (md5 of its rows' text in a fixed order). */
export interface TableCheck {
  table: string;
  rows: number;
  checksum: string;
}

export interface MoveReport {
  source: Contents;
  /** The target before the move (tables 0 unless --force). */
  replaced: Contents;
  target: Contents;
  /** Migrations the target took before the copy. */
  migrationsApplied: number;
  /** Every copied table, in the order copied, with its count and checksum on both sides (equal). */
  tables: { table: string; source: TableCheck; target: TableCheck }[];
}

/** The move failed its final comparison: the tables whose count or checksum differ; the target was rolled back. */
export class MoveMismatchError extends BackupError {
  constructor(readonly tables: MoveReport["tables"]) {
    const differing = tables.filter((table) => !sameCheck(table.source, table.target)).map((table) => table.table);
    super(`the copy differs from the embedded database in ${differing.join(", ")}; the target was rolled back`);
    this.name = "MoveMismatchError";
  }
}

const sameCheck = (a: TableCheck, b: TableCheck) => a.rows === b.rows && a.checksum === b.checksum;

/** Text output independent of the server's defaults, so that both sides print a row alike (checksums, COPY). */
async function fixTextOutput(sql: postgres.Sql): Promise<void> {
  await sql`
    select set_config('TimeZone', 'UTC', false), set_config('DateStyle', 'ISO, YMD', false),
           set_config('IntervalStyle', 'postgres', false), set_config('extra_float_digits', '1', false),
           set_config('bytea_output', 'hex', false)`;
}

/** The tables of the public schema that the migrations created (extension tables such as spatial_ref_sys left out), by name. */
async function readTables(sql: postgres.Sql): Promise<MovedTable[]> {
  const rows = await sql<{ name: string; columns: string[]; refers: string[] }[]>`
    select c.relname as name,
      array(select a.attname::text from pg_attribute a
            where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
            order by a.attnum) as columns,
      array(select distinct r.relname::text from pg_constraint f join pg_class r on r.oid = f.confrelid
            where f.conrelid = c.oid and f.contype = 'f' and f.confrelid <> c.oid) as refers
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r'
      and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
    order by c.relname`;
  return rows.filter((row) => !MIGRATION_RECORDS.includes(row.name)).map((row) => ({ name: row.name, columns: row.columns, refersTo: row.refers }));
}

/** The tables with every table after those it refers to; a cycle of foreign keys cannot be copied with them checked. */
function foreignKeyOrder(tables: MovedTable[]): MovedTable[] {
  const ordered: MovedTable[] = [];
  const placed = new Set<string>();
  let remaining = tables;
  while (remaining.length > 0) {
    const ready = remaining.filter((table) => table.refersTo.every((name) => placed.has(name) || !tables.some((other) => other.name === name)));
    if (ready.length === 0) throw new BackupError(`the foreign keys of ${remaining.map((table) => table.name).join(", ")} form a cycle`);
    for (const table of ready) placed.add(table.name);
    ordered.push(...ready);
    remaining = remaining.filter((table) => !placed.has(table.name));
  }
  return ordered;
}

/**
 * Count and checksum of a table's copied columns: the md5 of each row's text, sorted, hashed together. Hashing row
 * by row keeps the aggregate small where rows are large (photos' bytes: one string of every row's text would pass
 * PostgreSQL's 1 GB limit).
 */
async function checkTable(sql: postgres.Sql, table: MovedTable): Promise<TableCheck> {
  const [row] = await sql<{ rows: number; checksum: string }[]>`
    select count(*)::int as rows, coalesce(md5(string_agg(t.hash, E'\n' order by t.hash collate "C")), '') as checksum
    from (select md5(row(${sql(table.columns)})::text) as hash from ${sql(table.name)}) as t`;
  return { table: table.name, rows: row!.rows, checksum: row!.checksum };
}

/** Row count and checksum of every table a move copies, by name, on a client of one connection (whose text output it fixes). */
export async function checkDatabase(sql: postgres.Sql): Promise<TableCheck[]> {
  await fixTextOutput(sql);
  const checks: TableCheck[] = [];
  for (const table of await readTables(sql)) checks.push(await checkTable(sql, table));
  return checks;
}

/**
 * migrate() inside the move's transaction: its begin/commit/rollback become a savepoint, and every other statement
 * runs in a savepoint of its own, because migrate() reads schema_migrations before it exists and catches that
 * error, which would otherwise abort the whole transaction.
 */
function migrationsWithin(tx: Tx): Sql {
  const query = async (strings: TemplateStringsArray, ...values: unknown[]) => {
    const statement = strings.join("?").trim().toLowerCase();
    if (statement === "begin") return tx`savepoint move_migration`;
    if (statement === "commit") return tx`release savepoint move_migration`;
    if (statement === "rollback") return tx`rollback to savepoint move_migration`;
    await tx`savepoint move_statement`;
    try {
      const result = await tx(strings, ...(values as never[]));
      await tx`release savepoint move_statement`;
      return result;
    } catch (error) {
      await tx`rollback to savepoint move_statement`;
      throw error;
    }
  };
  const connection = Object.assign(query, { file: (file: string) => tx.file(file), release: () => {} });
  return Object.assign(query, { reserve: async () => connection }) as unknown as Sql;
}

/**
 * A client of the embedded database for the move, and a way to read on after a COPY. PGlite's socket server sends
 * a whole answer in one write; postgres.js pauses the socket when a COPY stream's buffer is full and resumes it on
 * the stream's next read, which never comes once that stream has ended, so the socket would never be read again.
 */
interface EmbeddedSource {
  sql: postgres.Sql;
  /** Call once a COPY stream has been read to its end. */
  readOn(): void;
  close(): Promise<void>;
}

async function openEmbeddedSource(dataDir: string): Promise<EmbeddedSource> {
  let embedded: EmbeddedDatabase;
  try {
    embedded = await startEmbeddedDatabase(dataDir);
  } catch (error) {
    const busy = error as Error & { pid?: number };
    if (busy.name === "EmbeddedDatabaseBusyError") {
      throw new BackupError(`the embedded database in ${dataDir} is in use by process ${busy.pid} (is the server running?): stop it before the move`);
    }
    throw new BackupError(`cannot open the embedded database in ${dataDir}: ${busy.message}`);
  }
  let socket: net.Socket | undefined;
  // socket (a connected socket for the client to use) is a postgres.js option its type declarations omit.
  const options: postgres.Options<Record<string, never>> & { socket: () => Promise<net.Socket> } = {
    database: "postgres",
    username: "postgres",
    max: 1,
    onnotice: () => {},
    socket: () =>
      new Promise<net.Socket>((resolve, reject) => {
        const connection = net.connect(embedded.socketPath, () => resolve(connection));
        connection.once("error", reject);
        socket = connection;
      }),
  };
  const sql = postgres(options);
  return {
    sql,
    readOn: () => socket?.resume(),
    async close() {
      await sql.end({ timeout: 5 });
      await embedded.stop();
    },
  };
}

/** What the target holds and its server, or a BackupError that says why it cannot be reached (the password hidden). */
async function inspectTarget(targetUrl: string): Promise<{ contents: Contents; version: string }> {
  try {
    return await withConnection(targetUrl, async (checks) => ({ version: (await checks.serverMajorVersion()).version, contents: await describeContents(checks.reader) }));
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`cannot use the target ${redactDatabaseUrl(targetUrl)}: ${(error as Error).message}`);
  }
}

/**
 * Copies the embedded database under config.dataDir into the PostgreSQL database at targetUrl, which must hold no
 * tables unless force (then the tables the move fills are emptied first, in the same transaction). Throws
 * BackupError for what the user can fix, MoveMismatchError when the copy does not compare equal (rolled back).
 */
export async function moveEmbeddedToPostgres(
  config: Config,
  targetUrl: string,
  options: { force: boolean; log?: (line: string) => void },
): Promise<MoveReport> {
  const log = options.log ?? (() => {});
  const folder = path.join(config.dataDir, "pglite");
  if (!holdsDatabase(folder)) throw new BackupError(`there is no embedded database in ${folder}`);
  const target = await inspectTarget(targetUrl);
  if (target.contents.tables > 0 && !options.force) {
    throw new BackupError(
      `the target holds ${target.contents.summary}; move into an empty database (createdb), or add --force to replace what it holds`,
    );
  }
  log(`target: PostgreSQL ${target.version}, ${target.contents.summary}`);

  const source = await openEmbeddedSource(config.dataDir);
  const targetSql = postgres(targetUrl, { max: 1, onnotice: () => {}, connection: { application_name: "planner-atlas-move" } });
  try {
    const sourceMigrations = await migrate(source.sql as Sql);
    if (sourceMigrations.applied.length > 0) log(`embedded database: applied migrations ${sourceMigrations.applied.join(", ")}`);
    const sourceContents = await describeContents(postgresReader(source.sql));
    log(`embedded database: ${sourceContents.summary}`);
    const sourceChecks = new Map((await checkDatabase(source.sql)).map((check) => [check.table, check]));
    const tables = foreignKeyOrder(await readTables(source.sql));
    // A table outside the public schema (none so far) would be left behind: refuse rather than move part of the data.
    if (sourceContents.tables !== tables.length + MIGRATION_RECORDS.length) {
      throw new BackupError(`the embedded database has tables outside the public schema, which the move does not copy: ${sourceContents.summary}`);
    }
    const sequences = await source.sql<{ name: string }[]>`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'S' order by c.relname`;

    const { migrationsApplied, compared } = await transaction(targetSql as unknown as Sql, async (tx) => {
      const applied = await migrate(migrationsWithin(tx));
      log(`target: ${applied.applied.length} migrations applied`);
      const targetTables = new Map((await readTables(tx)).map((table) => [table.name, table]));
      for (const table of tables) {
        const columns = targetTables.get(table.name)?.columns;
        if (columns?.join() !== table.columns.join()) {
          throw new BackupError(`the target's table ${table.name} does not match the embedded database's (columns ${columns?.join(", ") ?? "missing"})`);
        }
      }
      const names = tables.map((table) => table.name);
      // Triggers off: the copied audit log, versions and data revision stay as they are; foreign keys are still checked.
      for (const name of names) await tx`alter table ${tx(name)} disable trigger user`;
      // Empties the rows the migrations wrote (the same rows come from the embedded database) and, with force, the old data.
      await tx`truncate table ${tx(names)}`;
      for (const table of tables) {
        const readable = await source.sql`copy ${source.sql(table.name)} (${source.sql(table.columns)}) to stdout`.readable();
        const writable = await tx`copy ${tx(table.name)} (${tx(table.columns)}) from stdin`.writable();
        await pipeline(readable, writable);
        source.readOn();
        log(`copied ${table.name}`);
      }
      for (const { name } of sequences) {
        const [state] = await source.sql<{ value: string; called: boolean }[]>`select last_value::text as value, is_called as called from ${source.sql(name)}`;
        await tx`select setval(format('%I.%I', 'public', ${name}::text)::regclass, ${state!.value}::bigint, ${state!.called})`;
      }
      for (const name of names) await tx`alter table ${tx(name)} enable trigger user`;
      const targetChecks = new Map((await checkDatabase(tx)).map((check) => [check.table, check]));
      const result = tables.map((table) => ({ table: table.name, source: sourceChecks.get(table.name)!, target: targetChecks.get(table.name)! }));
      if (result.some((table) => !sameCheck(table.source, table.target))) throw new MoveMismatchError(result);
      return { migrationsApplied: applied.applied.length, compared: result };
    });
    return { source: sourceContents, replaced: target.contents, target: (await inspectTarget(targetUrl)).contents, migrationsApplied, tables: compared };
  } finally {
    await targetSql.end({ timeout: 5 });
    await source.close();
  }
}
