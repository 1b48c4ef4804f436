/**
 * npm run user:create, spawned as a user would run it (tsx, the password on standard input), on both databases:
 * it creates an account that can sign in, and refuses a taken name, a bad role, a short password, and an embedded
 * database that another process holds, with a message and a non-zero exit.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../../../server/src/auth/passwords.ts";
import type { Config } from "../../../server/src/config.ts";
import { openDatabase } from "../../../server/src/db/database.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { freshDatabaseConfig } from "../../helpers/databases.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function userCreate(config: Config, args: string[], stdin: string): Promise<Run> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, LOG_LEVEL: "silent", DEMO_DATA: "true" };
  if (config.databaseUrl) env.DATABASE_URL = config.databaseUrl;
  else env.DATA_DIR = config.dataDir;
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ["scripts/user-create.ts", ...args], { cwd: ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += String(chunk)));
    child.stderr.on("data", (chunk) => (stderr += String(chunk)));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

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
