/**
 * Builds the set-up databases that every integration test file clones: one PGlite folder and, when
 * TEST_DATABASE_URL is set, one PostgreSQL template database. Both go through the production setup path
 * (migrations, SQL functions, built-in data). The PGlite template is cached by a hash of everything that shapes it.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { loadConfig } from "../../server/src/config.ts";
import { openDatabase } from "../../server/src/db/database.ts";
import { setupDatabase } from "../../server/src/setup.ts";
import { testDatabaseUrl, type Templates } from "./backends.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

function hashTree(hash: ReturnType<typeof createHash>, folder: string): void {
  if (!fs.existsSync(folder)) return;
  for (const entry of fs.readdirSync(folder, { withFileTypes: true, recursive: true }).sort((a, b) =>
    path.join(a.parentPath, a.name).localeCompare(path.join(b.parentPath, b.name)),
  )) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    hash.update(path.relative(ROOT, file));
    hash.update(fs.readFileSync(file));
  }
}

function templateKey(): string {
  const hash = createHash("sha256");
  for (const folder of ["sql", "server/src/seed", "server/src/db", "server/src/geo", "data"]) hashTree(hash, path.join(ROOT, folder));
  hash.update(fs.readFileSync(path.join(ROOT, "package-lock.json")));
  return hash.digest("hex").slice(0, 16);
}

export async function buildPgliteTemplate(): Promise<string> {
  const folder = path.join(os.tmpdir(), `planner-atlas-test-template-${templateKey()}`);
  if (fs.existsSync(path.join(folder, "ready"))) return folder;
  // Built aside and renamed into place, so that two runs at once never share a half-built folder.
  const building = `${folder}.building-${process.pid}`;
  fs.rmSync(building, { recursive: true, force: true });
  const started = Date.now();
  const database = await openDatabase(loadConfig({ DATA_DIR: building }, ROOT));
  try {
    await setupDatabase(database.sql, { demo: true });
  } finally {
    await database.close();
  }
  fs.writeFileSync(path.join(building, "ready"), new Date().toISOString());
  try {
    fs.renameSync(building, folder);
  } catch {
    fs.rmSync(building, { recursive: true, force: true });
    if (!fs.existsSync(path.join(folder, "ready"))) throw new Error(`could not place the PGlite template at ${folder}`);
  }
  console.log(`[global-setup] PGlite template built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return folder;
}

async function buildPostgisTemplate(url: string): Promise<string> {
  const name = `${new URL(url).pathname.slice(1) || "planner_atlas"}_template`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname like ${`${name.replace(/_template$/, "")}_t%`} and pid <> pg_backend_pid()`;
    const stale = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${`${name.replace(/_template$/, "")}_t%`}`;
    for (const { datname } of stale) await admin`drop database if exists ${admin(datname)}`;
    await admin`create database ${admin(name)}`;
  } finally {
    await admin.end();
  }
  const templateUrl = new URL(url);
  templateUrl.pathname = `/${name}`;
  const started = Date.now();
  const database = await openDatabase(loadConfig({ DATABASE_URL: templateUrl.toString() }, ROOT));
  try {
    await setupDatabase(database.sql, { demo: true });
  } finally {
    await database.close();
  }
  console.log(`[global-setup] PostGIS template ${name} built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return name;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = testDatabaseUrl();
  if (!url) {
    const message =
      "TEST_DATABASE_URL is not set: the integration suite runs on the embedded PGlite only, NOT on PostgreSQL + PostGIS.";
    if (process.env.REQUIRE_POSTGIS === "1") throw new Error(`${message} REQUIRE_POSTGIS=1 demands both.`);
    console.warn(`\n[global-setup] WARNING: ${message}\n`);
  }
  const [pgliteDataDir, postgisTemplate] = await Promise.all([buildPgliteTemplate(), url ? buildPostgisTemplate(url) : undefined]);
  const templates: Templates = { pgliteDataDir, ...(postgisTemplate ? { postgisTemplate } : {}) };
  project.provide("templates", templates);
  return async () => {
    if (!url || !postgisTemplate) return;
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await admin`drop database if exists ${admin(postgisTemplate)} with (force)`;
    } finally {
      await admin.end();
    }
  };
}
