/**
 * The answer to the current question: loading, then the answer or an ApiProblem. A new question aborts the previous
 * one's requests, and a late answer to an old question is ignored.
 */
import { useCallback, useEffect, useState } from "react";
import { ApiProblem, CLIENT_PROBLEM_TYPES } from "../../../api/api-problem.ts";
import type { Answer, FinderRequest } from "./answer-model.ts";
import { resolveAnswer } from "./resolve-answer.ts";

export type AnswerState =
  | { status: "idle" }
  | { status: "loading"; request: FinderRequest }
  | { status: "success"; request: FinderRequest; answer: Answer }
  | { status: "error"; request: FinderRequest; problem: ApiProblem };

interface Settled {
  request: FinderRequest;
  attempt: number;
  state: AnswerState;
}

function asProblem(error: unknown): ApiProblem {
  if (error instanceof ApiProblem) return error;
  return new ApiProblem({ type: CLIENT_PROBLEM_TYPES.malformedBody, title: error instanceof Error ? error.message : String(error), status: 0 });
}

export function useAnswer(request: FinderRequest | null): AnswerState & { retry(): void } {
  const [attempt, setAttempt] = useState(0);
  const [settled, setSettled] = useState<Settled | null>(null);

  useEffect(() => {
    if (!request) return;
    const controller = new AbortController();
    resolveAnswer(request, controller.signal).then(
      (answer) => {
        if (!controller.signal.aborted) setSettled({ request, attempt, state: { status: "success", request, answer } });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setSettled({ request, attempt, state: { status: "error", request, problem: asProblem(error) } });
      },
    );
    return () => controller.abort();
  }, [request, attempt]);

  const retry = useCallback(() => setAttempt((value) => value + 1), []);
  if (!request) return { status: "idle", retry };
  if (!settled || settled.request !== request || settled.attempt !== attempt) return { status: "loading", request, retry };
  return { ...settled.state, retry };
}
