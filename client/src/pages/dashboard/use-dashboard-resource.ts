/**
 * Loads one server resource for the dashboard and keeps showing the last answer while the next one loads, so that
 * dragging the date slider never blanks the figures or the map. A new key aborts the request of the previous key
 * (its late answer is ignored); a key of null loads nothing and clears the data.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { type ApiProblem, toApiProblem } from "../../api/api-problem.ts";

export interface DashboardResource<T> {
  /** The latest answer (possibly for an earlier key while `loading`); undefined before the first. */
  data: T | undefined;
  /** The key `data` answers; null before the first answer. */
  dataKey: string | null;
  /** True while the answer for the current key is awaited. */
  loading: boolean;
  /** The failure of the current key, or null. */
  problem: ApiProblem | null;
  retry(): void;
}

interface Answer<T> {
  key: string;
  attempt: number;
  data?: T;
  problem?: ApiProblem;
}


export function useDashboardResource<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): DashboardResource<T> {
  const [attempt, setAttempt] = useState(0);
  const [answer, setAnswer] = useState<Answer<T> | null>(null);
  const [lastData, setLastData] = useState<{ key: string; data: T } | null>(null);
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
        setAnswer({ key, attempt, data });
        setLastData({ key, data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setAnswer({ key, attempt, problem: toApiProblem(error) });
      },
    );
    return () => controller.abort();
  }, [key, attempt]);

  const retry = useCallback(() => setAttempt((value) => value + 1), []);
  if (key === null) return { data: undefined, dataKey: null, loading: false, problem: null, retry };
  const current = answer !== null && answer.key === key && answer.attempt === attempt ? answer : null;
  return {
    data: lastData?.data,
    dataKey: lastData?.key ?? null,
    loading: current === null,
    problem: current?.problem ?? null,
    retry,
  };
}

/** The value once it has stopped changing for `delay` ms (the slider's position → the date asked of the server). */
export function useDebouncedValue<T>(value: T, delay: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), delay);
    return () => window.clearTimeout(timer);
  }, [value, delay]);
  return settled;
}
