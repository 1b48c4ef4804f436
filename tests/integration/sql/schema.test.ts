import { describe, expect, it } from "vitest";
import { transaction } from "../../../server/src/db/database.ts";
import { migrate } from "../../../server/src/db/migrate.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { useFreshDatabase } from "../../helpers/databases.ts";

describe.each(enabledBackends())("schema on %s", (backend) => {
  const db = useFreshDatabase(backend);

  it("records every migration once and re-running migrate applies nothing, not even the unchanged functions", async () => {
    const before = await db.database.sql<{ version: string }[]>`select version from schema_migrations order by version`;
    expect(before.map((row) => row.version)).toContain("0001_create_domain");
    const report = await migrate(db.database.sql);
    expect(report.applied).toEqual([]);
    expect(report.alreadyApplied).toBe(before.length);
    expect(report.functions).toBe(0);
  });

  it("runs on the PostGIS the backend promises", async () => {
    const [row] = await db.database.sql<{ version: string; server: number }[]>`
      select postgis_lib_version() as version, current_setting('server_version_num')::int as server`;
    if (backend === "pglite") expect(row!.server).toBeGreaterThanOrEqual(180000);
    expect(row!.version).toMatch(/^3\.\d+/);
  });

  it("refuses two overlapping active unit appointments on one area and keeps the first", async () => {
    const sql = db.database.sql;
    const [planner] = await sql<{ id: number }[]>`insert into planners (name) values ('测试规划师 overlap') returning id`;
    const [area] = await sql<{ id: number }[]>`insert into areas (code, name, kind) values ('test-overlap', '测试责任区', 'township') returning id`;
    await sql`insert into appointments (planner_id, area_id, role, valid_from, valid_to) values (${planner!.id}, ${area!.id}, 'unit', '2022-06-01', '2024-06-01')`;
    await expect(
      sql`insert into appointments (planner_id, area_id, role, valid_from) values (${planner!.id}, ${area!.id}, 'unit', '2023-01-01')`,
    ).rejects.toMatchObject({ code: "23P01" });
    // Back to back is a reassignment, not an overlap.
    await sql`insert into appointments (planner_id, area_id, role, valid_from) values (${planner!.id}, ${area!.id}, 'unit', '2024-06-01')`;
    // A project planner beside the unit planner is allowed.
    await sql`insert into appointments (planner_id, area_id, role, valid_from) values (${planner!.id}, ${area!.id}, 'project', '2023-01-01')`;
    const [count] = await sql<{ n: number }[]>`select count(*)::int as n from appointments where area_id = ${area!.id}`;
    expect(count!.n).toBe(3);
  });

  it("writes who, when, before and after of every change to the audit log", async () => {
    const sql = db.database.sql;
    await transaction(sql, async (tx) => {
      await tx`select set_config('app.actor', 'test:auditor', true)`;
      await tx`update divisions set name = '东街街道（测试）' where code = '140502001'`;
    });
    const [entry] = await sql<{ actor: string; action: string; before: { name: string }; after: { name: string } }[]>`
      select actor, action, before, after from audit_log where table_name = 'divisions' and row_key = '140502001' order by id desc limit 1`;
    expect(entry).toMatchObject({ actor: "test:auditor", action: "update" });
    expect(entry!.before.name).toBe("东街街道");
    expect(entry!.after.name).toBe("东街街道（测试）");
  });
});
