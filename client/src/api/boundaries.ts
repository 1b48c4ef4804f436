/** Boundaries as GeoJSON (WGS84), built by the database: one FeatureCollection per level. */
import type { FeatureCollection, MultiPolygon, Polygon } from "geojson";
import type { Division } from "@contracts/divisions.ts";
import { getJson } from "./http.ts";

export type BoundaryLevel = "county" | "township";

/** Properties of one boundary feature; only divisions that have a geometry appear, so provenance is never null. */
interface BoundaryProperties {
  code: string;
  name: string;
  level: Division["level"];
  kind: string;
  parentCode: string | null;
  provenance: NonNullable<Division["provenance"]>;
}

export type BoundaryCollection = FeatureCollection<Polygon | MultiPolygon, BoundaryProperties>;

export const EMPTY_BOUNDARIES: BoundaryCollection = { type: "FeatureCollection", features: [] };

/** The boundaries of one level; a collection with an empty features array when no division of that level has one. */
export function getBoundaries(level: BoundaryLevel, signal?: AbortSignal): Promise<BoundaryCollection> {
  return getJson<BoundaryCollection>("/api/boundaries", { level }, signal);
}
