import { describe, expect, it } from "vitest";
import { documentEtag, ifNoneMatchMatches, IMMUTABLE_CACHE_CONTROL, requestOrigin, tileCacheControl, tileEtag } from "../../server/src/tiles/tile-http.ts";

describe("tile HTTP caching rules", () => {
  it("gives each tile and revision its own strong ETag", () => {
    expect(tileEtag("divisions", 12, 3331, 1615, "2336-20240607")).toBe('"divisions-12-3331-1615-2336-20240607"');
    expect(tileEtag("divisions", 12, 3331, 1615, "2337-20240607")).not.toBe(tileEtag("divisions", 12, 3331, 1615, "2336-20240607"));
    expect(tileEtag("areas", 12, 3331, 1615, "2336-20240607")).not.toBe(tileEtag("divisions", 12, 3331, 1615, "2336-20240607"));
  });

  it("caches a tile for good only when the URL names the revision it was rendered at", () => {
    expect(tileCacheControl("2336-20240607", "2336-20240607", 60)).toBe(IMMUTABLE_CACHE_CONTROL);
    expect(tileCacheControl(undefined, "2336-20240607", 60)).toBe("public, max-age=60, must-revalidate");
    expect(tileCacheControl("2335-20240607", "2336-20240607", 60)).toBe("public, max-age=60, must-revalidate");
    expect(tileCacheControl("2336-20240606", "2336-20240607", 0)).toBe("public, max-age=0, must-revalidate");
  });

  it.each([
    ['"a"', true],
    ['W/"a"', true],
    ['"b", "a"', true],
    ['"b",W/"a"', true],
    ["*", true],
    ['"b"', false],
    ['"a-longer"', false],
    ["", false],
    [undefined, false],
  ])("matches If-None-Match %j against the ETag \"a\" by weak comparison: %s", (header, matches) => {
    expect(ifNoneMatchMatches(header, '"a"')).toBe(matches);
  });

  it("reads a repeated If-None-Match header as one list", () => {
    expect(ifNoneMatchMatches(['"b"', '"a"'], '"a"')).toBe(true);
  });

  it("makes document ETags weak and different per origin and revision", () => {
    const etag = documentEtag("tilejson-divisions", "1-20240607", "http://a.example");
    expect(etag).toMatch(/^W\/"tilejson-divisions-1-20240607-[A-Za-z0-9_-]{10}"$/);
    expect(documentEtag("tilejson-divisions", "1-20240607", "http://b.example")).not.toBe(etag);
  });

  it.each([
    ["http", "atlas.example", "http://atlas.example"],
    ["https", "atlas.example:8443", "https://atlas.example:8443"],
    ["http", "127.0.0.1:8080", "http://127.0.0.1:8080"],
    ["http", "[::1]:8080", "http://[::1]:8080"],
    ["http", undefined, ""],
    ["http", 'evil"><script>', ""],
    ["http", "atlas.example/other/path", ""],
    ["http", "atlas.example@evil.example", ""],
    ["gopher", "atlas.example", ""],
  ])("builds the origin from %s and Host %j as %j", (protocol, host, origin) => {
    expect(requestOrigin(protocol, host)).toBe(origin);
  });
});
