/**
 * Loads one server resource for the dashboard and keeps showing the last answer while the next one loads, so that
 * dragging the date slider never blanks the figures or the map. A new key aborts the request of the previous key
 * (its late answer is ignored); a key of null loads nothing and clears the data.
 */
import { useEffect, useState } from "react";
import type { ApiProblem } from "../../api/api-problem.ts";
import { useKeyedAnswer } from "../../features/resource/use-resource.ts";

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

export function useDashboardResource<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): DashboardResource<T> {
  const { current, last, retry } = useKeyedAnswer(key, load);
  if (key === null) return { data: undefined, dataKey: null, loading: false, problem: null, retry };
  return {
    data: last?.data,
    dataKey: last?.key ?? null,
    loading: current === null,
    problem: current !== null && !current.ok ? current.problem : null,
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
