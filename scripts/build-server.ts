/**
 * Bundles the server (server/src/server.ts and everything it imports from the project) into one ES module,
 * dist/server/bin/server.mjs, with the npm packages left as imports. Starting the bundle with plain `node` skips
 * transpiling some hundred TypeScript files at every start, which was most of the server's cold start.
 *
 * The bundle sits three folders below the project root, as the sources do (server/src/<folder>/), because modules
 * find the project's files (sql/, data/, package.json) relative to their own URL; the bundle keeps those URLs working.
 */
import path from "node:path";
import { build } from "esbuild";

const ROOT = path.resolve(import.meta.dirname, "..");
const OUT_FILE = path.join(ROOT, "dist/server/bin/server.mjs");

const started = performance.now();
const result = await build({
  entryPoints: [path.join(ROOT, "server/src/server.ts")],
  outfile: OUT_FILE,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
  metafile: true,
});
const inputs = Object.keys(result.metafile.inputs).length;
console.log(`server bundled: ${path.relative(ROOT, OUT_FILE)} from ${inputs} modules in ${Math.round(performance.now() - started)} ms`);
