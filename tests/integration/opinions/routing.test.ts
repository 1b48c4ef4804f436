/**
 * Who receives an opinion (api.route_opinion, sql/functions/api/opinion_routing.sql), on past dates of the tests' own
 * posts: the unit planner; where that post is vacant, the county's chief planners (the seconded one first); where
 * those are vacant too, the city chief; where every post is vacant, the bureau. Outside Jincheng: nobody (refused).
 * The demo data's posts start on 2022-06-01, so every date here is before them and only the tests' posts count.
 */
import { describe, expect, it } from "vitest";
import { useFreshDatabase } from "../../helpers/databases.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { routeOpinion } from "../../../server/src/opinions/opinions.repo.ts";
import type { Sql } from "../../../server/src/db/database.ts";
import { appoint, areaId, ELSEWHERE_IN_CHENGQU, IN_CHENGQU, makePlanner, makeUnitArea, OUTSIDE_JINCHENG } from "./opinion-fixtures.ts";

describe.each(enabledBackends())("routing an opinion on %s", (backend) => {
  let sql: Sql;
  const planners = {} as Record<"unit" | "seconded" | "hired" | "city" | "groupUnit", number>;
  let unitArea: number;
  let groupArea: number;
  let countyArea: number;
  let cityArea: number;

  useFreshDatabase(backend, async (fresh) => {
    sql = fresh.database.sql;
    for (const key of Object.keys({ unit: 0, seconded: 0, hired: 0, city: 0, groupUnit: 0 }) as (keyof typeof planners)[]) {
      planners[key] = await makePlanner(sql, `路由测试 ${key}`);
    }
    unitArea = await makeUnitArea(sql, "routing-unit", IN_CHENGQU);
    // A larger unit area around it (a group of townships, say): the smaller held one answers first.
    groupArea = await makeUnitArea(sql, "routing-group", IN_CHENGQU, 0.03);
    countyArea = await areaId(sql, "county-140502");
    cityArea = await areaId(sql, "city-140500");
    await appoint(sql, planners.unit, unitArea, "unit", "2021-01-01", "2021-02-01");
    await appoint(sql, planners.groupUnit, groupArea, "unit", "2021-01-10", "2021-01-20");
    await appoint(sql, planners.seconded, countyArea, "chief_county_seconded", "2021-02-01", "2021-04-01");
    await appoint(sql, planners.hired, countyArea, "chief_county_hired", "2021-03-15", "2021-05-01");
    await appoint(sql, planners.city, cityArea, "chief_city", "2021-04-15", "2021-06-01");
  });

  const route = (place: { lon: number; lat: number }, on: string) => routeOpinion(sql, place, on);

  it("goes to the unit planner of the unit area that holds the point", async () => {
    expect(await route(IN_CHENGQU, "2021-01-05")).toEqual({
      countyCode: "140502", routedRole: "unit", routedPost: "unit", routedReason: "unit_post_held", plannerId: planners.unit, areaId: unitArea,
    });
    // Both areas hold the point and both posts are held: the smaller area answers.
    expect(await route(IN_CHENGQU, "2021-01-15")).toMatchObject({ routedRole: "unit", plannerId: planners.unit, areaId: unitArea });
  });

  it("prefers a held unit post to a vacant one where unit areas overlap", async () => {
    // Outside the small area, inside the group: the group's planner.
    const nearby = { lon: IN_CHENGQU.lon + 0.02, lat: IN_CHENGQU.lat };
    expect(await route(nearby, "2021-01-15")).toMatchObject({ routedRole: "unit", plannerId: planners.groupUnit, areaId: groupArea });
  });

  it("goes to the county's seconded chief when the unit post is vacant, and says why", async () => {
    expect(await route(IN_CHENGQU, "2021-02-15")).toEqual({
      countyCode: "140502", routedRole: "chief_county", routedPost: "chief_county_seconded", routedReason: "unit_post_vacant",
      plannerId: planners.seconded, areaId: countyArea,
    });
    // Both chiefs hold their posts: the seconded one, recorded first.
    expect(await route(IN_CHENGQU, "2021-03-20")).toMatchObject({ routedPost: "chief_county_seconded", plannerId: planners.seconded });
  });

  it("goes to the hired chief when only that county post is held", async () => {
    expect(await route(IN_CHENGQU, "2021-04-10")).toMatchObject({
      routedRole: "chief_county", routedPost: "chief_county_hired", plannerId: planners.hired, areaId: countyArea,
    });
  });

  it("goes to the county chiefs where no unit area holds the point", async () => {
    expect(await route(ELSEWHERE_IN_CHENGQU, "2021-02-15")).toMatchObject({
      countyCode: "140502", routedRole: "chief_county", routedReason: "no_unit_area", plannerId: planners.seconded,
    });
  });

  it("goes to the city chief when both county posts are vacant", async () => {
    expect(await route(IN_CHENGQU, "2021-05-10")).toEqual({
      countyCode: "140502", routedRole: "chief_city", routedPost: "chief_city", routedReason: "county_posts_vacant",
      plannerId: planners.city, areaId: cityArea,
    });
  });

  it("leaves it with the bureau when every post is vacant, never with nobody", async () => {
    expect(await route(IN_CHENGQU, "2021-06-10")).toEqual({
      countyCode: "140502", routedRole: "bureau", routedPost: null, routedReason: "city_post_vacant", plannerId: null, areaId: null,
    });
  });

  it("routes by today's posts when no date is given (the demo's county chief here, no township boundaries loaded)", async () => {
    const [today] = await sql<{ role: string; post: string; reason: string }[]>`
      select routed_role as role, routed_post as post, routed_reason as reason from api.route_opinion(${ELSEWHERE_IN_CHENGQU.lon}, ${ELSEWHERE_IN_CHENGQU.lat})`;
    expect(today).toEqual({ role: "chief_county", post: "chief_county_seconded", reason: "no_unit_area" });
  });

  it("routes nowhere outside Jincheng", async () => {
    expect(await route(OUTSIDE_JINCHENG, "2021-01-05")).toBeUndefined();
  });
});
