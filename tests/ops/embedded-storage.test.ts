/**
 * The embedded database's folder read-only or its disk full, made real with mounts (so root is needed: a read-only
 * bind mount refuses root too, where permission bits would not; a small tmpfs fills without touching the machine's
 * disk). A read-only folder: the server refuses to start and says why. A full disk: a write answers 507
 * `storage-full`, reads keep answering, nothing is half stored, and once room is made the same server writes again
 * and the folder opens again after a restart.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createAccount } from "../../server/src/auth/accounts.repo.ts";
import { hashPassword } from "../../server/src/auth/passwords.ts";
import { loadConfig } from "../../server/src/config.ts";
import { openDatabase } from "../../server/src/db/database.ts";
import { freshDatabaseConfig } from "../helpers/databases.ts";
import { requireReferenceData } from "../helpers/reference-data.ts";
import { startProcess, startServer } from "../helpers/server-process.ts";

const PASSWORD = "storage test password 1234";
const IS_ROOT = process.getuid?.() === 0;
if (!IS_ROOT) console.warn("\n[ops] NOTICE: the embedded storage tests mount file systems and need root: they do not run\n");

/** Unmounts `folder` if something is mounted there (a test may have unmounted it already). */
function unmount(folder: string): void {
  try {
    execFileSync("umount", ["-l", folder], { stdio: "ignore" });
  } catch {
    // not mounted any more
  }
}

describe.runIf(IS_ROOT)("the embedded database's folder", () => {
  const cleanups: (() => void | Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it("read-only: the server refuses to start and says the folder is not writable; made writable, it starts", async () => {
    const fresh = await freshDatabaseConfig("pglite");
    cleanups.push(fresh.cleanup);
    const folder = fresh.config.dataDir;
    execFileSync("mount", ["--bind", folder, folder]);
    cleanups.push(() => unmount(folder));
    execFileSync("mount", ["-o", "remount,ro,bind", folder]);

    const refused = startProcess(["server/src/server.ts"], { DATA_DIR: folder, PORT: "0", CLIENT_DIR: "" });
    expect((await refused.exited).code).toBe(1);
    expect(refused.output()).toContain(`the data folder ${folder} (DATA_DIR) is not writable (it is on a read-only file system, EROFS)`);

    execFileSync("umount", [folder]);
    const server = await startServer({ DATA_DIR: folder });
    expect((await fetch(`${server.url}/api/divisions?limit=1`)).status).toBe(200);
    server.child.kill("SIGTERM");
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });

  it("on a full disk: a write answers 507 and stores nothing, reads answer, and with room again it writes and reopens", async () => {
    const reference = requireReferenceData("a full disk under the embedded database");
    if (!reference) return;
    const template = await freshDatabaseConfig("pglite");
    cleanups.push(template.cleanup);
    const used = Number(execFileSync("du", ["-sm", template.config.dataDir]).toString().split("\t")[0]);
    const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), "planner-atlas-full-"));
    // Room for the database as it is and some of its work, not for an import's preview.
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${used + 24}m`, "tmpfs", mountPoint]);
    cleanups.push(() => {
      unmount(mountPoint);
      fs.rmSync(mountPoint, { recursive: true, force: true });
    });
    const config = loadConfig({ DATA_DIR: path.join(mountPoint, "data") });
    fs.cpSync(template.config.dataDir, config.dataDir, { recursive: true });
    const database = await openDatabase(config);
    await createAccount(database.sql, { name: "full-bureau", role: "bureau", displayName: "full-bureau", passwordHash: await hashPassword(PASSWORD), plannerId: null }, "test");
    await database.close();

    let server = await startServer({ DATA_DIR: config.dataDir });
    const origin = new URL(server.url).origin;
    const signedIn = await fetch(`${server.url}/api/session`, {
      method: "POST",
      headers: { origin, "content-type": "application/json" },
      body: JSON.stringify({ name: "full-bureau", password: PASSWORD }),
    });
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.headers.getSetCookie().map((header) => header.split(";")[0]).join("; ");
    const upload = () => {
      const form = new FormData();
      const file = path.join(reference, "townships-approx.geojson");
      form.append("file", new Blob([fs.readFileSync(file)], { type: "application/geo+json" }), path.basename(file));
      return fetch(`${server.url}/api/imports`, { method: "POST", headers: { origin, cookie }, body: form });
    };

    // Fill what is left of the disk.
    const filler = path.join(mountPoint, "filler");
    const chunk = Buffer.alloc(1024 * 1024, 1);
    const descriptor = fs.openSync(filler, "w");
    try {
      for (;;) fs.writeSync(descriptor, chunk);
    } catch (error) {
      expect((error as NodeJS.ErrnoException).code).toBe("ENOSPC");
    } finally {
      fs.closeSync(descriptor);
    }

    const refused = await upload();
    expect(refused.status).toBe(507);
    expect(await refused.json()).toMatchObject({ type: "/problems/storage-full", status: 507 });
    expect((await fetch(`${server.url}/api/divisions?limit=1`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);

    fs.rmSync(filler);
    expect((await upload()).status).toBe(201);
    server.child.kill("SIGTERM");
    expect(await server.exited).toEqual({ code: 0, signal: null });

    server = await startServer({ DATA_DIR: config.dataDir });
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    server.child.kill("SIGTERM");
    expect(await server.exited).toEqual({ code: 0, signal: null });
    const reopened = await openDatabase(config);
    try {
      const [row] = await reopened.sql<{ pending: number }[]>`select count(*)::int as pending from pending_imports`;
      // The refused upload left nothing; the one made with room is there.
      expect(row!.pending).toBe(1);
    } finally {
      await reopened.close();
    }
  });
});
