/**
 * PostgreSQL going away while a bureau write commits, through a TCP relay in front of it: the COMMIT lost on its way
 * (nothing stored) or its answer lost on the way back (stored). The write is stored whole or not at all, and the
 * client can tell which: from its answer when the database can be asked at once, else from the problem
 * write-outcome-unknown and GET /api/writes/{transaction} once the database is back. Reads meanwhile answer 503 at
 * once, and the same server writes again afterwards. The embedded database has no connection to lose: PostgreSQL only.
 */
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../../server/src/app.ts";
import { testDatabaseUrl } from "../../helpers/backends.ts";
import { freshDatabaseConfig } from "../../helpers/databases.ts";
import { Relay } from "../../helpers/tcp-relay.ts";
import { OWN_ORIGIN, makeAccount, signIn } from "../auth/accounts.ts";

const PASSWORD = "faults password 1234";

describe.runIf(testDatabaseUrl())("a bureau write while PostgreSQL restarts", () => {
  let app: FastifyInstance;
  let relay: Relay;
  let cookie: string;
  let townships: string[];
  let cleanup: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const fresh = await freshDatabaseConfig("postgis");
    cleanup = fresh.cleanup;
    const relayed = await Relay.before(fresh.config.databaseUrl!);
    relay = relayed.relay;
    app = await buildApp({ ...fresh.config, databaseUrl: relayed.url });
    await makeAccount(app, "faults-bureau", "bureau", PASSWORD);
    cookie = await signIn(app, "faults-bureau", PASSWORD);
    townships = (await app.db.sql<{ code: string }[]>`select code from divisions where level = 'township' order by code limit 4`).map((row) => row.code);
  });

  afterAll(async () => {
    await app?.close();
    await relay?.down();
    await cleanup?.();
  });

  /** A belt of four member townships: one area row and four member rows, written in one transaction. */
  const createBelt = (code: string) =>
    app.inject({ method: "POST", url: "/api/areas", headers: { origin: OWN_ORIGIN, cookie }, payload: { code, name: code, kind: "belt", members: townships } });

  /** What the database holds of the belt: its area rows and member rows. */
  async function stored(code: string): Promise<{ areas: number; members: number }> {
    const [row] = await app.db.sql<{ areas: number; members: number }[]>`
      select count(distinct a.id)::int as areas, count(ad.division_code)::int as members
      from areas a left join area_divisions ad on ad.area_id = a.id where a.code = ${code}`;
    return row!;
  }

  /** Asks GET /api/writes/{transaction} until the database has settled the transaction. */
  async function settledOutcome(transaction: string): Promise<string> {
    for (;;) {
      const response = await app.inject({ url: `/api/writes/${transaction}` });
      if (response.statusCode === 200 && response.json().outcome !== "pending") return response.json().outcome;
      expect([200, 503]).toContain(response.statusCode);
      // The database may still be noticing the cut connection; asking again once the event loop is free.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  function expectOutcomeUnknown(response: LightMyRequestResponse): string {
    expect(response.statusCode, response.body).toBe(503);
    expect(response.headers["retry-after"]).toBe("5");
    const problem = response.json();
    expect(problem).toMatchObject({ type: "/problems/write-outcome-unknown", status: 503, transaction: expect.stringMatching(/^[0-9]+$/) });
    expect(problem.check).toBe(`/api/writes/${problem.transaction}`);
    expect(response.body).not.toMatch(/ECONNRESET|CONNECTION_|postgres/i);
    return problem.transaction;
  }

  it("says the outcome is unknown when the COMMIT is lost with the database, and then that nothing was stored", async () => {
    const cut = relay.cutAtNextCommit("lose-commit", { stayDown: true });
    const write = createBelt("fault-lost-commit");
    await cut;
    const reads = await Promise.all(["/api/divisions?limit=1", "/api/lookup?lon=112.85&lat=35.49"].map((url) => app.inject({ url })));
    for (const read of reads) expect(read.statusCode).toBe(503);
    const transaction = expectOutcomeUnknown(await write);

    await relay.up();
    expect(await settledOutcome(transaction)).toBe("rolled-back");
    expect(await stored("fault-lost-commit")).toEqual({ areas: 0, members: 0 });
    // Sent again, it is stored whole by the same server.
    expect((await createBelt("fault-lost-commit")).statusCode).toBe(201);
    expect(await stored("fault-lost-commit")).toEqual({ areas: 1, members: 4 });
  });

  it("says the outcome is unknown when the COMMIT's answer is lost with the database, and then that it was stored whole", async () => {
    const cut = relay.cutAtNextCommit("lose-answer", { stayDown: true });
    const write = createBelt("fault-lost-answer");
    await cut;
    expect((await app.inject({ url: "/api/search?q=%E6%99%8B" })).statusCode).toBe(503);
    const transaction = expectOutcomeUnknown(await write);

    await relay.up();
    expect(await settledOutcome(transaction)).toBe("committed");
    expect(await stored("fault-lost-answer")).toEqual({ areas: 1, members: 4 });
    // Sent again regardless, it is refused as a duplicate, not stored twice.
    expect((await createBelt("fault-lost-answer")).statusCode).toBe(409);
  });

  it("answers the write as stored when only its connection was cut after the database committed it", async () => {
    const cut = relay.cutAtNextCommit("lose-answer", { stayDown: false });
    const response = await createBelt("fault-cut-connection");
    await cut;
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ code: "fault-cut-connection", members: townships });
    expect(await stored("fault-cut-connection")).toEqual({ areas: 1, members: 4 });
  });

  it("answers an id the database never gave with 404", async () => {
    const response = await app.inject({ url: "/api/writes/99999999999999" });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ type: "/problems/not-found" });
  });
});
