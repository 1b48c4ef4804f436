import { describe, expect, it } from "vitest";
import {
  buildSearchIndex,
  normalisePinyinQuery,
  normaliseText,
  pinyinSyllables,
  searchIndex,
  type SearchDocument,
} from "../../server/src/search/search-index.ts";

const RANKS = { county: 0, township: 1, village: 2, planner: 3, project: 4 } as const;

function document(key: string, name: string, level: keyof typeof RANKS, commonName = name): SearchDocument {
  const division = level !== "planner" && level !== "project";
  return { kind: division ? "division" : level, key, name, commonName, rank: RANKS[level], level: division ? level : null, divisionKind: null };
}

const DOCUMENTS: SearchDocument[] = [
  document("140502001", "东街街道", "township"),
  document("140524104202", "东街村委会", "village", "东街村"),
  document("140525109204", "大阳东街村委会", "village", "大阳东街村"),
  document("140502006012", "泽州东街社区居委会", "village", "泽州东街社区"),
  document("140502", "城区", "county"),
  document("140525", "泽州县", "county"),
  document("140525108", "巴公镇", "township"),
  document("planner-1", "示例规划师 01", "planner"),
  document("project-3", "示例：丹河北石店—金村段农村生活污水治理", "project"),
];

const index = buildSearchIndex(DOCUMENTS);
const keys = (query: string, limit = 10) => searchIndex(index, query, limit).hits.map((hit) => hit.document.key);
const first = (query: string) => searchIndex(index, query, 1).hits[0];

describe("search normalisation", () => {
  it("trims, lowers and removes white space, and folds full-width letters", () => {
    expect(normaliseText("  Dong Jie ")).toBe("dongjie");
    expect(normaliseText("ＤＪＪＤ")).toBe("djjd");
  });

  it("reads ü as v and drops apostrophes in a pinyin query", () => {
    expect(normalisePinyinQuery("lü")).toBe("lv");
    expect(normalisePinyinQuery("xi'an")).toBe("xian");
  });

  it("gives pinyin syllables without tones and drops punctuation and spaces", () => {
    expect(pinyinSyllables("东街街道")).toEqual(["dong", "jie", "jie", "dao"]);
    expect(pinyinSyllables("示例规划师 01")).toEqual(["shi", "li", "gui", "hua", "shi", "0", "1"]);
    expect(pinyinSyllables("示例：丹河")).toEqual(["shi", "li", "dan", "he"]);
  });
});

describe("search matching and ranking", () => {
  it("finds 东街街道 by full pinyin, with or without spaces, and by initials", () => {
    expect(first("dongjie")).toMatchObject({ document: { key: "140502001" }, match: { tier: "prefix", via: "pinyin" } });
    expect(first("dong jie")?.document.key).toBe("140502001");
    expect(first("dongjiejiedao")).toMatchObject({ match: { tier: "exact", via: "pinyin" } });
    expect(first("djjd")).toMatchObject({ document: { key: "140502001" }, match: { tier: "exact", via: "initials" } });
  });

  it("ranks exact before prefix before substring, and higher levels first on a tie", () => {
    // 东街: prefix of the township and of 东街村 (a village, after it), substring of the other two.
    expect(keys("东街")).toEqual(["140502001", "140524104202", "140525109204", "140502006012"]);
    // 东街村 is the common name of 东街村委会: an exact match, ahead of the substring in 大阳东街村.
    expect(searchIndex(index, "东街村", 10).hits.map((hit) => [hit.document.key, hit.match.tier])).toEqual([
      ["140524104202", "exact"],
      ["140525109204", "substring"],
    ]);
  });

  it("ranks initials below full pinyin on the same tier", () => {
    // "zh" starts the full pinyin of 张村 (zhangcun) and the initials of 泽河村 (zhc): both prefixes, so the full
    // pinyin reading comes first even though 泽河村 is given the higher level here.
    const both = buildSearchIndex([document("a", "泽河村", "county"), document("b", "张村", "village")]);
    expect(searchIndex(both, "zh", 10).hits.map((hit) => [hit.document.key, hit.match.tier, hit.match.via])).toEqual([
      ["b", "prefix", "pinyin"],
      ["a", "prefix", "initials"],
    ]);
  });

  it("matches pinyin only from the start of a syllable", () => {
    expect(keys("jiedao")).toEqual(["140502001"]);
    expect(keys("ongjie")).toEqual([]);
  });

  it("matches a Chinese query against names only, never against pinyin", () => {
    expect(keys("东")).toHaveLength(4);
    expect(keys("洞")).toEqual([]);
  });

  it("finds planners and projects, digits included", () => {
    expect(first("示例规划师01")).toMatchObject({ document: { key: "planner-1" }, match: { tier: "exact", via: "name" } });
    expect(first("slghs01")).toMatchObject({ document: { key: "planner-1" }, match: { tier: "exact", via: "initials" } });
    expect(keys("污水")).toEqual(["project-3"]);
  });

  it("limits the hits but counts every match", () => {
    const result = searchIndex(index, "东街", 2);
    expect(result.hits).toHaveLength(2);
    expect(result.total).toBe(4);
  });

  it("reuses the pinyin of names it has seen when rebuilt with the same cache", () => {
    const cache = new Map<string, string[]>();
    const once = buildSearchIndex(DOCUMENTS, cache);
    expect(cache.get("东街村")).toEqual(["dong", "jie", "cun"]);
    cache.set("东街村", ["x"]);
    const again = buildSearchIndex(DOCUMENTS, cache);
    expect(again.documents.find((entry) => entry.document.key === "140524104202")!.pinyin).toBe("x");
    expect(once.documents.find((entry) => entry.document.key === "140524104202")!.pinyin).toBe("dongjiecun");
  });

  it("keeps in the cache only the names of the last build", () => {
    const cache = new Map<string, string[]>([["旧名村", ["jiu", "ming", "cun"]]]);
    buildSearchIndex(DOCUMENTS, cache);
    expect(cache.has("旧名村")).toBe(false);
    expect(cache.has("东街村")).toBe(true);
  });

  it("answers nothing for a query that normalises to nothing or matches nothing", () => {
    expect(searchIndex(index, "   ", 10)).toEqual({ total: 0, hits: [] });
    expect(searchIndex(index, "qqqq", 10)).toEqual({ total: 0, hits: [] });
    expect(searchIndex(buildSearchIndex([]), "东街", 10)).toEqual({ total: 0, hits: [] });
  });
});
