/**
 * Starts the server: configuration, app, listen, and a graceful close on SIGINT/SIGTERM: no new connections, the
 * requests in flight answered (for up to CLOSE_BOUND_MS), then the database closed. A second signal, or the bound
 * passing, ends the process at once.
 */
import type { Server, ServerResponse } from "node:http";
import type { FastifyInstance } from "fastify";
import { buildApp } from "./app.ts";
import { ConfigError, loadConfig, redactDatabaseUrl } from "./config.ts";
import { unwritableFolderReason } from "./db/writable-folder.ts";
import { demoAccountsNotice } from "./seed/demo-accounts.ts";

/** The longest a graceful close may take (requests in flight, then the database) before the process ends anyway. */
const CLOSE_BOUND_MS = 10_000;

let app: FastifyInstance | undefined;
let stopSignal: string | undefined;
/** Requests being answered; at close each answer ends its connection, which would otherwise idle until keep-alive ends. */
const answering = new Set<ServerResponse>();

function trackAnswers(server: Server): void {
  server.on("request", (_request, response: ServerResponse) => {
    answering.add(response);
    response.once("close", () => answering.delete(response));
    // An answer whose header went out before the close began (a stream) leaves an idle connection behind it.
    response.once("finish", () => stopSignal !== undefined && setImmediate(() => server.closeIdleConnections()));
  });
}

async function close(): Promise<void> {
  const started = app!;
  started.log.info(`${stopSignal}: closing (no new connections; answering the requests in flight, then closing the database)`);
  for (const response of answering) if (!response.headersSent) response.shouldKeepAlive = false;
  const timer = setTimeout(() => {
    console.error(`graceful close took over ${CLOSE_BOUND_MS / 1000} s; exiting`);
    process.exit(1);
  }, CLOSE_BOUND_MS);
  timer.unref();
  try {
    await started.close();
    started.log.info("closed: the requests in flight were answered and the database is closed");
    process.exit(0);
  } catch (error) {
    console.error(error);
    process.exit(1);
  }
}

function onSignal(signal: string): void {
  if (stopSignal !== undefined) {
    console.error(`${signal} again: exiting without waiting`);
    process.exit(1);
  }
  stopSignal = signal;
  // Before the app exists (opening the database), the close waits for it: stopping midway could leave a lock.
  if (app) void close();
}

async function main(): Promise<void> {
  process.on("SIGINT", () => onSignal("SIGINT"));
  process.on("SIGTERM", () => onSignal("SIGTERM"));
  const config = loadConfig();
  const started = performance.now();
  console.log(`Planner Atlas: database ${config.databaseUrl ? redactDatabaseUrl(config.databaseUrl) : `embedded PGlite in ${config.dataDir}`}`);
  if (config.databaseUrl === undefined) {
    const reason = unwritableFolderReason(config.dataDir);
    if (reason) throw new Error(`the data folder ${config.dataDir} (DATA_DIR) is not writable (${reason}): give the server's user write access to it, or set DATA_DIR to a writable folder`);
  }
  app = await buildApp(config);
  trackAnswers(app.server);
  if (stopSignal !== undefined) return close();
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  const notice = demoAccountsNotice(config);
  if (notice) console.log(notice);
  console.log(`Planner Atlas is ready in ${((performance.now() - started) / 1000).toFixed(1)} s: http://${host}:${port}/`);
  if (stopSignal !== undefined) return close();
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error("Planner Atlas could not start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
