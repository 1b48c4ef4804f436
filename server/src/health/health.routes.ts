import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { ProblemError } from "../http/problem.ts";

const Health = Type.Object({
  status: Type.Literal("ok"),
  database: Type.Union([Type.Literal("postgis"), Type.Literal("pglite")]),
  postgis: Type.String(),
});

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get("/api/health", { schema: { summary: "Liveness and the database in use", response: { 200: Health } } }, async () => {
    try {
      const [row] = await app.db.sql<{ version: string }[]>`select postgis_lib_version() as version`;
      return { status: "ok" as const, database: app.db.backend, postgis: row!.version };
    } catch (error) {
      app.log.error({ err: error }, "health check could not reach the database");
      throw new ProblemError("database-unavailable", "the database did not answer");
    }
  });
};
