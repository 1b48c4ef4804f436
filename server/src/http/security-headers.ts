/**
 * Security headers on every response, through @fastify/helmet: Content-Security-Policy, X-Content-Type-Options:
 * nosniff, X-Frame-Options: DENY (the older browsers' frame-ancestors 'none') and Referrer-Policy.
 *
 * Two policies, chosen by what the response is:
 * - pages and scripts (text/html, JavaScript) get the page policy (pagePolicy), which lets the client, its map and
 *   the API docs page work. Scripts carry it too because a worker runs under its own script's policy, not its page's;
 * - everything else (JSON, GeoJSON, tiles, files) gets `default-src 'none'; frame-ancestors 'none'`: nothing such an
 *   answer could load or run, should a browser ever render one as a document.
 * The other headers helmet would add are left off: HSTS belongs to the TLS proxy that knows the site is HTTPS-only,
 * Cross-Origin-Resource-Policy would stop other sites' maps from using the tiles CORS_ORIGIN opens to them, and
 * upgrade-insecure-requests would break a server reached over plain HTTP on an intranet.
 */
import fastifyHelmet from "@fastify/helmet";
import type { FastifyInstance } from "fastify";

type Directives = Record<string, string[]>;

/** The Tianditu tile hosts the client's basemap asks (client/src/map/basemap.ts: t0 to t7). */
const TIANDITU_ORIGINS = Array.from({ length: 8 }, (_, host) => `https://t${host}.tianditu.gov.cn`);

/** The policy of the pages and their scripts; the Tianditu hosts only on an installation that offers its basemap. */
function pagePolicy(tiandituBasemap: boolean): Directives {
  const basemap = tiandituBasemap ? TIANDITU_ORIGINS : [];
  return {
    "default-src": ["'self'"],
    // Scripts only from the server's own files: no inline script and no eval (no page or library needs either).
    "script-src": ["'self'"],
    "script-src-attr": ["'none'"],
    // blob: the Excel export's zip writer (fflate) compresses large sheets in a worker made from a blob.
    "worker-src": ["'self'", "blob:"],
    // Stylesheets are files; React, MapLibre and deck.gl set element styles through the DOM, which CSP allows.
    "style-src": ["'self'"],
    // data: for MapLibre's control icons and the PNG export's snapshot; blob: for photo previews and decoded tiles.
    "img-src": ["'self'", "data:", "blob:", ...basemap],
    // MapLibre fetches raster tiles (the basemap's too) before decoding them.
    "connect-src": ["'self'", ...basemap],
    "font-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
}

/** The policy of every answer that is not a page or a script. */
const API_POLICY: Directives = { "default-src": ["'none'"], "frame-ancestors": ["'none'"] };

const PAGE_OR_SCRIPT = /^(?:text\/html|text\/javascript|application\/javascript)\b/i;

/** Adds the headers to every response; registered before every other hook, so refusals carry them too. */
export async function registerSecurityHeaders(app: FastifyInstance, options: { tiandituBasemap: boolean }): Promise<void> {
  const pageDirectives = pagePolicy(options.tiandituBasemap);
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: API_POLICY },
    xContentTypeOptions: true,
    xFrameOptions: { action: "deny" },
    // The browsers' own default, said outright: another site learns the origin only (never the path or query, which
    // may carry an opinion's ticket), and Tianditu keys restricted to a domain still see it.
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: false,
    crossOriginResourcePolicy: false,
    originAgentCluster: false,
    strictTransportSecurity: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  });
  // The content type is known only once the route has answered: a page or a script swaps the policy for its own.
  app.addHook("onSend", async (_request, reply, payload) => {
    if (reply.statusCode === 304) {
      // A 304 has no content type, and browsers replace a stored response's headers with those of its 304: it carries
      // no policy, so that a revalidated page keeps its own.
      reply.raw.removeHeader("content-security-policy");
      return payload;
    }
    const type = reply.getHeader("content-type");
    if (typeof type === "string" && PAGE_OR_SCRIPT.test(type) && reply.helmet) {
      reply.helmet({ contentSecurityPolicy: { useDefaults: false, directives: pageDirectives } });
    }
    return payload;
  });
}
