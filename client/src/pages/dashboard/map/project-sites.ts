/**
 * Project features reduced to what the project-sites map layer draws (map/layers/project-sites.layer.ts): one position
 * per project (a polygon site is drawn at a point inside it), its type, stage and start day. Pure: no React, DOM or fetch.
 */
import type { Geometry } from "geojson";
import type { ProjectFeature } from "../../../api/dashboard-ogc.ts";
import { labelPointOf } from "../../../lib/polygon-geometry.ts";
import type { ProjectSite } from "../../../map/layers/project-sites.layer.ts";
import { dayNumber } from "../../../lib/calendar-dates.ts";

export type { ProjectSite };

/** A point to draw a site at: the point itself, the first of a multipoint, a point inside a polygon; null otherwise. */
function sitePosition(geometry: Geometry | null): [number, number] | null {
  if (!geometry) return null;
  if (geometry.type === "Point") return [geometry.coordinates[0]!, geometry.coordinates[1]!];
  if (geometry.type === "MultiPoint") {
    const first = geometry.coordinates[0];
    return first ? [first[0]!, first[1]!] : null;
  }
  return labelPointOf(geometry);
}

/** The drawable sites of these features, in their order; features without a usable geometry are left out. */
export function projectSites(features: readonly ProjectFeature[]): ProjectSite[] {
  const sites: ProjectSite[] = [];
  for (const feature of features) {
    const position = sitePosition(feature.geometry);
    if (!position) continue;
    const { name, projectType, stage, startedOn } = feature.properties;
    sites.push({
      id: String(feature.id ?? sites.length),
      name,
      projectType,
      stage,
      startedOn,
      startDay: startedOn ? dayNumber(startedOn) : Number.NEGATIVE_INFINITY,
      position,
    });
  }
  return sites;
}

/** Sites that had started on the date (or have no start date), as the OGC collection's datetime filter counts them. */
export function sitesStartedBy(sites: readonly ProjectSite[], date: string): ProjectSite[] {
  const day = dayNumber(date);
  return sites.filter((site) => site.startDay <= day);
}

/** How many sites there are of each project type, most frequent first (ties by name). */
export function countByType(sites: readonly ProjectSite[]): { projectType: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const site of sites) counts.set(site.projectType, (counts.get(site.projectType) ?? 0) + 1);
  return [...counts].map(([projectType, count]) => ({ projectType, count })).sort((a, b) => b.count - a.count || a.projectType.localeCompare(b.projectType));
}
