/**
 * Loads one server resource for a component, keyed: changing the key aborts the previous request, and its late answer
 * is ignored; a key of null loads nothing; retry() asks again. Deliberately small: the pages read a few resources and
 * write none; a query cache comes with the first mutation.
 *
 * useKeyedAnswer is the one loader; useResource shows it as loading, then data or an ApiProblem (the finder), and the
 * dashboard's useDashboardResource keeps the last data on screen while the next key loads.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { type ApiProblem, toApiProblem } from "../../api/api-problem.ts";

export type Resource<T> =
  | { status: "idle" }
  | { status: "loading" }
  | { status: "success"; data: T }
  | { status: "error"; problem: ApiProblem };

/** The answer to one request: for a key and attempt, data or a problem. */
type KeyedAnswer<T> = { key: string; attempt: number } & ({ ok: true; data: T } | { ok: false; problem: ApiProblem });

export interface KeyedAnswers<T> {
  /** The answer for the current key and attempt; null while it is awaited (or when the key is null). */
  current: KeyedAnswer<T> | null;
  /** The latest data received, for whatever key; null before the first. */
  last: { key: string; data: T } | null;
  retry(): void;
}

export function useKeyedAnswer<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): KeyedAnswers<T> {
  const [attempt, setAttempt] = useState(0);
  const [answer, setAnswer] = useState<KeyedAnswer<T> | null>(null);
  const [last, setLast] = useState<{ key: string; data: T } | null>(null);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    loadRef.current(controller.signal).then(
      (data) => {
        if (controller.signal.aborted) return;
        setAnswer({ key, attempt, ok: true, data });
        setLast({ key, data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setAnswer({ key, attempt, ok: false, problem: toApiProblem(error) });
      },
    );
    return () => controller.abort();
  }, [key, attempt]);

  const retry = useCallback(() => setAttempt((value) => value + 1), []);
  // An answer for another key, or for an attempt before a retry, is stale.
  const current = key !== null && answer !== null && answer.key === key && answer.attempt === attempt ? answer : null;
  return { current, last, retry };
}

export function useResource<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): Resource<T> & { retry(): void } {
  const { current, retry } = useKeyedAnswer(key, load);
  if (key === null) return { status: "idle", retry };
  if (current === null) return { status: "loading", retry };
  return current.ok ? { status: "success", data: current.data, retry } : { status: "error", problem: current.problem, retry };
}
