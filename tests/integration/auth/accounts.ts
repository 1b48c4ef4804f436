/** Accounts and signed-in cookies for the auth tests, made through the same repo and hashing as the server. */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { useFreshApp } from "../../helpers/app.ts";
import type { BackendName } from "../../helpers/backends.ts";
import { createAccount } from "../../../server/src/auth/accounts.repo.ts";
import { hashPassword } from "../../../server/src/auth/passwords.ts";
import { SESSION_COOKIE } from "../../../server/src/auth/session-token.ts";
import type { Account, Role } from "../../../server/src/contracts/session.ts";

/** The origin of app.inject()'s requests (Host: localhost:80), which the CSRF check takes as the app's own. */
export const OWN_ORIGIN = "http://localhost";

/** A new account with the given role (planner accounts get a planner of the built-in demo data). */
export async function makeAccount(app: FastifyInstance, name: string, role: Role, password: string): Promise<Account> {
  const plannerId =
    role === "planner" ? (await app.db.sql<{ id: number }[]>`select id from planners order by id limit 1`)[0]!.id : null;
  return createAccount(app.db.sql, { name, role, displayName: name, passwordHash: await hashPassword(password), plannerId }, "test");
}

/** Signs in and returns the Cookie header value of the new session; fails the test on any other answer. */
/** Several accounts with one password, created one after another; by name. */
export async function makeAccounts(app: FastifyInstance, roles: Record<string, Role>, password: string): Promise<void> {
  for (const [name, role] of Object.entries(roles)) await makeAccount(app, name, role, password);
}

export async function signIn(app: FastifyInstance, name: string, password: string): Promise<string> {
  const response = await app.inject({ method: "POST", url: "/api/session", headers: { origin: OWN_ORIGIN }, payload: { name, password } });
  if (response.statusCode !== 200) throw new Error(`sign-in of ${name} answered ${response.statusCode}: ${response.body}`);
  const cookie = response.cookies.find((candidate) => candidate.name === SESSION_COOKIE);
  if (!cookie) throw new Error("sign-in set no session cookie");
  return `${SESSION_COOKIE}=${cookie.value}`;
}

/** Accounts of the given roles, each signed in: the Cookie header value of each session, by name. */
export async function signedIn<Name extends string>(app: FastifyInstance, roles: Record<Name, Role>, password: string): Promise<Record<Name, string>> {
  await makeAccounts(app, roles, password);
  const cookies = {} as Record<Name, string>;
  for (const name of Object.keys(roles) as Name[]) cookies[name] = await signIn(app, name, password);
  return cookies;
}

/** A fresh app with one signed-in account per role (named `<prefix>-<role>`), called as one of them by `send`. */
export interface SignedInApp<R extends Role> {
  readonly app: FastifyInstance;
  readonly cookies: Record<R, string>;
  /** A request with this site's Origin, signed in as `role` (anonymous when undefined). */
  send(role: R | undefined, method: InjectOptions["method"], url: string, payload?: object, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

export function useSignedInApp<R extends Role>(backend: BackendName, prefix: string, roles: readonly R[], password: string): SignedInApp<R> {
  const session = {
    app: undefined as unknown as FastifyInstance,
    cookies: {} as Record<R, string>,
    send(role: R | undefined, method: InjectOptions["method"], url: string, payload?: object, headers: Record<string, string> = {}) {
      const cookie = role === undefined ? {} : { cookie: session.cookies[role] };
      return session.app.inject({ method, url, headers: { origin: OWN_ORIGIN, ...cookie, ...headers }, ...(payload ? { payload } : {}) });
    },
  };
  useFreshApp(
    backend,
    async (built) => {
      session.app = built;
      const cookies = await signedIn(built, Object.fromEntries(roles.map((role) => [`${prefix}-${role}`, role])), password);
      for (const role of roles) session.cookies[role] = cookies[`${prefix}-${role}`]!;
    },
    { config: { signInRateLimit: 1000 } },
  );
  return session;
}
