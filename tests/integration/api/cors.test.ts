/**
 * Cross-origin access: only the origins of CORS_ORIGIN get CORS headers, preflights are answered, the ETag is
 * readable by the other site's script, and without CORS_ORIGIN nothing is added.
 */
import type { FastifyInstance } from "fastify";
import { describe, expect, it } from "vitest";
import { useFreshApp } from "../../helpers/app.ts";

const ALLOWED = "https://map.example.org";
const TILEJSON = "/tiles/divisions.json";

describe("CORS with CORS_ORIGIN set", () => {
  let app: FastifyInstance;
  useFreshApp(
    "pglite",
    (built) => {
      app = built;
    },
    { config: { corsOrigins: [ALLOWED] } },
  );

  it("lets the allowed origin read answers and their ETag", async () => {
    const response = await app.inject({ url: TILEJSON, headers: { origin: ALLOWED } });
    expect(response.statusCode).toBe(200);
    expect(response.headers["access-control-allow-origin"]).toBe(ALLOWED);
    expect(String(response.headers["access-control-expose-headers"])).toMatch(/ETag/i);
    expect(String(response.headers.vary)).toMatch(/Origin/i);
  });

  it("gives another origin no CORS header", async () => {
    const response = await app.inject({ url: TILEJSON, headers: { origin: "https://elsewhere.example.com" } });
    expect(response.statusCode).toBe(200);
    expect(response.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("answers a preflight for GET, and allows nothing that writes", async () => {
    const response = await app.inject({
      method: "OPTIONS",
      url: "/api/lookup?lon=112.85&lat=35.49",
      headers: { origin: ALLOWED, "access-control-request-method": "GET" },
    });
    expect(response.statusCode).toBe(204);
    expect(response.headers["access-control-allow-origin"]).toBe(ALLOWED);
    expect(String(response.headers["access-control-allow-methods"]).split(/,\s*/).sort()).toEqual(["GET", "HEAD", "OPTIONS"]);
  });

  it("keeps problem answers readable across origins", async () => {
    const response = await app.inject({ url: "/api/lookup?lon=abc&lat=35.49", headers: { origin: ALLOWED } });
    expect(response.statusCode).toBe(400);
    expect(response.headers["access-control-allow-origin"]).toBe(ALLOWED);
  });
});

describe("CORS without CORS_ORIGIN", () => {
  let app: FastifyInstance;
  useFreshApp("pglite", (built) => {
    app = built;
  });

  it("adds no CORS header and answers no preflight", async () => {
    const response = await app.inject({ url: TILEJSON, headers: { origin: ALLOWED } });
    expect(response.statusCode).toBe(200);
    expect(response.headers["access-control-allow-origin"]).toBeUndefined();
    const preflight = await app.inject({ method: "OPTIONS", url: TILEJSON, headers: { origin: ALLOWED, "access-control-request-method": "GET" } });
    expect(preflight.headers["access-control-allow-origin"]).toBeUndefined();
  });
});
