/**
 * GET /api/writes/{transaction}: whether a write whose answer was the 503 problem `write-outcome-unknown` (the
 * database went away during its COMMIT) was stored. Open to anyone, as the writes it answers for include the public's
 * opinions; it tells only a transaction's outcome, by an id that says nothing else.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Problem } from "../contracts/problem.ts";
import { WriteOutcome, WriteParams } from "../contracts/writes.ts";
import { ProblemError } from "../http/problem.ts";
import { writeOutcome } from "./writes.repo.ts";

export const writesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    "/api/writes/:transaction",
    {
      config: { public: true },
      schema: {
        summary: "Whether a write answered with the problem write-outcome-unknown was stored: committed, rolled-back, pending or unknown",
        params: WriteParams,
        response: { 200: WriteOutcome, 404: Problem },
      },
    },
    async (request, reply) => {
      const outcome = await writeOutcome(app.db.sql, request.params.transaction);
      if (outcome === undefined) throw new ProblemError("not-found", `the database has had no transaction ${request.params.transaction}`);
      // A pending outcome changes within moments; a final one never does, but nothing is gained by caching it.
      reply.header("cache-control", "no-store");
      return { transaction: request.params.transaction, outcome };
    },
  );
};
