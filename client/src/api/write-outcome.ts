/**
 * A write answered with the problem `write-outcome-unknown` (the database went away during its COMMIT) is settled
 * before the user sees it: the client asks `GET /api/writes/{transaction}` until the server can tell, and then
 * reports what happened in words the user can act on: stored (reload to see it, do not send it again), not stored
 * (send it again), or still not known (check before sending it again).
 */
import type { WriteOutcome } from "@contracts/writes.ts";
import { ApiProblem, CLIENT_PROBLEM_TYPES } from "./api-problem.ts";

export const WRITE_OUTCOME_UNKNOWN = "/problems/write-outcome-unknown";

/** How many times the outcome is asked for, and the longest wait between two asks (seconds). */
const ASKS = 6;
const LONGEST_WAIT_S = 8;

export interface SettleOptions {
  /** The outcome of a transaction, as GET /api/writes/{transaction} answers it; throws when that request fails. */
  readOutcome(transaction: string): Promise<WriteOutcome["outcome"]>;
  /** Waits `seconds`; resolves early or rejects when the caller gives up (its AbortSignal). */
  wait(seconds: number): Promise<void>;
}

/**
 * The problem to show for `problem`: itself unless it is write-outcome-unknown with a transaction. Asks the outcome
 * after the server's Retry-After (else 1 s), then after doubling waits up to 8 s, at most 6 times; a failed ask
 * (the database still away) counts as one.
 */
export async function settleUnknownWrite(problem: ApiProblem, options: SettleOptions): Promise<ApiProblem> {
  const transaction = problem.body.transaction;
  if (problem.type !== WRITE_OUTCOME_UNKNOWN || typeof transaction !== "string") return problem;
  let waitS = Math.min(Math.max(problem.retryAfterSeconds ?? 1, 1), LONGEST_WAIT_S);
  for (let ask = 0; ask < ASKS; ask++) {
    await options.wait(waitS);
    waitS = Math.min(waitS * 2, LONGEST_WAIT_S);
    let outcome: WriteOutcome["outcome"];
    try {
      outcome = await options.readOutcome(transaction);
    } catch {
      continue;
    }
    if (outcome === "committed") {
      return settled(
        problem,
        CLIENT_PROBLEM_TYPES.writeStoredAnswerLost,
        "已保存，但服务器的回复丢失 / The change was stored, but the server's answer was lost",
        "已保存，但回复丢失：请刷新查看，不要再次提交 / stored, but the answer was lost: reload to see it; do not send it again",
      );
    }
    if (outcome === "rolled-back") {
      return settled(
        problem,
        CLIENT_PROBLEM_TYPES.writeNotStored,
        "未保存 / The change was not stored",
        "未保存：数据库暂时中断，可以再次提交 / not stored: the database was interrupted, send it again",
      );
    }
    // unknown: the database no longer keeps this transaction's outcome; asking again will not tell.
    if (outcome === "unknown") break;
  }
  return new ApiProblem(
    {
      ...problem.body,
      detail: `无法确认是否已保存，请先刷新查看再决定是否重新提交 / whether the change was stored could not be learned: reload and check before sending it again (transaction ${transaction})`,
    },
    problem.retryAfterSeconds,
  );
}

/** The problem that says what became of the write, in place of `problem` (same status and instance). */
function settled(problem: ApiProblem, type: string, title: string, detail: string): ApiProblem {
  return new ApiProblem({ type, title, status: problem.status, detail, ...(problem.instance === undefined ? {} : { instance: problem.instance }) });
}
