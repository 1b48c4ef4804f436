/**
 * Brings a database to a usable state: migrations, SQL functions, then the built-in data if it is not there.
 * The server runs it at start; `npm run db:migrate` runs it alone; tests build their template databases with it.
 */
import type { Sql } from "./database.ts";
import { migrate, type MigrationReport } from "./migrate.ts";
import { ensureBuiltinData, type BuiltinReport } from "../seed/builtin.ts";

export interface SetupReport {
  migrations: MigrationReport;
  builtin: BuiltinReport;
}

export async function setupDatabase(sql: Sql, options: { demo: boolean; log?: (line: string) => void }): Promise<SetupReport> {
  const migrations = await migrate(sql, undefined, options.log);
  const builtin = await ensureBuiltinData(sql, options);
  return { migrations, builtin };
}
