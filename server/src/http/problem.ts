/**
 * RFC 9457 problem details for every error response. Clients branch on `type`, never on `detail`.
 * One error handler maps validation errors, SQLSTATEs and ProblemErrors; anything unknown is a 500 whose detail
 * is logged with the request id and hidden from the client.
 */
import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ProblemBody } from "../contracts/problem.ts";
import { isConnectionFailure } from "../db/database.ts";
import { CommitOutcomeUnknownError } from "../db/transaction-outcome.ts";
import { allowedMethodsOf } from "./allowed-methods.ts";

const PROBLEM_TYPES = {
  "validation-failed": { status: 400, title: "Request validation failed" },
  "bad-request": { status: 400, title: "Bad request" },
  unauthorized: { status: 401, title: "Sign in first" },
  forbidden: { status: 403, title: "Not allowed for this account" },
  "csrf-rejected": { status: 403, title: "The request does not come from this site" },
  "proof-of-work-failed": { status: 403, title: "The proof of work is wrong, expired or already used" },
  "not-found": { status: 404, title: "Not found" },
  "method-not-allowed": { status: 405, title: "Method not allowed" },
  conflict: { status: 409, title: "Conflict with the current state" },
  "appointment-overlaps": { status: 409, title: "Another appointment holds the post at the same time" },
  "import-not-pending": { status: 409, title: "The import is no longer pending" },
  "import-outdated": { status: 409, title: "The data changed since the import was previewed" },
  "area-locked": { status: 409, title: "The area is locked against changes" },
  "opinion-possible-duplicate": { status: 409, title: "A similar opinion was left here a moment ago" },
  "opinion-status-conflict": { status: 409, title: "The opinion's status does not allow this" },
  "precondition-failed": { status: 412, title: "The record has changed since it was read" },
  "payload-too-large": { status: 413, title: "Payload too large" },
  "unsupported-media-type": { status: 415, title: "Unsupported media type" },
  "range-not-satisfiable": { status: 416, title: "The requested range is outside the file" },
  "reference-not-found": { status: 422, title: "A referenced record does not exist" },
  "constraint-violated": { status: 422, title: "The change breaks a rule of the data" },
  "import-rejected": { status: 422, title: "The uploaded data cannot be imported" },
  "geometry-rejected": { status: 422, title: "The geometry or members do not pass the checks" },
  "password-rejected": { status: 422, title: "The new password is not accepted" },
  "opinion-outside-city": { status: 422, title: "The place is outside Jincheng" },
  "photo-rejected": { status: 422, title: "A photo is not an accepted image" },
  "account-locked": { status: 423, title: "The account is locked for a while" },
  "precondition-required": { status: 428, title: "Say which version of the record the change is based on" },
  "request-timeout": { status: 408, title: "The request took too long to arrive" },
  "rate-limited": { status: 429, title: "Too many requests" },
  "headers-too-large": { status: 431, title: "Request headers too large" },
  internal: { status: 500, title: "Internal server error" },
  "database-unavailable": { status: 503, title: "The database is unavailable" },
  timeout: { status: 503, title: "The query took too long" },
  "write-outcome-unknown": { status: 503, title: "The database went away while the change was being stored" },
  "storage-full": { status: 507, title: "The database has no room left to store the change" },
} as const;

export type ProblemType = keyof typeof PROBLEM_TYPES;

export type { ProblemBody };

/** An expected failure that the error handler turns into problem+json. */
export class ProblemError extends Error {
  constructor(
    readonly problemType: ProblemType,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? PROBLEM_TYPES[problemType].title);
    this.name = "ProblemError";
  }
}

export function problemBody(type: ProblemType, instance: string | undefined, detail?: string, extensions: Record<string, unknown> = {}): ProblemBody {
  const { status, title } = PROBLEM_TYPES[type];
  return { type: `/problems/${type}`, title, status, ...(detail ? { detail } : {}), ...(instance ? { instance } : {}), ...extensions };
}

/** Seconds a client should wait before trying again after a 503: the database is restarting or busy. */
const RETRY_AFTER_503_S = 5;

export function sendProblem(reply: FastifyReply, body: ProblemBody): FastifyReply {
  if (body.status === 503 && !reply.hasHeader("retry-after")) reply.header("retry-after", String(RETRY_AFTER_503_S));
  return reply.code(body.status).type("application/problem+json; charset=utf-8").send(body);
}

/**
 * What each SQLSTATE the database may answer a request with means for the client, in the project's own words. The
 * database's message names tables, constraints and values, so it goes to the log only, never into a response.
 */
const SQLSTATE_PROBLEMS: Record<string, { type: ProblemType; detail?: string }> = {
  P0002: { type: "not-found", detail: "nothing matches what the request names" },
  "23503": { type: "reference-not-found", detail: "the request refers to a record that does not exist" },
  "23505": { type: "conflict", detail: "a record with the same key already exists" },
  "23P01": { type: "conflict", detail: "the change overlaps a record that is in force at the same time" },
  "23514": { type: "constraint-violated", detail: "the change breaks a rule of the data" },
  "22023": { type: "constraint-violated", detail: "a value of the request is outside what is allowed" },
  "22P02": { type: "bad-request", detail: "a value of the request is not in the form expected" },
  "22021": { type: "bad-request", detail: "a text value holds a character that cannot be stored" },
  "57014": { type: "timeout", detail: "the query took longer than the server allows: try again, or ask for less" },
  "53100": { type: "storage-full", detail: "the database's disk is full: nothing of the change was stored; try again once room is made" },
};

