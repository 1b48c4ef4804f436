/**
 * Behind a TLS proxy: with TRUST_PROXY the TileJSON tiles URL and the OGC links carry the protocol and host the client
 * used (X-Forwarded-Proto / X-Forwarded-Host); without it those headers are ignored, so nobody can forge them.
 */
import type { FastifyInstance } from "fastify";
import { describe, expect, it } from "vitest";
import { useFreshApp } from "../../helpers/app.ts";

const FORWARDED = { host: "127.0.0.1:8080", "x-forwarded-proto": "https", "x-forwarded-host": "atlas.example.org" };

async function linksOf(app: FastifyInstance) {
  const tileJson = (await app.inject({ url: "/tiles/divisions.json", headers: FORWARDED })).json<{ tiles: string[] }>();
  const landing = (await app.inject({ url: "/ogc?f=json", headers: FORWARDED })).json<{ links: { href: string; rel: string }[] }>();
  return { tiles: tileJson.tiles[0]!, self: landing.links.find((link) => link.rel === "self")!.href };
}

describe.each([
  { trustProxy: ["127.0.0.1"] as string[] | boolean, expected: "https://atlas.example.org/" },
  { trustProxy: false as string[] | boolean, expected: "http://127.0.0.1:8080/" },
])("links with trustProxy $trustProxy", ({ trustProxy, expected }) => {
  let app: FastifyInstance;
  useFreshApp("pglite", (built) => {
    app = built;
  }, { config: { trustProxy } });

  it(`start with ${expected}`, async () => {
    const { tiles, self } = await linksOf(app);
    expect(tiles.startsWith(`${expected}tiles/divisions/`)).toBe(true);
    expect(self.startsWith(`${expected}ogc`)).toBe(true);
  });
});
