/**
 * npm run backup -- <file> — writes a backup of the database chosen by the configuration: a pg_dump custom archive
 * of PostgreSQL + PostGIS when DATABASE_URL is set, else PGlite's dump of the embedded database under DATA_DIR
 * (stop the server first). Exit status: 0 written, 1 failed (no file is left under the name), 2 usage or configuration.
 */
import { BackupError, backupEmbedded, backupPostgres } from "../server/src/backup/backup.ts";
import { loadCommandConfig, parseCommandLine } from "./command-config.ts";

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

const USAGE = `Usage: npm run backup -- <file>

Writes a backup of the database: with DATABASE_URL, a pg_dump custom archive (pg_dump of the server's major version
or later must be installed; restore it with npm run restore or pg_restore); without it, a dump of the embedded
database under DATA_DIR (default .data; stop the server first), which npm run restore loads back.

Exit status: 0 written, 1 failed (nothing is left under the file's name), 2 usage or configuration error.`;

async function main(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(
    "backup",
    { args: argv, allowPositionals: true, options: { help: { type: "boolean", short: "h", default: false } } },
    USAGE,
    { positionals: { count: 1, what: "file to write" } },
  );
  if (typeof parsed === "number") return parsed;
  const config = loadCommandConfig("backup", { announce: true });
  if (!config) return EXIT_USAGE;
  const file = parsed.positionals[0]!;
  try {
    const contents = config.databaseUrl ? await backupPostgres(config.databaseUrl, file) : await backupEmbedded(config.dataDir, file);
    console.log(`backed up ${contents.summary} to ${file}`);
    return EXIT_OK;
  } catch (error) {
    const message = error instanceof BackupError ? error.message : `failed: ${error instanceof Error ? error.message : String(error)}`;
    console.error(`backup: ${message}`);
    return EXIT_FAILED;
  }
}

process.exitCode = await main(process.argv.slice(2));
