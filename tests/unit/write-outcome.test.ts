import { describe, expect, it } from "vitest";
import { ApiProblem, CLIENT_PROBLEM_TYPES } from "../../client/src/api/api-problem.ts";
import { settleUnknownWrite, WRITE_OUTCOME_UNKNOWN, type SettleOptions } from "../../client/src/api/write-outcome.ts";
import type { WriteOutcome } from "../../server/src/contracts/writes.ts";

const unknown = (retryAfter?: number) =>
  new ApiProblem(
    {
      type: WRITE_OUTCOME_UNKNOWN,
      title: "The database went away while the change was being stored",
      status: 503,
      detail: "whether the change was stored is not known yet: ask GET /api/writes/7412 before sending it again",
      instance: "/api/planners/3",
      transaction: "7412",
      check: "/api/writes/7412",
    },
    retryAfter,
  );

/** Answers in turn (an Error: that ask fails), recording each ask and each wait. */
function scripted(answers: (WriteOutcome["outcome"] | Error)[]): SettleOptions & { asked: string[]; waits: number[] } {
  const asked: string[] = [];
  const waits: number[] = [];
  return {
    asked,
    waits,
    readOutcome: async (transaction) => {
      asked.push(transaction);
      const answer = answers.shift() ?? "pending";
      if (answer instanceof Error) throw answer;
      return answer;
    },
    wait: async (seconds) => {
      waits.push(seconds);
    },
  };
}

describe("settling a write whose outcome the server could not tell", () => {
  it("says the change was stored once the server knows it committed, after the server's Retry-After", async () => {
    const options = scripted([new Error("503"), "pending", "committed"]);
    const settled = await settleUnknownWrite(unknown(2), options);
    expect(settled).toMatchObject({ type: CLIENT_PROBLEM_TYPES.writeStoredAnswerLost, status: 503, instance: "/api/planners/3" });
    expect(settled.detail).toMatch(/已保存.*do not send it again/);
    expect(options.asked).toEqual(["7412", "7412", "7412"]);
    expect(options.waits).toEqual([2, 4, 8]);
  });

  it("says it may be sent again when the transaction rolled back", async () => {
    const settled = await settleUnknownWrite(unknown(), scripted(["rolled-back"]));
    expect(settled).toMatchObject({ type: CLIENT_PROBLEM_TYPES.writeNotStored });
    expect(settled.detail).toMatch(/未保存.*send it again/);
  });

  it("gives up after six asks, or at once when the database no longer keeps the outcome, asking the user to check", async () => {
    const options = scripted([]);
    const settled = await settleUnknownWrite(unknown(), options);
    expect(options.waits).toEqual([1, 2, 4, 8, 8, 8]);
    expect(settled).toMatchObject({ type: WRITE_OUTCOME_UNKNOWN, status: 503 });
    expect(settled.detail).toMatch(/reload and check before sending it again \(transaction 7412\)/);
    const forgotten = scripted(["unknown", "committed"]);
    expect((await settleUnknownWrite(unknown(), forgotten)).type).toBe(WRITE_OUTCOME_UNKNOWN);
    expect(forgotten.asked).toHaveLength(1);
  });

  it("leaves every other problem as it is", async () => {
    const other = new ApiProblem({ type: "/problems/database-unavailable", title: "down", status: 503 });
    const options = scripted(["committed"]);
    expect(await settleUnknownWrite(other, options)).toBe(other);
    expect(options.asked).toEqual([]);
  });
});
