import { describe, expect, it } from "vitest";
import { buildSearchIndex, nameVariants, nearestCandidates, placeNamePinyin, romanisedName, searchIndex, type SearchDocument } from "../../server/src/search/search-index.ts";

const RANKS = { city: 0, county: 1, township: 2, village: 3 } as const;

function division(key: string, name: string, level: keyof typeof RANKS, kind: string, commonName = name): SearchDocument {
  return { kind: "division", key, name, commonName, rank: RANKS[level], level, divisionKind: kind };
}

const index = buildSearchIndex([
  division("140500", "晋城市", "city", "市"),
  division("140502", "城区", "county", "区"),
  division("140525", "泽州县", "county", "县"),
  division("140502100", "北石店镇", "township", "镇"),
  division("140502001", "东街街道", "township", "街道"),
  division("140521203", "张村乡", "township", "乡"),
  division("140502100008", "北石店社区居委会", "village", "居", "北石店社区"),
  division("140524104202", "东街村委会", "village", "村", "东街村"),
]);
const first = (query: string) => searchIndex(index, query, 10).hits[0];

describe("name variants", () => {
  it("splits a name into its proper part and the generic parts people use for it", () => {
    expect(nameVariants("北石店镇", "镇")).toMatchObject({ core: "北石店", coreAlone: true });
    expect(nameVariants("北石店镇", "镇")!.suffixes).toEqual(expect.arrayContaining(["镇", "镇政府", "乡政府"]));
    expect(nameVariants("北石店社区居委会", "居")).toMatchObject({ core: "北石店", coreAlone: true });
    expect(nameVariants("东街街道", "街道")!.suffixes).toEqual(expect.arrayContaining(["街道办", "街道办事处"]));
    expect(nameVariants("晋城市", "市")).toMatchObject({ core: "晋城", coreAlone: true });
  });

  it("keeps a two-character name whole and accepts only what extends it", () => {
    expect(nameVariants("城区", "区")).toEqual({ core: "城区", coreAlone: false, suffixes: ["政府", "人民政府"] });
  });

  it("has none for a kind without generic parts", () => {
    expect(nameVariants("示例规划师", "planner")).toBeNull();
  });
});

describe("matching what residents say", () => {
  it.each([
    ["晋城", "140500"],
    ["晋城市", "140500"],
    ["晋城市政府", "140500"],
    ["jincheng", "140500"],
    ["北石店镇政府", "140502100"],
    ["北石店乡政府", "140502100"],
    ["北石店镇人民政府", "140502100"],
    ["beishidianzhenzhengfu", "140502100"],
    ["bsdzzf", "140502100"],
    ["东街街道办事处", "140502001"],
    ["东街街道办", "140502001"],
    ["张村镇", "140521203"],
    ["泽州县政府", "140525"],
    ["城区政府", "140502"],
  ])("finds %s exactly", (query, key) => {
    expect(first(query)).toMatchObject({ document: { key }, match: { tier: "exact" } });
  });

  it("finds a community by its old village form and its committee forms, both ways", () => {
    for (const query of ["北石店村", "北石店村委会", "北石店社区", "北石店居委会", "beishidiancun"]) {
      const keys = searchIndex(index, query, 10).hits.filter((hit) => hit.match.tier === "exact").map((hit) => hit.document.key);
      expect(keys, query).toContain("140502100008");
    }
    expect(first("东街社区")).toMatchObject({ document: { key: "140524104202" }, match: { tier: "exact" } });
  });

  it("finds the start of a long form while it is typed", () => {
    expect(first("北石店镇政")).toMatchObject({ document: { key: "140502100" }, match: { tier: "prefix" } });
    expect(first("东街街道办事")).toMatchObject({ document: { key: "140502001" }, match: { tier: "prefix" } });
  });

  it("does not find a generic part that does not belong to the kind", () => {
    expect(searchIndex(index, "北石店县", 10).total).toBe(0);
    expect(searchIndex(index, "城", 10).hits.map((hit) => hit.match.tier)).not.toContain("exact");
  });
});

describe("pinyin of place names", () => {
  it("romanises the proper part as one word and the generic part after it", () => {
    expect(romanisedName(["bei", "shi", "dian"], ["zhen"])).toBe("Beishidian Zhen");
    expect(romanisedName(["xi", "an"], [])).toBe("Xi'an");
    expect(romanisedName(["lv", "cun"], [])).toBe("Lucun");
  });

  it("gives each division its romanised common name, and the city, counties and townships by name", () => {
    const pinyinOf = (key: string) => index.documents.find((entry) => entry.document.key === key)!.romanised;
    expect(pinyinOf("140502100008")).toBe("Beishidian Shequ");
    expect(pinyinOf("140524104202")).toBe("Dongjie Cun");
    expect(pinyinOf("140502")).toBe("Chengqu");
    expect(placeNamePinyin(index)).toMatchObject({ 晋城市: "Jincheng Shi", 北石店镇: "Beishidian Zhen", 泽州县: "Zezhou Xian" });
    expect(placeNamePinyin(index)).not.toHaveProperty("东街村委会");
  });
});

describe("nearest-name candidates", () => {
  it("offers names and cores for a Chinese query and pinyin for any other", () => {
    const chinese = nearestCandidates(index, " 北时店 ");
    expect(chinese.query).toBe("北时店");
    expect(chinese.candidates.via).toBe("name");
    expect(chinese.candidates.texts).toEqual(expect.arrayContaining(["北石店镇", "北石店"]));
    const latin = nearestCandidates(index, "Bei Shi Dain");
    expect(latin.query).toBe("beishidain");
    expect(latin.candidates.texts).toEqual(expect.arrayContaining(["beishidianzhen", "beishidian"]));
  });
});
