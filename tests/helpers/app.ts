/**
 * The whole HTTP application on a fresh database, for the tests of one describe block: built before them (on a copy
 * of the template, see databases.ts), closed and its database removed after them.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll } from "vitest";
import { buildApp } from "../../server/src/app.ts";
import type { Config } from "../../server/src/config.ts";
import type { BackendName } from "./backends.ts";
import { freshDatabaseConfig } from "./databases.ts";

export interface FreshAppOptions {
  /** Changes to the configuration, e.g. corsOrigins; a function is called when the app is built. */
  config?: Partial<Config> | (() => Partial<Config>);
}

/**
 * Registers the hooks that build the app on `backend` and take it down. `ready` receives the app once it is built
 * (the describe block keeps it, and may prepare data); it runs inside beforeAll, so what it throws fails the block.
 */
export function useFreshApp(backend: BackendName, ready: (app: FastifyInstance) => void | Promise<void>, options: FreshAppOptions = {}): void {
  let app: FastifyInstance | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const fresh = await freshDatabaseConfig(backend);
    cleanup = fresh.cleanup;
    const changes = typeof options.config === "function" ? options.config() : options.config;
    app = await buildApp({ ...fresh.config, ...changes });
    await ready(app);
  });
  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });
}

/** As useFreshApp, listening on a free loopback port, for tests that speak HTTP over a real socket. */
export function useListeningApp(backend: BackendName, ready: (app: FastifyInstance, port: number) => void | Promise<void>, options: FreshAppOptions = {}): void {
  useFreshApp(backend, async (app) => ready(app, Number(new URL(await app.listen({ host: "127.0.0.1", port: 0 })).port)), options);
}

/**
 * Every route of the app as [method, path], HEAD twins included, read from printRoutes({ commonPrefix: false }): a
 * tree whose lines are "<indent>├── <segment> (GET, HEAD)" and where a child's path continues its parent's.
 */
export function registeredRoutes(app: FastifyInstance): [method: string, path: string][] {
  const stack: string[] = [];
  const routes: [string, string][] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split("\n")) {
    if (line.trim() === "") continue;
    const match = /^(.*?)[├└]── (.+) \(([A-Z, ]+)\)$/.exec(line);
    if (!match) throw new Error(`printRoutes printed a line this parser does not know: ${JSON.stringify(line)}`);
    const depth = match[1]!.length / 4;
    const path = (depth > 0 ? stack[depth - 1]! : "") + match[2]!;
    stack.length = depth;
    stack.push(path);
    for (const method of match[3]!.split(", ")) routes.push([method, path]);
  }
  return routes;
}
