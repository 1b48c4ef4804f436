import { describe, expect, it } from "vitest";
import { townshipMinZoom, type VectorTileSet } from "../../client/src/map/layers/divisions.layer.ts";

const tileSet = (vectorLayers?: VectorTileSet["vector_layers"]): VectorTileSet => ({
  tiles: ["/tiles/divisions/{z}/{x}/{y}.mvt?v=1-20240607"],
  minzoom: 5,
  maxzoom: 16,
  attribution: "",
  ...(vectorLayers ? { vector_layers: vectorLayers } : {}),
});

describe("the zoom from which the finder expects township boundaries", () => {
  it("is the township level's minimum zoom that the divisions TileJSON publishes", () => {
    const levels = { county: { minzoom: 5, maxzoom: 16 }, township: { minzoom: 7, maxzoom: 16 } };
    expect(townshipMinZoom(tileSet([{ id: "divisions", minzoom: 5, levels }]))).toBe(7);
  });

  it("falls back to the layer's own minimum zoom when the TileJSON gives no levels", () => {
    expect(townshipMinZoom(tileSet([{ id: "divisions", minzoom: 6 }]))).toBe(6);
    expect(townshipMinZoom(tileSet())).toBe(5);
  });
});
