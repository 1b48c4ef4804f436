/**
 * What each OGC API – Features collection is, in words (zh-CN first, as on screen), and its description document
 * built from the extents that the database reports. The collection ids are the allowlist: nothing else reaches SQL.
 */
import { CRS84, GREGORIAN_TRS, type Collection, type Extent, type OgcCollectionId } from "../contracts/ogc.ts";
import { MEDIA_GEOJSON, MEDIA_JSON } from "./ogc-links.ts";

export interface CollectionDefinition {
  id: OgcCollectionId;
  title: string;
  description: string;
}

const APPROXIMATE =
  "Boundaries with provenance=approximate are 示意边界（非法定界线）: approximate boundaries, not official ones.";

export const COLLECTION_DEFINITIONS: readonly CollectionDefinition[] = [
  {
    id: "divisions",
    title: "行政区划 · Administrative divisions",
    description:
      "Counties (区/县/县级市) and townships (街道/镇/乡) of Jincheng that have a boundary. Feature id: the official code. " +
      `${APPROXIMATE} Divisions carry no dates: datetime is accepted and does not filter.`,
  },
  {
    id: "areas",
    title: "责任区 · Responsibility areas",
    description:
      "Every responsibility area (city, county, subdistrict, township, belt, project), with its own boundary or the " +
      "union of the divisions it groups (null while none of them has one), and the planners appointed to it. " +
      "Feature id: the area code. datetime chooses the planners shown (default: today), not the areas: an area " +
      `without a planner then is a vacancy. ${APPROXIMATE}`,
  },
  {
    id: "belts",
    title: "示范带（三带） · Belts",
    description:
      "The three belts (三带) named by the pilot plan, with the member townships they group, a geometry derived from " +
      "the members that have a boundary (null while none has one) and the planners appointed to them. Feature id: the " +
      `belt code. datetime chooses the planners shown (default: today). ${APPROXIMATE}`,
  },
  {
    id: "projects",
    title: "规划项目 · Planning projects",
    description:
      "Planning projects with their site (a point or a polygon) and their project planners. Feature id: the project " +
      "id. With datetime, only projects started by the end of the interval are listed, with the project planners " +
      "appointed then; without it, every project with today's planners.",
  },
];

/** The extent of one collection as the database reports it; each part null when unknown (see ogc.collection_extents). */
export interface ExtentRow {
  west: number | null;
  south: number | null;
  east: number | null;
  north: number | null;
  firstDate: string | null;
  lastDate: string | null;
}

function extent(row: ExtentRow | undefined): Extent | undefined {
  if (!row) return undefined;
  const result: Extent = {};
  if (row.west !== null && row.south !== null && row.east !== null && row.north !== null) {
    result.spatial = { bbox: [[row.west, row.south, row.east, row.north]], crs: CRS84 };
  }
  if (row.firstDate !== null) {
    result.temporal = { interval: [[`${row.firstDate}T00:00:00Z`, row.lastDate === null ? null : `${row.lastDate}T00:00:00Z`]], trs: GREGORIAN_TRS };
  }
  return result.spatial || result.temporal ? result : undefined;
}

/** The description document of a collection, with links to itself and its items. */
export function describeCollection(root: string, definition: CollectionDefinition, row: ExtentRow | undefined): Collection {
  const href = `${root}/collections/${definition.id}`;
  const described = extent(row);
  return {
    id: definition.id,
    title: definition.title,
    description: definition.description,
    links: [
      { href, rel: "self", type: MEDIA_JSON, title: "this collection" },
      { href: `${href}/items`, rel: "items", type: MEDIA_GEOJSON, title: `${definition.title}: features` },
    ],
    ...(described ? { extent: described } : {}),
    itemType: "feature",
    crs: [CRS84],
  };
}
