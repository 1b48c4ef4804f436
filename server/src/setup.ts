/**
 * Brings a database to a usable state: migrations, SQL functions, then the built-in data if it is not there.
 * The server runs it at start; `npm run db:migrate` runs it alone; tests build their template databases with it.
 * It lives beside db/ and seed/ because it runs both: db/ never loads the seeders.
 */
import type { Sql } from "./db/database.ts";
import { migrate, type MigrationReport } from "./db/migrate.ts";
import { ensureBuiltinData, type BuiltinReport } from "./seed/builtin.ts";
import { ensureDemoAccounts } from "./seed/demo-accounts.ts";

export interface SetupReport {
  migrations: MigrationReport;
  builtin: BuiltinReport;
}

export async function setupDatabase(sql: Sql, options: { demo: boolean; demoPassword?: string; log?: (line: string) => void }): Promise<SetupReport> {
  const migrations = await migrate(sql, undefined, options.log);
  const builtin = await ensureBuiltinData(sql, options);
  // After the built-in data, whose demo planner the demo-planner account belongs to.
  if (options.demo && options.demoPassword !== undefined) await ensureDemoAccounts(sql, options.demoPassword, options.log);
  return { migrations, builtin };
}
