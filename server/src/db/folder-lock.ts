/**
 * One process at a time on a data folder. PGlite keeps no lock of its own and two processes on one folder corrupt
 * it, so the folder is claimed by binding a local socket whose name is derived from the folder's real path: the
 * kernel refuses a second bind while the first is open and frees it when its process ends in any way (SIGKILL
 * included), so no lock outlives its holder and a reused process id means nothing. A pid file beside the data says
 * who holds it, for the message only.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/** The information file: "<pid> <ISO time the lock was taken>". Never read to decide anything. */
export const LOCK_INFO_FILE = "planner-atlas.lock";

/** Thrown when another process holds the folder; `pid` and `since` come from the information file when it has them. */
class EmbeddedDatabaseBusyError extends Error {
  constructor(
    readonly folder: string,
    readonly pid: number | undefined,
    readonly since: Date | undefined,
  ) {
    const holder = pid === undefined ? "another process" : `process ${pid}${since ? ` since ${since.toISOString()}` : ""}`;
    super(
      `the embedded database in ${folder} is in use by ${holder} (is the server running?). ` +
        "Stop that process, or set DATABASE_URL to use PostgreSQL + PostGIS, which allows many clients.",
    );
    this.name = "EmbeddedDatabaseBusyError";
  }
}

/**
 * The socket that stands for the folder. Linux: an abstract socket (no file; gone with its last descriptor).
 * Windows: a named pipe (the same). Elsewhere a socket file in the temp folder, which a dead holder leaves behind:
 * there a refused connection tells a stale file from a live holder.
 */
function lockAddress(folder: string): { address: string; leavesFile: boolean } {
  const name = `planner-atlas-${createHash("sha256").update(fs.realpathSync(folder)).digest("hex").slice(0, 32)}`;
  if (process.platform === "linux") return { address: `\0${name}`, leavesFile: false };
  if (process.platform === "win32") return { address: `\\\\?\\pipe\\${name}`, leavesFile: false };
  return { address: path.join(os.tmpdir(), `${name}.lock.sock`), leavesFile: true };
}

function listen(server: net.Server, address: string): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const failed = (error: NodeJS.ErrnoException) => resolve(error);
    server.once("error", failed);
    server.listen(address, () => {
      server.off("error", failed);
      resolve(undefined);
    });
  });
}

/** Whether something answers on a socket file (a refused connection means its holder is gone). */
function answers(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(address, () => {
      probe.destroy();
      resolve(true);
    });
    probe.once("error", (error: NodeJS.ErrnoException) => resolve(error.code !== "ECONNREFUSED" && error.code !== "ENOENT"));
  });
}

function readHolder(infoPath: string): { pid: number | undefined; since: Date | undefined } {
  try {
    const [pidText, sinceText] = fs.readFileSync(infoPath, "utf8").trim().split(/\s+/);
    const pid = Number(pidText);
    const since = sinceText ? new Date(sinceText) : undefined;
    return { pid: Number.isInteger(pid) && pid > 0 ? pid : undefined, since: since && !Number.isNaN(since.getTime()) ? since : undefined };
  } catch {
    return { pid: undefined, since: undefined };
  }
}

/**
 * Claims the data folder (which must exist) for this process, or throws EmbeddedDatabaseBusyError when another
 * process holds it, a second claim in this process included. Resolves to the release, which is safe to call twice.
 */
export async function lockFolder(folder: string): Promise<() => void> {
  const { address, leavesFile } = lockAddress(folder);
  const infoPath = path.join(folder, LOCK_INFO_FILE);
  // Connections are only probes from other processes on the same folder: nothing is said on them.
  const server = net.createServer((connection) => connection.destroy());
  let error = await listen(server, address);
  if (error?.code === "EADDRINUSE" && leavesFile && !(await answers(address))) {
    fs.rmSync(address, { force: true });
    error = await listen(server, address);
  }
  if (error) {
    if (error.code !== "EADDRINUSE") throw error;
    const holder = readHolder(infoPath);
    throw new EmbeddedDatabaseBusyError(folder, holder.pid, holder.since);
  }
  // The claim must not keep the process alive on its own.
  server.unref();
  fs.writeFileSync(infoPath, `${process.pid} ${new Date().toISOString()}\n`);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (readHolder(infoPath).pid === process.pid) fs.rmSync(infoPath, { force: true });
    server.close();
  };
}
