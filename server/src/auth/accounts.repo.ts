/**
 * Accounts (table users): reading one for sign-in, the sign-in bookkeeping (failures in a row, lockout), creating
 * and disabling accounts, changing a password. Names and passwords arrive already checked (account-rules.ts).
 */
import { transaction, type Sql } from "../db/database.ts";
import type { Account, Role } from "../contracts/session.ts";

/** Failed sign-ins in a row that lock an account, and for how long. */
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_SECONDS = 15 * 60;

/** What sign-in needs to know of an account. */
export interface SignInAccount extends Account {
  passwordHash: string | null;
  /** Seconds the account stays locked; 0 when it is not locked. */
  lockedForS: number;
}

/** The account with exactly this (normalised) name; undefined when there is none. */
export async function readAccountByName(sql: Sql, name: string): Promise<SignInAccount | undefined> {
  const [row] = await sql<SignInAccount[]>`
    select id, name, role, display_name, planner_id, disabled, password_hash,
      greatest(0, ceil(extract(epoch from locked_until - now())))::int as locked_for_s
    from users where name = ${name}`;
  return row;
}

/** The account's password hash; undefined when the account does not exist. */
export async function readPasswordHash(sql: Sql, userId: number): Promise<string | null | undefined> {
  const [row] = await sql<{ passwordHash: string | null }[]>`select password_hash from users where id = ${userId}`;
  return row?.passwordHash;
}

/**
 * Counts a failed sign-in; at LOCK_AFTER_FAILURES in a row the account is locked for LOCK_SECONDS. Returns the
 * seconds the account is now locked for (0: not locked). One statement, so that parallel failures all count.
 */
export async function recordFailedSignIn(sql: Sql, userId: number): Promise<number> {
  const [row] = await sql<{ lockedForS: number }[]>`
    update users set
      failed_sign_ins = failed_sign_ins + 1,
      locked_until = case when failed_sign_ins + 1 >= ${LOCK_AFTER_FAILURES} then now() + make_interval(secs => ${LOCK_SECONDS}) else locked_until end
    where id = ${userId}
    returning greatest(0, ceil(extract(epoch from locked_until - now())))::int as locked_for_s`;
  return row?.lockedForS ?? 0;
}

/** A successful sign-in clears the failure count and any lock. */
export async function recordSuccessfulSignIn(sql: Sql, userId: number): Promise<void> {
  await sql`update users set failed_sign_ins = 0, locked_until = null where id = ${userId} and (failed_sign_ins <> 0 or locked_until is not null)`;
}

export interface NewAccount {
  name: string;
  role: Role;
  displayName: string;
  passwordHash: string;
  plannerId: number | null;
}

/**
 * Inserts an account; `actor` is recorded in the audit log (e.g. "user:张三", "cli:user-create"). A name taken
 * already raises 23505, a missing planner 23503, a planner id on another role (or none on planner) 23514.
 */
export async function createAccount(sql: Sql, account: NewAccount, actor: string): Promise<Account> {
  return transaction(sql, async (tx) => {
    await tx`select set_config('app.actor', ${actor}, true)`;
    const [row] = await tx<Account[]>`
      insert into users (name, role, display_name, password_hash, password_changed_at, planner_id)
      values (${account.name}, ${account.role}, ${account.displayName}, ${account.passwordHash}, now(), ${account.plannerId})
      returning id, name, role, display_name, planner_id, disabled`;
    return row!;
  });
}

/** Disables or enables an account; disabling also ends its sessions. Undefined when there is no such account. */
export async function setAccountDisabled(sql: Sql, userId: number, disabled: boolean, actor: string): Promise<Account | undefined> {
  return transaction(sql, async (tx) => {
    await tx`select set_config('app.actor', ${actor}, true)`;
    const [row] = await tx<Account[]>`
      update users set disabled = ${disabled} where id = ${userId}
      returning id, name, role, display_name, planner_id, disabled`;
    if (row && disabled) await tx`delete from sessions where user_id = ${userId}`;
    return row;
  });
}

/** Stores a new password hash and ends every session of the account except `keepTokenHash`. */
export async function changePassword(sql: Sql, userId: number, passwordHash: string, keepTokenHash: Buffer, actor: string): Promise<void> {
  await transaction(sql, async (tx) => {
    await tx`select set_config('app.actor', ${actor}, true)`;
    await tx`update users set password_hash = ${passwordHash}, password_changed_at = now() where id = ${userId}`;
    await tx`delete from sessions where user_id = ${userId} and token_hash <> ${keepTokenHash}`;
  });
}
