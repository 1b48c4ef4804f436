/**
 * Bundles the server (server/src/server.ts, everything it imports from the project and the npm packages it uses)
 * into ES modules under dist/server/bin: server.mjs and chunks for what is loaded on demand (the embedded database,
 * the search index with its pinyin dictionary). Starting the bundle with plain `node` skips transpiling the
 * TypeScript sources and resolving and reading hundreds of package files at every start, which was most of the
 * server's cold start.
 *
 * Left out of the bundle, and imported from node_modules at run time: the PGlite packages, which load their WASM
 * and data files from beside their own modules; @node-rs/argon2 and sharp, which load native binaries; light-my-request,
 * which Fastify requires only inside inject() (tests).
 * Left out altogether (see UNUSED_MODULES): modules that packages require at load but that this server never calls;
 * every module in the bundle is parsed at each start, and these were ~15% of it.
 *
 * The bundle sits three folders below the project root, as the sources do (server/src/<folder>/), because modules
 * find the project's files (sql/, data/, package.json) relative to their own URL; the bundle keeps those URLs working.
 */
import fs from "node:fs";
import path from "node:path";
import { build, type Plugin } from "esbuild";

const ROOT = path.resolve(import.meta.dirname, "..");
// --out-dir=dist/<name>/bin builds elsewhere (the scale-out test, which must not share its bundle with another test's
// build); it stays three folders below the root, as the sources' modules are.
const OUT_DIR_ARGUMENT = process.argv.find((argument) => argument.startsWith("--out-dir="))?.slice("--out-dir=".length) ?? "dist/server/bin";
if (!/^dist\/[a-z0-9-]+\/bin$/.test(OUT_DIR_ARGUMENT)) throw new Error(`--out-dir must be dist/<name>/bin, not ${OUT_DIR_ARGUMENT}`);
const OUT_DIR = path.join(ROOT, OUT_DIR_ARGUMENT);
const EXTERNAL = ["@electric-sql/*", "@node-rs/*", "sharp", "light-my-request"];

/** Modules required at load by packages in the bundle but never called by this server, with the reason. */
const UNUSED_MODULES: Record<string, string> = {
  // @fastify/swagger requires it for YAML output and static YAML specs; the document is served as JSON only.
  yaml: "the OpenAPI document is served as JSON only",
  // @fastify/ajv-compiler requires it for JSON Type Definition schemas; the routes' schemas are JSON Schema.
  "ajv/dist/jtd": "the routes' schemas are JSON Schema, not JSON Type Definition",
};

/** Resolves each of UNUSED_MODULES to a stand-in that throws, naming the module and the reason, when used. */
const leaveOutUnused: Plugin = {
  name: "planner-atlas:leave-out-unused",
  setup(builder) {
    const filter = new RegExp(`^(${Object.keys(UNUSED_MODULES).map((name) => name.replace(/[/.]/g, "\\$&")).join("|")})$`);
    builder.onResolve({ filter }, (args) => ({ path: args.path, namespace: "unused-module" }));
    builder.onLoad({ filter: /.*/, namespace: "unused-module" }, (args) => {
      const message = `${args.path} is left out of the server bundle: ${UNUSED_MODULES[args.path]} (scripts/build-server.ts)`;
      return {
        loader: "js",
        contents: `const fail = () => { throw new Error(${JSON.stringify(message)}); };
module.exports = new Proxy(function unused() {}, {
  get: (_target, key) => (key === "__esModule" ? false : fail),
  apply: fail,
  construct: fail,
});`,
      };
    });
  },
};

const started = performance.now();
fs.rmSync(OUT_DIR, { recursive: true, force: true });
const result = await build({
  entryPoints: { server: path.join(ROOT, "server/src/server.ts") },
  outdir: OUT_DIR,
  outExtension: { ".js": ".mjs" },
  chunkNames: "chunk-[hash]",
  bundle: true,
  splitting: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // An ASCII-only main file: Node reads a module's source as UTF-8, and one non-ASCII character anywhere (a comment,
  // a string) turns the decoding of the whole 2 MB into a slow two-byte pass (~30 ms of every cold start).
  // esbuild escapes strings; licence comments go to a file of their own beside the bundle.
  charset: "ascii",
  legalComments: "external",
  external: EXTERNAL,
  plugins: [leaveOutUnused],
  // CommonJS packages inside an ES module bundle still call require() for Node's own modules.
  banner: { js: 'import { createRequire as __bundleRequire } from "node:module"; const require = __bundleRequire(import.meta.url);' },
  // For stack traces in TypeScript positions: NODE_OPTIONS=--enable-source-maps. Not on by default, as Node then
  // reads and decodes the whole map at start (~140 ms of each cold start here). Mappings only: the sources are in
  // the repository, and with them the map was three times as large.
  sourcemap: true,
  sourcesContent: false,
  logLevel: "warning",
  metafile: true,
});
const inputs = Object.keys(result.metafile.inputs).length;
const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith(".mjs"));
const sizes = outputs.map(([file, output]) => `${path.basename(file)} ${(output.bytes / 1024).toFixed(0)} KB`).join(", ");
console.log(`server bundled from ${inputs} modules in ${Math.round(performance.now() - started)} ms: ${sizes}`);
