/**
 * npm run backup and npm run restore, spawned as a user runs them, on both databases: a database holding every kind
 * of record (built-in data, an imported boundary, an appointment history, an account, a session, audit log rows)
 * comes back row for row in an empty database; a bad file and a database that already holds data are refused and
 * leave it as it was.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type Config } from "../../../server/src/config.ts";
import { openDatabase } from "../../../server/src/db/database.ts";
import { importBoundaries } from "../../../server/src/import/import-boundaries.ts";
import { readDataRevision } from "../../../server/src/revision/revision.repo.ts";
import { enabledBackends, type BackendName } from "../../helpers/backends.ts";
import { emptyPostgresDatabase, freshDatabaseConfig } from "../../helpers/databases.ts";
import { useTemporaryFolder } from "../../helpers/temporary-folder.ts";
import { runCommand } from "../../helpers/run-command.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");

const runScript = (script: "backup" | "restore", config: Config, args: string[]) => runCommand(script, config, args);

interface Snapshot {
  /** Table name → "<rows> <md5 of the rows' text in order>". */
  tables: Record<string, string>;
  revision: string;
}

/** Row count and checksum of every table of the public schema (spatial_ref_sys, PostGIS's own, left out), and the data revision. */
async function snapshot(config: Config): Promise<Snapshot> {
  const database = await openDatabase(config);
  try {
    const { sql } = database;
    const names = await sql<{ name: string }[]>`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')
        and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
      order by c.relname`;
    const tables: Record<string, string> = {};
    for (const { name } of names) {
      const [row] = await sql<{ rows: number; checksum: string }[]>`
        select count(*)::int as rows, coalesce(md5(string_agg(t::text, E'\n' order by t::text)), '') as checksum from ${sql(name)} t`;
      tables[name] = `${row!.rows} ${row!.checksum}`;
    }
    return { tables, revision: await readDataRevision(sql) };
  } finally {
    await database.close();
  }
}

/** Adds a record of every kind the application writes to a set-up database. */
async function fillDatabase(config: Config, boundaryFile: string): Promise<void> {
  const database = await openDatabase(config);
  try {
    const { sql } = database;
    await importBoundaries(sql, boundaryFile, { coordinates: "wgs84" });
    const [planner] = await sql<{ id: number }[]>`insert into planners (name, specialities) values ('备份测试规划师', '{城市更新}') returning id`;
    const [area] = await sql<{ id: number }[]>`
      insert into areas (code, name, kind, geom, provenance)
      values ('backup-test-area', '备份测试责任区', 'project',
              ST_Multi(ST_MakeEnvelope(112.80, 35.48, 112.82, 35.50, 4326)), 'imported')
      returning id`;
    await sql`
      insert into appointments (planner_id, area_id, role, valid_from, valid_to, status, end_reason)
      values (${planner!.id}, ${area!.id}, 'unit', '2023-01-01', '2024-01-01', 'ended', '任期届满'),
             (${planner!.id}, ${area!.id}, 'unit', '2024-01-01', null, 'active', null)`;
    const [user] = await sql<{ id: number }[]>`
      insert into users (name, display_name, role, password_hash) values ('备份管理员', '备份管理员', 'admin', 'not-a-real-hash') returning id`;
    await sql`
      insert into sessions (token_hash, user_id, expires_at) values (${randomBytes(32)}, ${user!.id}, now() + interval '1 day')`;
  } finally {
    await database.close();
  }
}

