import { describe, expect, it } from "vitest";
import type { UnitCoverage } from "../../client/src/api/dashboard-coverage.ts";
import type { ProjectFeature } from "../../client/src/api/dashboard-ogc.ts";
import { mapEmphasis, NO_FILTERS, readViewQuery, selectUnits, viewQuery } from "../../client/src/pages/dashboard/filters/dashboard-filters.ts";
import { countByType, projectSites, sitesStartedBy } from "../../client/src/pages/dashboard/map/project-sites.ts";

function unit(code: string, countyCode: string, beltCodes: string[] = []): UnitCoverage {
  return {
    code,
    name: code,
    kind: "镇",
    countyCode,
    countyName: countyCode,
    beltCodes,
    status: "vacant",
    requiredFrom: "2022-12-01",
    vacantSince: "2022-12-01",
    planner: null,
    hasBoundary: true,
    approximate: true,
  };
}

describe("dashboard filters", () => {
  const units = [unit("140502001", "140502"), unit("140525100", "140525", ["belt-qinhe"]), unit("140525101", "140525")];

  it("selects the units of a county, of a belt, of both, or all of them", () => {
    expect(selectUnits(units, NO_FILTERS)).toHaveLength(3);
    expect(selectUnits(units, { ...NO_FILTERS, county: "140525" }).map((u) => u.code)).toEqual(["140525100", "140525101"]);
    expect(selectUnits(units, { ...NO_FILTERS, belt: "belt-qinhe" }).map((u) => u.code)).toEqual(["140525100"]);
    expect(selectUnits(units, { ...NO_FILTERS, county: "140502", belt: "belt-qinhe" })).toEqual([]);
  });

  it("says what the map draws for each planner role", () => {
    expect(mapEmphasis("all")).toEqual({ unitCoverage: true, chiefPosts: false, projects: true });
    expect(mapEmphasis("chief")).toEqual({ unitCoverage: false, chiefPosts: true, projects: false });
    expect(mapEmphasis("unit")).toEqual({ unitCoverage: true, chiefPosts: false, projects: false });
    expect(mapEmphasis("project")).toEqual({ unitCoverage: false, chiefPosts: false, projects: true });
  });

  it("keeps a view in the URL query and reads it back, leaving out defaults and anything malformed", () => {
    const filters = { county: "140525", belt: "belt-qinhe", role: "unit" as const };
    const query = viewQuery(filters, "2022-09-01", "2026-11-27");
    expect(query).toBe("?date=2022-09-01&county=140525&belt=belt-qinhe&role=unit");
    expect(readViewQuery(query)).toEqual({ filters, date: "2022-09-01" });
    expect(viewQuery(NO_FILTERS, "2026-11-27", "2026-11-27")).toBe("");
    expect(readViewQuery("?county=1405&belt=<script>&role=boss").filters).toEqual(NO_FILTERS);
  });
});

describe("project sites", () => {
  const feature = (id: number, geometry: ProjectFeature["geometry"], startedOn: string | null, projectType = "城市更新"): ProjectFeature => ({
    type: "Feature",
    id,
    geometry,
    properties: { name: `p${id}`, projectType, stage: "planning", startedOn, areaCode: null, planners: [], plannerNames: null, description: null, isDemo: true },
  });

  it("draws a point site where it is and a polygon site at a point inside it; a site without geometry is left out", () => {
    const sites = projectSites([
      feature(1, { type: "Point", coordinates: [112.8, 35.5] }, "2023-05-10"),
      feature(2, { type: "Polygon", coordinates: [[[112, 35], [113, 35], [113, 36], [112, 36], [112, 35]]] }, null),
      feature(3, { type: "LineString", coordinates: [[112, 35], [113, 36]] }, null),
    ]);
    expect(sites.map((site) => site.id)).toEqual(["1", "2"]);
    expect(sites[0]!.position).toEqual([112.8, 35.5]);
    const [x, y] = sites[1]!.position;
    expect(x).toBeGreaterThan(112);
    expect(x).toBeLessThan(113);
    expect(y).toBeGreaterThan(35);
    expect(y).toBeLessThan(36);
  });

  it("shows the sites started by a date, and those without a start date always", () => {
    const sites = projectSites([
      feature(1, { type: "Point", coordinates: [112.8, 35.5] }, "2023-05-10"),
      feature(2, { type: "Point", coordinates: [112.9, 35.6] }, null, "村庄规划"),
    ]);
    expect(sitesStartedBy(sites, "2023-05-09").map((site) => site.id)).toEqual(["2"]);
    expect(sitesStartedBy(sites, "2023-05-10").map((site) => site.id)).toEqual(["1", "2"]);
    expect(countByType(sites)).toEqual([
      { projectType: "城市更新", count: 1 },
      { projectType: "村庄规划", count: 1 },
    ]);
  });
});
