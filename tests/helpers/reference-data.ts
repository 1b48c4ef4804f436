/**
 * The Jincheng reference data (outside the project) used by some integration tests, found through
 * REFERENCE_DATA_DIR (default ../shared/data/jincheng beside the checkout). Where it is absent, the tests that need
 * it say so plainly; with REQUIRE_REFERENCE_DATA=1 (set by .ci/run) its absence fails the run.
 */
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

export function referenceDataDir(): string | undefined {
  const folder = path.resolve(ROOT, process.env.REFERENCE_DATA_DIR?.trim() || "../shared/data/jincheng");
  return fs.existsSync(path.join(folder, "townships.csv")) ? folder : undefined;
}

/** The reference folder, or undefined after a loud notice (or an error when REQUIRE_REFERENCE_DATA=1). */
export function requireReferenceData(suite: string): string | undefined {
  const folder = referenceDataDir();
  if (folder) return folder;
  const message = `reference data not found (set REFERENCE_DATA_DIR to the jincheng folder): "${suite}" does not run`;
  if (process.env.REQUIRE_REFERENCE_DATA === "1") throw new Error(message);
  console.warn(`\n[reference-data] NOTICE: ${message}\n`);
  return undefined;
}