/** Configuration of an empty database: a new DATA_DIR, or a new PostgreSQL database with no tables. */
async function emptyDatabaseConfig(backend: BackendName): Promise<{ config: Config; cleanup: () => Promise<void> }> {
  const suffix = randomBytes(4).toString("hex");
  if (backend === "pglite") {
    const dataDir = path.join(os.tmpdir(), `planner-atlas-backup-empty-${process.pid}-${suffix}`);
    return {
      config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent", CLIENT_DIR: "" }),
      cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const empty = await emptyPostgresDatabase("empty");
  return { config: loadConfig({ DATABASE_URL: empty.url, LOG_LEVEL: "silent", CLIENT_DIR: "" }), cleanup: empty.cleanup };
}

const BOUNDARY = JSON.stringify({
  type: "FeatureCollection",
  features: [
    {
      type: "Feature",
      properties: { code: "140502001", name: "东街街道" },
      geometry: { type: "Polygon", coordinates: [[[112.84, 35.49], [112.86, 35.49], [112.86, 35.51], [112.84, 35.51], [112.84, 35.49]]] },
    },
  ],
});

describe.each(enabledBackends())("backup and restore on %s", (backend) => {
  const folder = useTemporaryFolder("planner-atlas-backup-", (made) => fs.writeFileSync(path.join(made, "boundary.geojson"), BOUNDARY));
  const cleanups: (() => Promise<void>)[] = [];
  let source: Config;
  let target: Config;
  let sourceSnapshot: Snapshot;
  let backupFile: string;

  beforeAll(async () => {
    const fresh = await freshDatabaseConfig(backend);
    cleanups.push(fresh.cleanup);
    source = fresh.config;
    const empty = await emptyDatabaseConfig(backend);
    cleanups.push(empty.cleanup);
    target = empty.config;
    await fillDatabase(source, path.join(folder.path, "boundary.geojson"));
    sourceSnapshot = await snapshot(source);
    backupFile = path.join(folder.path, backend === "pglite" ? "atlas.tar.gz" : "atlas.dump");
  });
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it("holds a record of every kind before the backup", () => {
    for (const table of ["divisions", "areas", "appointments", "planners", "users", "sessions", "audit_log", "data_loads", "schema_migrations"]) {
      expect(Number(sourceSnapshot.tables[table]?.split(" ")[0]), table).toBeGreaterThan(0);
    }
  });

  it("backs the database up into one file", async () => {
    const run = await runScript("backup", source, [backupFile]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/backed up \d+ tables holding \d+ rows .*data revision \d+-\d{8} to /);
    expect(fs.statSync(backupFile).size).toBeGreaterThan(0);
  });

  it("restores every table's rows and the data revision into an empty database", async () => {
    const run = await runScript("restore", target, [backupFile]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(/replaced/);
    expect(run.stdout).toMatch(/restored \d+ tables holding \d+ rows/);
    expect(await snapshot(target)).toEqual(sourceSnapshot);
  });

  it("refuses to restore onto a database that holds data without --force, and changes nothing", async () => {
    const run = await runScript("restore", target, [backupFile]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/the database holds \d+ tables holding \d+ rows .*add --force to replace it/);
    expect(await snapshot(target)).toEqual(sourceSnapshot);
  });

  it("refuses an empty, a foreign, a truncated file and the other database's kind, even with --force, and changes nothing", async () => {
    const bytes = fs.readFileSync(backupFile);
    const files: [string, Buffer, RegExp][] = [
      ["empty", Buffer.alloc(0), /is empty: not a backup/],
      ["foreign", Buffer.from("name,code\n东街街道,140502001\n".repeat(40)), /is not a backup: neither a pg_dump custom archive nor a dump of the embedded database/],
      ["truncated", bytes.subarray(0, Math.floor(bytes.length / 2)), backend === "pglite" ? /is not a usable dump/ : /pg_restore failed, nothing was changed|not a readable pg_dump archive/],
      backend === "pglite"
        ? ["other-kind", Buffer.concat([Buffer.from("PGDMP"), randomBytes(600)]), /is a pg_dump archive of PostgreSQL/]
        : ["other-kind", Buffer.concat([Buffer.from([0x1f, 0x8b]), randomBytes(600)]), /is a dump of the embedded database/],
    ];
    for (const [name, content, message] of files) {
      const file = path.join(folder.path, `bad-${name}`);
      fs.writeFileSync(file, content);
      const run = await runScript("restore", target, [file, "--force"]);
      expect(run.status, name).toBe(1);
      expect(run.stderr, name).toMatch(message);
      expect(run.stderr, name).toMatch(/the database is unchanged/);
    }
    expect(await snapshot(target)).toEqual(sourceSnapshot);
  });

  it("replaces a database that holds data with --force and says what it replaced", async () => {
    const database = await openDatabase(target);
    try {
      await database.sql`delete from sessions`;
      await database.sql`update planners set name = '改过的名字' where name = '备份测试规划师'`;
    } finally {
      await database.close();
    }
    const run = await runScript("restore", target, [backupFile, "--force"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/replaced \d+ tables holding \d+ rows/);
    expect(await snapshot(target)).toEqual(sourceSnapshot);
  });

  it("answers a missing file argument with the usage and exit status 2", async () => {
    const run = await runScript("backup", source, []);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/Usage: npm run backup -- <file>/);
  });

  it.runIf(backend === "pglite")("refuses to back up the embedded database while another process holds it", async () => {
    const database = await openDatabase(source);
    try {
      const run = await runScript("backup", source, [path.join(folder.path, "busy.tar.gz")]);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/is in use by process \d+/);
      expect(fs.existsSync(path.join(folder.path, "busy.tar.gz"))).toBe(false);
    } finally {
      await database.close();
    }
  });
});
