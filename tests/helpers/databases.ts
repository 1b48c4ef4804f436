/**
 * Fresh databases for integration tests: each call clones the set-up template (PGlite folder copy, or PostgreSQL
 * CREATE DATABASE ... TEMPLATE), so a test file can write freely without touching others.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, inject } from "vitest";
import { loadConfig, type Config } from "../../server/src/config.ts";
import { openDatabase, type Database } from "../../server/src/db/database.ts";
import { testDatabaseUrl, type BackendName } from "./backends.ts";

export interface TestDatabase {
  backend: BackendName;
  config: Config;
  /** An open connection to the fresh database (closed by dispose). */
  database: Database;
  dispose(): Promise<void>;
}

/** Configuration for a fresh copy of the template on the given backend; the copy is removed by the returned cleanup. */
export async function freshDatabaseConfig(backend: BackendName): Promise<{ config: Config; cleanup: () => Promise<void> }> {
  const templates = inject("templates");
  const suffix = randomBytes(4).toString("hex");
  if (backend === "pglite") {
    const dataDir = path.join(os.tmpdir(), `planner-atlas-test-${process.pid}-${suffix}`);
    fs.cpSync(templates.pgliteDataDir, dataDir, { recursive: true });
    fs.rmSync(path.join(dataDir, "planner-atlas.lock"), { force: true });
    return {
      config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent", CLIENT_DIR: "" }),
      cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const url = testDatabaseUrl();
  if (!url || !templates.postgisTemplate) throw new Error("the PostGIS backend needs TEST_DATABASE_URL");
  const name = `${templates.postgisTemplate.replace(/_template$/, "")}_t${suffix}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin`create database ${admin(name)} template ${admin(templates.postgisTemplate)}`;
  } finally {
    await admin.end();
  }
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  return {
    config: loadConfig({ DATABASE_URL: dbUrl.toString(), LOG_LEVEL: "silent", CLIENT_DIR: "", DB_POOL_MAX: "4" }),
    cleanup: () => dropDatabase(url, name),
  };
}

/** Drops a database of the server at serverUrl, ending its connections. */
async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const dropper = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await dropper`drop database if exists ${dropper(name)} with (force)`;
  } finally {
    await dropper.end();
  }
}

/**
 * A new PostgreSQL database with nothing in it, beside TEST_DATABASE_URL's (named after it, then label and a random
 * suffix): its URL, and the cleanup that drops it.
 */
export async function emptyPostgresDatabase(label: string): Promise<{ url: string; cleanup: () => Promise<void> }> {
  const base = testDatabaseUrl();
  if (!base) throw new Error("an empty PostgreSQL database needs TEST_DATABASE_URL");
  const url = new URL(base);
  const name = `${url.pathname.slice(1)}_${label}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  try {
    await admin`create database ${admin(name)}`;
  } finally {
    await admin.end();
  }
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    cleanup: () => dropDatabase(base, name),
  };
}

/** A fresh, set-up database on the given backend with an open connection. */
async function freshDatabase(backend: BackendName): Promise<TestDatabase> {
  const { config, cleanup } = await freshDatabaseConfig(backend);
  const database = await openDatabase(config);
  return {
    backend,
    config,
    database,
    async dispose() {
      await database.close();
      await cleanup();
    },
  };
}

/**
 * A fresh database for the tests of one describe block: made before them (then `ready` runs, e.g. to insert fixtures;
 * what it throws fails the block) and removed after them. The handle is filled in once beforeAll has run.
 */
export function useFreshDatabase(backend: BackendName, ready?: (db: TestDatabase) => void | Promise<void>): TestDatabase {
  const handle = { backend } as TestDatabase;
  beforeAll(async () => {
    Object.assign(handle, await freshDatabase(backend));
    await ready?.(handle);
  });
  afterAll(async () => {
    await handle.dispose?.();
  });
  return handle;
}
