/**
 * A real Planner Atlas server for a browser test file: buildApp on a fresh copy of the PGlite template database,
 * serving the client built by the global setup, listening on 127.0.0.1 at a free port.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, inject } from "vitest";
import { buildApp } from "../../../server/src/app.ts";
import type { Config } from "../../../server/src/config.ts";
import type { Sql } from "../../../server/src/db/database.ts";
import { importBoundaries } from "../../../server/src/import/import-boundaries.ts";
import { freshDatabaseConfig } from "../../helpers/databases.ts";
import { requireReferenceData } from "../../helpers/reference-data.ts";
import { launchChromium } from "../../../scripts/headless-chromium.ts";

export interface AtlasServer {
  /** http://127.0.0.1:<port>, the only origin the page may talk to. */
  origin: string;
  /** The app's own connection to its database (PGlite takes one connection, so tests write through it). */
  sql: Sql;
  /** GET a JSON resource from the running server, for expectations built from the API itself. */
  getJson<T>(path: string): Promise<T>;
  close(): Promise<void>;
}

export interface AtlasServerOptions {
  /**
   * Import the Jincheng reference data (township boundaries and seats) through the project's own import, as the
   * bureau would. Where the data is absent this throws (REQUIRE_REFERENCE_DATA=1) or returns undefined after a
   * notice, and the caller skips visibly.
   */
  referenceData?: boolean;
  /** Settings that differ from the test defaults (e.g. a low opinionProofBits). */
  config?: Partial<Config>;
}

async function startAtlasServer(options: { referenceData: true }): Promise<AtlasServer | undefined>;
async function startAtlasServer(options?: AtlasServerOptions): Promise<AtlasServer>;
async function startAtlasServer(options: AtlasServerOptions = {}): Promise<AtlasServer | undefined> {
  let referenceFolder: string | undefined;
  if (options.referenceData) {
    referenceFolder = requireReferenceData("browser tests with imported township boundaries");
    if (!referenceFolder) return undefined;
  }
  const { config, cleanup } = await freshDatabaseConfig("pglite");
  const app = await buildApp({ ...config, ...options.config, clientDir: inject("clientDir"), host: "127.0.0.1", port: 0 });
  let origin: string;
  try {
    if (referenceFolder) await importBoundaries(app.db.sql, referenceFolder);
    origin = await app.listen({ host: "127.0.0.1", port: 0 });
  } catch (error) {
    await app.close();
    await cleanup();
    throw error;
  }
  return {
    origin,
    sql: app.db.sql,
    async getJson<T>(path: string) {
      const response = await fetch(new URL(path, origin));
      if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
      return (await response.json()) as T;
    },
    async close() {
      try {
        await app.close();
      } finally {
        await cleanup();
      }
    },
  };
}

/**
 * A server (as startAtlasServer) and a Chromium for the tests of one describe block or file: started together before
 * them, handed to `ready`, and closed after them.
 */
export function useAtlasServerAndBrowser(
  options: AtlasServerOptions,
  ready: (server: AtlasServer | undefined, browser: Browser) => void | Promise<void>,
): void {
  let server: AtlasServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startAtlasServer(options), launchChromium()]);
    await ready(server, browser);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
}
