/** Starts the server: configuration, app, listen, and a graceful close on SIGINT/SIGTERM. */
import { buildApp } from "./app.ts";
import { ConfigError, loadConfig, redactDatabaseUrl } from "./config.ts";
import { demoAccountsNotice } from "./seed/demo-accounts.ts";

async function main(): Promise<void> {
  const config = loadConfig();
  const started = performance.now();
  console.log(`Planner Atlas: database ${config.databaseUrl ? redactDatabaseUrl(config.databaseUrl) : `embedded PGlite in ${config.dataDir}`}`);
  const app = await buildApp(config);
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  const notice = demoAccountsNotice(config);
  if (notice) console.log(notice);
  console.log(`Planner Atlas is ready in ${((performance.now() - started) / 1000).toFixed(1)} s: http://${host}:${port}/`);

  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: closing`);
    const timer = setTimeout(() => {
      console.error("graceful close took over 10 s; exiting");
      process.exit(1);
    }, 10_000);
    timer.unref();
    try {
      await app.close();
      process.exit(0);
    } catch (error) {
      console.error(error);
      process.exit(1);
    }
  };
  process.on("SIGINT", () => void close("SIGINT"));
  process.on("SIGTERM", () => void close("SIGTERM"));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error("Planner Atlas could not start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
