/**
 * buildApp(config): the whole HTTP application, used by server.ts and by the tests (through inject()).
 * It opens the database chosen by the configuration, brings it up to date (migrations, functions, built-in data)
 * and closes it when the app closes.
 */
import fs from "node:fs";
import path from "node:path";
import Fastify, { LogController, type FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { Config } from "./config.ts";
import { authPlugin } from "./auth/auth.plugin.ts";
import { sessionRoutes } from "./auth/session.routes.ts";
import { usersRoutes } from "./auth/users.routes.ts";
import { auditRoutes } from "./audit/audit.routes.ts";
import { appointmentsRoutes } from "./appointments/appointments.routes.ts";
import { areasRoutes } from "./areas/areas.routes.ts";
import { projectsRoutes } from "./projects/projects.routes.ts";
import { evaluationsRoutes } from "./evaluations/evaluations.routes.ts";
import { workRecordsRoutes } from "./work-records/work-records.routes.ts";
import { writesRoutes } from "./writes/writes.routes.ts";
import { plannersRoutes } from "./planners/planners.routes.ts";
import { isConnectionFailure, openDatabase, type Database } from "./db/database.ts";
import { setUpWhenReachable, setupDatabase } from "./setup.ts";
import { divisionsRoutes } from "./divisions/divisions.routes.ts";
import { exportRoutes } from "./export/export.routes.ts";
import { healthRoutes } from "./health/health.routes.ts";
import { importsRoutes } from "./imports/imports.routes.ts";
import { lazySerializerFactory, lazyValidatorFactory } from "./http/lazy-compilers.ts";
import { registerClientFiles } from "./http/client-files.ts";
import { registerCors } from "./http/cors.ts";
import { clientErrorProblem, frameworkProblem, installProblemHandlers, ProblemError, problemBody, sendProblem } from "./http/problem.ts";
import { installRequestChecks } from "./http/request-checks.ts";
import { registerSecurityHeaders } from "./http/security-headers.ts";
import { ogcRoutes } from "./ogc/ogc.routes.ts";
import { openApiPlugin } from "./openapi/openapi.plugin.ts";
import { opinionsRoutes } from "./opinions/opinions.routes.ts";
import { photosRoutes } from "./photos/photos.routes.ts";
import { clientConfigRoutes } from "./client-config/client-config.routes.ts";
import { coverageRoutes } from "./coverage/coverage.routes.ts";
import { lookupRoutes } from "./lookup/lookup.routes.ts";
import { searchRoutes } from "./search/search.routes.ts";
import { prepareTileRendering } from "./tiles/tiles.repo.ts";
import { tilesRoutes } from "./tiles/tiles.routes.ts";

declare module "fastify" {
  interface FastifyInstance {
    db: Database;
    config: Config;
    /**
     * Settles once the database is set up (migrations, built-in data): at once for a server that started with it, later
     * for one that started while PostgreSQL was away and answers 503 until then.
     */
    databaseSetUp: Promise<void>;
  }
}

export interface BuildOptions {
  /** Use this open database instead of opening one from the configuration (the app still closes it). */
  database?: Database;
  /** Skip migrations and built-in data (the database is known to be set up). */
  skipSetup?: boolean;
}

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  let app: FastifyInstance | undefined;
  const database =
    options.database ??
    (await openDatabase(config, {
      onReplicaChange: (answering, error) => {
        const line = answering ? "the replica answers again: visitors' reads go back to it" : "the replica does not answer: visitors' reads go to the primary until it does";
        if (!app) console.log(line);
        else if (answering) app.log.info(line);
        else app.log.warn({ err: error }, line);
      },
    }));
  // Started first: connecting and checking migrations and built-in data take the database ~50 ms of mostly waiting,
  // during which Node creates the app and builds its routes (which never query at registration); awaited before the
  // app is handed over. Then the database loads PostGIS and plans the tile functions (prepareTileRendering, ~40 ms),
  // which the tile routes await on their first request, not the start: the server listens meanwhile.
  const setupOptions = { demo: config.demoData, demoPassword: config.demoPassword, log: (line: string) => (app ? app.log.info(line) : console.log(line)) };
  const firstSetUp = options.skipSetup ? Promise.resolve() : setupDatabase(database.sql, setupOptions).then(() => {});
  // Awaited below, after the routes are built; until then its failure must not count as unhandled.
  firstSetUp.catch(() => {});
  // Settled when the database is set up, by the first attempt or, on PostgreSQL, a later one (below).
  let markSetUp!: () => void;
  const databaseSetUp = new Promise<void>((resolve) => (markSetUp = resolve));
  let databaseReady = false;
  const tileRendering = databaseSetUp.then(() => prepareTileRendering(database.sql));
  tileRendering.catch(() => {});

  try {
    app = createApp(config, database);
    app.decorate("databaseSetUp", databaseSetUp);
    await registerSecurityHeaders(app, { tiandituBasemap: config.tiandituToken !== undefined });
    installProblemHandlers(app);
    installRequestChecks(app);
    // Until the database is set up every request answers 503 (with Retry-After), /api/health included.
    app.addHook("onRequest", async () => {
      if (!databaseReady) throw new ProblemError("database-unavailable", "the server is waiting for its database, and keeps trying to reach it");
    });
    // Before any route: it checks what every route declares about its callers (server/src/auth/auth.plugin.ts).
    await app.register(authPlugin);
    await registerCors(app, config.corsOrigins);
    // First: the OpenAPI document learns every route registered after it.
    await app.register(openApiPlugin);
    // Resource routes: one entry each.
    for (const routes of [
      healthRoutes,
      divisionsRoutes,
      clientConfigRoutes,
      ogcRoutes,
      lookupRoutes,
      searchRoutes,
      coverageRoutes,
      sessionRoutes,
      usersRoutes,
      auditRoutes,
      plannersRoutes,
      appointmentsRoutes,
      areasRoutes,
      projectsRoutes,
      workRecordsRoutes,
      evaluationsRoutes,
      exportRoutes,
      importsRoutes,
      opinionsRoutes,
      photosRoutes,
      writesRoutes,
    ]) {
      await app.register(routes);
    }
    await app.register(tilesRoutes, { tileCacheMaxBytes: config.tileCacheMaxBytes, tilePyramidMaxZoom: config.tilePyramidMaxZoom, tileRendering });
    registerClient(app, config.clientDir);
    try {
      await firstSetUp;
    } catch (error) {
      // PostgreSQL not reachable yet (started before it, or restarting): listen anyway, answer 503, keep trying.
      if (database.backend !== "postgis" || !isConnectionFailure(error)) throw error;
      const started = app;
      const attempts = setUpWhenReachable(database.sql, setupOptions, {
        waiting: (reason, retryInMs) => started.log.warn(`${reason}; trying again in ${(retryInMs / 1000).toFixed(1)} s`),
      });
      started.addHook("onClose", async () => attempts.stop());
      started.log.warn(`the database cannot be reached (${(error as { code?: string }).code}): answering 503 until it can`);
      attempts.done.then(
        () => {
          databaseReady = true;
          markSetUp();
          started.log.info("the database is reachable and set up: ready");
        },
        () => {},
      );
      return started;
    }
    databaseReady = true;
    markSetUp();
  } catch (error) {
    // Tile rendering starts only once the database is set up: wait for it then, before closing the database.
    if (databaseReady) await tileRendering.catch(() => {});
    await database.close();
    throw error;
  }
  return app;
}

