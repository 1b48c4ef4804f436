/**
 * npm run db:move -- --to <postgres://…> [--force] — copies the embedded database under DATA_DIR into an empty
 * PostgreSQL + PostGIS database, in one transaction that commits only when every table compares equal, and prints
 * each table's row count and checksum. Exit status: 0 moved, 1 refused or failed (target unchanged), 2 usage or
 * configuration.
 */
import { BackupError } from "../server/src/backup/backup.ts";
import { MoveMismatchError, moveEmbeddedToPostgres, type MoveReport } from "../server/src/backup/move.ts";
import { redactDatabaseUrl } from "../server/src/config.ts";
import { loadCommandConfig, parseCommandLine } from "./command-config.ts";

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

const USAGE = `Usage: npm run db:move -- --to postgres://user:password@host:5432/database [--force]

Moves the embedded database under DATA_DIR (default .data) into PostgreSQL + PostGIS: stop the server first. The
target database must exist and hold no tables (createdb planner_atlas); its role needs the rights that npm start
needs (create the extensions postgis, btree_gist and pg_trgm) and becomes the owner of the tables. The target gets
the same migrations, then every table in foreign-key order with its ids, sequences, accounts, sessions, audit log
and data revision, with its triggers off while the rows are copied. It is one transaction: it commits only when
every table's row count and checksum equal the embedded database's, and a failure leaves the target as it was.
The embedded database is brought to the current migrations first and is otherwise left as it is.
Then start the server with DATABASE_URL set to the target.

Options:
  --to <url>    the target database (postgres:// or postgresql://); the password is never printed
  --force       move into a database that already holds tables: the tables the move fills are emptied first,
                in the same transaction (it says what it replaced)
  -h, --help    show this help

Exit status: 0 moved (every table equal), 1 refused or failed (target unchanged), 2 usage or configuration error.`;

function printTables(tables: MoveReport["tables"]): void {
  const width = Math.max(...tables.map((table) => table.table.length));
  console.log(`${"table".padEnd(width)}  ${"rows".padStart(8)}  checksum (md5)                    target`);
  for (const { table, source, target } of tables) {
    const same = source.rows === target.rows && source.checksum === target.checksum;
    console.log(
      `${table.padEnd(width)}  ${String(source.rows).padStart(8)}  ${source.checksum.padEnd(32)}  ` +
        (same ? "equal" : `DIFFERS: ${target.rows} rows, ${target.checksum || "(none)"}`),
    );
  }
}

async function main(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(
    "db:move",
    {
      args: argv,
      options: { to: { type: "string" }, force: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } },
    },
    USAGE,
  );
  if (typeof parsed === "number") return parsed;
  const to = parsed.values.to?.trim();
  if (!to || !/^postgres(ql)?:\/\/./.test(to)) {
    console.error(`db:move: --to must be a postgres:// or postgresql:// connection string${to ? "" : " (missing)"}\n${USAGE}`);
    return EXIT_USAGE;
  }
  const config = loadCommandConfig("db:move");
  if (!config) return EXIT_USAGE;
  if (config.databaseUrl) {
    console.error("db:move: DATABASE_URL is set, but the move reads the embedded database under DATA_DIR: run it without DATABASE_URL");
    return EXIT_USAGE;
  }
  console.log(`from: embedded PGlite in ${config.dataDir}\nto: ${redactDatabaseUrl(to)}`);
  try {
    const report = await moveEmbeddedToPostgres(config, to, { force: parsed.values.force, log: (line) => console.log(line) });
    printTables(report.tables);
    if (report.replaced.tables > 0) console.log(`replaced ${report.replaced.summary}`);
    console.log(`moved ${report.source.summary}; every table's row count and checksum are equal`);
    console.log(`the target now holds ${report.target.summary}: start the server with DATABASE_URL=${redactDatabaseUrl(to)}`);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof MoveMismatchError) printTables(error.tables);
    const message = error instanceof BackupError ? error.message : `failed: ${error instanceof Error ? error.message : String(error)}`;
    console.error(`db:move: ${message}\nthe target is unchanged`);
    return EXIT_FAILED;
  }
}

process.exitCode = await main(process.argv.slice(2));
