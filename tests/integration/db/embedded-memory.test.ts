/**
 * The server's memory on the embedded database, read from /proc as the operating system counts it: once ready, and
 * after a burst of tiles over Jincheng (scripts/bench/embedded-memory.ts). The bounds are wide (the README's figures
 * are about two thirds of them) and hold on any machine: resident memory depends on Node and the packages, not on
 * the machine's speed or load. The stock PostGIS extension, its files unpacked into memory, fails both.
 */
import { describe, expect, it } from "vitest";
import { describeMemory, measureEmbeddedMemory } from "../../../scripts/bench/embedded-memory.ts";
import { freshDatabaseConfig } from "../../helpers/databases.ts";

const READY_BOUND_MB = 600;
const AFTER_BURST_BOUND_MB = 700;

describe.runIf(process.platform === "linux")("the server's memory on the embedded database", () => {
  it(`holds under ${READY_BOUND_MB} MB once ready and under ${AFTER_BURST_BOUND_MB} MB after a tile burst`, async () => {
    const { config, cleanup } = await freshDatabaseConfig("pglite");
    try {
      const report = await measureEmbeddedMemory("sources", config.dataDir);
      console.log(`[embedded memory] ${describeMemory(report)}`);
      expect(report.readyRssMb).toBeLessThan(READY_BOUND_MB);
      expect(report.burstRssMb).toBeLessThan(AFTER_BURST_BOUND_MB);
    } finally {
      await cleanup();
    }
  });
});
