/**
 * Loads one server resource for a component: loading, then data or an ApiProblem, with retry. A key of null loads
 * nothing (e.g. the belt tiles before an answer names a belt). Changing the key aborts the previous request, and its
 * late answer is ignored. Deliberately small: the finder reads a few resources and writes none; a query cache comes
 * with the first mutation.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { type ApiProblem, toApiProblem } from "../../api/api-problem.ts";

export type Resource<T> =
  | { status: "idle" }
  | { status: "loading" }
  | { status: "success"; data: T }
  | { status: "error"; problem: ApiProblem };

interface Loaded<T> {
  key: string;
  attempt: number;
  resource: Resource<T>;
}


export function useResource<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): Resource<T> & { retry(): void } {
  const [attempt, setAttempt] = useState(0);
  const [loaded, setLoaded] = useState<Loaded<T> | null>(null);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setLoaded({ key, attempt, resource: { status: "success", data } });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setLoaded({ key, attempt, resource: { status: "error", problem: toApiProblem(error) } });
      },
    );
    return () => controller.abort();
  }, [key, attempt]);

  const retry = useCallback(() => setAttempt((value) => value + 1), []);
  if (key === null) return { status: "idle", retry };
  // An answer for another key, or for an attempt before a retry, is stale: show loading until the current one lands.
  if (!loaded || loaded.key !== key || loaded.attempt !== attempt) return { status: "loading", retry };
  return { ...loaded.resource, retry };
}
