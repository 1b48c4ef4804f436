/**
 * npm run user:create, spawned as a user would run it (tsx, the password on standard input), on both databases:
 * it creates an account that can sign in, and refuses a taken name, a bad role, a short password, and an embedded
 * database that another process holds, with a message and a non-zero exit.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../../../server/src/auth/passwords.ts";
import type { Config } from "../../../server/src/config.ts";
import { openDatabase } from "../../../server/src/db/database.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { freshDatabaseConfig } from "../../helpers/databases.ts";
import { runCommand } from "../../helpers/run-command.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");

const userCreate = (config: Config, args: string[], stdin: string) => runCommand("user-create", config, args, { stdin, env: { DEMO_DATA: "true" } });

describe.each(enabledBackends())("npm run user:create on %s", (backend) => {
  let config: Config;
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ config, cleanup } = await freshDatabaseConfig(backend));
  });
  afterAll(async () => {
    await cleanup?.();
  });

  it("creates an account with a Chinese name from the password on standard input", async () => {
    const run = await userCreate(config, ["--role", "admin", "--name", "张三", "--display-name", "张三（管理员）"], "一个足够长的密码abc\n");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/created account \d+ "张三" \(admin, shown as "张三（管理员）"\)/);
    const database = await openDatabase(config);
    try {
      const [row] = await database.sql<{ role: string; displayName: string; passwordHash: string }[]>`
        select role, display_name, password_hash from users where name = '张三'`;
      expect(row).toMatchObject({ role: "admin", displayName: "张三（管理员）" });
      expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
      expect(await verifyPassword(row!.passwordHash, "一个足够长的密码abc")).toBe(true);
    } finally {
      await database.close();
    }
  });

  it("refuses a name that is taken, a bad role and a short password, saying why", async () => {
    const taken = await userCreate(config, ["--role", "bureau", "--name", "张三"], "another long password\n");
    expect(taken.status).toBe(1);
    expect(taken.stderr).toMatch(/an account named "张三" already exists; no account was created/);
    const badRole = await userCreate(config, ["--role", "leadership", "--name", "李四"], "another long password\n");
    expect(badRole.status).toBe(2);
    expect(badRole.stderr).toMatch(/--role must be one of admin, bureau, leader, planner \(got "leadership"\)/);
    const short = await userCreate(config, ["--role", "leader", "--name", "李四"], "short\n");
    expect(short.status).toBe(1);
    expect(short.stderr).toMatch(/at least 10 characters; no account was created/);
    const sameAsName = await userCreate(config, ["--role", "leader", "--name", "lisi-the-leader"], "LISI-THE-LEADER\n");
    expect(sameAsName.status).toBe(1);
    expect(sameAsName.stderr).toMatch(/must not be the account's name/);
  });

  it.runIf(backend === "pglite")("does not open the embedded database while another process holds it", async () => {
    const database = await openDatabase(config);
    try {
      const run = await userCreate(config, ["--role", "leader", "--name", "王五"], "a long enough password\n");
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/is in use by process \d+ .*no account was created/s);
    } finally {
      await database.close();
    }
  });
});
