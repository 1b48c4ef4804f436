import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { BoundariesQuery, Division, DivisionsQuery } from "../contracts/divisions.ts";
import { ProblemError } from "../http/problem.ts";
import { boundariesGeoJson, divisionExists, listDivisions } from "./divisions.repo.ts";

export const divisionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    "/api/divisions",
    {
      schema: {
        summary: "Administrative divisions (city, county, township, village/community)",
        querystring: DivisionsQuery,
        response: { 200: Type.Array(Division) },
      },
    },
    async (request) => {
      const { parent } = request.query;
      if (parent !== undefined && !(await divisionExists(app.db.sql, parent))) {
        throw new ProblemError("not-found", `no division has the code ${parent}`);
      }
      return listDivisions(app.db.sql, request.query);
    },
  );

  app.get(
    "/api/boundaries",
    { schema: { summary: "Boundaries of one level as GeoJSON (WGS84)", querystring: BoundariesQuery } },
    async (request, reply) => {
      const text = await boundariesGeoJson(app.db.sql, request.query.level);
      return reply.type("application/geo+json; charset=utf-8").send(text);
    },
  );
};
