/**
 * Signing in and out on both databases: the cookie, one answer for a wrong name or password, the lockout, sign-out,
 * the password change, the CSRF rule, the sign-in rate limit, ended sessions, and what reaches the audit log.
 */
import type { FastifyInstance } from "fastify";
import { describe, expect, it } from "vitest";
import { LOCK_AFTER_FAILURES, LOCK_SECONDS } from "../../../server/src/auth/accounts.repo.ts";
import { SESSION_COOKIE, sessionTokenHash } from "../../../server/src/auth/session-token.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { useFreshApp } from "../../helpers/app.ts";
import { OWN_ORIGIN, makeAccount, makeAccounts, signIn } from "./accounts.ts";

const PASSWORD = "correct horse battery";
const ALLOWED_SITE = "https://map.example.org";

describe.each(enabledBackends())("sessions on %s", (backend) => {
  let app: FastifyInstance;
  useFreshApp(
    backend,
    async (built) => {
      app = built;
      await makeAccounts(app, { 张三: "bureau", lisi: "leader", wangwu: "admin", zhaoliu: "bureau" }, PASSWORD);
    },
    { config: { trustProxy: ["127.0.0.1"], corsOrigins: [ALLOWED_SITE], signInFailureDelayMs: 1, signInRateLimit: 1000 } },
  );

  const session = (cookie?: string) => app.inject({ url: "/api/session", headers: cookie ? { cookie } : {} });
  const signInAttempt = (name: string, password: string, headers: Record<string, string> = { origin: OWN_ORIGIN }) =>
    app.inject({ method: "POST", url: "/api/session", headers, payload: { name, password } });

  it("answers user null to an anonymous request, and to a cookie that names no session", async () => {
    expect((await session()).json()).toEqual({ user: null });
    const forged = await session(`${SESSION_COOKIE}=forged`);
    expect(forged.statusCode).toBe(200);
    expect(forged.json()).toEqual({ user: null });
  });

  it("signs in a Chinese name (in any Unicode form, with spaces around) with an httpOnly SameSite cookie", async () => {
    const response = await signInAttempt(" 张三 ".normalize("NFD"), PASSWORD);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ user: { name: "张三", role: "bureau", displayName: "张三" } });
    const cookie = response.cookies.find((candidate) => candidate.name === SESSION_COOKIE)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    expect(cookie.secure).toBeFalsy();
    expect(cookie.value.length).toBeGreaterThanOrEqual(43);
    const me = await session(`${SESSION_COOKIE}=${cookie.value}`);
    expect(me.json()).toMatchObject({ user: { name: "张三", role: "bureau" } });
    // Only the token's hash is stored.
    const stored = await app.db.sql<{ tokenHash: Buffer }[]>`select token_hash from sessions`;
    expect(stored.some((row) => Buffer.from(row.tokenHash).equals(sessionTokenHash(cookie.value)))).toBe(true);
    expect(stored.some((row) => Buffer.from(row.tokenHash).toString("utf8").includes(cookie.value))).toBe(false);
  });

  it("marks the cookie Secure when the client came over https through a trusted proxy", async () => {
    const response = await signInAttempt("张三", PASSWORD, { origin: "https://atlas.example.org", "x-forwarded-proto": "https", "x-forwarded-host": "atlas.example.org" });
    expect(response.statusCode).toBe(200);
    expect(response.cookies.find((candidate) => candidate.name === SESSION_COOKIE)?.secure).toBe(true);
  });

  it("gives a wrong password and an unknown name the same 401", async () => {
    const wrongPassword = await signInAttempt("lisi", "not the password");
    const unknownName = await signInAttempt("nobody-here", PASSWORD);
    expect(wrongPassword.statusCode).toBe(401);
    expect(wrongPassword.headers["content-type"]).toMatch(/^application\/problem\+json/);
    const { instance: _a, ...first } = wrongPassword.json();
    const { instance: _b, ...second } = unknownName.json();
    expect(first).toEqual(second);
    expect(first.type).toBe("/problems/unauthorized");
    expect(wrongPassword.cookies).toEqual([]);
  });

  it(`locks an account after ${LOCK_AFTER_FAILURES} failures in a row, even against the right password, without touching the audit log`, async () => {
    const [before] = await app.db.sql<{ count: number }[]>`select count(*)::int as count from audit_log`;
    for (let attempt = 1; attempt < LOCK_AFTER_FAILURES; attempt++) expect((await signInAttempt("zhaoliu", "wrong password")).statusCode).toBe(401);
    const last = await signInAttempt("zhaoliu", "wrong password");
    expect(last.statusCode).toBe(423);
    const locked = await signInAttempt("zhaoliu", PASSWORD);
    expect(locked.statusCode).toBe(423);
    expect(locked.json().type).toBe("/problems/account-locked");
    expect(Number(locked.headers["retry-after"])).toBeGreaterThan(LOCK_SECONDS - 60);
    expect(Number(locked.headers["retry-after"])).toBeLessThanOrEqual(LOCK_SECONDS);
    const [after] = await app.db.sql<{ count: number }[]>`select count(*)::int as count from audit_log`;
    expect(after!.count).toBe(before!.count);
    // Once the lock has run out, the right password signs in and clears the count.
    await app.db.sql`update users set locked_until = now() - interval '1 second' where name = 'zhaoliu'`;
    expect((await signInAttempt("zhaoliu", PASSWORD)).statusCode).toBe(200);
    const [row] = await app.db.sql<{ failedSignIns: number }[]>`select failed_sign_ins from users where name = 'zhaoliu'`;
    expect(row!.failedSignIns).toBe(0);
  });

  it("signs out: the session ends and the cookie is cleared", async () => {
    const cookie = await signIn(app, "lisi", PASSWORD);
    const response = await app.inject({ method: "DELETE", url: "/api/session", headers: { cookie, origin: OWN_ORIGIN } });
    expect(response.statusCode).toBe(204);
    const cleared = response.cookies.find((candidate) => candidate.name === SESSION_COOKIE)!;
    expect(cleared.value).toBe("");
    expect((await session(cookie)).json()).toEqual({ user: null });
  });

  it("changes a password, keeping this session and ending the others", async () => {
    await makeAccount(app, "孙七", "leader", PASSWORD);
    const here = await signIn(app, "孙七", PASSWORD);
    const elsewhere = await signIn(app, "孙七", PASSWORD);
    const change = (body: object) =>
      app.inject({ method: "PUT", url: "/api/session/password", headers: { cookie: here, origin: OWN_ORIGIN }, payload: body });
    expect((await change({ currentPassword: "not it at all", newPassword: "a new long password" })).statusCode).toBe(403);
    const short = await change({ currentPassword: PASSWORD, newPassword: "short" });
    expect(short.statusCode).toBe(422);
    expect(short.json().type).toBe("/problems/password-rejected");
    expect((await change({ currentPassword: PASSWORD, newPassword: "孙七" })).statusCode).toBe(422);
    expect((await change({ currentPassword: PASSWORD, newPassword: "a new long password" })).statusCode).toBe(204);
    expect((await session(here)).json()).toMatchObject({ user: { name: "孙七" } });
    expect((await session(elsewhere)).json()).toEqual({ user: null });
    expect((await signInAttempt("孙七", PASSWORD)).statusCode).toBe(401);
    expect((await signInAttempt("孙七", "a new long password")).statusCode).toBe(200);
  });

  it("refuses a write without Origin or Referer, or from another site, and takes the Referer or a CORS_ORIGIN site", async () => {
    const refused: Record<string, string>[] = [{}, { origin: "https://evil.example.com" }, { origin: "null" }, { referer: "https://evil.example.com/page" }];
    for (const headers of refused) {
      const response = await signInAttempt("lisi", PASSWORD, headers);
      expect(response.statusCode).toBe(403);
      expect(response.json().type).toBe("/problems/csrf-rejected");
    }
    expect((await signInAttempt("lisi", PASSWORD, { referer: `${OWN_ORIGIN}/dashboard` })).statusCode).toBe(200);
    expect((await signInAttempt("lisi", PASSWORD, { origin: ALLOWED_SITE })).statusCode).toBe(200);
    // A forged X-Forwarded-Host from an untrusted address does not make another site the app's own.
    const untrusted = await app.inject({
      method: "POST", url: "/api/session", remoteAddress: "203.0.113.9",
      headers: { origin: "https://evil.example.com", "x-forwarded-host": "evil.example.com", "x-forwarded-proto": "https" },
      payload: { name: "lisi", password: PASSWORD },
    });
    expect(untrusted.statusCode).toBe(403);
  });

  it("ignores a session past its lifetime or idle for too long", async () => {
    const expired = await signIn(app, "lisi", PASSWORD);
    await app.db.sql`update sessions set expires_at = now() - interval '1 second' where token_hash = ${sessionTokenHash(expired.split("=")[1]!)}`;
    expect((await session(expired)).json()).toEqual({ user: null });
    const idle = await signIn(app, "lisi", PASSWORD);
    await app.db.sql`update sessions set last_seen_at = now() - make_interval(secs => ${app.config.sessionIdleS + 1}) where token_hash = ${sessionTokenHash(idle.split("=")[1]!)}`;
    expect((await session(idle)).json()).toEqual({ user: null });
    // The next sign-in deletes ended sessions.
    await signIn(app, "lisi", PASSWORD);
    const [left] = await app.db.sql<{ count: number }[]>`
      select count(*)::int as count from sessions where token_hash in (${sessionTokenHash(expired.split("=")[1]!)}, ${sessionTokenHash(idle.split("=")[1]!)})`;
    expect(left!.count).toBe(0);
  });

  it("lets an admin create and disable accounts; a disabled account's sessions end", async () => {
    const admin = await signIn(app, "wangwu", PASSWORD);
    const created = await app.inject({
      method: "POST", url: "/api/users", headers: { cookie: admin, origin: OWN_ORIGIN },
      payload: { name: "周八", role: "bureau", password: "周八的初始密码足够长了吧" },
    });
    expect(created.statusCode).toBe(201);
    const account = created.json();
    expect(account).toMatchObject({ name: "周八", role: "bureau", displayName: "周八", disabled: false, plannerId: null });
    expect(account).not.toHaveProperty("passwordHash");
    const duplicate = await app.inject({
      method: "POST", url: "/api/users", headers: { cookie: admin, origin: OWN_ORIGIN },
      payload: { name: "周八", role: "leader", password: "another long password" },
    });
    expect(duplicate.statusCode).toBe(409);
    const theirs = await signIn(app, "周八", "周八的初始密码足够长了吧");
    const disabled = await app.inject({
      method: "PATCH", url: `/api/users/${account.id}`, headers: { cookie: admin, origin: OWN_ORIGIN }, payload: { disabled: true },
    });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json().disabled).toBe(true);
    expect((await session(theirs)).json()).toEqual({ user: null });
    expect((await signInAttempt("周八", "周八的初始密码足够长了吧")).statusCode).toBe(401);
  });

  it("keeps password hashes and session tokens out of the audit log", async () => {
    const rows = await app.db.sql<{ tableName: string; text: string }[]>`
      select table_name, coalesce(before::text, '') || coalesce(after::text, '') as text from audit_log where table_name in ('users', 'sessions')`;
    expect(rows.filter((row) => row.tableName === "users").length).toBeGreaterThan(0);
    expect(rows.filter((row) => row.tableName === "sessions")).toEqual([]);
    expect(rows.filter((row) => /password_hash|argon2/.test(row.text))).toEqual([]);
    const actors = await app.db.sql<{ actor: string }[]>`select distinct actor from audit_log where table_name = 'users' and actor like 'user:%'`;
    expect(actors.map((row) => row.actor)).toContain("user:wangwu");
  });
});

describe("sign-in rate limit", () => {
  let app: FastifyInstance;
  useFreshApp("pglite", (built) => {
    app = built;
  }, { config: { signInRateLimit: 2, signInFailureDelayMs: 1 } });

  it("answers 429 problem+json with Retry-After once an address has used its attempts", async () => {
    const attempt = () =>
      app.inject({ method: "POST", url: "/api/session", headers: { origin: OWN_ORIGIN }, payload: { name: "nobody", password: "whatever it is" } });
    expect((await attempt()).statusCode).toBe(401);
    expect((await attempt()).statusCode).toBe(401);
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(limited.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(limited.json().type).toBe("/problems/rate-limited");
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    // Reading the session is not limited.
    expect((await app.inject("/api/session")).statusCode).toBe(200);
  });
});
