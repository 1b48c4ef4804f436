/**
 * A database URL as libpq reads it, for postgres.js: `postgres://user:password@/db?host=/var/run/postgresql` (or
 * `@localhost/db?host=/…`) connects through the Unix-domain socket in that folder, which postgres.js's own URL parsing
 * does not do (it would send `host` to the server as a setting). A local PostgreSQL answers a Unix socket with less
 * kernel work per message than loopback TCP, which tile requests, one short query each, feel.
 */

export interface ConnectionTarget {
  /** The URL without the socket folder. */
  url: string;
  /** The socket folder (postgres.js `host`: a value with a slash connects to `<host>/.s.PGSQL.<port>`); undefined for TCP. */
  socketFolder?: string;
}

export function connectionTarget(url: string): ConnectionTarget {
  const queryAt = url.indexOf("?");
  if (queryAt < 0) return { url };
  const query = new URLSearchParams(url.slice(queryAt + 1));
  const host = query.get("host");
  if (host === null || !host.startsWith("/")) return { url };
  query.delete("host");
  const rest = query.toString();
  // postgres.js parses the URL with URL(), which refuses an empty host (libpq's `@/db`): the socket folder stands in.
  const base = url.slice(0, queryAt).replace(/^(postgres(?:ql)?:\/\/(?:[^/@]*@)?)(?=[/:]|$)/, "$1localhost");
  return { url: base + (rest === "" ? "" : `?${rest}`), socketFolder: host };
}
