/**
 * npm run db:move, spawned as a user runs it: an embedded database holding every kind of record (the built-in and
 * demo data, demo accounts, an appointment history and an account written through the API, sessions, the audit
 * log) moves into a new PostgreSQL database table for table, and the app on it answers as on the embedded one. A
 * target that holds data, a broken target URL, a held data folder and a failure half-way are refused and leave
 * the target as it was. PostgreSQL only: it needs TEST_DATABASE_URL.
 */
import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../../server/src/app.ts";
import { checkDatabase, type TableCheck } from "../../../server/src/backup/move.ts";
import type { Config } from "../../../server/src/config.ts";
import { openDatabase } from "../../../server/src/db/database.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { emptyPostgresDatabase, freshDatabaseConfig } from "../../helpers/databases.ts";
import { runCommand } from "../../helpers/run-command.ts";
import { OWN_ORIGIN, signIn } from "../auth/accounts.ts";

const withPostgres = enabledBackends().includes("postgis");
if (!withPostgres) {
  console.warn("\n[move] NOTICE: TEST_DATABASE_URL is not set: the move from the embedded database to PostgreSQL does NOT run.\n");
}

// Made for the run: no password is kept in the repository.
const DEMO_PASSWORD = randomBytes(12).toString("base64url");
const TARGET_PASSWORD_MARK = "never-printed-h5";
const DONGJIE_SEAT = { lon: 112.846381, lat: 35.495141 };

/** Runs fn with a one-connection client of a PostgreSQL database. */
async function withPostgresClient<T>(url: string, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end();
  }
}

async function embeddedChecks(config: Config): Promise<TableCheck[]> {
  const database = await openDatabase(config);
  try {
    return await checkDatabase(database.sql);
  } finally {
    await database.close();
  }
}

/** Writes through the API what the built-in data lacks: an account made by the admin, a planner with an ended appointment, sessions. */
async function writeThroughApi(app: FastifyInstance): Promise<void> {
  const admin = await signIn(app, "demo-admin", DEMO_PASSWORD);
  const bureau = await signIn(app, "demo-bureau", DEMO_PASSWORD);
  const send = async (cookie: string, method: "POST" | "PATCH", url: string, payload: object, headers: Record<string, string> = {}) => {
    const response = await app.inject({ method, url, headers: { origin: OWN_ORIGIN, cookie, ...headers }, payload });
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
    return response.json();
  };
  await send(admin, "POST", "/api/users", { name: "迁移测试局员", role: "bureau", password: DEMO_PASSWORD });
  const planner = await send(bureau, "POST", "/api/planners", { name: "迁移测试规划师" });
  await send(bureau, "PATCH", `/api/planners/${planner.id}`, { organisation: "迁移测试院" }, { "if-match": '"1"' });
  const [area] = await app.db.sql<{ id: number }[]>`select id from areas where code = 'project-1'`;
  const appointment = await send(bureau, "POST", "/api/appointments", { plannerId: planner.id, areaId: area!.id, role: "project", validFrom: "2024-01-01" });
  await send(bureau, "POST", `/api/appointments/${appointment.id}/end`, { validTo: "2024-06-01", reason: "项目完成" }, { "if-match": '"1"' });
}

/** The lookup at 东街街道's seat and the sign-in of an account, as the app on a database answers them. */
async function answers(config: Config): Promise<{ lookup: unknown; signIn: unknown }> {
  const app = await buildApp(config);
  try {
    const lookup = await app.inject(`/api/lookup?lon=${DONGJIE_SEAT.lon}&lat=${DONGJIE_SEAT.lat}`);
    expect(lookup.statusCode).toBe(200);
    const signedIn = await app.inject({ method: "POST", url: "/api/session", headers: { origin: OWN_ORIGIN }, payload: { name: "迁移测试局员", password: DEMO_PASSWORD } });
    expect(signedIn.statusCode).toBe(200);
    return { lookup: lookup.json(), signIn: signedIn.json() };
  } finally {
    await app.close();
  }
}

