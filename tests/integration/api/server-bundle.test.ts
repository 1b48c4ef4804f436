/**
 * The server as `npm start` and `npm run serve` run it: the esbuild bundle (scripts/build-server.ts) under plain
 * node, on each backend. The rest of the suite runs the TypeScript sources through buildApp; this file catches what
 * only the bundle can break: a package that finds its files beside its own module, the chunks loaded on demand (the
 * embedded database, the search index), the docs page's files.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enabledBackends } from "../../helpers/backends.ts";
import { freshDatabaseConfig } from "../../helpers/databases.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const BUNDLE = path.join(ROOT, "dist/server/bin/server.mjs");

beforeAll(() => {
  execFileSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/build-server.ts")], { cwd: ROOT, stdio: "pipe" });
}, 120_000);

it("keeps the main file ASCII, which Node decodes without a slow UTF-8 pass", () => {
  const source = fs.readFileSync(BUNDLE);
  const first = source.findIndex((byte) => byte > 0x7f);
  const context = first < 0 ? "" : source.subarray(Math.max(0, first - 60), first + 20).toString("utf8");
  expect(first, `non-ASCII byte at ${first}: …${context}…`).toBe(-1);
});

describe.each(enabledBackends())("the bundled server on %s", (backend) => {
  let server: ChildProcess;
  let origin: string;
  let output = "";
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const fresh = await freshDatabaseConfig(backend);
    cleanup = fresh.cleanup;
    const database = fresh.config.databaseUrl !== undefined ? { DATABASE_URL: fresh.config.databaseUrl } : { DATA_DIR: fresh.config.dataDir };
    server = spawn(process.execPath, [BUNDLE], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...database, HOST: "127.0.0.1", PORT: "0", CLIENT_DIR: "", LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    origin = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the bundled server did not start in 60 s:\n${output}`)), 60_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const ready = /is ready in [\d.]+ s: (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
        if (ready) {
          clearTimeout(timer);
          resolve(ready[1]!);
        }
      };
      server.stdout!.on("data", read);
      server.stderr!.on("data", read);
      server.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`the bundled server exited with ${code}:\n${output}`));
      });
    });
  }, 90_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill("SIGTERM");
      await new Promise((resolve) => server.once("exit", resolve));
    }
    await cleanup?.();
  });

  it("reports its backend", async () => {
    const response = await fetch(`${origin}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", database: backend });
  });

  it("serves a vector tile of the built-in county outlines", async () => {
    // Zoom 8 over Jincheng (112.85°E, 35.5°N): the county outlines are built-in data.
    const response = await fetch(`${origin}/tiles/divisions/8/208/100.mvt`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/vnd.mapbox-vector-tile");
    expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(100);
  });

  it("searches by pinyin initials (the search index is loaded on demand)", async () => {
    const response = await fetch(`${origin}/api/search?q=djjd`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { results: { name: string }[] };
    expect(body.results[0]!.name).toBe("东街街道");
  });

  it("serves the docs page and every file it names", async () => {
    const page = await fetch(`${origin}/api/docs`);
    expect(page.status).toBe(200);
    const assets = [...(await page.text()).matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(assets.length).toBeGreaterThan(3);
    for (const asset of assets) {
      const response = await fetch(`${origin}${asset}`);
      expect(response.status, asset).toBe(200);
      expect((await response.arrayBuffer()).byteLength, asset).toBeGreaterThan(0);
    }
    expect((await fetch(`${origin}/api/docs/static/package.json`)).status).toBe(404);
  });

  it("closes cleanly on SIGTERM", async () => {
    server.kill("SIGTERM");
    const code = await new Promise<number | null>((resolve) => server.once("exit", resolve));
    expect(code, output).toBe(0);
  });
});
