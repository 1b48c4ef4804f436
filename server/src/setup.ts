/**
 * Brings a database to a usable state: migrations, SQL functions, then the built-in data if it is not there.
 * The server runs it at start; `npm run db:migrate` runs it alone; tests build their template databases with it.
 * It lives beside db/ and seed/ because it runs both: db/ never loads the seeders.
 */
import { isConnectionFailure, type Sql } from "./db/database.ts";
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

/** The waits between attempts while the database cannot be reached: 0.5 s doubling to 30 s. */
const FIRST_RETRY_MS = 500;
const LAST_RETRY_MS = 30_000;

export interface SetupAttempts {
  /** Resolves once the database is set up; rejects only when stopped before that. */
  done: Promise<void>;
  /** Stops trying (the server is closing). */
  stop(): void;
}

/**
 * setupDatabase, tried again with a growing wait while the database cannot be reached (a server started before
 * PostgreSQL, or during its restart), as services under systemd are expected to. Any other failure is tried again
 * too, at the longest wait, and logged each time: a server that listens keeps saying why it is not ready.
 */
export function setUpWhenReachable(
  sql: Sql,
  options: Parameters<typeof setupDatabase>[1],
  report: { waiting(reason: string, retryInMs: number): void },
): SetupAttempts {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, ms);
    });
  const done = (async () => {
    for (let wait = FIRST_RETRY_MS; ; wait = Math.min(wait * 2, LAST_RETRY_MS)) {
      if (stopped) throw new Error("stopped before the database could be set up");
      try {
        await setupDatabase(sql, options);
        return;
      } catch (error) {
        if (stopped) throw new Error("stopped before the database could be set up");
        const reachable = !isConnectionFailure(error);
        if (reachable) wait = LAST_RETRY_MS;
        const code = (error as { code?: unknown }).code;
        report.waiting(`${reachable ? "setting the database up failed" : "the database cannot be reached"}: ${error instanceof Error ? error.message : String(error)}${typeof code === "string" ? ` (${code})` : ""}`, wait);
        await pause(wait);
      }
    }
  })();
  done.catch(() => {});
  return {
    done,
    stop() {
      stopped = true;
      clearTimeout(timer);
      wake?.();
    },
  };
}
