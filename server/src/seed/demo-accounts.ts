/**
 * The fictional demo accounts, one per role, beside the demo data: created at start when DEMO_DATA is on and
 * DEMO_PASSWORD is set, with that password hashed like any other. DEMO_PASSWORD stays their password: at each start
 * an account whose password no longer matches it (it was changed, or DEMO_PASSWORD was) gets it again and loses its
 * sessions. Accounts are never removed or disabled here; an account of the same name that is not the demo one (other
 * role or display name) is left alone.
 */
import { DEMO_PASSWORD_MIN_LENGTH, type Config } from "../config.ts";
import type { Role } from "../contracts/session.ts";
import { checkNewPassword } from "../auth/account-rules.ts";
import { hashPassword, verifyPassword } from "../auth/passwords.ts";
import { transaction, type Sql } from "../db/database.ts";

/** The demo planner the demo-planner account belongs to (a unit planner with work records, named by demo.seed.ts). */
const DEMO_PLANNER_NAME = "示例规划师 10";

const ACTOR = "system:demo-accounts";

/** Name, role and the name the interface shows (演示 marks them as demo accounts). */
export const DEMO_ACCOUNTS: readonly { name: string; role: Role; displayName: string }[] = [
  { name: "demo-admin", role: "admin", displayName: "演示管理员" },
  { name: "demo-bureau", role: "bureau", displayName: "演示规划局" },
  { name: "demo-leader", role: "leader", displayName: "演示领导" },
  { name: "demo-planner", role: "planner", displayName: "演示规划师" },
];

/** What the start log says about the demo accounts: how to get them while DEMO_DATA is on without DEMO_PASSWORD. */
export function demoAccountsNotice(config: Pick<Config, "demoData" | "demoPassword">): string | undefined {
  if (!config.demoData || config.demoPassword !== undefined) return undefined;
  return (
    `Demo accounts (${DEMO_ACCOUNTS.map((account) => account.name).join(", ")}): none; ` +
    `set DEMO_PASSWORD to a password of at least ${DEMO_PASSWORD_MIN_LENGTH} characters and restart to sign in to the demo`
  );
}

export interface DemoAccountsReport {
  created: string[];
  /** Accounts whose password was set to DEMO_PASSWORD again. */
  updated: string[];
  /** Names left alone, with why. */
  skipped: string[];
}

/** Creates the missing demo accounts and gives DEMO_PASSWORD back to those that lost it. Throws when the password breaks the account rules. */
export async function ensureDemoAccounts(sql: Sql, password: string, log: (line: string) => void = () => {}): Promise<DemoAccountsReport> {
  for (const account of DEMO_ACCOUNTS) {
    const rule = checkNewPassword(password, account.name);
    if (!rule.ok) throw new Error(`DEMO_PASSWORD cannot serve the demo account ${account.name}: ${rule.reason}`);
  }
  const names = DEMO_ACCOUNTS.map((account) => account.name);
  const existing = await sql<{ name: string; role: Role; displayName: string; passwordHash: string | null }[]>`
    select name, role, display_name, password_hash from users where name in ${sql(names)}`;
  const [planner] = await sql<{ id: number }[]>`select id from planners where is_demo and name = ${DEMO_PLANNER_NAME} order by id limit 1`;
  const report: DemoAccountsReport = { created: [], updated: [], skipped: [] };
  const work = await Promise.all(
    DEMO_ACCOUNTS.map(async (account) => {
      const current = existing.find((row) => row.name === account.name);
      if (!current) {
        if (account.role === "planner" && !planner) return { account, action: "skip" as const, why: "no demo planner to belong to (demo data not loaded)" };
        return { account, action: "create" as const, hash: await hashPassword(password) };
      }
      if (current.role !== account.role || current.displayName !== account.displayName) {
        return { account, action: "skip" as const, why: "an account of that name that is not the demo account" };
      }
      if (await verifyPassword(current.passwordHash, password)) return { account, action: "keep" as const };
      return { account, action: "update" as const, hash: await hashPassword(password) };
    }),
  );
  if (work.every((item) => item.action === "keep")) return report;
  await transaction(sql, async (tx) => {
    await tx`select set_config('app.actor', ${ACTOR}, true)`;
    for (const item of work) {
      const { name, role, displayName } = item.account;
      if (item.action === "create") {
        // Another process starting on the same database may have created it meanwhile: then it is kept.
        const inserted = await tx`
          insert into users (name, role, display_name, password_hash, password_changed_at, planner_id)
          values (${name}, ${role}, ${displayName}, ${item.hash}, now(), ${role === "planner" ? planner!.id : null})
          on conflict (name) do nothing`;
        if (inserted.count > 0) report.created.push(name);
      } else if (item.action === "update") {
        const [user] = await tx<{ id: number }[]>`
          update users set password_hash = ${item.hash}, password_changed_at = now() where name = ${name} returning id`;
        if (user) await tx`delete from sessions where user_id = ${user.id}`;
        report.updated.push(name);
      } else if (item.action === "skip") {
        report.skipped.push(`${name} (${item.why})`);
      }
    }
  });
  if (report.created.length) log(`demo accounts created: ${report.created.join(", ")} (password: DEMO_PASSWORD)`);
  if (report.updated.length) log(`demo accounts given DEMO_PASSWORD again: ${report.updated.join(", ")}`);
  if (report.skipped.length) log(`demo accounts left out: ${report.skipped.join("; ")}`);
  return report;
}
