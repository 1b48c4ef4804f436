/**
 * transaction(): commits, rolls back, notices a transaction the database rolled back, and starts safely when every
 * connection of the pool is busy (where postgres.js's own sql.begin() fails with max_pipeline 1).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, transaction, type Database, type Sql } from "../../../server/src/db/database.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { freshDatabaseConfig } from "../../helpers/databases.ts";

describe.each(enabledBackends())("transaction() on %s", (backend) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const fresh = await freshDatabaseConfig(backend);
    cleanup = fresh.cleanup;
    // One connection, so that one running query makes every connection busy.
    database = await openDatabase({ ...fresh.config, dbPoolMax: 1 });
    await database.sql`create table transaction_probe (id int primary key)`;
  });
  afterAll(async () => {
    await database?.close();
    await cleanup?.();
  });
  const ids = async () => (await database.sql<{ id: number }[]>`select id from transaction_probe order by id`).map((row) => row.id);

  it("is the only way in: sql.begin() does not type-check (npm run typecheck fails if it ever does)", () => {
    const beginDirectly = (sql: Sql) =>
      // @ts-expect-error Sql has no begin(): transactions go through transaction().
      sql.begin(async () => {});
    expect(beginDirectly).toBeTypeOf("function");
  });

  it("commits what fn wrote and returns its result", async () => {
    const result = await transaction(database.sql, async (tx) => {
      await tx`insert into transaction_probe values (1), (2)`;
      return "done";
    });
    expect(result).toBe("done");
    expect(await ids()).toEqual([1, 2]);
  });

  it("rolls everything back when fn throws, and passes the error on", async () => {
    await expect(
      transaction(database.sql, async (tx) => {
        await tx`insert into transaction_probe values (3)`;
        throw new Error("refused by the caller");
      }),
    ).rejects.toThrow("refused by the caller");
    expect(await ids()).toEqual([1, 2]);
  });

  it("fails when a statement failed inside, even if fn caught its error", async () => {
    await expect(
      transaction(database.sql, async (tx) => {
        await tx`insert into transaction_probe values (4)`;
        await tx`insert into transaction_probe values (1)`.catch(() => {});
      }),
    ).rejects.toThrow(/rolled back/);
    expect(await ids()).toEqual([1, 2]);
  });

  it("starts while every connection is busy, and runs after the busy query", async () => {
    // The busy query is a cursor read one row at a time: its first row proves it holds the only connection, and it
    // keeps the connection until the test lets it read on, after the transaction has asked for one.
    let running!: () => void;
    let letItFinish!: () => void;
    const isRunning = new Promise<void>((resolve) => (running = resolve));
    const mayFinish = new Promise<void>((resolve) => (letItFinish = resolve));
    const order: string[] = [];
    const busy = database.sql`select n from generate_series(1, 2) as n`.cursor(1, async () => {
      running();
      await mayFinish;
    });
    const busyDone = busy.then(() => order.push("busy query done"));
    await isRunning;
    const writing = transaction(database.sql, async (tx) => {
      order.push("transaction running");
      await tx`insert into transaction_probe values (5)`;
      return (await tx<{ n: number }[]>`select count(*)::int as n from transaction_probe`)[0]!.n;
    });
    letItFinish();
    const written = await writing;
    await busyDone;
    expect(order).toEqual(["busy query done", "transaction running"]);
    expect(written).toBe(3);
    expect(await ids()).toEqual([1, 2, 5]);
  });
});
