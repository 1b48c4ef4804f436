/**
 * Who may call what: the one guard of every route. A route declares its callers in its options, and this plugin
 * (registered before any route, with fastify-plugin so that its hooks cover the whole app) enforces it:
 *   config: { roles: ["bureau"] }   signed-in users of these roles only (anonymous → 401, other roles → 403);
 *                                   no role includes another: an admin is not bureau unless listed
 *   config: { public: true }        anyone, on purpose (sign-in, sign-out); request.user is still filled in
 * A route with an unsafe method (POST, PUT, PATCH, DELETE) that declares neither stops the app at start.
 * CSRF: every unsafe request to a route must come from the server's own origin or one of CORS_ORIGIN's, as its
 * Origin header (else its Referer) says; otherwise 403 csrf-rejected. Cookies through @fastify/cookie; sign-in is
 * rate-limited per client address through @fastify/rate-limit (routes opt in with config.rateLimit).
 */
import fastifyCookie from "@fastify/cookie";
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { ROLES, type Role, type SessionUser } from "../contracts/session.ts";
import { ProblemError } from "../http/problem.ts";
import { SESSION_COOKIE, sessionTokenHash } from "./session-token.ts";
import { readSessionUser } from "./sessions.repo.ts";

/** What a route declares about its callers, as the guard recorded it at registration. */
export interface RouteAccess {
  method: string;
  url: string;
  roles: readonly Role[] | undefined;
  public: boolean;
}

declare module "fastify" {
  interface FastifyContextConfig {
    /** Roles that may call the route; anyone else gets 401 (anonymous) or 403. */
    roles?: readonly Role[];
    /** The route is open to anonymous callers on purpose. */
    public?: boolean;
  }
  interface FastifyRequest {
    /** The signed-in user on routes that declare roles or public; null otherwise. */
    user: SessionUser | null;
    /** SHA-256 of the session cookie's token when it names a live session; null otherwise. */
    sessionTokenHash: Buffer | null;
  }
  interface FastifyInstance {
    /** Every route with what it declares, in registration order (the role matrix test reads it). */
    routeAccess: RouteAccess[];
  }
}

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function originOf(url: string): string | undefined {
  try {
    const origin = new URL(url).origin;
    return origin === "null" ? undefined : origin;
  } catch {
    return undefined;
  }
}

/** Refuses a request whose Origin (or, absent that, Referer) is not one of `trusted` or the request's own origin. */
function checkSameOrigin(request: FastifyRequest, trusted: readonly string[]): void {
  const { origin, referer } = request.headers;
  const claimed = origin !== undefined ? originOf(origin) : referer !== undefined ? originOf(referer) : undefined;
  // request.protocol and request.host follow X-Forwarded-* only under TRUST_PROXY, as the app's own links do.
  const own = originOf(`${request.protocol}://${request.host}`);
  const published = request.server.config.publicUrl === undefined ? undefined : originOf(request.server.config.publicUrl);
  if (claimed !== undefined && (claimed === own || claimed === published || trusted.includes(claimed))) return;
  throw new ProblemError(
    "csrf-rejected",
    origin === undefined && referer === undefined
      ? "a request that changes something must carry an Origin or Referer header"
      : "the request comes from a page of another site",
  );
}

function recordAccess(app: FastifyInstance, route: { method: string | string[]; url: string; config?: { roles?: readonly Role[]; public?: boolean } }): void {
  const methods = [route.method].flat();
  const roles = route.config?.roles;
  const isPublic = route.config?.public === true;
  if (roles !== undefined && (roles.length === 0 || roles.some((role) => !ROLES.includes(role)))) {
    throw new Error(`${methods.join(",")} ${route.url}: config.roles must list some of ${ROLES.join(", ")}`);
  }
  if (roles !== undefined && isPublic) throw new Error(`${methods.join(",")} ${route.url}: config.roles and config.public exclude each other`);
  const unsafe = methods.filter((method) => UNSAFE_METHODS.has(method));
  if (unsafe.length > 0 && roles === undefined && !isPublic) {
    throw new Error(
      `${unsafe.join(",")} ${route.url} says nobody may call it: declare config.roles (who may) or config.public: true (anyone, on purpose); see server/src/auth/auth.plugin.ts`,
    );
  }
  for (const method of methods) app.routeAccess.push({ method, url: route.url, roles, public: isPublic });
}

export const authPlugin = fp(async (app) => {
  const trusted = Array.isArray(app.config.corsOrigins) ? app.config.corsOrigins : [];
  await app.register(fastifyCookie);
  // A chunk of its own in the server bundle: its ip-address dependency carries non-ASCII comments, which would cost
  // the main file its fast ASCII decoding (scripts/build-server.ts).
  const { default: fastifyRateLimit } = await import("@fastify/rate-limit");
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => new ProblemError("rate-limited", `too many attempts: try again in ${context.after}`),
  });
  app.decorate("routeAccess", [] as RouteAccess[]);
  app.decorateRequest("user", null);
  app.decorateRequest("sessionTokenHash", null);
  app.addHook("onRoute", (route) => recordAccess(app, route));
  app.addHook("onRequest", async (request) => {
    // Unknown routes answer 404 whatever the method; the check guards what exists.
    if (request.routeOptions.url === undefined) return;
    if (UNSAFE_METHODS.has(request.method)) checkSameOrigin(request, trusted);
    const { roles, public: isPublic } = request.routeOptions.config;
    if (roles === undefined && !isPublic) return;
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const tokenHash = sessionTokenHash(token);
      const user = await readSessionUser(app.db.sql, tokenHash, app.config.sessionIdleS);
      if (user) {
        request.user = user;
        request.sessionTokenHash = tokenHash;
      }
    }
    if (roles === undefined) return;
    if (!request.user) throw new ProblemError("unauthorized", "sign in first");
    if (!roles.includes(request.user.role)) throw new ProblemError("forbidden", `this needs the role ${roles.join(" or ")}`);
  });
}, { name: "planner-atlas-auth" });
