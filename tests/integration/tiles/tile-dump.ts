/**
 * Decodes MVT bytes (@mapbox/vector-tile) into readable summaries, for assertions and snapshots: tiles are compared
 * as text, never as binary.
 */
import { VectorTile, type VectorTileFeature } from "@mapbox/vector-tile";
import { PbfReader } from "pbf";

type PropertyValue = string | number | boolean;

export interface FeatureSummary {
  id: number | undefined;
  type: "Point" | "LineString" | "Polygon" | "Unknown";
  properties: Record<string, PropertyValue>;
  /** Parts as loadGeometry gives them: points, lines or rings (rings closed by repeating the first vertex). */
  parts: [number, number][][];
  /** Exterior rings (positive area in tile coordinates, clockwise on screen) and holes; 0 for points and lines. */
  exteriorRings: number;
  holes: number;
  /** Area in square tile units, exteriors less holes; 0 for points and lines. */
  area: number;
  vertices: number;
  /** [minX, minY, maxX, maxY] in tile coordinates. */
  bbox: [number, number, number, number];
}

const TYPES = ["Unknown", "Point", "LineString", "Polygon"] as const;

/** The layers of a tile by name, each with its extent, version and features sorted by id. */
function decodeTile(bytes: Uint8Array): Map<string, { extent: number; version: number; features: FeatureSummary[] }> {
  const tile = new VectorTile(new PbfReader(bytes));
  const layers = new Map<string, { extent: number; version: number; features: FeatureSummary[] }>();
  for (const [name, layer] of Object.entries(tile.layers)) {
    const features: FeatureSummary[] = [];
    for (let index = 0; index < layer.length; index++) features.push(summarise(layer.feature(index)));
    features.sort((a, b) => (a.id ?? -1) - (b.id ?? -1));
    layers.set(name, { extent: layer.extent, version: layer.version, features });
  }
  return layers;
}

/** The features of one layer of the tile; an empty array when the tile has no such layer. */
export function layerFeatures(bytes: Uint8Array, layer: string): FeatureSummary[] {
  return decodeTile(bytes).get(layer)?.features ?? [];
}

function summarise(feature: VectorTileFeature): FeatureSummary {
  const parts = feature.loadGeometry().map((part) => part.map((point): [number, number] => [point.x, point.y]));
  const type = TYPES[feature.type] ?? "Unknown";
  let exteriorRings = 0;
  let holes = 0;
  let area = 0;
  if (type === "Polygon") {
    for (const ring of parts) {
      const ringArea = signedArea(ring) / 2;
      area += ringArea;
      if (ringArea > 0) exteriorRings++;
      else holes++;
    }
  }
  const xs = parts.flat().map(([x]) => x);
  const ys = parts.flat().map(([, y]) => y);
  return {
    id: feature.id,
    type,
    properties: { ...(feature.properties as Record<string, PropertyValue>) },
    parts,
    exteriorRings,
    holes,
    area,
    // Rings repeat their first vertex at the end when decoded; count it once.
    vertices: parts.reduce((sum, part) => sum + part.length - (type === "Polygon" ? 1 : 0), 0),
    bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)],
  };
}

/** Twice the signed area in tile coordinates; positive is the MVT exterior winding (clockwise on screen). */
function signedArea(ring: readonly [number, number][]): number {
  let sum = 0;
  for (let index = 0; index < ring.length - 1; index++) sum += ring[index]![0] * ring[index + 1]![1] - ring[index + 1]![0] * ring[index]![1];
  return sum;
}

/**
 * A readable text dump of a tile: one block per layer, one line per feature with id, type, properties and geometry
 * (full coordinates when `coordinates` is true, otherwise vertex count and bounding box).
 */
export function dumpTile(bytes: Uint8Array, options: { coordinates?: boolean } = {}): string {
  const lines: string[] = [];
  for (const [name, layer] of decodeTile(bytes)) {
    lines.push(`layer ${name} (extent ${layer.extent}, version ${layer.version}, ${layer.features.length} features)`);
    for (const feature of layer.features) {
      const properties = Object.keys(feature.properties)
        .sort()
        .map((key) => `${key}=${JSON.stringify(feature.properties[key])}`)
        .join(" ");
      const shape = options.coordinates
        ? feature.parts.map((part) => part.map(([x, y]) => `${x} ${y}`).join(", ")).join(" | ")
        : `${feature.vertices} vertices, bbox ${feature.bbox.join(" ")}`;
      const rings = feature.type === "Polygon" ? ` ${feature.exteriorRings} exterior + ${feature.holes} holes` : "";
      lines.push(`  #${feature.id} ${feature.type}${rings} {${properties}} ${shape}`);
    }
  }
  return lines.join("\n");
}
