/**
 * The origin of absolute links (server/src/http/public-origin.ts). Behind a TLS proxy: with TRUST_PROXY the TileJSON
 * tiles URL and the OGC links carry the protocol and host the client used (X-Forwarded-Proto / X-Forwarded-Host);
 * without it those headers are ignored. A Host header that does not name this machine never reaches a link; with
 * PUBLIC_URL, nothing the request says does.
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

describe("links against a forged Host", () => {
  let app: FastifyInstance;
  let origin: string;
  useFreshApp("pglite", async (built) => {
    app = built;
    origin = (await app.listen({ host: "127.0.0.1", port: 0 })).replace(/\/$/, "");
  });

  it("name the server's own address, not evil.example, and say that they vary with Host", async () => {
    const tileJson = await fetch(`${origin}/tiles/divisions.json`, { headers: { host: "evil.example" } });
    expect(tileJson.headers.get("vary")).toContain("Host");
    const { tiles } = (await tileJson.json()) as { tiles: string[] };
    expect(tiles[0]!.startsWith(`${origin}/tiles/divisions/`)).toBe(true);
    const landing = (await (await fetch(`${origin}/ogc?f=json`, { headers: { host: "evil.example" } })).json()) as { links: { href: string }[] };
    for (const link of landing.links) expect(link.href.startsWith(`${origin}/`)).toBe(true);
    // The machine's own name, as a browser on it writes it, is taken.
    const local = (await (await fetch(`${origin.replace("127.0.0.1", "localhost")}/tiles/divisions.json`)).json()) as { tiles: string[] };
    expect(local.tiles[0]!.startsWith(`${origin.replace("127.0.0.1", "localhost")}/tiles/`)).toBe(true);
  });
});

describe("links with PUBLIC_URL", () => {
  let app: FastifyInstance;
  useFreshApp("pglite", (built) => {
    app = built;
  }, { config: { publicUrl: "https://atlas.example.org/map", trustProxy: ["127.0.0.1"] } });

  it("start with it whatever the request says", async () => {
    const { tiles, self } = await linksOf(app);
    expect(tiles.startsWith("https://atlas.example.org/map/tiles/divisions/")).toBe(true);
    expect(self).toBe("https://atlas.example.org/map/ogc");
  });
});
