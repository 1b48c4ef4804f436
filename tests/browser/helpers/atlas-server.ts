/**
 * A real Planner Atlas server for a browser test file: buildApp on a fresh copy of the PGlite template database,
 * serving the client built by the global setup, listening on 127.0.0.1 at a free port.
 */
import { inject } from "vitest";
import { buildApp } from "../../../server/src/app.ts";
import type { Sql } from "../../../server/src/db/database.ts";
import { freshDatabaseConfig } from "../../helpers/databases.ts";

export interface AtlasServer {
  /** http://127.0.0.1:<port>, the only origin the page may talk to. */
  origin: string;
  /** The app's own connection to its database (PGlite takes one connection, so tests write through it). */
  sql: Sql;
  /** GET a JSON resource from the running server, for expectations built from the API itself. */
  getJson<T>(path: string): Promise<T>;
  close(): Promise<void>;
}

export async function startAtlasServer(): Promise<AtlasServer> {
  const { config, cleanup } = await freshDatabaseConfig("pglite");
  const app = await buildApp({ ...config, clientDir: inject("clientDir"), host: "127.0.0.1", port: 0 });
  let origin: string;
  try {
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
