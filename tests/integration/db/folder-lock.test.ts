/**
 * The embedded database's folder lock: held by the kernel for as long as its process lives, so a holder killed with
 * SIGKILL leaves nothing behind and a pid file naming some other live process blocks nothing; a live holder is
 * refused with its pid. Embedded database only (PostgreSQL takes many clients).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../../server/src/config.ts";
import { openDatabase } from "../../../server/src/db/database.ts";
import { LOCK_INFO_FILE, lockFolder } from "../../../server/src/db/folder-lock.ts";
import { freshDatabaseConfig } from "../../helpers/databases.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const EMBEDDED_MODULE = path.join(ROOT, "server/src/db/embedded.ts");

interface Holder {
  child: ChildProcess;
  exited: Promise<void>;
}

/** A process that opens the embedded database of dataDir, as the server does, and holds it until it is killed. */
async function startHolder(dataDir: string): Promise<Holder> {
  const code = `
    const { startEmbeddedDatabase } = await import(${JSON.stringify(EMBEDDED_MODULE)});
    await startEmbeddedDatabase(${JSON.stringify(dataDir)});
    process.stdout.write("open\\n");
    setInterval(() => {}, 1 << 30);
  `;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("open\n")) resolve();
    });
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(() => reject(new Error(`the holder exited before it opened the database:\n${output}`)));
  });
  return { child, exited };
}

/**
 * A holder whose parent cannot reap it: the parent starts the holder, says its pid, and blocks its own thread, so a
 * killed holder stays a zombie that `kill -0` still finds (as a killed import did under npm and tsx). The holder
 * alone writes to the returned pipe, whose end is therefore the moment the holder's descriptors are closed.
 */
async function startUnreapedHolder(dataDir: string): Promise<{ parent: ChildProcess; holderPid: number; holderGone: Promise<void> }> {
  const holderCode = `
    const { startEmbeddedDatabase } = await import(${JSON.stringify(EMBEDDED_MODULE)});
    await startEmbeddedDatabase(${JSON.stringify(dataDir)});
    process.stdout.write("open\\n");
    setInterval(() => {}, 1 << 30);
  `;
  const parentCode = `
    import { spawn } from "node:child_process";
    import fs from "node:fs";
    const holder = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", ${JSON.stringify(holderCode)}], { stdio: ["ignore", "pipe", "inherit", 3] });
    fs.closeSync(3);
    let output = "";
    holder.stdout.on("data", (chunk) => {
      output += chunk;
      if (!output.includes("open\\n")) return;
      process.stdout.write(holder.pid + "\\n", () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0));
    });
  `;
  const parent = spawn(process.execPath, ["--input-type=module", "-e", parentCode], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe", "pipe"] });
  const holderPipe = parent.stdio[3] as Readable;
  const holderGone = new Promise<void>((resolve) => holderPipe.on("close", () => resolve()));
  holderPipe.resume();
  const holderPid = await new Promise<number>((resolve, reject) => {
    let output = "";
    parent.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const line = /^(\d+)\n/.exec(output);
      if (line) resolve(Number(line[1]));
    });
    parent.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    parent.once("exit", () => reject(new Error(`the holder's parent exited before the holder opened the database:\n${output}`)));
  });
  return { parent, holderPid, holderGone };
}

describe("the embedded database's folder lock", () => {
  let config: Config;
  let cleanup: () => Promise<void>;
  const holders: Holder[] = [];

  beforeAll(async () => {
    ({ config, cleanup } = await freshDatabaseConfig("pglite"));
  });
  afterEach(async () => {
    for (const holder of holders.splice(0)) {
      holder.child.kill("SIGKILL");
      await holder.exited;
    }
  });
  afterAll(async () => {
    await cleanup?.();
  });

  it("opens at once after its holder was killed with SIGKILL, while the dead holder is still a zombie", async () => {
    const { parent, holderPid, holderGone } = await startUnreapedHolder(config.dataDir);
    const parentExited = new Promise<void>((resolve) => parent.once("exit", () => resolve()));
    try {
      process.kill(holderPid, "SIGKILL");
      await holderGone;
      // The dead holder's pid file is still there and its pid still answers kill -0; only the kernel's lock counts.
      expect(fs.readFileSync(path.join(config.dataDir, LOCK_INFO_FILE), "utf8")).toMatch(new RegExp(`^${holderPid} `));
      expect(() => process.kill(holderPid, 0)).not.toThrow();
      const database = await openDatabase(config);
      try {
        expect(await database.sql`select 1 as one`).toEqual([{ one: 1 }]);
        expect(fs.readFileSync(path.join(config.dataDir, LOCK_INFO_FILE), "utf8")).toMatch(new RegExp(`^${process.pid} `));
      } finally {
        await database.close();
      }
    } finally {
      parent.kill("SIGKILL");
      await parentExited;
    }
  });

  it("refuses while a live process holds it, naming that process and since when", async () => {
    const holder = await startHolder(config.dataDir);
    holders.push(holder);
    await expect(openDatabase(config)).rejects.toThrow(
      new RegExp(`the embedded database in .+ is in use by process ${holder.child.pid} since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z \\(is the server running\\?\\)`),
    );
  });

  it("is not blocked by a pid file that names another live process", async () => {
    fs.writeFileSync(path.join(config.dataDir, LOCK_INFO_FILE), `${process.ppid} 2020-01-01T00:00:00.000Z\n`);
    const database = await openDatabase(config);
    await database.close();
  });

  it("is one lock for the folder whatever path names it, within one process too", async () => {
    const link = path.join(os.tmpdir(), `planner-atlas-lock-link-${process.pid}`);
    fs.rmSync(link, { force: true });
    fs.symlinkSync(config.dataDir, link);
    try {
      const release = await lockFolder(config.dataDir);
      await expect(lockFolder(link)).rejects.toThrow(new RegExp(`is in use by process ${process.pid} since`));
      release();
      // Released: taken again at once.
      (await lockFolder(link))();
    } finally {
      fs.rmSync(link, { force: true });
    }
  });
});
