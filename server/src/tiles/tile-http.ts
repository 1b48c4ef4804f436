/**
 * HTTP caching rules of the tile API, pure functions: ETags, Cache-Control, If-None-Match matching, the origin used
 * in absolute URLs. Tiles are never served stale by the server: the ETag carries the data revision, so any write
 * changes it, and only a URL whose `v` is the current revision may be cached for good.
 */
import { createHash } from "node:crypto";

/** Cache lifetime of a tile whose URL carries the revision it was rendered at: such a URL never changes content. */
export const IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";

/** Strong ETag of one tile at one revision (layer, z, x, y and revision are all ASCII without quotes). */
export function tileEtag(layer: string, z: number, x: number, y: number, revision: string): string {
  return `"${layer}-${z}-${x}-${y}-${revision}"`;
}

/**
 * Cache-Control of a tile rendered at `revision`: for good when the request named that revision in `v` (the URL
 * is then tied to that content); otherwise, for an unversioned URL or an old or unknown `v`, `maxAgeS` seconds and
 * then revalidate against the ETag.
 */
export function tileCacheControl(requestedVersion: string | undefined, revision: string, maxAgeS: number): string {
  return requestedVersion === revision ? IMMUTABLE_CACHE_CONTROL : `public, max-age=${maxAgeS}, must-revalidate`;
}

/**
 * Whether an If-None-Match header matches the ETag, by the weak comparison RFC 9110 prescribes for it: `*` matches
 * anything, and W/ prefixes are ignored. False when the header is absent or empty.
 */
export function ifNoneMatchMatches(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const value = Array.isArray(header) ? header.join(",") : header;
  const opaque = stripWeak(etag);
  for (const candidate of value.split(",")) {
    const trimmed = candidate.trim();
    if (trimmed === "*" || (trimmed !== "" && stripWeak(trimmed) === opaque)) return true;
  }
  return false;
}

function stripWeak(tag: string): string {
  return tag.startsWith("W/") ? tag.slice(2) : tag;
}

/** Weak ETag of a JSON document that depends on the revision and on the origin written into its URLs. */
export function documentEtag(name: string, revision: string, origin: string): string {
  const originHash = createHash("sha1").update(origin).digest("base64url").slice(0, 10);
  return `W/"${name}-${revision}-${originHash}"`;
}

const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;

/**
 * The origin ("http://host:port") for absolute URLs in documents, from the request's protocol and Host header;
 * an empty string, which makes the URLs relative, when the Host header is missing or not a plain host[:port], so a
 * forged header cannot put markup or another path into a document.
 */
export function requestOrigin(protocol: string, host: string | undefined): string {
  if (!host || !HOST.test(host) || (protocol !== "http" && protocol !== "https")) return "";
  return `${protocol}://${host}`;
}
