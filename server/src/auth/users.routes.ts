/** Accounts, for admins only: POST /api/users (a new account with its initial password), PATCH /api/users/{userId}. */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Account, AccountParams, CreateAccountBody, UpdateAccountBody } from "../contracts/session.ts";
import { ProblemError } from "../http/problem.ts";
import { checkNewPassword, normaliseName } from "./account-rules.ts";
import { createAccount, setAccountDisabled } from "./accounts.repo.ts";
import { hashPassword } from "./passwords.ts";

const ADMIN_ONLY = { roles: ["admin"] as const };

export const usersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    "/api/users",
    { config: ADMIN_ONLY, schema: { summary: "Create an account (admin)", body: CreateAccountBody, response: { 201: Account } } },
    async (request, reply) => {
      const name = normaliseName(request.body.name);
      if (!name.ok) throw new ProblemError("validation-failed", name.reason, { errors: [{ path: "body.name", message: name.reason }] });
      const password = checkNewPassword(request.body.password, name.value);
      if (!password.ok) throw new ProblemError("password-rejected", password.reason);
      const displayName = request.body.displayName?.normalize("NFC").trim() || name.value;
      const account = await createAccount(
        app.db.sql,
        { name: name.value, role: request.body.role, displayName, passwordHash: await hashPassword(password.value), plannerId: request.body.plannerId ?? null },
        `user:${request.user!.name}`,
      );
      return reply.code(201).send(account);
    },
  );

  app.patch(
    "/api/users/:userId",
    { config: ADMIN_ONLY, schema: { summary: "Disable or enable an account (admin)", params: AccountParams, body: UpdateAccountBody, response: { 200: Account } } },
    async (request) => {
      if (request.params.userId === request.user!.id && request.body.disabled) throw new ProblemError("conflict", "an admin cannot disable their own account");
      const account = await setAccountDisabled(app.db.sql, request.params.userId, request.body.disabled, `user:${request.user!.name}`);
      if (!account) throw new ProblemError("not-found", `there is no account ${request.params.userId}`);
      return account;
    },
  );
};
