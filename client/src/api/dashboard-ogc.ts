/**
 * The OGC API – Features collections the dashboard draws: every planning project (site, type, stage, start) and the
 * three belts. Items come a page at a time; the client follows the `next` links the server writes, as any OGC
 * client does, rather than computing offsets itself. Types come from the server contracts (type-only).
 */
import type { Geometry, MultiPolygon, Polygon } from "geojson";
import type { OgcCollectionId, OgcFeaturePage } from "@contracts/ogc.ts";
import { getJson } from "./http.ts";

/** A contract feature whose geometry is GeoJSON (the contract checks only its type and coordinates), or null. */
type WithGeometry<F, G extends Geometry> = Omit<F, "geometry"> & { geometry: G | null };

export type ProjectFeature = WithGeometry<OgcFeaturePage<"projects">["features"][number], Geometry>;
export type ProjectStage = ProjectFeature["properties"]["stage"];

/** A belt as the belts collection answers it; geometry is null while none of its member townships has a boundary. */
type BeltFeature = WithGeometry<OgcFeaturePage<"belts">["features"][number], Polygon | MultiPolygon>;
export interface BeltCollection {
  type: "FeatureCollection";
  features: BeltFeature[];
}

/** Largest page the server serves (ITEMS_LIMIT_MAX in the OGC contract). */
const PAGE_LIMIT = 1000;
/** A guard against a server that never stops answering `next`: a million features is far beyond a city's projects. */
const MAX_PAGES = 1000;

/** The path and query of a `next` link, so that it goes through getJson (and its API base) like every request. */
function pathOfLink(href: string, collectionPath: string): { path: string; query: Record<string, string> } | undefined {
  const url = new URL(href, window.location.href);
  // Follow only links to the same collection's items: a link elsewhere is not a page of this answer.
  if (url.pathname !== collectionPath) return undefined;
  return { path: url.pathname, query: Object.fromEntries(url.searchParams) };
}

type AnyPage = OgcFeaturePage<OgcCollectionId>;

/** Every feature of one collection, following `next` links page after page; an empty array when it has none. */
async function allFeatures(collection: OgcCollectionId, signal?: AbortSignal): Promise<Array<AnyPage["features"][number]>> {
  const collectionPath = `/ogc/collections/${collection}/items`;
  const features: Array<AnyPage["features"][number]> = [];
  let request: { path: string; query: Record<string, string> } | undefined = { path: collectionPath, query: { limit: String(PAGE_LIMIT) } };
  for (let pages = 0; request && pages < MAX_PAGES; pages++) {
    const page: AnyPage = await getJson<AnyPage>(request.path, request.query, signal);
    features.push(...page.features);
    const next: AnyPage["links"][number] | undefined = page.features.length > 0 ? page.links.find((link) => link.rel === "next") : undefined;
    request = next ? pathOfLink(next.href, collectionPath) : undefined;
  }
  return features;
}

/** Every planning project, whatever its start date (the dashboard filters by date itself). */
export async function getAllProjects(signal?: AbortSignal): Promise<ProjectFeature[]> {
  return (await allFeatures("projects", signal)) as ProjectFeature[];
}

/** The belts with their member townships and derived geometry. */
export async function getBelts(signal?: AbortSignal): Promise<BeltCollection> {
  const features = (await allFeatures("belts", signal)) as BeltFeature[];
  return { type: "FeatureCollection", features };
}
