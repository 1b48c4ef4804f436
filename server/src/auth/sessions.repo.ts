/**
 * Sessions (table sessions), shared by every server process on the database. A session ends at its absolute
 * expiry or after `idleS` seconds without a request; ended rows are ignored at once and deleted lazily, at sign-in.
 */
import type { Sql } from "../db/database.ts";
import type { SessionUser } from "../contracts/session.ts";

/** last_seen_at is moved at most this often, so that a busy client does not write on every request. */
const TOUCH_AFTER_S = 60;

export interface SessionLifetime {
  /** Seconds without a request after which the session ends. */
  idleS: number;
  /** Seconds from sign-in after which the session ends in any case. */
  lifetimeS: number;
}

/** Starts a session for the user under the token's hash, and deletes sessions that have ended (anyone's). */
export async function createSession(sql: Sql, tokenHash: Buffer, userId: number, lifetime: SessionLifetime): Promise<void> {
  await sql`
    delete from sessions
    where expires_at <= now() or last_seen_at <= now() - make_interval(secs => ${lifetime.idleS})`;
  await sql`
    insert into sessions (token_hash, user_id, expires_at)
    values (${tokenHash}, ${userId}, now() + make_interval(secs => ${lifetime.lifetimeS}))`;
}

/**
 * The user of a live session (not expired, not idle too long, account not disabled), and marks it seen; undefined
 * for any other token.
 */
export async function readSessionUser(sql: Sql, tokenHash: Buffer, idleS: number): Promise<SessionUser | undefined> {
  const [row] = await sql<(SessionUser & { seenAgoS: number })[]>`
    select u.id, u.name, u.role, u.display_name, extract(epoch from now() - s.last_seen_at)::float8 as seen_ago_s
    from sessions s join users u on u.id = s.user_id
    where s.token_hash = ${tokenHash} and s.expires_at > now()
      and s.last_seen_at > now() - make_interval(secs => ${idleS}) and not u.disabled`;
  if (!row) return undefined;
  if (row.seenAgoS >= TOUCH_AFTER_S) await sql`update sessions set last_seen_at = now() where token_hash = ${tokenHash}`;
  const { seenAgoS: _seenAgoS, ...user } = row;
  return user;
}

/** Ends one session; nothing happens for an unknown token. */
export async function deleteSession(sql: Sql, tokenHash: Buffer): Promise<void> {
  await sql`delete from sessions where token_hash = ${tokenHash}`;
}
