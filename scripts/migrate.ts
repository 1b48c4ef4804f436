/** npm run db:migrate — applies migrations and SQL functions and loads the built-in data if missing. */
import { loadCommandConfig } from "./command-config.ts";
import { openDatabase } from "../server/src/db/database.ts";
import { setupDatabase } from "../server/src/setup.ts";

const config = loadCommandConfig("db:migrate", { announce: true });
if (!config) process.exit(2);
const database = await openDatabase(config);
try {
  const report = await setupDatabase(database.sql, { demo: config.demoData, log: (line) => console.log(line) });
  console.log(
    `migrations: ${report.migrations.applied.length} applied, ${report.migrations.alreadyApplied} already applied; ` +
      `${report.migrations.functions} function files applied; built-in data ${report.builtin.loaded ? `loaded ${JSON.stringify(report.builtin.counts)}` : "already present"}`,
  );
} catch (error) {
  console.error(`db:migrate failed: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
