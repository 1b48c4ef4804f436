/**
 * Signing in and out: POST, GET, DELETE /api/session and PUT /api/session/password. The session is a cookie
 * holding a random token (httpOnly, SameSite=Lax, Secure over https); the database keeps only its hash.
 * A wrong name and a wrong password get the same answer, after the same work (a dummy hash for unknown names).
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { setTimeout as sleep } from "node:timers/promises";
import { Type } from "typebox";
import { ChangePasswordBody, ROLES, SessionAnswer, SignInBody, SignedIn } from "../contracts/session.ts";
import { ProblemError } from "../http/problem.ts";
import { checkNewPassword, normaliseName } from "./account-rules.ts";
import { changePassword, readAccountByName, readPasswordHash, recordFailedSignIn, recordSuccessfulSignIn } from "./accounts.repo.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";
import { SESSION_COOKIE, newSessionToken, sessionTokenHash } from "./session-token.ts";
import { createSession, deleteSession } from "./sessions.repo.ts";

const WRONG_CREDENTIALS = "the name or the password is not correct";

function cookieOptions(request: FastifyRequest) {
  return { path: "/", httpOnly: true, sameSite: "lax" as const, secure: request.protocol === "https" };
}

function accountLocked(reply: FastifyReply, seconds: number): ProblemError {
  reply.header("retry-after", String(seconds));
  return new ProblemError("account-locked", `too many failed sign-ins: the account is locked for ${Math.ceil(seconds / 60)} more minutes`);
}

export const sessionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { sessionIdleS, sessionLifetimeS, signInRateLimit, signInFailureDelayMs } = app.config;

  app.get(
    "/api/session",
    { config: { public: true }, schema: { summary: "The signed-in user, or user null when anonymous", response: { 200: SessionAnswer } } },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      return { user: request.user };
    },
  );

  app.post(
    "/api/session",
    {
      config: { public: true, rateLimit: { max: signInRateLimit, timeWindow: 60_000 } },
      schema: { summary: "Sign in with name and password; sets the session cookie", body: SignInBody, response: { 200: SignedIn } },
    },
    async (request, reply) => {
      const name = normaliseName(request.body.name);
      const account = name.ok ? await readAccountByName(app.db.sql, name.value) : undefined;
      if (account && account.lockedForS > 0) throw accountLocked(reply, account.lockedForS);
      const usable = account !== undefined && !account.disabled;
      const matches = await verifyPassword(usable ? account.passwordHash : undefined, request.body.password);
      if (!usable || !matches) {
        const lockedForS = account ? await recordFailedSignIn(app.db.sql, account.id) : 0;
        // Slows guessing on top of the per-address rate limit; unknown names wait as long as known ones.
        await sleep(signInFailureDelayMs);
        if (lockedForS > 0) throw accountLocked(reply, lockedForS);
        throw new ProblemError("unauthorized", WRONG_CREDENTIALS);
      }
      await recordSuccessfulSignIn(app.db.sql, account.id);
      const token = newSessionToken();
      await createSession(app.db.sql, sessionTokenHash(token), account.id, { idleS: sessionIdleS, lifetimeS: sessionLifetimeS });
      reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions(request), maxAge: sessionLifetimeS });
      reply.header("cache-control", "no-store");
      return { user: { id: account.id, name: account.name, role: account.role, displayName: account.displayName } };
    },
  );

  app.delete(
    "/api/session",
    { config: { public: true }, schema: { summary: "Sign out: ends the session and clears the cookie", response: { 204: Type.Null() } } },
    async (request, reply) => {
      if (request.sessionTokenHash) await deleteSession(app.db.sql, request.sessionTokenHash);
      reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
      return reply.code(204).send(null);
    },
  );

  app.put(
    "/api/session/password",
    {
      config: { roles: ROLES },
      schema: { summary: "Change one's own password; ends one's other sessions", body: ChangePasswordBody, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      const user = request.user!;
      const current = await readPasswordHash(app.db.sql, user.id);
      if (!(await verifyPassword(current, request.body.currentPassword))) {
        await sleep(signInFailureDelayMs);
        throw new ProblemError("forbidden", "the current password is not correct");
      }
      const rule = checkNewPassword(request.body.newPassword, user.name);
      if (!rule.ok) throw new ProblemError("password-rejected", rule.reason);
      await changePassword(app.db.sql, user.id, await hashPassword(rule.value), request.sessionTokenHash!, `user:${user.name}`);
      return reply.code(204).send(null);
    },
  );
};
