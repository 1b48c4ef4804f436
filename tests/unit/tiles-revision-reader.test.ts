import { describe, expect, it } from "vitest";
import { RevisionReader } from "../../server/src/revision/revision-reader.ts";

/** A revision query under test control: each call is recorded with the order it started in, and settles on demand. */
function controlledQuery() {
  const calls: { resolve: (revision: string) => void; reject: (error: Error) => void }[] = [];
  const query = () =>
    new Promise<string>((resolve, reject) => {
      calls.push({ resolve, reject });
    });
  return { calls, query };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("the revision reader", () => {
  it("answers a lone caller with one query", async () => {
    const { calls, query } = controlledQuery();
    const reader = new RevisionReader(query);
    const answer = reader.read();
    expect(calls).toHaveLength(1);
    calls[0]!.resolve("1-20240607");
    expect(await answer).toBe("1-20240607");
  });

  it("never hands a caller the answer of a query that started before it asked", async () => {
    const { calls, query } = controlledQuery();
    const reader = new RevisionReader(query);
    const first = reader.read();
    // A write commits here; callers from now on must see it, so they wait for a query that starts later.
    const second = reader.read();
    const third = reader.read();
    expect(calls).toHaveLength(1);
    calls[0]!.resolve("1-20240607");
    expect(await first).toBe("1-20240607");
    await tick();
    // The second and third callers share one query, started after the first one ended.
    expect(calls).toHaveLength(2);
    calls[1]!.resolve("2-20240607");
    expect(await second).toBe("2-20240607");
    expect(await third).toBe("2-20240607");
  });

  it("makes many concurrent callers cost a few queries, not one each", async () => {
    const { calls, query } = controlledQuery();
    const reader = new RevisionReader(query);
    const answers = Array.from({ length: 100 }, () => reader.read());
    calls[0]!.resolve("1-20240607");
    await tick();
    calls[1]!.resolve("1-20240607");
    expect(await Promise.all(answers)).toEqual(Array(100).fill("1-20240607"));
    expect(calls).toHaveLength(2);
  });

  it("passes a failed query on to its callers and recovers with the next", async () => {
    const { calls, query } = controlledQuery();
    const reader = new RevisionReader(query);
    const failed = reader.read();
    const waiting = reader.read();
    calls[0]!.reject(new Error("connection lost"));
    await expect(failed).rejects.toThrow("connection lost");
    await tick();
    calls[1]!.resolve("3-20240607");
    expect(await waiting).toBe("3-20240607");
    const later = reader.read();
    calls[2]!.resolve("4-20240607");
    expect(await later).toBe("4-20240607");
  });
});
