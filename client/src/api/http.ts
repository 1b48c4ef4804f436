/**
 * The one place that calls fetch (reads, and the bureau's writes with the session cookie and If-Match). Successful
 * answers are parsed as JSON; anything else becomes an ApiProblem,
 * using the server's problem+json body when there is one.
 */
import { API_BASE } from "../env.ts";
import type { WriteOutcome } from "@contracts/writes.ts";
import { ApiProblem, CLIENT_PROBLEM_TYPES, isProblemBody, retryAfterSeconds } from "./api-problem.ts";
import { settleUnknownWrite, WRITE_OUTCOME_UNKNOWN, type SettleOptions } from "./write-outcome.ts";

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
      if (isProblemBody(body)) return new ApiProblem(body, retryAfterSeconds(response.headers.get("retry-after")));
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

export type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  /** Sent as JSON (or as it is when FormData). */
  body?: unknown;
  /** The ETag the change is based on (RFC 9110 If-Match). */
  ifMatch?: string;
  signal?: AbortSignal;
}

/** An answer's parsed body (undefined for 204) with its ETag, when it has one. */
export interface Tagged<T> {
  data: T;
  etag: string | null;
}

/**
 * Any request to the API, with the session cookie of this site; throws ApiProblem on a network failure, a non-2xx
 * status or a body that is not JSON.
 */
export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<Tagged<T>> {
  const { query = {}, body, ifMatch, signal } = options;
  const url = apiUrl(path, query);
  const headers: Record<string, string> = { accept: "application/json, application/geo+json" };
  if (body !== undefined && !(body instanceof FormData)) headers["content-type"] = "application/json";
  if (ifMatch) headers["if-match"] = ifMatch;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: "same-origin",
      ...(body === undefined ? {} : { body: body instanceof FormData ? body : JSON.stringify(body) }),
      ...(signal ? { signal } : {}),
    });
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
  if (!response.ok) {
    const problem = await problemFromResponse(response, url);
    // A write whose COMMIT the database may or may not have finished: learn which before saying anything.
    if (method !== "GET" && problem.type === WRITE_OUTCOME_UNKNOWN) throw await settleUnknownWrite(problem, settleOptions(signal));
    throw problem;
  }
  const etag = response.headers.get("etag");
  if (response.status === 204) return { data: undefined as T, etag };
  try {
    return { data: (await response.json()) as T, etag };
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

/** Asks GET /api/writes/{transaction} (without the caller's signal: the outcome is worth learning), and waits by timers. */
function settleOptions(signal: AbortSignal | undefined): SettleOptions {
  return {
    readOutcome: async (transaction) => (await request<WriteOutcome>("GET", `/api/writes/${encodeURIComponent(transaction)}`)).data.outcome,
    wait: (seconds) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const timer = setTimeout(resolve, seconds * 1000);
        signal?.addEventListener("abort", () => {
          clearTimeout(timer);
          reject(signal.reason);
        }, { once: true });
      }),
  };
}

/** GET a JSON resource; throws ApiProblem on a network failure, a non-2xx status or a body that is not JSON. */
export async function getJson<T>(path: string, query: Record<string, QueryValue> = {}, signal?: AbortSignal): Promise<T> {
  return (await request<T>("GET", path, { query, ...(signal ? { signal } : {}) })).data;
}

/** The address of an API resource, for links and downloads (export files). */
export function apiHref(path: string, query: Record<string, QueryValue> = {}): string {
  return apiUrl(path, query);
}

/**
 * POST a multipart form with upload progress (fetch reports none, XMLHttpRequest does): `onProgress(loaded, total)`
 * while the body is sent. Resolves as `request` does; throws ApiProblem on a network failure, a non-2xx status or a
 * body that is not JSON, and a DOMException "AbortError" when `signal` aborts.
 */
export function uploadForm<T>(
  path: string,
  form: FormData,
  onProgress: (loaded: number, total: number) => void,
  signal?: AbortSignal,
): Promise<Tagged<T>> {
  const url = apiUrl(path);
  return new Promise<Tagged<T>>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const aborted = () => reject(new DOMException("The upload was aborted", "AbortError"));
    if (signal?.aborted) return aborted();
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.open("POST", url);
    xhr.setRequestHeader("accept", "application/json");
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    };
    xhr.onabort = aborted;
    xhr.onerror = () =>
      reject(new ApiProblem({ type: CLIENT_PROBLEM_TYPES.network, title: "The server could not be reached", status: 0, instance: url }));
    xhr.onload = () => {
      // The same reading of the answer as request(): a Response built from what the XMLHttpRequest received.
      const contentType = xhr.getResponseHeader("content-type") ?? "";
      const retryAfter = xhr.getResponseHeader("retry-after");
      const response = new Response(xhr.status === 204 ? null : xhr.responseText, {
        status: xhr.status,
        statusText: xhr.statusText,
        headers: { "content-type": contentType, ...(retryAfter === null ? {} : { "retry-after": retryAfter }) },
      });
      const etag = xhr.getResponseHeader("etag");
      if (!response.ok) return void problemFromResponse(response, url).then(reject);
      if (xhr.status === 204) return resolve({ data: undefined as T, etag });
      try {
        resolve({ data: JSON.parse(xhr.responseText) as T, etag });
      } catch {
        reject(new ApiProblem({ type: CLIENT_PROBLEM_TYPES.malformedBody, title: "The server answered with a body that is not JSON", status: xhr.status, instance: url }));
      }
    };
    xhr.send(form);
  });
}
