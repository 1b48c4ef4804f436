/**
 * Every route of the built app that changes something (POST, PUT, PATCH, DELETE), read from the app itself, called
 * anonymously and with each role: 401 for anonymous callers unless the route is public, 403 for each role it does
 * not list. Calls carry the app's own Origin, so that the CSRF check is not what answers. A route added later is in
 * the matrix without editing this file; one added without declaring its callers stops the app (last test).
 */
import type { FastifyInstance } from "fastify";
import { describe, expect, it } from "vitest";
import { ROLES, type Role } from "../../../server/src/contracts/session.ts";
import type { RouteAccess } from "../../../server/src/auth/auth.plugin.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { registeredRoutes, useFreshApp } from "../../helpers/app.ts";
import { OWN_ORIGIN, makeAccount, signIn } from "./accounts.ts";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const PASSWORD = "matrix password 123";


describe.each(enabledBackends())("who may call each write route on %s", (backend) => {
  let app: FastifyInstance;
  const cookies = {} as Record<Role, string>;
  useFreshApp(
    backend,
    async (built) => {
      app = built;
      for (const role of ROLES) {
        await makeAccount(app, `matrix-${role}`, role, PASSWORD);
        cookies[role] = await signIn(app, `matrix-${role}`, PASSWORD);
      }
    },
    { config: { signInRateLimit: 1000 } },
  );

  function writeRoutes(): { method: string; path: string; access: RouteAccess | undefined }[] {
    return registeredRoutes(app)
      .filter(([method]) => UNSAFE.has(method))
      .map(([method, path]) => ({ method, path, access: app.routeAccess.find((route) => route.method === method && route.url === path) }));
  }

  const call = (method: string, path: string, cookie?: string) =>
    app.inject({
      method: method as "POST",
      url: path.replace(/:[A-Za-z_]+/g, "1"),
      headers: { origin: OWN_ORIGIN, "content-type": "application/json", ...(cookie ? { cookie } : {}) },
      payload: "{}",
    });

  it("finds the write routes, each registered behind the guard", () => {
    const routes = writeRoutes();
    expect(routes.map(({ method, path }) => `${method} ${path}`)).toEqual(
      expect.arrayContaining(["POST /api/session", "DELETE /api/session", "PUT /api/session/password", "POST /api/users", "PATCH /api/users/:userId"]),
    );
    expect(routes.filter((route) => route.access === undefined).map(({ method, path }) => `${method} ${path}`)).toEqual([]);
  });

  it("answers anonymous callers 401 on every route that is not public", async () => {
    const wrong: string[] = [];
    for (const { method, path, access } of writeRoutes()) {
      const response = await call(method, path);
      const expected = access!.public ? ![401, 403].includes(response.statusCode) && response.statusCode < 500 : response.statusCode === 401;
      if (!expected) wrong.push(`${method} ${path}: ${response.statusCode} ${response.body}`);
    }
    expect(wrong).toEqual([]);
  });

  it("answers 403 to each role a route does not list, and lets the listed roles past the guard", async () => {
    const wrong: string[] = [];
    for (const { method, path, access } of writeRoutes()) {
      // Public routes take any caller; calling DELETE /api/session here would sign the role out.
      if (access!.public) continue;
      for (const role of ROLES) {
        const response = await call(method, path, cookies[role]);
        const allowed = access!.roles!.includes(role);
        const ok = allowed ? ![401, 403].includes(response.statusCode) && response.statusCode < 500 : response.statusCode === 403 && response.json().type === "/problems/forbidden";
        if (!ok) wrong.push(`${method} ${path} as ${role}: ${response.statusCode} ${response.body}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("lets only admins manage accounts", () => {
    const users = app.routeAccess.filter((route) => route.url.startsWith("/api/users"));
    expect(users.map((route) => route.roles)).toEqual(users.map(() => ["admin"]));
  });
});

describe("an app given a write route that does not say who may call it", () => {
  const refusals: string[] = [];
  useFreshApp("pglite", async (built) => {
    // Registered before the app is started, as a plugin's route would be.
    for (const register of [
      () => built.post("/api/undeclared-write", async () => ({})),
      () => built.delete("/api/empty-roles", { config: { roles: [] } }, async () => ({})),
    ]) {
      try {
        register();
        await built.ready();
      } catch (error) {
        refusals.push((error as Error).message);
      }
    }
  });

  it("refuses to start, naming the route", () => {
    expect(refusals).toHaveLength(2);
    expect(refusals[0]).toMatch(/POST \/api\/undeclared-write .*config\.roles/);
    expect(refusals[1]).toMatch(/\/api\/empty-roles: config\.roles must list/);
  });
});
