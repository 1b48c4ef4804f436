/**
 * What the area panel reads besides the area: the township-level units (names for member codes, the picker) and
 * their outlines (where a member conflict is, both sides of a conflict), each read once per page and shared; and
 * areas as people read them ("0.42 km²").
 */
import type { Feature, FeatureCollection, Geometry } from "geojson";
import { useEffect, useState } from "react";
import { getBoundaries, type BoundaryCollection } from "../../../api/boundaries.ts";
import { listDivisions, type Division } from "../../../api/divisions.ts";

/** The draft's areaId while a new area is composed, before it has an id. */
export const NEW_AREA_ID = 0;

/** One shared request per page; a failed one is asked again next time. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = null;
      throw error;
    });
    return pending;
  };
}

const townshipList = once(() => listDivisions("township"));
const townshipOutlines = once(() => getBoundaries("township"));

/** Township-level units by code; empty until read (names then show as codes). */
export function useTownships(): Map<string, Division> {
  const [townships, setTownships] = useState<Map<string, Division>>(() => new Map());
  useEffect(() => {
    let live = true;
    townshipList().then(
      (divisions) => {
        if (live) setTownships(new Map(divisions.map((division) => [division.code, division])));
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);
  return townships;
}

/** The outlines of the given township codes (those that have one), each tagged with `properties`. */
export async function outlinesOf(codes: readonly string[], properties: Record<string, unknown>): Promise<Feature[]> {
  const outlines: BoundaryCollection = await townshipOutlines();
  const wanted = new Set(codes);
  return outlines.features
    .filter((feature) => wanted.has(feature.properties.code))
    .map((feature) => ({ type: "Feature", geometry: feature.geometry, properties: { ...feature.properties, ...properties } }));
}

/** The outline of an area's shape: its own geometry when drawn, else its members' outlines. */
export async function shapeOutline(shape: { members: readonly string[]; geometry: unknown }, properties: Record<string, unknown>): Promise<Feature[]> {
  if (shape.geometry) return [{ type: "Feature", geometry: shape.geometry as Geometry, properties }];
  return outlinesOf(shape.members, properties);
}

export function featureCollection(features: Feature[]): FeatureCollection {
  return { type: "FeatureCollection", features };
}

/** "850 m²" below a hundredth of a km², else "3.42 km²". */
export function formatArea(m2: number): string {
  return m2 >= 10_000 ? `${(m2 / 1_000_000).toFixed(2)} km²` : `${Math.round(m2).toLocaleString("en")} m²`;
}
