/**
 * npm run restore -- <file> [--force] — replaces the database chosen by the configuration with a backup written by
 * npm run backup on the same kind of database. The file is checked first, and a bad one leaves the database as it
 * was; a database that holds tables is replaced only with --force. Exit status: 0 restored, 1 refused or failed
 * (database unchanged), 2 usage or configuration.
 */
import { BackupError, restoreEmbedded, restorePostgres } from "../server/src/backup/backup.ts";
import { loadCommandConfig, parseCommandLine } from "./command-config.ts";

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

const USAGE = `Usage: npm run restore -- <file> [--force]

Restores a backup made by npm run backup: with DATABASE_URL, a pg_dump custom archive into that database (with
pg_restore, in one transaction); without it, a dump of the embedded database into DATA_DIR (default .data; stop the
server first). A file of the wrong kind, truncated or empty is refused and the database stays as it was.

Options:
  --force       replace a database that already holds tables (it says what it replaced)
  -h, --help    show this help

Exit status: 0 restored, 1 refused or failed (database unchanged), 2 usage or configuration error.`;

async function main(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(
    "restore",
    { args: argv, allowPositionals: true, options: { force: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } } },
    USAGE,
    { positionals: { count: 1, what: "backup file" } },
  );
  if (typeof parsed === "number") return parsed;
  const config = loadCommandConfig("restore", { announce: true });
  if (!config) return EXIT_USAGE;
  const file = parsed.positionals[0]!;
  try {
    const { replaced, restored } = config.databaseUrl
      ? await restorePostgres(config.databaseUrl, file, parsed.values.force)
      : await restoreEmbedded(config.dataDir, file, parsed.values.force);
    if (replaced && replaced.tables > 0) console.log(`replaced ${replaced.summary}`);
    console.log(`restored ${restored.summary} from ${file}`);
    return EXIT_OK;
  } catch (error) {
    const message = error instanceof BackupError ? error.message : `failed: ${error instanceof Error ? error.message : String(error)}`;
    console.error(`restore: ${message}\nthe database is unchanged`);
    return EXIT_FAILED;
  }
}

process.exitCode = await main(process.argv.slice(2));
