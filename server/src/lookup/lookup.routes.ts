import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { LookupQuery, LookupResult } from "../contracts/lookup.ts";
import { ProblemError } from "../http/problem.ts";
import { ReadPools } from "../http/replica-reads.ts";
import { formatQueryErrors, invalidParameter } from "./query-errors.ts";
import { LookupChains } from "./lookup-chains.ts";

export const lookupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const lookups = new ReadPools(app.db, (sql) => new LookupChains(sql));
  app.get(
    "/api/lookup",
    {
      schema: {
        summary: "Who is responsible here: the planner chain at a point on a date",
        description:
          "City chief planner, the county and its two chief planners, the township and its unit planner (or the county's " +
          "townships where no township boundary is known), the belts and the projects within 2 km, on `date` (default today).",
        querystring: LookupQuery,
        // The body is JSON text from PostgreSQL: documented by the schema, typed as the string it is.
        response: { 200: Type.Unsafe<string>(LookupResult) },
      },
      schemaErrorFormatter: formatQueryErrors,
    },
    async (request, reply) => {
      const { lon, lat, date } = request.query;
      // The schema's coercion turns "Infinity" and "1e400" into Infinity and then skips the range check.
      if (!Number.isFinite(lon)) throw invalidParameter("lon", "must be a finite number");
      if (!Number.isFinite(lat)) throw invalidParameter("lat", "must be a finite number");
      const body = await lookups.for(request).lookup(lon, lat, date);
      if (body === undefined) {
        throw new ProblemError("not-found", `the point ${lon}, ${lat} is outside Jincheng: no county contains it`);
      }
      // The JSON is built by PostgreSQL; a string body with a JSON content type is sent as it is, unparsed.
      return reply.type("application/json; charset=utf-8").send(body);
    },
  );
};
