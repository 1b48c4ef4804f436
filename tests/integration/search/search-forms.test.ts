/**
 * What residents type that is not the official name: the city, the generic parts people say instead of the official
 * one, in both directions and in pinyin; the nearest names when nothing matches; where a village is shown; the pinyin
 * of place names for English. On both backends.
 */
import type { FastifyInstance } from "fastify";
import { describe, expect, it } from "vitest";
import { PlaceNamesResponse, SearchResponse } from "../../../server/src/contracts/search.ts";
import { useFreshApp } from "../../helpers/app.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { getPublicJson } from "../lookup/public-fields.ts";

type Result = SearchResponse["results"][number];
type DivisionHit = Extract<Result, { type: "division" }>;

describe.each(enabledBackends())("search forms on %s", (backend) => {
  let app: FastifyInstance;
  useFreshApp(backend, (built) => {
    app = built;
  });

  const q = (text: string) => getPublicJson<SearchResponse>(app, `/api/search?q=${encodeURIComponent(text)}`, SearchResponse);
  const exactCodes = (body: SearchResponse) =>
    (body.results as DivisionHit[]).filter((result) => result.match.tier === "exact").map((result) => result.code);

  it.each(["晋城", "晋城市", "晋城市政府", "jincheng", "Jin Cheng Shi"])("finds the city for %s, as the whole city", async (text) => {
    const [first] = (await q(text)).results as DivisionHit[];
    expect(first).toMatchObject({
      type: "division",
      code: "140500",
      name: "晋城市",
      level: "city",
      kind: "市",
      pinyin: "Jincheng Shi",
      county: null,
      township: null,
      unit: null,
      chiefPosts: null,
      locationBasis: "inside",
      match: { tier: "exact" },
    });
    expect(first!.location).toEqual({ lon: expect.any(Number), lat: expect.any(Number) });
  });

  it.each([
    ["北石店镇", "140502100"],
    ["北石店镇政府", "140502100"],
    ["北石店乡政府", "140502100"],
    ["北石店镇人民政府", "140502100"],
    ["beishidianzhenzhengfu", "140502100"],
    ["东街街道办", "140502001"],
    ["东街街道办事处", "140502001"],
    ["泽州县政府", "140525"],
    ["城区政府", "140502"],
  ])("finds %s: a long form finds the short name", async (text, code) => {
    const body = await q(text);
    expect(body.results[0]).toMatchObject({ code, match: { tier: "exact" } });
  });

  it.each(["北石店村", "北石店村委会", "北石店社区", "北石店居委会", "北石店社区居委会", "beishidiancun"])(
    "finds the community 北石店社区居委会 for %s",
    async (text) => {
      expect(exactCodes(await q(text))).toContain("140502100008");
    },
  );

  it("finds a village by its short name and by its committee's, 东街 finds 东街街道 and 东街村委会 exactly", async () => {
    const byCommittee = (await q("东街村民委员会")).results as DivisionHit[];
    expect(byCommittee.length).toBeGreaterThan(0);
    expect(byCommittee.every((result) => result.name === "东街村委会" && result.match.tier === "exact")).toBe(true);
    const short = await q("东街");
    expect(short.results[0]).toMatchObject({ code: "140502001", match: { tier: "exact" } });
    expect(exactCodes(short)).toEqual(expect.arrayContaining(["140502001"]));
  });

  it("suggests the nearest names when nothing matches, in Chinese and in pinyin", async () => {
    const chinese = await q("北时店镇");
    expect(chinese.total).toBe(0);
    expect(chinese.results).toEqual([]);
    expect(chinese.suggestions[0]).toMatchObject({ type: "division", code: "140502100", name: "北石店镇", match: { tier: "similar", via: "name" } });
    expect(chinese.suggestions.length).toBeLessThanOrEqual(5);
    const pinyin = await q("beishidain");
    expect(pinyin.total).toBe(0);
    expect(pinyin.suggestions.map((result) => (result as DivisionHit).name)).toContain("北石店镇");
    expect(pinyin.suggestions[0]!.match).toEqual({ tier: "similar", via: "pinyin" });
    expect(new Set(pinyin.suggestions.map((result) => result.key)).size).toBe(pinyin.suggestions.length);
  });

  it("suggests nothing when something matches, or when no name is near", async () => {
    expect((await q("北石店")).suggestions).toEqual([]);
    expect(await q("qqqqxxxx")).toEqual({ query: "qqqqxxxx", total: 0, results: [], suggestions: [] });
  });

  it("says a village is placed at its township's seat, and a township at its own", async () => {
    await app.db.sql`
      insert into divisions (code, name, level, kind, parent_code, seat, seat_source)
      values ('140502990', '试驻地镇', 'township', '镇', '140502', ST_SetSRID(ST_MakePoint(112.85, 35.5), 4326), 'test')`;
    await app.db.sql`insert into divisions (code, name, level, kind, parent_code) values ('140502990201', '试驻地村委会', 'village', '村', '140502990')`;
    const township = ((await q("试驻地镇政府")).results as DivisionHit[])[0];
    expect(township).toMatchObject({ code: "140502990", locationBasis: "seat", location: { lon: 112.85, lat: 35.5 } });
    const village = ((await q("试驻地村")).results as DivisionHit[]).find((result) => result.code === "140502990201");
    expect(village).toMatchObject({ locationBasis: "township-seat", location: { lon: 112.85, lat: 35.5 }, pinyin: "Shizhudi Cun" });
  });

  it("has no location basis for a place without a location (built-in townships)", async () => {
    const [first] = (await q("北石店村")).results as DivisionHit[];
    expect(first).toMatchObject({ location: null, locationBasis: null });
  });

  it("gives the pinyin of the city's, counties' and townships' names for English", async () => {
    const body = await getPublicJson<PlaceNamesResponse>(app, "/api/place-names", PlaceNamesResponse);
    expect(body.names).toMatchObject({ 晋城市: "Jincheng Shi", 城区: "Chengqu", 泽州县: "Zezhou Xian", 北石店镇: "Beishidian Zhen", 东街街道: "Dongjie Jiedao" });
    expect(Object.keys(body.names).length).toBeGreaterThanOrEqual(84);
    expect(body.names).not.toHaveProperty("东街村委会");
  });
});
