import type { FastifyInstance } from "fastify";
import { describe, expect, it } from "vitest";
import { SearchResponse } from "../../../server/src/contracts/search.ts";
import { transaction } from "../../../server/src/db/database.ts";
import { useFreshApp } from "../../helpers/app.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { getPublicJson, PUBLIC_PLANNER_KEYS } from "../lookup/public-fields.ts";

type Result = SearchResponse["results"][number];
type DivisionHit = Extract<Result, { type: "division" }>;
type PlannerHit = Extract<Result, { type: "planner" }>;
type ProjectHit = Extract<Result, { type: "project" }>;

const TIERS = ["exact", "prefix", "substring"];
const LEVELS = ["city", "county", "township", "village"];

describe.each(enabledBackends())("search on %s", (backend) => {
  let app: FastifyInstance;
  useFreshApp(backend, (built) => {
    app = built;
  });

  /** GET /api/search, checked against the response schema, with public planner fields only. */
  const search = (query: string) => getPublicJson<SearchResponse>(app, `/api/search?${query}`, SearchResponse);
  const q = (text: string, extra = "") => search(`q=${encodeURIComponent(text)}${extra}`);

  it.each(["dongjie", "dong jie", "djjd", "DJJD", "东街"])("finds 东街街道 first for %s", async (text) => {
    const body = await q(text);
    expect(body.results[0]).toMatchObject({ type: "division", code: "140502001", name: "东街街道", level: "township" });
  });

  it("answers 东街街道 with its county and its unit planner today", async () => {
    const [first] = (await q("djjd")).results as DivisionHit[];
    expect(first).toMatchObject({ county: { code: "140502", name: "城区" }, township: null, match: { tier: "exact", via: "initials" } });
    expect(first!.unit).toMatchObject({ status: "covered", planner: { name: "示例规划师 10" } });
  });

  it("answers a community with its township and that township's unit planner, showing the official name", async () => {
    const body = await q("建设路社区");
    const community = (body.results as DivisionHit[]).find((result) => result.code === "140502001001");
    expect(community).toMatchObject({
      type: "division",
      name: "建设路社区居委会",
      level: "village",
      kind: "居",
      township: { code: "140502001", name: "东街街道", kind: "街道" },
      county: { code: "140502", name: "城区" },
      match: { tier: "exact", via: "name" },
    });
    expect(community!.unit).toMatchObject({ status: "covered", planner: { name: "示例规划师 10" } });
  });

  it("answers a village of a vacant township with the vacancy", async () => {
    const body = await q("东街村");
    const villages = (body.results as DivisionHit[]).filter((result) => result.name === "东街村委会");
    expect(villages.map((village) => village.township!.name).sort()).toEqual(["平城镇", "礼义镇"]);
    for (const village of villages) {
      expect(village.match.tier).toBe("exact");
      expect(village.unit).toMatchObject({ status: "vacant", vacant: true, planner: null });
    }
  });

  it("finds a planner by name with the posts held today, public fields only", async () => {
    const body = await q("示例规划师 09");
    const [first] = body.results as PlannerHit[];
    expect(first).toMatchObject({ type: "planner", planner: { name: "示例规划师 09" }, match: { tier: "exact", via: "name" } });
    expect(Object.keys(first!.planner).sort()).toEqual(PUBLIC_PLANNER_KEYS);
    // Reassigned from 东街街道 to 开发区街道 on 2023-06-01.
    expect(first!.posts).toEqual([{ role: "unit", area: { code: "township-140502009", name: "开发区街道", kind: "subdistrict" }, since: "2023-06-01" }]);
  });

  it("finds a project with its project planners", async () => {
    const body = await q("污水治理");
    const project = (body.results as ProjectHit[]).find((result) => result.type === "project");
    expect(project).toMatchObject({ name: "示例：丹河北石店—金村段农村生活污水治理", projectType: "污水治理", stage: "construction" });
    expect(project!.planners.map((planner) => planner.name)).toEqual(["示例规划师 27"]);
    expect(project!.location).toEqual({ lon: expect.any(Number), lat: expect.any(Number) });
  });

  it("ranks exact before prefix before substring, name and full pinyin before initials, higher levels first", async () => {
    const body = await q("d", "&limit=50");
    expect(body.results).toHaveLength(50);
    const keys = body.results.map((result) => {
      const level = result.type === "division" ? LEVELS.indexOf(result.level) : result.type === "planner" ? 4 : 5;
      return [TIERS.indexOf(result.match.tier), result.match.via === "initials" ? 1 : 0, level];
    });
    const sorted = [...keys].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!);
    expect(keys).toEqual(sorted);
    // 巴公: what people call the town 巴公镇 (exact, without its generic part), and a prefix of its villages.
    const bagong = await q("巴公");
    expect(bagong.results[0]).toMatchObject({ code: "140525108", name: "巴公镇", match: { tier: "exact" } });
    expect(bagong.results.slice(1).every((result) => result.type === "division" && result.level === "village")).toBe(true);
  });

  it("limits results to 10 by default and to limit when given, and counts every match", async () => {
    const many = await q("村");
    expect(many.results).toHaveLength(10);
    expect(many.total).toBeGreaterThan(1000);
    expect((await q("村", "&limit=50")).results).toHaveLength(50);
    expect((await q("村", "&limit=3")).results).toHaveLength(3);
  });

  it("answers no results for a query that matches nothing, even one that looks like SQL", async () => {
    expect(await q("'; drop table divisions; --")).toEqual({ query: "'; drop table divisions; --", total: 0, results: [], suggestions: [] });
    const [row] = await app.db.sql<{ n: number }[]>`select count(*)::int as n from divisions`;
    expect(row!.n).toBeGreaterThan(1800);
  });

  it("finds a planner added after the index was built (the index follows the data revision)", async () => {
    expect((await q("测试规划师甲")).total).toBe(0);
    await app.db.sql`insert into planners (name, organisation) values ('测试规划师甲', '测试单位')`;
    const body = await q("csghsj");
    expect(body.results[0]).toMatchObject({ type: "planner", planner: { name: "测试规划师甲", publicContact: {} }, posts: [] });
  });

  const namesVersion = async () => {
    const [row] = await app.db.sql<{ n: string }[]>`select number::text as n from search_names_version`;
    return BigInt(row!.n);
  };

  it("moves the names version when a name changes, and only then", async () => {
    const start = await namesVersion();
    await app.db.sql`update planners set office_hours = '周二上午', name = name where name = '示例规划师 10'`;
    await app.db.sql`update divisions set name = name where level = 'township'`;
    expect(await namesVersion()).toBe(start);
    await transaction(app.db.sql, async (tx) => {
      await tx`update planners set name = '示例规划师 10（改）' where name = '示例规划师 10'`;
      await tx`update projects set name = name || '（改）'`;
    });
    expect(await namesVersion()).toBe(start + 1n);
    await app.db.sql`delete from planners where name = '不存在的规划师'`;
    expect(await namesVersion()).toBe(start + 1n);
    await app.db.sql`insert into planners (name) values ('测试规划师乙')`;
    expect(await namesVersion()).toBe(start + 2n);
    await app.db.sql`delete from planners where name = '测试规划师乙'`;
    expect(await namesVersion()).toBe(start + 3n);
  });

  it("answers with the data as they are after a write that changes no name", async () => {
    const before = ((await q("djjd")).results as DivisionHit[])[0]!;
    expect(before.unit!.planner!.officeHours).not.toBe("每周三上午 测试");
    const version = await namesVersion();
    const [updated] = await app.db.sql`update planners set office_hours = '每周三上午 测试' where name = ${before.unit!.planner!.name} returning id`;
    expect(updated).toBeDefined();
    expect(await namesVersion()).toBe(version);
    const after = ((await q("djjd")).results as DivisionHit[])[0]!;
    expect(after).toMatchObject({ code: "140502001", pinyin: "Dongjie Jiedao", unit: { planner: { name: before.unit!.planner!.name, officeHours: "每周三上午 测试" } } });
  });

  it("finds a renamed township by its new name and no longer by its old one", async () => {
    expect((await q("巴公镇")).results[0]).toMatchObject({ name: "巴公镇" });
    await app.db.sql`update divisions set name = '巴公新镇' where name = '巴公镇' and level = 'township'`;
    expect((await q("巴公镇")).results.some((result) => (result as DivisionHit).name === "巴公镇")).toBe(false);
    expect((await q("bgxz")).results[0]).toMatchObject({ type: "division", name: "巴公新镇", level: "township", pinyin: "Bagongxin Zhen" });
  });

  it.each([
    [{}, "querystring.q"],
    [{ q: "" }, "querystring.q"],
    [{ q: "  " }, "querystring.q"],
    [{ q: "东".repeat(51) }, "querystring.q"],
    [{ q: "dongjie", limit: "0" }, "querystring.limit"],
    [{ q: "dongjie", limit: "51" }, "querystring.limit"],
    [{ q: "dongjie", limit: "ten" }, "querystring.limit"],
    [{ q: "dongjie", kind: "planner" }, "querystring.kind"],
  ])("rejects %j with a 400 problem naming %s", async (query, path) => {
    const response = await app.inject({ url: "/api/search", query });
    expect(response.statusCode).toBe(400);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    const body = response.json<{ type: string; errors: { path: string }[] }>();
    expect(body.type).toBe("/problems/validation-failed");
    expect(body.errors.map((error) => error.path)).toContain(path);
  });
});