/** The Fastify instance with its options, the database and the configuration; no routes yet. */
function createApp(config: Config, database: Database): FastifyInstance {
  const app = Fastify({
    logger: { level: config.logLevel },
    // Request lines would drown the log under tile load; errors are still logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    // validateSchema: false: Ajv would otherwise compile the JSON Schema meta-schema on the first request (~40 ms of a
    // cold start) to check schemas that are this project's own code. They are still checked: Ajv's strict mode
    // rejects unknown keywords and bad types when a route's validator is built, the integration tests call every
    // route, and the OpenAPI test validates the document the same schemas generate.
    // strictNumbers: a number must be finite (1e400 coerces to Infinity, which would pass minimum and maximum unchecked).
    ajv: { customOptions: { coerceTypes: true, useDefaults: true, removeAdditional: false, allErrors: false, validateSchema: false, strictNumbers: true } },
    // Route schemas are compiled on first use, not at start (see http/lazy-compilers.ts).
    schemaController: { compilersFactory: { buildValidator: lazyValidatorFactory(), buildSerializer: lazySerializerFactory() } },
    bodyLimit: 20 * 1024 * 1024,
    // Behind a TLS proxy, TileJSON and OGC links take the client's protocol and host from the proxy's headers.
    trustProxy: config.trustProxy,
    // Node would answer an HTTP/1.1 request without Host with an empty 400 of its own; the request checks answer it
    // with a problem instead (http/request-checks.ts).
    http: { requireHostHeader: false },
    frameworkErrors: frameworkProblem,
    clientErrorHandler: clientErrorProblem,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.decorate("db", database);
  app.decorate("config", config);
  app.addHook("onClose", async () => {
    await database.close();
  });
  return app;
}

/** Serves the built client (http/client-files.ts); without one, / explains how to build it. */
function registerClient(app: FastifyInstance, clientDir: string | undefined): void {
  if (clientDir && fs.existsSync(path.join(clientDir, "index.html"))) {
    registerClientFiles(app, clientDir);
    return;
  }
  app.get("/", async (request, reply) =>
    sendProblem(reply, problemBody("not-found", request.url, "the web client is not built: run `npm run build:client` (npm start does it)")),
  );
}
