/**
 * The OGC API – Features collections the dashboard draws: every planning project (site, type, stage, start) and the
 * three belts. Items come a page at a time; the client follows the `next` links the server writes, as any OGC
 * client does, rather than computing offsets itself.
 */
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from "geojson";
import { getJson } from "./http.ts";

/** proposed | planning | design | approval | construction | completed | suspended (sql/migrations/0001). */
export type ProjectStage = "proposed" | "planning" | "design" | "approval" | "construction" | "completed" | "suspended";

/** What the dashboard reads of a project feature (sql/functions/ogc/projects.sql builds more). */
export interface ProjectProperties {
  name: string;
  projectType: string;
  stage: ProjectStage;
  /** Null when the start date is unknown. */
  startedOn: string | null;
  isDemo: boolean;
}

export type ProjectFeature = Feature<Geometry, ProjectProperties>;

/** A belt as the belts collection answers it; geometry is null while none of its member townships has a boundary. */
export interface BeltProperties {
  code: string;
  name: string;
  nameEn: string | null;
  provenance: "official" | "approximate" | "imported" | null;
  members: { code: string; name: string; countyCode: string; hasGeometry: boolean }[];
}

export type BeltCollection = FeatureCollection<Polygon | MultiPolygon | null, BeltProperties>;

interface OgcPage<F> {
  type: "FeatureCollection";
  numberMatched?: number;
  features: F[];
  links?: { href: string; rel: string }[];
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

/** Every feature of one collection, following `next` links page after page; an empty array when it has none. */
async function allFeatures<F>(collection: string, signal?: AbortSignal): Promise<F[]> {
  const collectionPath = `/ogc/collections/${collection}/items`;
  const features: F[] = [];
  let request: { path: string; query: Record<string, string> } | undefined = { path: collectionPath, query: { limit: String(PAGE_LIMIT) } };
  for (let pages = 0; request && pages < MAX_PAGES; pages++) {
    const page: OgcPage<F> = await getJson<OgcPage<F>>(request.path, request.query, signal);
    features.push(...page.features);
    const next = page.features.length > 0 ? page.links?.find((link) => link.rel === "next") : undefined;
    request = next ? pathOfLink(next.href, collectionPath) : undefined;
  }
  return features;
}

/** Every planning project, whatever its start date (the dashboard filters by date itself). */
export function getAllProjects(signal?: AbortSignal): Promise<ProjectFeature[]> {
  return allFeatures<ProjectFeature>("projects", signal);
}

/** The belts with their member townships and derived geometry. */
export async function getBelts(signal?: AbortSignal): Promise<BeltCollection> {
  const features = await allFeatures<BeltCollection["features"][number]>("belts", signal);
  return { type: "FeatureCollection", features };
}
