/**
 * The methods a path has routes for, so that a request with another method answers 405 with Allow (RFC 9110
 * §15.5.6) rather than 404. Matched by find-my-way, the router Fastify itself uses, so that a path matches here
 * exactly when it would match a route.
 */
import type { FastifyInstance } from "fastify";
import FindMyWay from "find-my-way";

/**
 * The methods the app answers at `path` (HEAD with GET), from the routes it has declared (app.routeAccess), matched
 * as the router matches them; [] when no route has the path. Built on first use, after every route is registered.
 */
export function allowedMethodsOf(app: FastifyInstance): (path: string) => string[] {
  let router: FindMyWay.Instance<FindMyWay.HTTPVersion.V1> | undefined;
  const methods = new Set<string>();
  return (path) => {
    if (!router) {
      router = FindMyWay({ ignoreTrailingSlash: false });
      for (const { method, url } of app.routeAccess) {
        methods.add(method);
        if (!router.hasRoute(method as FindMyWay.HTTPMethod, url)) router.on(method as FindMyWay.HTTPMethod, url, () => {});
      }
    }
    const found = [...methods].filter((method) => router!.find(method as FindMyWay.HTTPMethod, path) !== null);
    if (found.includes("GET") && !found.includes("HEAD")) found.push("HEAD");
    return found.sort();
  };
}
