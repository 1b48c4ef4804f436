import Fastify from "fastify";
import { afterAll, describe, expect, it } from "vitest";
import { installProblemHandlers } from "../../server/src/http/problem.ts";

/** A database error as postgres.js raises it: the SQLSTATE in code, the database's own words in message. */
function databaseError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe("problems from database errors", () => {
  const app = Fastify();
  installProblemHandlers(app);
  const SECRET = 'duplicate key value violates unique constraint "planners_pkey" on planners (id)=(7)';
  app.get("/fail/:code", async (request) => {
    throw databaseError((request.params as { code: string }).code, SECRET);
  });
  afterAll(() => app.close());

  it.each([
    ["P0002", 404, "/problems/not-found"],
    ["23503", 422, "/problems/reference-not-found"],
    ["23505", 409, "/problems/conflict"],
    ["23P01", 409, "/problems/conflict"],
    ["23514", 422, "/problems/constraint-violated"],
    ["22023", 422, "/problems/constraint-violated"],
    ["22P02", 400, "/problems/bad-request"],
    ["57014", 503, "/problems/timeout"],
  ])("answers SQLSTATE %s with %i %s in its own words, never the database's message", async (code, status, type) => {
    const response = await app.inject(`/fail/${code}`);
    expect(response.statusCode).toBe(status);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ type, status });
    expect(response.body).not.toContain("planners_pkey");
    expect(response.body).not.toContain("duplicate key");
  });

  it("hides the message of an unknown database error behind the request id", async () => {
    const response = await app.inject("/fail/XX000");
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain("planners_pkey");
  });
});