describe.runIf(withPostgres)("npm run db:move from the embedded database to PostgreSQL", () => {
  const cleanups: (() => Promise<void>)[] = [];
  let source: Config;
  let sourceChecks: TableCheck[];
  let target: { url: string; cleanup: () => Promise<void> };

  const move = (args: string[], config: Config = source) => runCommand("move-database", config, args);

  beforeAll(async () => {
    const fresh = await freshDatabaseConfig("pglite");
    cleanups.push(fresh.cleanup);
    source = { ...fresh.config, demoPassword: DEMO_PASSWORD, signInFailureDelayMs: 1 };
    const app = await buildApp(source);
    try {
      await writeThroughApi(app);
    } finally {
      await app.close();
    }
    sourceChecks = await embeddedChecks(source);
    target = await emptyPostgresDatabase("move");
    cleanups.push(target.cleanup);
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it("starts from an embedded database holding a record of every kind", () => {
    const rows = Object.fromEntries(sourceChecks.map((check) => [check.table, check.rows]));
    for (const table of ["divisions", "areas", "planners", "appointments", "users", "sessions", "audit_log", "data_revision", "data_loads"]) {
      expect(rows[table], table).toBeGreaterThan(0);
    }
    expect(rows.users).toBe(5);
  });

  it("moves every table into an empty PostgreSQL database, with equal row counts and checksums, and prints them", async () => {
    const run = await move(["--to", target.url]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    for (const check of sourceChecks) {
      expect(run.stdout).toMatch(new RegExp(`^${check.table} +${check.rows} +${check.checksum} +equal$`, "m"));
    }
    expect(run.stdout).toMatch(/every table's row count and checksum are equal/);
    expect(await withPostgresClient(target.url, checkDatabase)).toEqual(sourceChecks);
  });

  it("gives the app on PostgreSQL the same lookup and sign-in answers, and new ids after the copied ones", async () => {
    const targetConfig: Config = { ...source, databaseUrl: target.url };
    const [onSource, onTarget] = [await answers(source), await answers(targetConfig)];
    expect(onTarget).toEqual(onSource);
    const app = await buildApp(targetConfig);
    try {
      const admin = await signIn(app, "demo-admin", DEMO_PASSWORD);
      const created = await app.inject({
        method: "POST",
        url: "/api/users",
        headers: { origin: OWN_ORIGIN, cookie: admin },
        payload: { name: "迁移后新账号", role: "leader", password: DEMO_PASSWORD },
      });
      expect(created.statusCode, created.body).toBe(201);
      const [highest] = await app.db.sql<{ id: number }[]>`select max(id) as id from users where name <> '迁移后新账号'`;
      expect(created.json().id).toBeGreaterThan(highest!.id);
    } finally {
      await app.close();
    }
  });

  it("refuses a second move into the now non-empty target and leaves it as it was", async () => {
    const before = await withPostgresClient(target.url, checkDatabase);
    const run = await move(["--to", target.url]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/the target holds \d+ tables holding \d+ rows .*add --force to replace what it holds/);
    expect(run.stderr).toMatch(/the target is unchanged/);
    expect(await withPostgresClient(target.url, checkDatabase)).toEqual(before);
  });

  it("says clearly why a broken target URL cannot be used, without printing its password", async () => {
    const unreachable = new URL(target.url);
    unreachable.password = TARGET_PASSWORD_MARK;
    unreachable.pathname = "/planner_atlas_h5_no_such_database";
    const refused = await move(["--to", unreachable.toString()]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/cannot use the target postgres:\/\/postgres:\*\*\*@.*: password authentication failed|does not exist/);
    expect(refused.stdout + refused.stderr).not.toContain(TARGET_PASSWORD_MARK);
    const notUrl = await move(["--to", "planner_atlas_h5"]);
    expect(notUrl.status).toBe(2);
    expect(notUrl.stderr).toMatch(/--to must be a postgres:\/\/ or postgresql:\/\/ connection string/);
  });

  it("refuses to read the embedded database while another process holds it", async () => {
    const database = await openDatabase(source);
    try {
      const run = await move(["--to", target.url, "--force"]);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/is in use by process \d+/);
    } finally {
      await database.close();
    }
  });

  it("rolls everything back, migrations included, when the move fails half-way", async () => {
    const blocked = await emptyPostgresDatabase("move_blocked");
    cleanups.push(blocked.cleanup);
    // A table of another application in the way of the first migration.
    await withPostgresClient(blocked.url, (sql) => sql`create table areas (note text)`);
    const run = await move(["--to", blocked.url, "--force"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/migration 0001_create_domain failed: relation "areas" already exists/);
    const tables = await withPostgresClient(blocked.url, (sql) => sql<{ name: string }[]>`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' order by 1`);
    expect(tables.map((table) => table.name)).toEqual(["areas"]);
  });
});
