/**
 * Suggestions for the search box as the visitor types: the query is sent 200 ms after the last keystroke, the request
 * of an older query is aborted, and an answer that arrives for a query no longer in the box is dropped. While a new
 * query loads, the previous suggestions stay (no flicker), marked as being for that previous query.
 */
import { useEffect, useState } from "react";
import { ApiProblem, CLIENT_PROBLEM_TYPES } from "../../../api/api-problem.ts";
import { searchPlaces, type SearchResponse } from "../../../api/search.ts";

/** Quiet time after the last keystroke before the query is sent. */
const SEARCH_DEBOUNCE_MS = 200;

export interface PlaceSearch {
  /** The trimmed query the box holds now ("" when blank). */
  query: string;
  /** True while the current query is waiting or loading. */
  loading: boolean;
  /** The latest answer (to an earlier query while `loading`); null before any, and after a failure. */
  response: SearchResponse | null;
  /** The failure of the current query; null otherwise. */
  problem: ApiProblem | null;
}

interface Settled {
  query: string;
  response: SearchResponse | null;
  problem: ApiProblem | null;
}

export function usePlaceSearch(text: string): PlaceSearch {
  const query = text.trim();
  const [settled, setSettled] = useState<Settled | null>(null);

  useEffect(() => {
    if (query === "") return;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      searchPlaces(query, controller.signal).then(
        (response) => {
          if (!controller.signal.aborted) setSettled({ query, response, problem: null });
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          const problem =
            error instanceof ApiProblem ? error : new ApiProblem({ type: CLIENT_PROBLEM_TYPES.malformedBody, title: String(error), status: 0 });
          // Older suggestions would look like an answer to this query: the failure is shown instead.
          setSettled({ query, response: null, problem });
        },
      );
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  if (query === "") return { query, loading: false, response: null, problem: null };
  const current = settled?.query === query;
  return {
    query,
    loading: !current,
    response: settled?.response ?? null,
    problem: current ? (settled?.problem ?? null) : null,
  };
}
