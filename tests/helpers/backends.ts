/**
 * The two database backends of the integration suite. PGlite always runs; PostgreSQL + PostGIS runs when
 * TEST_DATABASE_URL is set. When REQUIRE_POSTGIS=1 (set by .ci/run) a missing TEST_DATABASE_URL fails the run
 * instead of leaving the PostGIS half out.
 */
export type BackendName = "pglite" | "postgis";

export function testDatabaseUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL?.trim() || undefined;
}

export function enabledBackends(): BackendName[] {
  return testDatabaseUrl() ? ["pglite", "postgis"] : ["pglite"];
}

/** Template descriptions handed from the global setup to the test files. */
export interface Templates {
  /** Folder of a set-up PGlite database (migrated, built-in data loaded) to copy per test file. */
  pgliteDataDir: string;
  /** Name of a set-up PostgreSQL database to clone per test file, when TEST_DATABASE_URL is set. */
  postgisTemplate?: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    templates: Templates;
  }
}
