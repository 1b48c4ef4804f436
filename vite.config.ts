import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

export default defineConfig({
  root: "client",
  plugins: [react()],
  // The client may only `import type` from the server's contracts (erased at build time); the alias mirrors tsconfig paths.
  resolve: { alias: { "@contracts": fileURLToPath(new URL("./server/src/contracts", import.meta.url)) } },
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 1500 },
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
