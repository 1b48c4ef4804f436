/**
 * `npm run test:perf`: timing budgets, which hold only on a quiet machine and so stay out of `npm test` (the root
 * vite.config.ts projects never include tests/perf/). The tests drive a real Chromium like the browser project, with
 * the same global setup: the PGlite template and the client built once.
 */
import path from "node:path";
import { defineConfig } from "vitest/config";

const ROOT = path.resolve(import.meta.dirname, "../..");

export default defineConfig({
  test: {
    name: "perf",
    root: ROOT,
    include: ["tests/perf/**/*.test.ts"],
    environment: "node",
    globalSetup: ["tests/browser/helpers/database-setup.ts", "tests/browser/helpers/build-client.ts"],
    pool: "forks",
    // One at a time: a timing budget measured beside another test measures the other test.
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
