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
import { postgis } from "@electric-sql/pglite-postgis";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

/** The extensions every PGlite of the project loads (the migrations create them). */
export const EMBEDDED_EXTENSIONS = { postgis, btree_gist, pg_trgm };

export interface EmbeddedDatabase {
  /** Path of the Unix socket that speaks the Postgres protocol. */
  socketPath: string;
  /** Stops the socket server, flushes and closes PGlite, and releases the folder lock. */
  stop(): Promise<void>;
}

class EmbeddedDatabaseBusyError extends Error {
  constructor(readonly folder: string, readonly pid: number) {
    super(
      `the embedded database in ${folder} is in use by process ${pid} (is the server running?). ` +
        "Stop that process, or set DATABASE_URL to use PostgreSQL + PostGIS, which allows many clients.",
    );
    this.name = "EmbeddedDatabaseBusyError";
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * PGlite keeps no lock of its own and two processes on one folder corrupt it, so the folder gets a pid lock file.
 * A lock left by a process that no longer exists is taken over.
 */
export function lockFolder(folder: string): () => void {
  const lockPath = path.join(folder, "planner-atlas.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: "wx" });
      return () => fs.rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(fs.readFileSync(lockPath, "utf8"));
      if (Number.isInteger(holder) && holder !== process.pid && processIsAlive(holder)) {
        throw new EmbeddedDatabaseBusyError(folder, holder);
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`could not lock ${lockPath}`);
}

/** Opens (creating on first use) the PGlite database under `dataDir/pglite` and serves it on a Unix socket. */
export async function startEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  const folder = path.join(dataDir, "pglite");
  fs.mkdirSync(folder, { recursive: true });
  const unlock = lockFolder(dataDir);
  try {
    const db = await PGlite.create(folder, { extensions: EMBEDDED_EXTENSIONS });
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
