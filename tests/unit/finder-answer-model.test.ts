import { describe, expect, it } from "vitest";
import { chainForResult, focusOf, highlightOf, markerOf, type Answer } from "../../client/src/pages/finder/answer/answer-model.ts";
import type { LookupResult, UnitPost } from "../../server/src/contracts/lookup.ts";
import type { SearchResult } from "../../server/src/contracts/search.ts";

type DivisionResult = Extract<SearchResult, { type: "division" }>;

const covered = (name: string): UnitPost => ({
  status: "covered",
  vacant: false,
  vacantSince: null,
  requiredFrom: "2022-05-16",
  planner: { name, title: "senior", organisation: null, registeredPlanner: true, photoUrl: null, publicContact: {}, officeHours: null },
  area: { code: "township-140502001", name: "东街街道", kind: "subdistrict" },
  appointedOn: "2023-06-01",
});
const vacant: UnitPost = { status: "vacant", vacant: true, vacantSince: "2023-07-01", requiredFrom: "2022-05-16", planner: null, area: null, appointedOn: null };

/** A county-level chain (no township boundaries) at a point of 城区, listing two of its units. */
function countyChain(): LookupResult {
  return {
    point: { lon: 112.8178, lat: 35.5077 },
    date: "2024-01-01",
    precision: "county",
    city: { code: "140500", name: "晋城市", chiefPlanner: null },
    county: {
      code: "140502",
      name: "城区",
      kind: "区",
      provenance: "approximate",
      approximate: true,
      chiefPosts: { seconded: null, hired: null, covered: false },
    },
    township: null,
    countyTownships: [
      { code: "140502001", name: "东街街道", kind: "街道", hasGeometry: false, unit: covered("示例规划师 10") },
      { code: "140502006", name: "钟家庄街道", kind: "街道", hasGeometry: false, unit: vacant },
    ],
    belts: [],
    projects: [],
  };
}

function villageResult(location: { lon: number; lat: number } | null): DivisionResult {
  return {
    type: "division",
    key: "140502006200",
    code: "140502006200",
    name: "某某社区居委会",
    pinyin: "Moumou Shequ",
    level: "village",
    kind: "居",
    county: { code: "140502", name: "城区" },
    township: { code: "140502006", name: "钟家庄街道", kind: "街道" },
    unit: vacant,
    chiefPosts: null,
    location,
    locationBasis: location ? "township-seat" : null,
    match: { tier: "exact", via: "name" },
  };
}

describe("the finder's answer to a search result", () => {
  it("puts the chosen village's township, with its post, in the county's chain when no township has a boundary", () => {
    const chain = chainForResult(countyChain(), villageResult(null));
    expect(chain.township).toMatchObject({ code: "140502006", name: "钟家庄街道", provenance: null, unit: { status: "vacant", vacantSince: "2023-07-01" } });
    expect(chain.countyTownships).toHaveLength(2);
  });

  it("keeps the township the lookup found when it is the chosen one", () => {
    const lookup: LookupResult = {
      ...countyChain(),
      precision: "township",
      countyTownships: null,
      township: { code: "140502006", name: "钟家庄街道", kind: "街道", provenance: "approximate", approximate: true, boundarySource: "x", unit: vacant },
    };
    expect(chainForResult(lookup, villageResult({ lon: 112.9, lat: 35.5 }))).toBe(lookup);
  });

  it("shows no township for a county", () => {
    const county: DivisionResult = { ...villageResult(null), level: "county", code: "140502", name: "城区", kind: "区", township: null, unit: null };
    expect(chainForResult(countyChain(), county).township).toBeNull();
  });
});

describe("what the map shows for an answer", () => {
  it("highlights the township when it has a boundary, else its county", () => {
    const byCounty: Answer = { kind: "chain", lookup: chainForResult(countyChain(), villageResult(null)), asked: { kind: "township" } };
    expect(highlightOf(byCounty)).toEqual({ divisionCode: "140502", beltCodes: [] });
    const lookup = countyChain();
    const withBoundary: Answer = {
      kind: "chain",
      lookup: {
        ...lookup,
        precision: "township",
        township: { code: "140502001", name: "东街街道", kind: "街道", provenance: "approximate", approximate: true, boundarySource: null, unit: covered("示例规划师 10") },
        belts: [{ code: "belt-taihang-1", name: "太行一号", nameEn: null, approximate: true }],
      },
      asked: { kind: "point" },
    };
    expect(highlightOf(withBoundary)).toEqual({ divisionCode: "140502001", beltCodes: ["belt-taihang-1"] });
    expect(highlightOf(undefined)).toEqual({ divisionCode: null, beltCodes: [] });
  });

  it("pins the point asked about, and nothing for a county or a planner", () => {
    expect(markerOf({ id: 1, kind: "point", point: { lon: 112.8, lat: 35.5 }, origin: "map" })).toEqual({ lon: 112.8, lat: 35.5 });
    expect(markerOf({ id: 2, kind: "result", result: villageResult({ lon: 112.9, lat: 35.6 }) })).toEqual({ lon: 112.9, lat: 35.6 });
    expect(markerOf({ id: 3, kind: "result", result: { ...villageResult({ lon: 1, lat: 2 }), level: "county" } })).toBeNull();
    expect(markerOf(null)).toBeNull();
  });

  it("moves the camera for a search at once, for the visitor's location only once it is known to be inside, never for a tap", () => {
    const point = { lon: 112.8, lat: 35.5 };
    expect(focusOf({ id: 1, kind: "point", point, origin: "map" }, undefined)).toBeNull();
    expect(focusOf({ id: 2, kind: "point", point, origin: "location" }, undefined)).toBeNull();
    const answer: Answer = { kind: "chain", lookup: countyChain(), asked: { kind: "point" } };
    expect(focusOf({ id: 2, kind: "point", point, origin: "location" }, answer)).toEqual({ divisionCode: null, center: [112.8, 35.5], zoom: 13 });
    expect(focusOf({ id: 3, kind: "result", result: villageResult({ lon: 112.9, lat: 35.6 }) }, undefined)).toEqual({
      divisionCode: "140502006",
      center: [112.9, 35.6],
      zoom: 12,
    });
    // No position of its own: the county, once the answer has placed it.
    expect(focusOf({ id: 4, kind: "result", result: villageResult(null) }, undefined)).toBeNull();
    expect(focusOf({ id: 4, kind: "result", result: villageResult(null) }, answer)).toEqual({ divisionCode: "140502", center: [112.8178, 35.5077], zoom: 10 });
  });
});
