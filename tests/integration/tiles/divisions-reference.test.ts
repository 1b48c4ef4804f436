/**
 * The divisions, areas and belts layers over the Jincheng reference data (75 approximate township areas, 6 county
 * outlines), imported with the project's import: every boundary reaches the tiles, coverage is set on each, and tiles
 * over the whole city stay small. Prints the tile sizes per zoom.
 */
import type { FastifyInstance } from "fastify";
import { describe, expect, it } from "vitest";
import { type Sql } from "../../../server/src/db/database.ts";
import { importBoundaries } from "../../../server/src/import/import-boundaries.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { requireReferenceData } from "../../helpers/reference-data.ts";
import { layerFeatures } from "./tile-dump.ts";
import { tilesCovering } from "./tile-fixtures.ts";
import { useFreshApp } from "../../helpers/app.ts";

const referenceFolder = requireReferenceData("divisions, areas and belts tiles over the township areas");

// The extent of the reference data (counties.geojson), which every tile list below covers.
const JINCHENG = [111.93, 35.18, 113.62, 36.07] as const;
/** Largest whole-city tile accepted at zooms 6 to 8: a map of the city should load in one round trip on a phone. */
const MAX_LOW_ZOOM_TILE_BYTES = 48 * 1024;

describe.runIf(referenceFolder).each(enabledBackends())("tiles over the Jincheng reference data on %s", (backend) => {
  let app: FastifyInstance;
  let sql: Sql;
  useFreshApp(backend, async (built) => {
    app = built;
    sql = built.db.sql;
    await importBoundaries(sql, referenceFolder!);
  });

  async function fetchTiles(layer: string, z: number): Promise<{ url: string; bytes: Buffer }[]> {
    const tiles: { url: string; bytes: Buffer }[] = [];
    for (const { x, y } of tilesCovering(...JINCHENG, z)) {
      const url = `/tiles/${layer}/${z}/${x}/${y}.mvt`;
      const response = await app.inject(url);
      expect([200, 204], url).toContain(response.statusCode);
      tiles.push({ url, bytes: response.rawPayload });
    }
    return tiles;
  }

  it("draws every county and township boundary with its coverage status, and keeps whole-city tiles small", async () => {
    const report: string[] = [];
    for (const z of [6, 7, 8, 10, 12]) {
      const tiles = await fetchTiles("divisions", z);
      const sizes = tiles.map((tile) => tile.bytes.byteLength).sort((a, b) => a - b);
      const nonEmpty = sizes.filter((size) => size > 0);
      report.push(
        `z${z}: ${tiles.length} tiles (${nonEmpty.length} with features), bytes min ${nonEmpty[0]} median ${nonEmpty[Math.floor(nonEmpty.length / 2)]} max ${sizes.at(-1)} total ${sizes.reduce((a, b) => a + b, 0)}`,
      );
      if (z <= 8) for (const size of sizes) expect(size).toBeLessThan(MAX_LOW_ZOOM_TILE_BYTES);
      if (z === 8) {
        const seen = new Map<number, Record<string, unknown>>();
        const labels = new Map<string, Record<string, unknown>>();
        for (const tile of tiles) {
          for (const feature of layerFeatures(tile.bytes, "divisions")) {
            if (feature.type === "Point") labels.set(String(feature.properties.code), feature.properties);
            else seen.set(feature.id!, feature.properties);
          }
        }
        // Every boundary has its label point, with the same name, for the map's county and township names.
        expect(labels.size).toBe(seen.size);
        for (const [id, properties] of seen) expect(labels.get(String(id))?.name, String(id)).toBe(properties.name);
        const levels = [...seen.values()].map((properties) => properties.level);
        expect(levels.filter((level) => level === "county")).toHaveLength(6);
        expect(levels.filter((level) => level === "township")).toHaveLength(75);
        for (const properties of seen.values()) {
          if (properties.level === "township") expect(["covered", "vacant", "not_required"]).toContain(properties.status);
          else expect(["covered", "vacant"]).toContain(properties.status);
        }
        // 东街街道 has had a unit planner since the demo reassignment of 2023-06-01; 钟家庄街道 is vacant since 2023-07-01.
        expect(seen.get(140502001)).toMatchObject({ name: "东街街道", status: "covered", provenance: "approximate" });
        expect(seen.get(140502006)).toMatchObject({ name: "钟家庄街道", status: "vacant" });
        expect(seen.get(140502)).toMatchObject({ name: "城区", level: "county", status: "covered", chiefPostsFilled: 2 });
        expect(seen.get(140521)).toMatchObject({ name: "沁水县", status: "vacant", chiefPostsFilled: 0 });
        // The tile asks the coverage rules its own way (EXISTS rather than finding each holder): it must agree with
        // the functions that define them, for every unit and county.
        const units = await sql<{ divisionCode: string; status: string }[]>`
          select division_code, status from api.unit_coverage(api.today())`;
        const drawn = units.filter((unit) => seen.has(Number(unit.divisionCode)));
        expect(drawn).toHaveLength(75);
        for (const unit of drawn) expect(seen.get(Number(unit.divisionCode))!.status, unit.divisionCode).toBe(unit.status);
        const posts = await sql<{ countyCode: string; seconded: number | null; hired: number | null; covered: boolean }[]>`
          select county_code, seconded_planner_id as seconded, hired_planner_id as hired, covered
          from api.county_chief_posts(api.today())`;
        for (const post of posts) {
          expect(seen.get(Number(post.countyCode)), post.countyCode).toMatchObject({
            status: post.covered ? "covered" : "vacant",
            chiefPostsFilled: Number(post.seconded !== null) + Number(post.hired !== null),
          });
        }
      }
      // Townships from zoom 7: below it they are a few pixels wide and would only crowd the tile.
      if (z <= 7) {
        const levels = new Set(tiles.flatMap((tile) => layerFeatures(tile.bytes, "divisions").map((f) => f.properties.level)));
        expect([...levels].sort(), `levels at z${z}`).toEqual(z === 6 ? ["county"] : ["county", "township"]);
      }
    }
    console.log(`\n[tiles] divisions layer over the Jincheng reference data on ${backend}:\n  ${report.join("\n  ")}\n`);
  });

  it("draws the township areas with their planners, and the three belts from their members", async () => {
    const areas = new Map<number, Record<string, unknown>>();
    for (const tile of await fetchTiles("areas", 8)) for (const feature of layerFeatures(tile.bytes, "areas")) areas.set(feature.id!, feature.properties);
    const [expected] = await sql<{ n: number }[]>`
      select count(*)::int as n from api.area_geometries where geom is not null and kind in ('city', 'county', 'subdistrict', 'township')`;
    expect(areas.size).toBe(expected!.n);
    const dongjie = [...areas.values()].find((properties) => properties.code === "township-140502001");
    expect(dongjie).toMatchObject({ kind: "subdistrict", status: "covered", planners: "示例规划师 10", provenance: "approximate" });

    const belts = new Map<number, Record<string, unknown>>();
    for (const tile of await fetchTiles("belts", 6)) for (const feature of layerFeatures(tile.bytes, "belts")) belts.set(feature.id!, feature.properties);
    expect([...belts.values()].map((properties) => properties.code).sort()).toEqual(["belt-danqin", "belt-qinhe", "belt-taihang-1"]);
    for (const properties of belts.values()) expect(properties.membersWithGeometry).toBe(properties.members);
  });
});
