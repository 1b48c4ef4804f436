/**
 * What every request is checked for before its route (server/src/http/request-checks.ts, allowed-methods.ts, Ajv's
 * strictNumbers in app.ts): numbers past their bounds, control characters in text, a missing Host, and a method a
 * path does not answer. Each gets a problem in the project's own words, never the database's.
 */
import net from "node:net";
import type { FastifyInstance } from "fastify";
import { describe, expect, it } from "vitest";
import { useListeningApp } from "../../helpers/app.ts";

/** Words of PostgreSQL's own messages that must never reach a client. */
const DATABASE_WORDS = /postgres|sqlstate|syntax|relation|column|function|invalid input|out of range|0x00/i;

describe("request checks", () => {
  let app: FastifyInstance;
  let port: number;
  useListeningApp("pglite", (built, listening) => {
    [app, port] = [built, listening];
  });

  it.each([
    "/api/divisions?limit=1e400",
    "/api/divisions?limit=Infinity",
    "/api/divisions?limit=NaN",
    "/ogc/collections/divisions/items?limit=1e400",
    "/api/search?q=c&limit=1e400",
    "/api/search?q=c&limit=-1e400",
    "/api/lookup?lon=1e400&lat=35.5",
    "/api/answered-opinions/1e400",
  ])("refuses the non-finite number in %s with a validation problem", async (url) => {
    const response = await app.inject({ url });
    expect(response.statusCode).toBe(400);
    expect(response.headers["content-type"]).toBe("application/problem+json; charset=utf-8");
    expect(response.json()).toMatchObject({ type: "/problems/validation-failed", status: 400 });
    expect(response.body).not.toMatch(DATABASE_WORDS);
  });

  it.each([
    ["a NUL byte in a query value", "/ogc/collections/projects/items?projectType=%E5%9F%8E%00"],
    ["a line break in a query value", "/api/search?q=%E6%99%8B%0A%E5%9F%8E"],
    ["a NUL byte in a path value", "/api/opinions/ABCDEF%00GH"],
  ])("refuses %s, saying where", async (_name, url) => {
    const response = await app.inject({ url });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ type: "/problems/bad-request", detail: expect.stringMatching(/^(querystring|path)\.\w+ holds a control character/) });
    expect(response.body).not.toMatch(DATABASE_WORDS);
  });

  it("refuses a NUL byte in a JSON body's text, and takes tabs and line breaks", async () => {
    const refused = await app.inject({ method: "POST", url: "/api/session", headers: { origin: `http://127.0.0.1:${port}`, host: `127.0.0.1:${port}` }, payload: { name: "a\u0000b", password: "x" } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ type: "/problems/bad-request", detail: expect.stringContaining("body.name holds a control character") });
    const taken = await app.inject({ method: "POST", url: "/api/session", headers: { origin: `http://127.0.0.1:${port}`, host: `127.0.0.1:${port}` }, payload: { name: "a\tb\r\nc", password: "x" } });
    // Past the check: the sign-in itself refuses the unknown account.
    expect(taken.statusCode).toBe(401);
  });

  it.each([
    ["DELETE", "/api/health", "GET, HEAD"],
    ["POST", "/tiles/divisions/6/52/26.mvt", "GET, HEAD"],
    ["PUT", "/api/opinions", "GET, HEAD, POST"],
  ])("answers %s %s, a path that exists for other methods, with 405 and Allow", async (method, url, allow) => {
    const response = await app.inject({ method: method as "DELETE", url, headers: { origin: `http://127.0.0.1:${port}` } });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe(allow);
    expect(response.json()).toMatchObject({ type: "/problems/method-not-allowed", status: 405 });
  });

  it("still answers a path no method has with 404", async () => {
    const response = await app.inject({ method: "DELETE", url: "/api/nothing-here" });
    expect(response.statusCode).toBe(404);
    expect(response.headers.allow).toBeUndefined();
  });

  it("answers an HTTP/1.1 request without Host with a problem, and an HTTP/1.0 one normally", async () => {
    const exchange = (raw: string) =>
      new Promise<string>((resolve, reject) => {
        let received = "";
        const socket = net.connect(port, "127.0.0.1", () => socket.write(raw));
        socket.on("data", (chunk: Buffer) => (received += chunk.toString("utf8")));
        socket.on("error", reject);
        socket.on("close", () => resolve(received));
      });
    const missing = await exchange("GET /api/health HTTP/1.1\r\nConnection: close\r\n\r\n");
    expect(missing).toMatch(/^HTTP\/1\.1 400 /);
    expect(missing).toMatch(/content-type: application\/problem\+json/i);
    expect(missing).toContain("no Host header");
    const old = await exchange("GET /api/health HTTP/1.0\r\n\r\n");
    expect(old).toMatch(/^HTTP\/1\.1 200 /);
  });
});
