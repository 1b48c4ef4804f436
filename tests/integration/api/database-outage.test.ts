/**
 * PostgreSQL out of reach, through a TCP relay the test opens and closes in front of it: a server started while the
 * database is down listens and answers 503 with Retry-After at once, then sets the database up by itself when it
 * comes; a database lost under a running server (its connections cut, new ones refused, as in a restart) gives 503,
 * never 500, and the server answers again without a restart once the database is back. The embedded database cannot
 * go away, so this is PostgreSQL's alone.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, describe, expect, it } from "vitest";
import { buildApp } from "../../../server/src/app.ts";
import { testDatabaseUrl } from "../../helpers/backends.ts";
import { freshDatabaseConfig } from "../../helpers/databases.ts";
import { Relay } from "../../helpers/tcp-relay.ts";

describe.runIf(testDatabaseUrl())("the server while PostgreSQL is out of reach", () => {
  let app: FastifyInstance | undefined;
  let relay: Relay | undefined;
  let cleanup: (() => Promise<void>) | undefined;

  afterAll(async () => {
    await app?.close();
    await relay?.down();
    await cleanup?.();
  });

  it("starts while the database is down, answers 503 with Retry-After, and sets up by itself when it comes", { timeout: 60_000 }, async () => {
    const fresh = await freshDatabaseConfig("postgis");
    cleanup = fresh.cleanup;
    const real = new URL(fresh.config.databaseUrl!);
    relay = new Relay(await Relay.freePort(), { host: real.hostname, port: Number(real.port || 5432) });
    const viaRelay = new URL(real);
    viaRelay.port = String(relay.port);

    app = await buildApp({ ...fresh.config, databaseUrl: viaRelay.toString() });
    for (const path of ["/api/health", "/api/divisions?limit=1", "/tiles/divisions.json", "/api/lookup?lon=112.85&lat=35.49"]) {
      const response = await app.inject({ url: path });
      expect(response.statusCode, path).toBe(503);
      expect(response.headers["retry-after"], path).toBe("5");
      expect(response.headers["content-type"], path).toBe("application/problem+json; charset=utf-8");
      expect(response.json(), path).toMatchObject({ type: "/problems/database-unavailable", status: 503 });
    }

    await relay.up();
    // The server's next attempt reaches the database and sets it up: the event the app announces.
    await app.databaseSetUp;
    expect((await app.inject({ url: "/api/health" })).statusCode).toBe(200);
    expect((await app.inject({ url: "/api/divisions?limit=1" })).statusCode).toBe(200);
    expect((await app.inject({ url: "/tiles/divisions/6/52/26.mvt" })).statusCode).toBeLessThan(300);
  });

  it("answers 503, never 500, while the database restarts under it, and answers again without a restart", { timeout: 60_000 }, async () => {
    await relay!.down();
    const during = await Promise.all(
      ["/api/health", "/api/divisions?limit=1", "/api/search?q=%E6%99%8B", "/api/lookup?lon=112.85&lat=35.49", "/tiles/divisions/7/105/52.mvt"].map((url) =>
        app!.inject({ url }),
      ),
    );
    for (const response of during) {
      expect(response.statusCode).toBe(503);
      expect(response.headers["retry-after"]).toBe("5");
      expect(response.json()).toMatchObject({ type: "/problems/database-unavailable" });
      expect(response.body).not.toMatch(/ECONNREFUSED|CONNECTION_|postgres/i);
    }
    // Listening again: the pool's next query connects at once, without a restart of the server.
    await relay!.up();
    expect((await app!.inject({ url: "/api/divisions?limit=1" })).statusCode).toBe(200);
    expect((await app!.inject({ url: "/api/lookup?lon=112.85&lat=35.49" })).statusCode).toBe(200);
    expect((await app!.inject({ url: "/tiles/divisions/7/105/52.mvt" })).statusCode).toBeLessThan(300);
  });
});
