import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const run = promisify(execFile);

/** Runs a command and returns its output whatever its exit code (the linters exit 1 when they find something). */
async function output(command: string, args: string[], cwd: string): Promise<string> {
  try {
    return (await run(command, args, { cwd })).stdout;
  } catch (error) {
    return (error as { stdout?: string }).stdout ?? "";
  }
}

// Small files laid out like the project; every line that the boundaries must reject ends with `// rejected`.
const FIXTURES: Record<string, string[]> = {
  "client/src/pages/x.ts": [
    'import * as maplibregl from "maplibre-gl"; // rejected',
    'export const overlay = () => import("@deck.gl/maplibre"); // rejected',
    'export const worker = () => import("maplibre-gl/dist/maplibre-gl-worker.mjs?url"); // rejected',
    "export { maplibregl };",
  ],
  "client/src/map/x.ts": [
    'import * as maplibregl from "maplibre-gl";',
    'import { ScatterplotLayer } from "@deck.gl/layers";',
    'export const overlay = () => import("@deck.gl/maplibre");',
    "export { maplibregl, ScatterplotLayer };",
  ],
  "client/src/api/x.ts": [
    'import type { TileJson } from "@contracts/tiles.ts";',
    'import { type Division } from "../../../server/src/contracts/divisions.ts";',
    'import { TILE_LAYER_NAMES } from "@contracts/tiles.ts"; // rejected',
    'import { openDatabase } from "../../../server/src/db/database.ts"; // rejected',
    'import type { Config } from "../../../server/src/config.ts"; // rejected',
    "export type { TileJson, Division, Config };",
    "export { TILE_LAYER_NAMES, openDatabase };",
  ],
  "client/src/lib/x.ts": [
    'import { fetchJson } from "../api/http.ts"; // rejected',
    'import { FINDER_ZH } from "../pages/finder/messages.ts"; // rejected',
    'import { ringArea } from "./polygon-geometry.ts";',
    "export { fetchJson, FINDER_ZH, ringArea };",
  ],
  "server/src/things/things.routes.ts": [
    'import type { Sql } from "../db/database.ts"; // rejected',
    'import { listThings } from "./things.repo.ts";',
    "export type { Sql };",
    "export { listThings };",
  ],
  "server/src/things/things.repo.ts": [
    'import type { Sql } from "../db/database.ts";',
    'import { ringArea } from "../../../client/src/lib/polygon-geometry.ts"; // rejected',
    "export type { Sql };",
    "export { ringArea };",
  ],
  "server/src/db/setup.ts": [
    'import { ensureBuiltinData } from "../seed/builtin.ts"; // rejected',
    'export const seeders = () => import("../seed/divisions.seed.ts"); // rejected',
    'import { migrate } from "./migrate.ts";',
    "export { ensureBuiltinData, migrate };",
  ],
  "server/src/setup.ts": [
    'import { migrate } from "./db/migrate.ts";',
    'import { ensureBuiltinData } from "./seed/builtin.ts";',
    "export { ensureBuiltinData, migrate };",
  ],
};

function expectedLines(lines: string[]): number[] {
  return lines.flatMap((line, index) => (line.endsWith("// rejected") ? [index + 1] : []));
}

describe("module boundaries (npm run lint, .oxlintrc.json)", () => {
  let directory = "";
  const rejected = new Map<string, number[]>();

  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), "planner-atlas-boundaries-"));
    await copyFile(path.join(ROOT, ".oxlintrc.json"), path.join(directory, ".oxlintrc.json"));
    for (const [file, lines] of Object.entries(FIXTURES)) {
      await mkdir(path.dirname(path.join(directory, file)), { recursive: true });
      await writeFile(path.join(directory, file), `${lines.join("\n")}\n`);
    }
    const report = JSON.parse(await output(path.join(ROOT, "node_modules/.bin/oxlint"), ["--format", "json", "."], directory)) as {
      diagnostics: { code: string; filename: string; labels: { span: { line: number } }[] }[];
    };
    for (const diagnostic of report.diagnostics) {
      expect(diagnostic.code).toBe("eslint(no-restricted-imports)");
      const lines = rejected.get(diagnostic.filename) ?? [];
      lines.push(diagnostic.labels[0]!.span.line);
      rejected.set(diagnostic.filename, lines.sort((a, b) => a - b));
    }
  });

  afterAll(async () => {
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it("rejects MapLibre and deck.gl outside client/src/map, imported statically or with import()", () => {
    expect(rejected.get("client/src/pages/x.ts")).toEqual(expectedLines(FIXTURES["client/src/pages/x.ts"]!));
  });

  it("lets client/src/map import MapLibre and deck.gl", () => {
    expect(rejected.get("client/src/map/x.ts")).toBeUndefined();
  });

  it("lets the client take only types from the server's contracts, through the alias or a relative path", () => {
    expect(rejected.get("client/src/api/x.ts")).toEqual(expectedLines(FIXTURES["client/src/api/x.ts"]!));
  });

  it("keeps client/src/lib free of api, pages, features and map", () => {
    expect(rejected.get("client/src/lib/x.ts")).toEqual(expectedLines(FIXTURES["client/src/lib/x.ts"]!));
  });

  it("rejects a route file that imports server/src/db, and lets its repo do so", () => {
    expect(rejected.get("server/src/things/things.routes.ts")).toEqual(expectedLines(FIXTURES["server/src/things/things.routes.ts"]!));
    expect(rejected.get("server/src/things/things.repo.ts")).toEqual(expectedLines(FIXTURES["server/src/things/things.repo.ts"]!));
  });

  it("rejects seeders loaded from server/src/db, and lets the setup module beside it load both", () => {
    expect(rejected.get("server/src/db/setup.ts")).toEqual(expectedLines(FIXTURES["server/src/db/setup.ts"]!));
    expect(rejected.get("server/src/setup.ts")).toBeUndefined();
  });
});

describe("server type-check (server/tsconfig.json)", () => {
  it("has Node's types but not the DOM's, so `window` in server code fails", async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), "planner-atlas-server-types-"));
    try {
      await writeFile(path.join(directory, "server-code.ts"), 'export const home = process.env.HOME;\nexport const href = window.location.href;\n');
      const config = {
        extends: path.join(ROOT, "server/tsconfig.json"),
        compilerOptions: { typeRoots: [path.join(ROOT, "node_modules/@types")] },
        include: [],
        files: ["server-code.ts"],
      };
      await writeFile(path.join(directory, "tsconfig.json"), JSON.stringify(config));
      const errors = (await output(path.join(ROOT, "node_modules/.bin/tsc"), ["--noEmit", "-p", "tsconfig.json"], directory)).trim().split("\n");
      expect(errors).toEqual([expect.stringMatching(/^server-code\.ts\(2,\d+\): error TS2304: Cannot find name 'window'/)]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("SQL statements (STYLE.md: no string-built SQL)", () => {
  it("never hands statement text to sql.unsafe in the server or the scripts: statements are tagged templates", async () => {
    const offenders: string[] = [];
    for (const folder of ["server/src", "scripts"]) {
      for (const entry of await readdir(path.join(ROOT, folder), { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !/\.tsx?$/.test(entry.name)) continue;
        const file = path.join(entry.parentPath, entry.name);
        const text = await readFile(file, "utf8");
        if (/\.unsafe\s*\(/.test(text)) offenders.push(path.relative(ROOT, file));
      }
    }
    expect(offenders).toEqual([]);
  });
});