interface ValidationIssue {
  instancePath?: string;
  params?: { missingProperty?: string; additionalProperty?: string; allowedValues?: unknown[] };
  message?: string;
}

function validationErrors(error: FastifyError): { path: string; message: string }[] {
  const issues = (error.validation ?? []) as ValidationIssue[];
  const where = error.validationContext ?? "request";
  return issues.map((issue) => {
    const property = issue.params?.missingProperty ?? issue.params?.additionalProperty;
    const pointer = (issue.instancePath ?? "") + (property ? `/${property}` : "");
    const allowed = issue.params?.allowedValues ? `: ${issue.params.allowedValues.join(", ")}` : "";
    return { path: `${where}${pointer.replaceAll("/", ".")}`, message: `${issue.message ?? "is invalid"}${allowed}` };
  });
}

/**
 * Fastify's `frameworkErrors` option: the errors Fastify raises before routing (a path that is not valid percent
 * encoding, a path parameter over its length limit) as problems too, instead of Fastify's own JSON.
 */
export function frameworkProblem(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendProblem(reply, { ...problemBody("bad-request", request.url, error.message), status: error.statusCode ?? 400 });
}

/**
 * Fastify's `clientErrorHandler` option: a request Node's HTTP parser cannot read (a malformed request line or
 * header, headers over the size limit, a request that does not arrive in time) answered as a problem, then the
 * connection closed, as Node and Fastify do by default. There is no request yet, so no instance.
 */
export function clientErrorProblem(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  if (socket.writable) {
    const type: ProblemType =
      error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? "request-timeout" : error.code === "HPE_HEADER_OVERFLOW" ? "headers-too-large" : "bad-request";
    const body = JSON.stringify(problemBody(type, undefined, type === "bad-request" ? "the request is not valid HTTP" : undefined));
    socket.write(
      `HTTP/1.1 ${PROBLEM_TYPES[type].status} ${STATUS_CODES[PROBLEM_TYPES[type].status]}\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** Installs the one error handler and the not-found handler. */
export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError & { code?: string }, request: FastifyRequest, reply: FastifyReply) => {
    const instance = request.url;
    if (error instanceof ProblemError) {
      return sendProblem(reply, problemBody(error.problemType, instance, error.detail, error.extensions));
    }
    if (error.validation) {
      const errors = validationErrors(error);
      const detail = errors.map((e) => `${e.path} ${e.message}`).join("; ");
      return sendProblem(reply, problemBody("validation-failed", instance, detail, { errors }));
    }
    if (error instanceof CommitOutcomeUnknownError) {
      request.log.warn({ transaction: error.transactionId, reqId: request.id }, "the database went away during a commit");
      const check = `/api/writes/${error.transactionId}`;
      const detail = `whether the change was stored is not known yet: ask GET ${check} before sending it again`;
      return sendProblem(reply, problemBody("write-outcome-unknown", instance, detail, { transaction: error.transactionId, check }));
    }
    if (isConnectionFailure(error)) {
      request.log.warn({ code: error.code, err: error.message, reqId: request.id }, "the database could not be reached");
      return sendProblem(reply, problemBody("database-unavailable", instance, "the database cannot be reached at the moment: try again shortly"));
    }
    const sqlState = typeof error.code === "string" && /^[0-9A-Z]{5}$/.test(error.code) ? error.code : undefined;
    const mapped = sqlState ? SQLSTATE_PROBLEMS[sqlState] : undefined;
    if (mapped) {
      request.log.info({ sqlState, err: error.message, reqId: request.id }, "database refused the request");
      return sendProblem(reply, problemBody(mapped.type, instance, mapped.detail));
    }
    const status = error.statusCode ?? 500;
    if (status === 413) return sendProblem(reply, problemBody("payload-too-large", instance, error.message));
    if (status === 415) return sendProblem(reply, problemBody("unsupported-media-type", instance, error.message));
    if (status >= 400 && status < 500) return sendProblem(reply, { ...problemBody("bad-request", instance, error.message), status });
    request.log.error({ err: error, reqId: request.id }, "unhandled error");
    return sendProblem(reply, problemBody("internal", instance, `see the server log for request ${request.id}`));
  });
  const allowedMethods = allowedMethodsOf(app);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0]!;
    const allowed = allowedMethods(path);
    if (allowed.length > 0) {
      reply.header("allow", allowed.join(", "));
      return sendProblem(reply, problemBody("method-not-allowed", request.url, `${path} answers ${allowed.join(", ")}, not ${request.method}`));
    }
    return sendProblem(reply, problemBody("not-found", request.url, `no route for ${request.method} ${path}`));
  });
}
