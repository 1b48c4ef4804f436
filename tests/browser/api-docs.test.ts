/**
 * The API docs page (/api/docs) in Chromium under the server's Content-Security-Policy: Swagger UI draws every
 * operation of the document and can call one, with nothing refused (a refusal is a console error, which fails the
 * test in closeAndCheckPage).
 */
import type { Browser } from "playwright-core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ApiDocsDriver } from "./helpers/api-docs-driver.ts";
import { useAtlasServerAndBrowser, type AtlasServer } from "./helpers/atlas-server.ts";
import { closeAndCheckPage } from "./helpers/page-checks.ts";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

interface OpenApiDocument {
  info: { title: string };
  paths: Record<string, Record<string, unknown>>;
}

describe("the API docs page", () => {
  let server: AtlasServer;
  let browser: Browser;
  let page: ApiDocsDriver;
  useAtlasServerAndBrowser({}, (started, launched) => {
    [server, browser] = [started!, launched];
  });
  beforeEach(() => {
    page = new ApiDocsDriver(browser, server);
  });
  afterEach(() => closeAndCheckPage(page));

  it("draws every operation of the OpenAPI document and calls one from the page", async () => {
    const document = await server.getJson<OpenApiDocument>("/api/openapi.json");
    const operations = Object.values(document.paths).flatMap((item) => Object.keys(item).filter((key) => METHODS.includes(key))).length;
    await page.given.theDocsAreOpen();
    expect(page.then.thePolicy()).toContain("script-src 'self';");

    expect(await page.then.theTitle()).toContain(document.info.title);
    expect(await page.then.theOperationCount()).toBe(operations);

    await page.when.iTryTheOperation("GET", "/api/health");
    expect(await page.then.theAnswerStatus()).toBe("200");
  });
});
