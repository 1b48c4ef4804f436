/**
 * GET /api/areas?date= — the bureau's area list as of a day: who held each post then (by the appointments' own
 * dates), and only the areas in force then; without a date, every area (retired ones too) with today's holders.
 * On the demo data: 东街街道's unit post passed from 示例规划师 09 to 示例规划师 10 on 2023-06-01, and 开发区街道
 * was vacant before that day.
 */
import { describe, expect, it } from "vitest";
import type { AreaList } from "../../../server/src/contracts/areas.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { useSignedInApp } from "../auth/accounts.ts";

const PASSWORD = "area list date password 1234";

type ListedArea = AreaList["areas"][number];

describe.each(enabledBackends())("the area list as of a date on %s", (backend) => {
  const session = useSignedInApp(backend, "area-list-date", ["bureau", "leader"], PASSWORD);

  async function list(query = ""): Promise<Map<string, ListedArea>> {
    const response = await session.send("leader", "GET", `/api/areas${query}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers["cache-control"]).toBe("no-store");
    return new Map((response.json() as AreaList).areas.map((area) => [area.code, area]));
  }
  const holderNames = (area: ListedArea | undefined) => area?.holders.map((holder) => `${holder.role}:${holder.name}`);

  it("names who held the posts on a past date, and today's holders without one", async () => {
    const before = await list("?date=2023-05-31");
    expect(holderNames(before.get("township-140502001"))).toEqual(["unit:示例规划师 09"]);
    expect(holderNames(before.get("township-140502009"))).toEqual([]);

    const after = await list("?date=2023-06-01");
    expect(holderNames(after.get("township-140502001"))).toEqual(["unit:示例规划师 10"]);
    expect(holderNames(after.get("township-140502009"))).toEqual(["unit:示例规划师 09"]);

    const today = await list();
    expect(holderNames(today.get("township-140502001"))).toEqual(["unit:示例规划师 10"]);
    // Before the programme began nobody held any post.
    expect([...(await list("?date=2021-01-01")).values()].every((area) => area.holders.length === 0)).toBe(true);
  });

  it("leaves out the areas retired by the date, and lists them, marked, without one", async () => {
    // A belt (belts may overlap anything) drawn inside 城区, retired from 2024-01-01.
    const created = await session.send("bureau", "POST", "/api/areas", {
      code: "test-list-retired",
      name: "测试按日撤销",
      kind: "belt",
      geometry: { type: "Polygon", coordinates: [[[112.84, 35.56], [112.85, 35.56], [112.85, 35.57], [112.84, 35.57], [112.84, 35.56]]] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const area = created.json();
    const retired = await session.send("bureau", "POST", `/api/areas/${area.id}/retire`, { on: "2024-01-01", reason: "测试：按日期列出" }, { "if-match": `"${area.version}"` });
    expect(retired.statusCode, retired.body).toBe(200);

    expect((await list("?date=2023-12-31")).get("test-list-retired")).toMatchObject({ retiredOn: "2024-01-01" });
    expect((await list("?date=2024-01-01")).has("test-list-retired")).toBe(false);
    expect((await list()).get("test-list-retired")).toMatchObject({ retiredOn: "2024-01-01", holders: [] });
  });

  it("refuses a date that is not a real day, and anyone not signed in", async () => {
    const bad = await session.send("leader", "GET", "/api/areas?date=2023-02-30");
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ type: "/problems/validation-failed" });
    expect((await session.send("leader", "GET", "/api/areas?day=2023-01-01")).statusCode).toBe(400);
    expect((await session.send(undefined, "GET", "/api/areas?date=2023-01-01")).statusCode).toBe(401);
  });
});
