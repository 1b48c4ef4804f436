import { describe, expect, it } from "vitest";
import { enabledBackends } from "../../helpers/backends.ts";
import { useFreshDatabase } from "../../helpers/databases.ts";

interface UnitRow {
  divisionCode: string;
  required: boolean;
  status: string;
  plannerId: number | null;
  vacantSince: Date | null;
}

describe.each(enabledBackends())("coverage rules on %s", (backend) => {
  let townshipArea: number;
  let planners: number[];
  const db = useFreshDatabase(backend, async ({ database: { sql } }) => {
    // A unit of its own, away from the demo set: a new area on 古郊乡's neighbour would collide, so take the demo
    // area off 西上庄街道 and build the history there from scratch.
    await sql`delete from area_divisions where division_code = '140502007'`;
    const [area] = await sql<{ id: number }[]>`insert into areas (code, name, kind) values ('test-coverage', '测试责任区', 'subdistrict') returning id`;
    townshipArea = area!.id;
    await sql`insert into area_divisions (area_id, division_code) values (${townshipArea}, '140502007')`;
    planners = (await sql<{ id: number }[]>`insert into planners (name) values ('测试甲'), ('测试乙') returning id`).map((row) => row.id);
    await sql`insert into appointments (planner_id, area_id, role, valid_from, valid_to, status)
              values (${planners[0]!}, ${townshipArea}, 'unit', '2022-07-01', '2023-03-01', 'ended'),
                     (${planners[1]!}, ${townshipArea}, 'unit', '2023-06-01', null, 'active')`;
  });

  async function unit(code: string, date: string): Promise<UnitRow> {
    const [row] = await db.database.sql<UnitRow[]>`
      select division_code, required, status, planner_id, vacant_since from api.unit_coverage(${date}::date) where division_code = ${code}`;
    return row!;
  }

  it("gives every one of the 77 townships one row", async () => {
    const [row] = await db.database.sql<{ n: number }[]>`select count(*)::int as n from api.unit_coverage('2024-01-01')`;
    expect(row!.n).toBe(77);
  });

  it("does not require any unit before the pilot", async () => {
    const rows = await db.database.sql<{ status: string }[]>`select distinct status from api.unit_coverage('2022-01-01')`;
    expect(rows.map((r) => r.status)).toEqual(["not_required"]);
  });

  it("requires the central urban area from the pilot and the rest from the full-rollout phase", async () => {
    expect(await unit("140502007", "2022-06-01")).toMatchObject({ required: true, status: "vacant" });
    expect(await unit("140521100", "2022-06-01")).toMatchObject({ required: false });
    expect(await unit("140521100", "2023-01-01")).toMatchObject({ required: true });
  });

  it("answers who covered a unit on a past date, and since when it was vacant between appointments", async () => {
    expect(await unit("140502007", "2022-09-01")).toMatchObject({ status: "covered", plannerId: planners[0] });
    const between = await unit("140502007", "2023-04-01");
    expect(between.status).toBe("vacant");
    expect(between.vacantSince?.toISOString().slice(0, 10)).toBe("2023-03-01");
    expect(await unit("140502007", "2024-01-01")).toMatchObject({ status: "covered", plannerId: planners[1] });
  });

  it("counts a county as covered only when both chief posts are filled", async () => {
    const rows = await db.database.sql<{ countyCode: string; covered: boolean; secondedPlannerId: number | null; hiredPlannerId: number | null }[]>`
      select * from api.county_chief_posts('2024-01-01') order by county_code`;
    expect(rows).toHaveLength(6);
    for (const row of rows) expect(row.covered).toBe(row.secondedPlannerId !== null && row.hiredPlannerId !== null);
    expect(rows.some((row) => row.covered)).toBe(true);
    expect(rows.some((row) => !row.covered)).toBe(true);
  });
});
