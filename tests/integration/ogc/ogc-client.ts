/**
 * A small OGC API – Features client over buildApp(...).inject() for the tests: it follows absolute links as a GIS
 * client would (only their path and query matter to inject) and walks next links to the end.
 */
import type { FastifyInstance } from "fastify";
import { expect } from "vitest";

export interface OgcLink {
  href: string;
  rel: string;
  type?: string;
  title?: string;
}

export interface Feature {
  type: "Feature";
  id: string | number;
  geometry: { type: string; coordinates: unknown[] } | null;
  properties: Record<string, unknown>;
  links?: OgcLink[];
}

export interface FeatureCollection {
  type: "FeatureCollection";
  numberMatched: number;
  numberReturned: number;
  timeStamp: string;
  links: OgcLink[];
  features: Feature[];
}

export interface Answer<T> {
  status: number;
  contentType: string;
  body: T;
}

/** GET a path or an absolute href; the body is parsed as JSON whatever the status. */
export async function get<T = unknown>(app: FastifyInstance, pathOrHref: string): Promise<Answer<T>> {
  const url = pathOrHref.startsWith("http") ? (({ pathname, search }) => pathname + search)(new URL(pathOrHref)) : pathOrHref;
  const response = await app.inject(url);
  return { status: response.statusCode, contentType: String(response.headers["content-type"] ?? ""), body: response.json<T>() };
}

export function link(links: OgcLink[], rel: string): OgcLink | undefined {
  const found = links.filter((candidate) => candidate.rel === rel);
  expect(found.length, `at most one ${rel} link`).toBeLessThanOrEqual(1);
  return found[0];
}

/**
 * Walks the next links from `start` to the last page, checking on the way that every page is GeoJSON, reports the
 * same numberMatched, returns as many features as it says, and links back to the page before it.
 */
export async function walkPages(app: FastifyInstance, start: string): Promise<{ pages: FeatureCollection[]; features: Feature[] }> {
  const pages: FeatureCollection[] = [];
  let href: string | undefined = start;
  while (href) {
    const answer: Answer<FeatureCollection> = await get<FeatureCollection>(app, href);
    expect(answer.status, href).toBe(200);
    expect(answer.contentType).toMatch(/^application\/geo\+json/);
    const page = answer.body;
    expect(page.numberReturned).toBe(page.features.length);
    if (pages.length > 0) {
      expect(page.numberMatched).toBe(pages[0]!.numberMatched);
      const previous = pages.at(-1)!;
      expect(new URL(link(page.links, "prev")!.href).searchParams.get("offset")).toBe(new URL(link(previous.links, "self")!.href).searchParams.get("offset"));
    } else if (new URL(link(page.links, "self")!.href).searchParams.get("offset") === "0") {
      expect(link(page.links, "prev")).toBeUndefined();
    }
    pages.push(page);
    expect(pages.length, "pages walked").toBeLessThan(500);
    href = link(page.links, "next")?.href;
  }
  return { pages, features: pages.flatMap((page) => page.features) };
}
