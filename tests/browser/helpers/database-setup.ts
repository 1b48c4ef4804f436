/**
 * Global setup of the browser project: the PGlite template only. Browser tests run the app as a user runs it, on
 * the embedded database; the PostGIS template belongs to the integration project, whose setup drops and recreates
 * its databases and must not race with a second setup.
 */
import type { TestProject } from "vitest/node";
import { buildPgliteTemplate } from "../../helpers/global-setup.ts";

export default async function setup(project: TestProject): Promise<void> {
  project.provide("templates", { pgliteDataDir: await buildPgliteTemplate() });
}
