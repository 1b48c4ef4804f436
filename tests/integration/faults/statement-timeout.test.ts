/**
 * A statement over DB_STATEMENT_TIMEOUT_MS on PostgreSQL: made slow for certain by another session holding a lock on
 * the table it reads (the wait counts toward the timeout). Every request caught answers 503 `timeout` with
 * Retry-After in the project's words, and once the lock goes the same pool answers again. The embedded database is
 * not given a statement timeout (one query at a time, no other session to wait on): PostgreSQL only.
 */
import type { FastifyInstance } from "fastify";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../../server/src/app.ts";
import { testDatabaseUrl } from "../../helpers/backends.ts";
import { freshDatabaseConfig } from "../../helpers/databases.ts";

describe.runIf(testDatabaseUrl())("a statement timeout on PostgreSQL", () => {
  let app: FastifyInstance;
  let admin: postgres.Sql;
  let cleanup: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const fresh = await freshDatabaseConfig("postgis");
    cleanup = fresh.cleanup;
    app = await buildApp({ ...fresh.config, dbStatementTimeoutMs: 500, dbPoolMax: 2 });
    admin = postgres(fresh.config.databaseUrl!, { max: 1, onnotice: () => {} });
  });

  afterAll(async () => {
    await app?.close();
    await admin?.end();
    await cleanup?.();
  });

  it("answers 503 timeout with Retry-After while a lock holds the query, and the pool answers again after", async () => {
    const locker = await admin.reserve();
    await locker`begin`;
    await locker`lock table divisions in access exclusive mode`;
    // More requests than the pool has connections: every connection has a statement cancelled under it.
    const caught = await Promise.all([1, 2, 3, 4].map((limit) => app.inject({ url: `/api/divisions?limit=${limit}` })));
    await locker`rollback`;
    locker.release();

    for (const response of caught) {
      expect(response.statusCode, response.body).toBe(503);
      expect(response.headers["retry-after"]).toBe("5");
      expect(response.headers["content-type"]).toBe("application/problem+json; charset=utf-8");
      expect(response.json()).toMatchObject({ type: "/problems/timeout", status: 503 });
      expect(response.json().detail).not.toMatch(/statement timeout|canceling|divisions/i);
    }
    const after = await Promise.all([5, 6, 7].map((limit) => app.inject({ url: `/api/divisions?limit=${limit}` })));
    expect(after.map((response) => response.statusCode)).toEqual([200, 200, 200]);
    expect((await app.inject({ url: "/api/health" })).statusCode).toBe(200);
  });
});
