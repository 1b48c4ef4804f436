/**
 * The embedded database: PGlite (PostgreSQL 18 in WASM) with PostGIS, persisted under DATA_DIR, served over the
 * Postgres wire protocol on a private Unix socket so that the one `postgres` client reaches it exactly as it reaches
 * a PostgreSQL server. PGlite runs one query at a time, so the client that talks to it keeps one connection.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { lockFolder } from "./folder-lock.ts";
import { postgisFromDisk } from "./postgis-files.ts";

export { lockFolder };

/** The extensions every PGlite of the project loads (the migrations create them). */
export const EMBEDDED_EXTENSIONS = { postgis: postgisFromDisk, btree_gist, pg_trgm };

/**
 * PostgreSQL's page cache inside PGlite's WebAssembly memory: half PGlite's 128 MB, since the operating system caches
 * the same data files as well (the README's embedded database section has the memory this saves).
 */
const EMBEDDED_SHARED_BUFFERS = "64MB";

export interface EmbeddedDatabase {
  /** Path of the Unix socket that speaks the Postgres protocol. */
  socketPath: string;
  /** Stops the socket server, flushes and closes PGlite, and releases the folder lock. */
  stop(): Promise<void>;
}

/** Opens (creating on first use) the PGlite database under `dataDir/pglite` and serves it on a Unix socket. */
export async function startEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  const folder = path.join(dataDir, "pglite");
  fs.mkdirSync(folder, { recursive: true });
  const unlock = await lockFolder(dataDir);
  try {
    const db = await PGlite.create(folder, {
      extensions: EMBEDDED_EXTENSIONS,
      startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${EMBEDDED_SHARED_BUFFERS}`],
    });
    // Unix socket paths are limited to ~107 bytes, so the socket lives in the temp folder, not under dataDir.
    const socketPath = path.join(os.tmpdir(), `planner-atlas-${process.pid}-${randomBytes(4).toString("hex")}.sock`);
    const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 4 });
    await server.start();
    return {
      socketPath,
      async stop() {
        try {
          await server.stop();
          await db.close();
        } finally {
          fs.rmSync(socketPath, { force: true });
          unlock();
        }
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}
