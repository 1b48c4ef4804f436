import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { brotliCompress, constants as zlibConstants, gzip } from "node:zlib";
import { transformWithOxc, type Plugin } from "vite";
import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

/**
 * Build only: MapLibre from the TypeScript sources its package ships, instead of its two prebuilt bundles. Each
 * prebuilt bundle (main 296 KB gzip, worker 148 KB gzip) carries its own copy of the style spec, buckets, geometry and
 * tile decoding; built here, the worker is one more entry of the app build, so Rolldown puts what both threads run in
 * one shared chunk that the worker takes from the HTTP cache. Together about 115 KB gzip less before the first map
 * frame. `import "maplibre-gl"` and `maplibre-gl/dist/maplibre-gl-worker.mjs?url` are redirected, so the map code is
 * the same in the dev server (which keeps the prebuilt bundles) and in the build.
 */
function maplibreFromSource(): Plugin {
  const sourceDir = path.join(path.dirname(createRequire(import.meta.url).resolve("maplibre-gl/package.json")), "src");
  const workerUrlModule = "\0maplibre-worker-url";
  let workerChunk = "";
  return {
    name: "planner-atlas:maplibre-from-source",
    buildStart() {
      // Vite runs these plugins again for each Web Worker the app bundles (the proof of work): no MapLibre there.
      if (this.environment.config.isWorker) return;
      workerChunk = this.emitFile({ type: "chunk", id: path.join(sourceDir, "source/worker.ts"), name: "maplibre-worker" });
    },
    resolveId: {
      order: "pre",
      handler(source) {
        if (source === "maplibre-gl") return path.join(sourceDir, "index.ts");
        if (source === "maplibre-gl/dist/maplibre-gl-worker.mjs?url") return workerUrlModule;
        return null;
      },
    },
    load(id) {
      return id === workerUrlModule ? `export default import.meta.ROLLUP_FILE_URL_${workerChunk};` : null;
    },
    transform: {
      order: "pre",
      async handler(code, id) {
        if (!id.startsWith(sourceDir) || !id.endsWith(".ts")) return null;
        // MapLibre is written for useDefineForClassFields: false: a subclass field declared without a value (the typed
        // array views of its struct arrays) must not reset, after super(), what the base constructor has set.
        const result = await transformWithOxc(code, id, { lang: "ts", typescript: { removeClassFieldsWithoutInitializer: true }, sourcemap: false });
        return { code: result.code, moduleType: "js" };
      },
    },
  };
}

/** Writes .br and .gz beside every built text file; the server sends them to browsers that accept them (server/src/http/client-files.ts). */
function precompressAssets(): Plugin {
  const brotli = promisify(brotliCompress);
  const gzipAsync = promisify(gzip);
  return {
    name: "planner-atlas:precompress",
    async writeBundle(options, bundle) {
      const outDir = options.dir ?? "";
      const files = Object.keys(bundle).filter((name) => /\.(?:js|css|html|svg|json)$/.test(name));
      await Promise.all(
        files.map(async (name) => {
          const file = path.join(outDir, name);
          const content = await readFile(file);
          if (content.length < 1024) return;
          const brotliParams = { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: content.length };
          const [brotliBytes, gzipBytes] = await Promise.all([brotli(content, { params: brotliParams }), gzipAsync(content, { level: 9 })]);
          await Promise.all([writeFile(`${file}.br`, brotliBytes), writeFile(`${file}.gz`, gzipBytes)]);
        }),
      );
    },
  };
}

export default defineConfig({
  root: "client",
  plugins: [react()],
  // The client may only `import type` from the server's contracts (erased at build time); the alias mirrors tsconfig paths.
  resolve: { alias: { "@contracts": fileURLToPath(new URL("./server/src/contracts", import.meta.url)) } },
  // Workers the app starts with `new Worker(new URL(…), { type: "module" })` (the opinion's proof of work) are built
  // as ES modules, like the MapLibre worker already is; Vite's default (iife) cannot be built here.
  worker: { format: "es" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      plugins: [maplibreFromSource(), precompressAssets()],
      // Brotli at its best setting is most of the build time by design; Rolldown would warn about it on every build.
      checks: { bundlerTimings: false },
    },
  },
  server: { proxy: { "/api": "http://127.0.0.1:8080", "/tiles": "http://127.0.0.1:8080", "/ogc": "http://127.0.0.1:8080" } },
  test: {
    root: ".",
    projects: [
      {
        // Groups run one after another (unit, integration, browser): each fills the two cores on its own.
        test: { name: "unit", root: ".", include: ["tests/unit/**/*.test.ts"], environment: "node", sequence: { groupOrder: 0 } },
      },
      {
        test: {
          name: "integration",
          sequence: { groupOrder: 1 },
          root: ".",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/helpers/global-setup.ts"],
          pool: "forks",
          maxWorkers: 2,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: "browser",
          sequence: { groupOrder: 2 },
          root: ".",
          include: ["tests/browser/**/*.test.ts"],
          // Node drives a real Chromium through playwright-core; the page itself is the built client served by buildApp.
          environment: "node",
          globalSetup: ["tests/browser/helpers/database-setup.ts", "tests/browser/helpers/build-client.ts"],
          pool: "forks",
          maxWorkers: 1,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
