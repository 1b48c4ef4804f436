/**
 * Versions of editable records over HTTP: the ETag `"<version>"` on every read and write answer, and the If-Match a
 * change must carry (RFC 9110 13.1.1). Without one the change is refused with 428; with one that is not the current
 * version, with 412 and the current record in the problem, so that the editor can compare and try again.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { TObject, TSchema } from "typebox";
import type { Role } from "../contracts/session.ts";
import { ProblemError } from "./problem.ts";

/** Sets the strong ETag of a record at `version`. */
export function setVersionTag(reply: FastifyReply, version: number): void {
  reply.header("etag", `"${version}"`);
}

/**
 * The version the request's If-Match names (one strong entity tag of digits); throws precondition-required when it
 * is missing, and precondition-failed when it names something else (a list, a weak tag, `*`), as no version matches that.
 */
export function requiredVersion(request: FastifyRequest, what: string): number {
  const header = request.headers["if-match"];
  if (header === undefined || header.trim() === "") {
    throw new ProblemError("precondition-required", `send If-Match with the ETag of the ${what} the change is based on`);
  }
  const match = /^\s*"([1-9][0-9]{0,9})"\s*$/.exec(header);
  if (!match) throw new ProblemError("precondition-failed", `If-Match must be the ETag of the ${what} as read, e.g. "3"`);
  return Number(match[1]);
}

/** 412 with the record as it is now (and its ETag), for a change based on an older version. */
export function staleVersion(reply: FastifyReply, what: string, current: { version: number }): ProblemError {
  setVersionTag(reply, current.version);
  return new ProblemError("precondition-failed", `the ${what} has changed since it was read: it is now at version ${current.version}`, { current });
}

/** Who reads the bureau's records unless a route says otherwise. */
const READERS: readonly Role[] = ["bureau", "leader"];

/**
 * GET `path` (ending in one integer parameter) for `readers` (default bureau and leader): the record `read` finds,
 * with its ETag, never cached; 404 naming `what` when there is none.
 */
export function registerRecordRead<T extends { version: number }>(
  app: FastifyInstance,
  path: string,
  what: string,
  schema: { params: TObject; response: TSchema; readers?: readonly Role[] },
  read: (id: number) => Promise<T | undefined>,
): void {
  const param = /:(\w+)$/.exec(path)![1]!;
  app.get(
    path,
    {
      config: { roles: schema.readers ?? READERS },
      schema: {
        summary: `The ${what} with every field (${(schema.readers ?? READERS).join(", ")})`,
        params: schema.params,
        response: { 200: schema.response },
      },
    },
    async (request, reply) => {
      const id = (request.params as Record<string, number>)[param]!;
      const record = await read(id);
      if (!record) throw new ProblemError("not-found", `there is no ${what} ${id}`);
      reply.header("cache-control", "no-store");
      setVersionTag(reply, record.version);
      return record;
    },
  );
}

/** 201 with the new record, its ETag and its address. */
export function sendCreated<T extends { id: number; version: number }>(reply: FastifyReply, collection: string, record: T): FastifyReply {
  setVersionTag(reply, record.version);
  return reply.code(201).header("location", `${collection}/${record.id}`).send(record);
}

/** The changed record with its new ETag. */
export function sendChanged<T extends { version: number }>(reply: FastifyReply, record: T): T {
  setVersionTag(reply, record.version);
  return record;
}

/** GET `path` for `readers` (default bureau and leader): what `read` answers for the path's parameters and query, never cached. */
export function registerListRead(
  app: FastifyInstance,
  path: string,
  summary: string,
  schema: { params?: TObject; querystring?: TObject; response: TSchema; readers?: readonly Role[] },
  read: (params: Record<string, number>, query: Record<string, string>) => Promise<unknown>,
): void {
  const { params, querystring } = schema;
  app.get(
    path,
    { config: { roles: schema.readers ?? READERS }, schema: { summary, ...(params ? { params } : {}), ...(querystring ? { querystring } : {}), response: { 200: schema.response } } },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      return read(request.params as Record<string, number>, request.query as Record<string, string>);
    },
  );
}
