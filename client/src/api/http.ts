/**
 * The one place that calls fetch. Successful answers are parsed as JSON; anything else becomes an ApiProblem,
 * using the server's problem+json body when there is one.
 */
import { API_BASE } from "../env.ts";
import { ApiProblem, CLIENT_PROBLEM_TYPES, isProblemBody } from "./api-problem.ts";

type QueryValue = string | number | undefined;

/** `/api/x?a=1`, leaving out undefined values, prefixed with the configured API base. */
function apiUrl(path: string, query: Record<string, QueryValue> = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) search.set(name, String(value));
  }
  const text = search.toString();
  return `${API_BASE}${path}${text ? `?${text}` : ""}`;
}

async function problemFromResponse(response: Response, url: string): Promise<ApiProblem> {
  const contentType = response.headers.get("content-type") ?? "";
  if (contentType.includes("json")) {
    try {
      const body: unknown = await response.json();
      if (isProblemBody(body)) return new ApiProblem(body);
    } catch {
      // Not JSON after all: fall through to the generic problem below.
    }
  }
  return new ApiProblem({
    type: CLIENT_PROBLEM_TYPES.unexpectedResponse,
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    instance: url,
  });
}

/** GET a JSON resource; throws ApiProblem on a network failure, a non-2xx status or a body that is not JSON. */
export async function getJson<T>(path: string, query: Record<string, QueryValue> = {}, signal?: AbortSignal): Promise<T> {
  const url = apiUrl(path, query);
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: "application/json, application/geo+json" }, ...(signal ? { signal } : {}) });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiProblem({
      type: CLIENT_PROBLEM_TYPES.network,
      title: "The server could not be reached",
      status: 0,
      detail: error instanceof Error ? error.message : String(error),
      instance: url,
    });
  }
  if (!response.ok) throw await problemFromResponse(response, url);
  try {
    return (await response.json()) as T;
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiProblem({
      type: CLIENT_PROBLEM_TYPES.malformedBody,
      title: "The server answered with a body that is not JSON",
      status: response.status,
      instance: url,
    });
  }
}
