/**
 * SIGTERM to a running server process: it stops taking connections at once, answers the request in flight (held
 * back by a relay in front of PostgreSQL until the test lets it go), closes the database and exits 0; on the
 * embedded database it leaves a folder that opens again.
 */
import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../../server/src/db/database.ts";
import { testDatabaseUrl } from "../../helpers/backends.ts";
import { freshDatabaseConfig } from "../../helpers/databases.ts";
import { startServer } from "../../helpers/server-process.ts";
import { Relay } from "../../helpers/tcp-relay.ts";

/** Connects to `port` until a connection is refused: the server has closed its listening socket. */
async function untilRefused(port: number): Promise<void> {
  for (;;) {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(false);
      });
      socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
    });
    if (refused) return;
  }
}

describe("SIGTERM", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it.runIf(testDatabaseUrl())("on PostgreSQL: refuses new connections, answers the request in flight, then exits 0", { timeout: 60_000 }, async () => {
    const fresh = await freshDatabaseConfig("postgis");
    cleanups.push(fresh.cleanup);
    const { relay, url } = await Relay.before(fresh.config.databaseUrl!);
    cleanups.push(() => relay.down());
    const server = await startServer({ DATABASE_URL: url });
    cleanups.push(async () => void server.child.kill("SIGKILL"));
    // A tile waits for the tile functions to be planned: after it nothing queries the database unasked.
    expect((await fetch(`${server.url}/tiles/divisions/6/52/26.mvt`)).status).toBeLessThan(300);

    const hold = relay.holdAnswers();
    let settled = false;
    const inFlight = fetch(`${server.url}/api/divisions?limit=3`).finally(() => (settled = true));
    await hold.queried;
    server.child.kill("SIGTERM");
    await server.waitFor(/SIGTERM: closing/);
    await untilRefused(Number(new URL(server.url).port));
    expect(settled).toBe(false);

    hold.release();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toHaveLength(3);
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.output()).toMatch(/closed: the requests in flight were answered and the database is closed/);
  });

  it("on the embedded database: exits 0 and leaves a folder that opens again", { timeout: 120_000 }, async () => {
    const fresh = await freshDatabaseConfig("pglite");
    cleanups.push(fresh.cleanup);
    const server = await startServer({ DATA_DIR: fresh.config.dataDir });
    cleanups.push(async () => void server.child.kill("SIGKILL"));
    expect((await fetch(`${server.url}/api/divisions?limit=1`)).status).toBe(200);
    server.child.kill("SIGTERM");
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.output()).toMatch(/closed: the requests in flight were answered/);

    const reopened = await openDatabase(fresh.config);
    try {
      expect((await reopened.sql<{ n: number }[]>`select count(*)::int as n from divisions`)[0]!.n).toBeGreaterThan(0);
    } finally {
      await reopened.close();
    }
  });
});
