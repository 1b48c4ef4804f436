/**
 * An RFC 9457 problem as the client sees it. Every failed API call throws one, so components branch on `type`
 * (a stable `/problems/<slug>`), never on the wording of `detail`. The body's type is the server's (contracts/problem.ts).
 */
import type { ProblemBody } from "@contracts/problem.ts";

export type { ProblemBody };

/** Problem types the client itself produces when there is no problem+json body to read. */
export const CLIENT_PROBLEM_TYPES = {
  /** fetch() itself failed: server down, network gone, request blocked. */
  network: "/problems/client/network-unreachable",
  /** A non-2xx answer without a problem+json body (a proxy page, an empty 502). */
  unexpectedResponse: "/problems/client/unexpected-response",
  /** A 2xx answer whose body was not the JSON expected. */
  malformedBody: "/problems/client/malformed-body",
  /** A write answered write-outcome-unknown that the server then said was stored: its answer is lost, not the change. */
  writeStoredAnswerLost: "/problems/client/write-stored-answer-lost",
  /** A write answered write-outcome-unknown that the server then said was not stored: it may be sent again. */
  writeNotStored: "/problems/client/write-not-stored",
} as const;


export class ApiProblem extends Error {
  readonly type: string;
  readonly title: string;
  /** HTTP status; 0 when no response arrived. */
  readonly status: number;
  readonly detail: string | undefined;
  readonly instance: string | undefined;
  readonly body: ProblemBody;
  /** Seconds the server asks to wait before trying again (its Retry-After header); undefined when it did not say. */
  readonly retryAfterSeconds: number | undefined;

  constructor(body: ProblemBody, retryAfterSeconds?: number) {
    super(body.detail ? `${body.title}: ${body.detail}` : body.title);
    this.name = "ApiProblem";
    this.type = body.type;
    this.title = body.title;
    this.status = body.status;
    this.detail = body.detail;
    this.instance = body.instance;
    this.body = body;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * Seconds to wait from a Retry-After header (RFC 9110: delay-seconds or an HTTP date, measured from `now`);
 * undefined when the header is absent or neither.
 */
export function retryAfterSeconds(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^[0-9]+$/.test(text)) return Number(text);
  // HTTP dates (IMF-fixdate and the obsolete forms) all end in GMT; Date.parse alone would take "-5" for a year.
  const date = text.endsWith(" GMT") ? Date.parse(text) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** True when the value looks like a problem+json body (type, title and status of the right types). */
export function isProblemBody(value: unknown): value is ProblemBody {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.type === "string" && typeof candidate.title === "string" && typeof candidate.status === "number";
}

/** Any rejection as an ApiProblem: an ApiProblem as it is, anything else (a parse error…) as a malformed body. */
export function toApiProblem(error: unknown): ApiProblem {
  if (error instanceof ApiProblem) return error;
  return new ApiProblem({
    type: CLIENT_PROBLEM_TYPES.malformedBody,
    title: error instanceof Error ? error.message : String(error),
    status: 0,
  });
}
