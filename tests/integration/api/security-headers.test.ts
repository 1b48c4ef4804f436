/**
 * Security headers (server/src/http/security-headers.ts): pages and scripts carry the page policy, every other answer
 * a policy that allows nothing, and all of them nosniff, X-Frame-Options DENY and the Referrer-Policy; the 天地图 hosts
 * are allowed only where TIANDITU_TOKEN is set; caching and CORS headers are as before. Whether the page policy lets
 * every page work is for the browser tests (tests/browser/api-docs.test.ts and the rest).
 */
import fs from "node:fs";
import path from "node:path";
import { brotliCompressSync } from "node:zlib";
import type { FastifyInstance } from "fastify";
import type { LightMyRequestResponse } from "fastify";
import { describe, expect, it } from "vitest";
import { useFreshApp } from "../../helpers/app.ts";
import { useTemporaryFolder } from "../../helpers/temporary-folder.ts";

const SCRIPT = "console.log('晋城');\n";
const TIANDITU = ["0", "1", "2", "3", "4", "5", "6", "7"].map((host) => `https://t${host}.tianditu.gov.cn`);
const CORS_ALLOWED = "https://map.example.org";

/** The page policy, directive by directive, with the 天地图 hosts where `basemap` is given. */
function expectedPagePolicy(basemap: string[] = []): Record<string, string[]> {
  return {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "script-src-attr": ["'none'"],
    "worker-src": ["'self'", "blob:"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", "blob:", ...basemap],
    "connect-src": ["'self'", ...basemap],
    "font-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
}
const API_POLICY = { "default-src": ["'none'"], "frame-ancestors": ["'none'"] };

/** A Content-Security-Policy header as directive → sources. */
function policyOf(response: LightMyRequestResponse): Record<string, string[]> {
  const header = response.headers["content-security-policy"];
  expect(typeof header, `Content-Security-Policy on ${response.raw.req.url}`).toBe("string");
  return Object.fromEntries(
    String(header)
      .split(";")
      .map((directive) => directive.trim().split(/\s+/))
      .filter((parts) => parts[0] !== "")
      .map(([name, ...sources]) => [name!, sources]),
  );
}

/** The headers every answer carries besides its policy. */
function expectCommonHeaders(response: LightMyRequestResponse): void {
  expect(response.headers["x-content-type-options"]).toBe("nosniff");
  expect(response.headers["x-frame-options"]).toBe("DENY");
  expect(response.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  // Left to the TLS proxy, and off so that other sites' maps keep the tiles CORS_ORIGIN opens to them.
  expect(response.headers["strict-transport-security"]).toBeUndefined();
  expect(response.headers["cross-origin-resource-policy"]).toBeUndefined();
}

function writeClient(dir: string): void {
  fs.mkdirSync(path.join(dir, "assets"), { recursive: true });
  fs.writeFileSync(path.join(dir, "index.html"), "<!doctype html><title>责任规划师一张图</title>");
  fs.writeFileSync(path.join(dir, "assets/worker-1a2b.js"), SCRIPT);
  fs.writeFileSync(path.join(dir, "assets/worker-1a2b.js.br"), brotliCompressSync(SCRIPT));
  fs.writeFileSync(path.join(dir, "assets/style-1a2b.css"), "body { margin: 0 }\n");
}

describe("security headers without a 天地图 key", () => {
  let app: FastifyInstance;
  const clientDir = useTemporaryFolder("planner-atlas-headers-", writeClient);
  useFreshApp("pglite", (built) => {
    app = built;
  }, { config: () => ({ clientDir: clientDir.path }) });

  it.each(["/", "/dashboard", "/workspace", "/briefing", "/index.html", "/api/docs"])("gives the page %s the page policy, and keeps it revalidated", async (url) => {
    const response = await app.inject({ url });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(policyOf(response)).toEqual(expectedPagePolicy());
    expectCommonHeaders(response);
    expect(response.headers["cache-control"]).toBe("no-cache");
  });

  it.each([
    ["/assets/worker-1a2b.js", undefined, "public, max-age=31536000, immutable"],
    ["/assets/worker-1a2b.js", "br", "public, max-age=31536000, immutable"],
    ["/api/docs/start.js", undefined, "no-cache"],
    ["/api/docs/static/swagger-ui-bundle.js", undefined, "public, max-age=86400"],
  ])("gives the script %s (encoding %s) the page policy, which a worker runs under, with its caching as before", async (url, encoding, cacheControl) => {
    const response = await app.inject({ url, headers: encoding ? { "accept-encoding": encoding } : {} });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-encoding"]).toBe(encoding);
    expect(policyOf(response)).toEqual(expectedPagePolicy());
    expectCommonHeaders(response);
    expect(response.headers["cache-control"]).toBe(cacheControl);
  });

  it.each([
    ["/api/divisions?limit=1", 200, "application/json"],
    ["/api/openapi.json", 200, "application/json"],
    ["/tiles/divisions.json", 200, "application/json"],
    ["/tiles/divisions/8/208/100.mvt", 200, "application/vnd.mapbox-vector-tile"],
    ["/ogc/collections/divisions/items?limit=1", 200, "application/geo+json"],
    ["/assets/style-1a2b.css", 200, "text/css"],
    ["/api/nothing-here", 404, "application/problem+json"],
    ["/api/lookup?lon=abc&lat=35.49", 400, "application/problem+json"],
    ["/api/divisions?name=a%00b", 400, "application/problem+json"],
  ])("gives %s (%i) a policy that allows nothing", async (url, status, type) => {
    const response = await app.inject({ url });
    expect(response.statusCode).toBe(status);
    expect(String(response.headers["content-type"])).toContain(type);
    expect(policyOf(response)).toEqual(API_POLICY);
    expectCommonHeaders(response);
  });

  it.each(["/index.html", "/assets/worker-1a2b.js", "/assets/style-1a2b.css"])("revalidates %s with a 304 that carries no policy, so the stored one stays", async (url) => {
    const first = await app.inject({ url });
    const again = await app.inject({ url, headers: { "if-none-match": String(first.headers.etag) } });
    expect(again.statusCode).toBe(304);
    // Browsers replace a stored response's headers with its 304's: a policy here would replace the page's own.
    expect(again.headers["content-security-policy"]).toBeUndefined();
    expectCommonHeaders(again);
    expect(again.headers["cache-control"]).toBe(first.headers["cache-control"]);
  });

  it("gives a wrong method's 405 the same headers", async () => {
    const response = await app.inject({ method: "DELETE", url: "/api/health" });
    expect(response.statusCode).toBe(405);
    expect(policyOf(response)).toEqual(API_POLICY);
    expectCommonHeaders(response);
  });
});

describe("security headers with a 天地图 key and CORS_ORIGIN", () => {
  let app: FastifyInstance;
  const clientDir = useTemporaryFolder("planner-atlas-headers-", writeClient);
  useFreshApp("pglite", (built) => {
    app = built;
  }, { config: () => ({ clientDir: clientDir.path, tiandituToken: "0123456789abcdef0123456789abcdef", corsOrigins: [CORS_ALLOWED] }) });

  it("lets the pages and their workers load and fetch 天地图's tiles from its eight hosts", async () => {
    for (const url of ["/", "/assets/worker-1a2b.js"]) {
      const response = await app.inject({ url });
      expect(policyOf(response)).toEqual(expectedPagePolicy(TIANDITU));
      expectCommonHeaders(response);
    }
  });

  it("keeps the API's policy strict and its CORS headers as before", async () => {
    const response = await app.inject({ url: "/tiles/divisions.json", headers: { origin: CORS_ALLOWED } });
    expect(response.statusCode).toBe(200);
    expect(policyOf(response)).toEqual(API_POLICY);
    expectCommonHeaders(response);
    expect(response.headers["access-control-allow-origin"]).toBe(CORS_ALLOWED);
    expect(String(response.headers["access-control-expose-headers"])).toMatch(/ETag/i);
  });
});
