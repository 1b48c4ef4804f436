import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { ProblemError } from "../http/problem.ts";

const Health = Type.Object({
  status: Type.Literal("ok"),
  database: Type.Union([Type.Literal("postgis"), Type.Literal("pglite")]),
  postgis: Type.String(),
  replica: Type.Optional(
    Type.Union([Type.Literal("answering"), Type.Literal("not-answering")], {
      description: "with DATABASE_REPLICA_URL: whether the replica answers its probes (visitors' reads go to the primary while it does not)",
    }),
  ),
});

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get("/api/health", { schema: { summary: "Liveness, the database in use and, with a replica, whether it answers", response: { 200: Health } } }, async () => {
    try {
      const [row] = await app.db.sql<{ version: string }[]>`select postgis_lib_version() as version`;
      const replica = app.db.replicaAnswering === undefined ? {} : { replica: app.db.replicaAnswering() ? ("answering" as const) : ("not-answering" as const) };
      return { status: "ok" as const, database: app.db.backend, postgis: row!.version, ...replica };
    } catch (error) {
      app.log.error({ err: error }, "health check could not reach the database");
      throw new ProblemError("database-unavailable", "the database did not answer");
    }
  });
};
