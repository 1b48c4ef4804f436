/**
 * The optional official basemap: 天地图 (Tianditu) raster tiles in Web Mercator ("_w" tile matrix set). Its datum is
 * CGCS2000, which differs from WGS84 by centimetres, so the project's own WGS84 layers sit on it without any
 * offset. GCJ-02 basemaps (AMap, Tencent, Baidu) are never used: they would be hundreds of metres off.
 * Without a configured token the style has no basemap and the page makes no request to another host. Loaded on
 * demand by the map controller, the first time a basemap is drawn.
 */
import type { BasemapConfig } from "../api/client-config.ts";
import type { LayerSpecification, SourceSpecification } from "./style-types.ts";

export type { BasemapConfig };

export interface BasemapStyleParts {
  sources: Record<string, SourceSpecification>;
  /** Put these first in the style's layer list. */
  layers: LayerSpecification[];
}

const SUBDOMAINS = ["0", "1", "2", "3", "4", "5", "6", "7"];

/** WMTS GetTile URLs of one Tianditu layer ("vec" streets, "cva" Chinese annotation) on the eight tile hosts. */
function tiandituTileUrls(layer: "vec" | "cva", token: string): string[] {
  const query = new URLSearchParams({
    SERVICE: "WMTS",
    REQUEST: "GetTile",
    VERSION: "1.0.0",
    LAYER: layer,
    STYLE: "default",
    TILEMATRIXSET: "w",
    FORMAT: "tiles",
    tk: token,
  });
  // {z}/{x}/{y} must stay literal for MapLibre, so they are appended after URLSearchParams has escaped the rest.
  return SUBDOMAINS.map(
    (host) => `https://t${host}.tianditu.gov.cn/${layer}_w/wmts?${query.toString()}&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}`,
  );
}

/** Sources and layers of the basemap for a style, or nothing when the installation has none. */
export function basemapStyleParts(basemap: BasemapConfig | null): BasemapStyleParts {
  if (!basemap) return { sources: {}, layers: [] };
  const raster = (layer: "vec" | "cva", attribution?: string): SourceSpecification => ({
    type: "raster",
    tiles: tiandituTileUrls(layer, basemap.token),
    tileSize: 256,
    minzoom: 1,
    maxzoom: 18,
    ...(attribution ? { attribution } : {}),
  });
  return {
    // The attribution is said once, on the street layer; the annotation layer is the same service.
    sources: { "basemap-vector": raster("vec", basemap.attribution), "basemap-labels": raster("cva") },
    layers: [
      { id: "basemap-vector", type: "raster", source: "basemap-vector" },
      { id: "basemap-labels", type: "raster", source: "basemap-labels" },
    ],
  };
}
