/**
 * `npm run test:ops`: operations tests that take minutes or need root (server processes killed and restarted, a
 * small file system filled, read-only mounts). Not in `npm test` (the root vite.config.ts
 * projects never include tests/ops/); .ci/run runs it after `npm test`. The same global setup as the integration
 * tests: set-up template databases that each test copies.
 */
import path from "node:path";
import { defineConfig } from "vitest/config";

const ROOT = path.resolve(import.meta.dirname, "../..");

export default defineConfig({
  test: {
    name: "ops",
    root: ROOT,
    include: ["tests/ops/**/*.test.ts"],
    environment: "node",
    globalSetup: ["tests/helpers/global-setup.ts"],
    pool: "forks",
    // One file at a time: each starts server processes and databases of its own on two cores.
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
