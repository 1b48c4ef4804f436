/**
 * The demo accounts on both databases: none without DEMO_PASSWORD or with DEMO_DATA off; with both, one account per
 * role that signs in with that password; a new DEMO_PASSWORD replaces the old one at the next start and ends their
 * sessions.
 */
import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../../server/src/app.ts";
import type { Config } from "../../../server/src/config.ts";
import { DEMO_ACCOUNTS, demoAccountsNotice } from "../../../server/src/seed/demo-accounts.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { freshDatabaseConfig } from "../../helpers/databases.ts";
import { OWN_ORIGIN, signIn } from "./accounts.ts";

// Made for the run: no password is kept in the repository.
const FIRST_PASSWORD = randomBytes(12).toString("base64url");
const SECOND_PASSWORD = randomBytes(12).toString("base64url");

describe.each(enabledBackends())("demo accounts on %s", (backend) => {
  let config: Config;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const fresh = await freshDatabaseConfig(backend);
    config = { ...fresh.config, signInFailureDelayMs: 1, signInRateLimit: 1000 };
    cleanup = fresh.cleanup;
  });
  afterAll(async () => {
    await cleanup?.();
  });

  /** Starts the app with these settings, runs fn on it and closes it. */
  async function withApp<T>(changes: Partial<Config>, fn: (app: FastifyInstance) => Promise<T>): Promise<T> {
    const app = await buildApp({ ...config, ...changes });
    try {
      return await fn(app);
    } finally {
      await app.close();
    }
  }

  const demoUsers = (app: FastifyInstance) =>
    app.db.sql<{ name: string; role: string; displayName: string; plannerName: string | null; passwordChangedAt: Date }[]>`
      select u.name, u.role, u.display_name, p.name as planner_name, u.password_changed_at
      from users u left join planners p on p.id = u.planner_id
      where u.name like 'demo-%' order by u.name`;

  const signInStatus = (app: FastifyInstance, name: string, password: string) =>
    app.inject({ method: "POST", url: "/api/session", headers: { origin: OWN_ORIGIN }, payload: { name, password } }).then((response) => response.statusCode);

  it("creates none without DEMO_PASSWORD, and the start log says how to get them", async () => {
    await withApp({ demoPassword: undefined }, async (app) => expect(await demoUsers(app)).toEqual([]));
    expect(demoAccountsNotice({ demoData: true, demoPassword: undefined })).toMatch(/demo-admin, demo-bureau, demo-leader, demo-planner.*set DEMO_PASSWORD/);
    expect(demoAccountsNotice({ demoData: true, demoPassword: FIRST_PASSWORD })).toBeUndefined();
    expect(demoAccountsNotice({ demoData: false, demoPassword: undefined })).toBeUndefined();
  });

  it("creates none when DEMO_DATA is off, even with DEMO_PASSWORD", async () => {
    await withApp({ demoData: false, demoPassword: FIRST_PASSWORD }, async (app) => expect(await demoUsers(app)).toEqual([]));
  });

  it("creates one account per role with DEMO_PASSWORD, each of which signs in with its role", async () => {
    await withApp({ demoPassword: FIRST_PASSWORD }, async (app) => {
      const users = await demoUsers(app);
      expect(users.map(({ name, role, displayName, plannerName }) => ({ name, role, displayName, plannerName }))).toEqual([
        { name: "demo-admin", role: "admin", displayName: "演示管理员", plannerName: null },
        { name: "demo-bureau", role: "bureau", displayName: "演示规划局", plannerName: null },
        { name: "demo-leader", role: "leader", displayName: "演示领导", plannerName: null },
        { name: "demo-planner", role: "planner", displayName: "演示规划师", plannerName: "示例规划师 10" },
      ]);
      for (const account of DEMO_ACCOUNTS) {
        const cookie = await signIn(app, account.name, FIRST_PASSWORD);
        const session = await app.inject({ url: "/api/session", headers: { cookie } });
        expect(session.json(), account.name).toMatchObject({ user: { name: account.name, role: account.role, displayName: account.displayName } });
      }
      // Recorded like any account, the hash left out of the log.
      const logged = await app.db.sql<{ actor: string; after: Record<string, unknown> }[]>`
        select actor, after from audit_log where table_name = 'users' and action = 'insert' and after ->> 'name' like 'demo-%'`;
      expect(logged).toHaveLength(4);
      expect(logged.every((row) => row.actor === "system:demo-accounts" && !("password_hash" in row.after))).toBe(true);
    });
  });

  it("keeps the accounts as they are at a restart with the same DEMO_PASSWORD", async () => {
    const before = await withApp({ demoPassword: FIRST_PASSWORD }, demoUsers);
    const after = await withApp({ demoPassword: FIRST_PASSWORD }, demoUsers);
    expect(after).toEqual(before);
  });

  it("gives the accounts a new DEMO_PASSWORD at the next start and ends their sessions", async () => {
    const cookie = await withApp({ demoPassword: FIRST_PASSWORD }, (app) => signIn(app, "demo-bureau", FIRST_PASSWORD));
    await withApp({ demoPassword: SECOND_PASSWORD }, async (app) => {
      expect((await demoUsers(app)).map((user) => user.name)).toEqual(DEMO_ACCOUNTS.map((account) => account.name));
      expect((await app.inject({ url: "/api/session", headers: { cookie } })).json()).toEqual({ user: null });
      for (const account of DEMO_ACCOUNTS) {
        expect(await signInStatus(app, account.name, FIRST_PASSWORD), account.name).toBe(401);
        expect(await signInStatus(app, account.name, SECOND_PASSWORD), account.name).toBe(200);
      }
    });
  });

  it("refuses to start with a DEMO_PASSWORD that is a demo account's name", async () => {
    await expect(buildApp({ ...config, demoPassword: "demo-planner" })).rejects.toThrow(/DEMO_PASSWORD cannot serve the demo account demo-planner/);
  });
});
