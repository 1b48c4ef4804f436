/**
 * PostGIS for PGlite with its files read from disk instead of memory. The stock extension unpacks its 90 MB bundle
 * (three WebAssembly libraries, SQL scripts, PROJ's database) into PGlite's in-memory file system on every open,
 * keeps the decompressed bundle as well and compiles every library in it, raster and topology too: about 500 MB of the
 * server's memory. Here the bundle is unpacked once into a cache folder, mounted into PGlite, and each library is
 * compiled only when PostgreSQL first loads it.
 */
import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Extension, postgresMod } from "@electric-sql/pglite";
import { postgis } from "@electric-sql/pglite-postgis";

/** Where the bundle's paths start inside PGlite's file system (its WASM_PREFIX). */
const PGLITE_ROOT = "/pglite";
/** Where the cache folder is mounted inside PGlite's file system. */
const MOUNT_POINT = `${PGLITE_ROOT}/postgis-files`;
const MANIFEST = "manifest.json";

/** Every file under folder (the bundle's update scripts are links to a template), as paths relative to it. */
function listFiles(folder: string): string[] {
  return fs
    .readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() || entry.isSymbolicLink())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)));
}

/** The files a complete cache folder holds, with their sizes; undefined when it is missing or anything in it is not. */
function completeFiles(folder: string): string[] | undefined {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, MANIFEST), "utf8")) as [string, number][];
    return manifest.every(([file, size]) => fs.statSync(path.join(folder, file)).size === size) ? manifest.map(([file]) => file) : undefined;
  } catch {
    return undefined;
  }
}

async function fileDigest(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex").slice(0, 16);
}

/**
 * The bundle unpacked in the temp folder, named by its content so that an upgrade unpacks anew, with a manifest
 * that is checked on each open (a temp cleaner may have removed files). Unpacked aside and renamed into place, so
 * that processes starting together never see a half-written folder. Undefined when it cannot be unpacked (no `tar`).
 */
async function unpackedBundle(bundle: string): Promise<{ folder: string; files: string[] } | undefined> {
  const folder = path.join(os.tmpdir(), `planner-atlas-postgis-${await fileDigest(bundle)}`);
  const files = completeFiles(folder);
  if (files) return { folder, files };
  const staging = `${folder}.unpacking-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    fs.mkdirSync(staging, { recursive: true });
    await promisify(execFile)("tar", ["-xzf", bundle, "-C", staging]);
    const manifest = listFiles(staging).map((file) => [file, fs.statSync(path.join(staging, file)).size]);
    fs.writeFileSync(path.join(staging, MANIFEST), JSON.stringify(manifest));
    if (fs.existsSync(folder) && !completeFiles(folder)) fs.rmSync(folder, { recursive: true, force: true });
    try {
      fs.renameSync(staging, folder);
    } catch {
      // Another process put its copy in place first: use that one.
    }
    const placed = completeFiles(folder);
    return placed ? { folder, files: placed } : undefined;
  } catch {
    return undefined;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Mounts the cache folder and links each of its files where the bundle would have put it. */
function linkFiles(mod: postgresMod.PostgresMod, folder: string, files: string[]): void {
  const { FS } = mod;
  FS.mkdirTree(MOUNT_POINT);
  FS.mount(FS.filesystems.NODEFS, { root: folder }, MOUNT_POINT);
  for (const file of files) {
    if (file === MANIFEST) continue;
    const target = `${PGLITE_ROOT}/${file.split(path.sep).join("/")}`;
    FS.mkdirTree(target.slice(0, target.lastIndexOf("/")));
    FS.symlink(`${MOUNT_POINT}/${file.split(path.sep).join("/")}`, target);
  }
}

/**
 * The postgis extension for PGlite.create, with its files on disk. Where the bundle cannot be unpacked it is the
 * stock extension (same behaviour, more memory), with a warning.
 */
export const postgisFromDisk: Extension = {
  name: "postgis",
  async setup(pg, emscriptenOpts) {
    const stock = await postgis.setup(pg, emscriptenOpts);
    const unpacked = stock.bundlePath && (await unpackedBundle(fileURLToPath(stock.bundlePath)));
    if (!unpacked) {
      process.emitWarning("could not unpack the PostGIS bundle (is tar installed?): loading it into memory instead");
      return stock;
    }
    const options = stock.emscriptenOpts ?? emscriptenOpts;
    const link = (mod: postgresMod.PostgresMod) => linkFiles(mod, unpacked.folder, unpacked.files);
    return { emscriptenOpts: { ...options, preRun: [...(options.preRun ?? []), link] } };
  },
};
