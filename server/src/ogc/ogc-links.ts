/**
 * Links of the OGC API – Features service. Every href is absolute, on the server's public origin: GIS
 * clients follow links as given, and GDAL prefixes a root-relative href with the service URL (…/ogc/ogc/…).
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { OgcLink } from "../contracts/ogc.ts";
import { publicOrigin } from "../http/public-origin.ts";

export const MEDIA_JSON = "application/json";
export const MEDIA_GEOJSON = "application/geo+json";
export const MEDIA_OPENAPI = "application/vnd.oai.openapi+json;version=3.0";
export const MEDIA_HTML = "text/html";

/** Where the service lives for this request, e.g. http://127.0.0.1:8080/ogc (no trailing slash): http/public-origin.ts. */
export function serviceRoot(request: FastifyRequest, reply: FastifyReply): string {
  return `${publicOrigin(request, reply)}/ogc`;
}

/** The address of a collection's items with the given query parameters (undefined ones left out). */
function itemsHref(root: string, collectionId: string, parameters: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined) query.set(name, String(value));
  }
  const text = query.toString();
  return `${root}/collections/${encodeURIComponent(collectionId)}/items${text ? `?${text}` : ""}`;
}

export interface PageLinks {
  /** self, collection and (after the first page) prev: always sent. */
  links: OgcLink[];
  /** Sent only while features remain after this page, which the database decides with its count. */
  next: OgcLink;
}

/**
 * The links of one page of items. `filters` are the request's other parameters (bbox, datetime, property
 * filters), carried unchanged so that every page answers the same question; limit is the served one.
 */
export function pageLinks(
  root: string,
  collectionId: string,
  filters: Record<string, string | undefined>,
  limit: number,
  offset: number,
): PageLinks {
  const href = (pageOffset: number) => itemsHref(root, collectionId, { ...filters, limit, offset: pageOffset });
  const links: OgcLink[] = [
    { href: href(offset), rel: "self", type: MEDIA_GEOJSON, title: "this page" },
    { href: `${root}/collections/${encodeURIComponent(collectionId)}`, rel: "collection", type: MEDIA_JSON, title: "the collection" },
  ];
  if (offset > 0) links.push({ href: href(Math.max(0, offset - limit)), rel: "prev", type: MEDIA_GEOJSON, title: "previous page" });
  return { links, next: { href: href(offset + limit), rel: "next", type: MEDIA_GEOJSON, title: "next page" } };
}
