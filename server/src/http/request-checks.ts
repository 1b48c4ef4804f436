/**
 * Checks every request passes before its route, in one place:
 * - an HTTP/1.1 request must name its Host (RFC 9112 §3.2): 400, as a problem, where Node would answer an empty 400;
 * - text values must not hold control characters: none in the path and query (one line each), none but tab and line
 *   breaks in a JSON body's strings. The database refuses a NUL byte with its own error, and no other control
 *   character belongs in a name, a code or a sentence;
 * - numbers must be finite: Ajv's strictNumbers (app.ts) refuses 1e400, Infinity and NaN for every number schema.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { ProblemError } from "./problem.ts";

const CONTROL_IN_LINE = /[\u0000-\u001f\u007f]/;
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** The first string within `value` (an object, array or string) that matches `pattern`, with its path; undefined when none. */
function findControl(value: unknown, pattern: RegExp, at: string): string | undefined {
  if (typeof value === "string") return pattern.test(value) ? at : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findControl(value[i], pattern, `${at}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const found = CONTROL_IN_LINE.test(key) ? `${at} (a key)` : findControl(item, pattern, `${at}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

function refuseControlCharacters(request: FastifyRequest): void {
  // A control character reaches the path or query only percent-encoded: a URL without % holds none.
  const where =
    (request.url.includes("%") ? (findControl(request.params, CONTROL_IN_LINE, "path") ?? findControl(request.query, CONTROL_IN_LINE, "querystring")) : undefined) ??
    findControl(request.body, CONTROL_IN_TEXT, "body");
  if (where) throw new ProblemError("bad-request", `${where} holds a control character (such as a NUL byte), which no value here may hold`);
}

export function installRequestChecks(app: FastifyInstance): void {
  app.addHook("onRequest", async (request) => {
    if (request.headers.host === undefined && request.raw.httpVersion === "1.1") {
      throw new ProblemError("bad-request", "the request has no Host header, which HTTP/1.1 requires");
    }
  });
  app.addHook("preValidation", async (request) => refuseControlCharacters(request));
}
