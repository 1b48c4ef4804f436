/**
 * The bureau's write API for planners and appointments, through the whole app: versions (ETag, If-Match, 428, 412),
 * the one-holder-per-post rule as a 409 naming the holder, reassignment in one transaction, who may call what, the
 * audit actor, and public answers that show a write at once.
 */
import type { InjectOptions } from "fastify";
import { describe, expect, it } from "vitest";
import type { Appointment } from "../../../server/src/contracts/appointments.ts";
import type { Planner } from "../../../server/src/contracts/planners.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { useSignedInApp } from "../auth/accounts.ts";

const PASSWORD = "writes password 123";
// The seat of 东街街道: with the built-in data the lookup answers at county level and lists 城区's townships.
const DONGJIE_SEAT = { lon: 112.846381, lat: 35.495141 };

describe.each(enabledBackends())("the bureau's write API for planners and appointments on %s", (backend) => {
  const session = useSignedInApp(backend, "writes", ["bureau", "leader"], PASSWORD);
  const { send } = session;

  async function newPlanner(name: string, extra: object = {}): Promise<Planner> {
    const response = await send("bureau", "POST", "/api/planners", { name, ...extra });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  /** A new area of its own (no other test holds its posts), for a test that needs an empty post. */
  async function newArea(code: string): Promise<number> {
    const [row] = await session.app.db.sql<{ id: number }[]>`insert into areas (code, name, kind) values (${code}, ${code}, 'township') returning id`;
    return row!.id;
  }

  async function appoint(body: object): Promise<Appointment> {
    const response = await send("bureau", "POST", "/api/appointments", body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  it("creates a planner with private contacts and publishes only the consented ones", async () => {
    const response = await send("bureau", "POST", "/api/planners", {
      name: "写入测试规划师甲",
      professionalTitle: "senior",
      contacts: { phone: "0356-555-0001", email: "jia@example.invalid" },
      publishConsent: ["email"],
    });
    expect(response.statusCode, response.body).toBe(201);
    const planner: Planner = response.json();
    expect(planner).toMatchObject({ name: "写入测试规划师甲", version: 1, publicContact: { email: "jia@example.invalid" }, contacts: { phone: "0356-555-0001" } });
    expect(response.headers.etag).toBe('"1"');
    expect(response.headers.location).toBe(`/api/planners/${planner.id}`);

    const read = await send("leader", "GET", `/api/planners/${planner.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    expect(read.json()).toEqual(planner);
  });

  it("changes a planner's profile and consent when If-Match names the current version", async () => {
    const planner = await newPlanner("写入测试规划师乙", { contacts: { phone: "0356-555-0002" } });
    const response = await send("bureau", "PATCH", `/api/planners/${planner.id}`, { organisation: "晋城市规划设计院", publishConsent: ["phone"] }, { "if-match": '"1"' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers.etag).toBe('"2"');
    expect(response.json()).toMatchObject({ organisation: "晋城市规划设计院", publicContact: { phone: "0356-555-0002" }, version: 2, name: "写入测试规划师乙" });
  });

  it("refuses consent to publish a contact the planner does not have", async () => {
    const response = await send("bureau", "POST", "/api/planners", { name: "写入测试规划师丙", publishConsent: ["wechat"] });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ type: "/problems/constraint-violated" });
  });

  it("asks for If-Match (428) and refuses a stale one with the current record (412), overwriting nothing", async () => {
    const planner = await newPlanner("写入测试规划师丁");
    const missing = await send("bureau", "PATCH", `/api/planners/${planner.id}`, { organisation: "甲" });
    expect(missing.statusCode).toBe(428);
    expect(missing.json()).toMatchObject({ type: "/problems/precondition-required", status: 428 });

    expect((await send("bureau", "PATCH", `/api/planners/${planner.id}`, { organisation: "乙" }, { "if-match": '"1"' })).statusCode).toBe(200);
    const stale = await send("bureau", "PATCH", `/api/planners/${planner.id}`, { organisation: "丙" }, { "if-match": '"1"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.headers.etag).toBe('"2"');
    expect(stale.json()).toMatchObject({ type: "/problems/precondition-failed", current: { id: planner.id, organisation: "乙", version: 2 } });
    expect((await send("bureau", "GET", `/api/planners/${planner.id}`)).json()).toMatchObject({ organisation: "乙", version: 2 });
  });

  it("appoints a planner to a vacant unit, and the public lookup and coverage show the holder at once", async () => {
    const [area] = await session.app.db.sql<{ id: number }[]>`select id from areas where code = 'township-140502006'`;
    const before = await session.app.inject(`/api/lookup?lon=${DONGJIE_SEAT.lon}&lat=${DONGJIE_SEAT.lat}&date=2024-01-01`);
    const unitBefore = before.json().countyTownships.find((township: { code: string }) => township.code === "140502006").unit;
    expect(unitBefore).toMatchObject({ status: "vacant", planner: null });
    const coverageBefore = (await session.app.inject("/api/coverage?date=2024-01-01")).json();

    const planner = await newPlanner("写入测试钟家庄规划师", { contacts: { phone: "0356-555-0006" }, publishConsent: ["phone"] });
    const appointment = await appoint({ plannerId: planner.id, areaId: area!.id, role: "unit", validFrom: "2023-09-01", selectionMethod: "open_recruitment", contractYears: 1 });
    expect(appointment).toMatchObject({ status: "active", validFrom: "2023-09-01", validTo: null, paid: true, version: 1 });

    const after = await session.app.inject(`/api/lookup?lon=${DONGJIE_SEAT.lon}&lat=${DONGJIE_SEAT.lat}&date=2024-01-01`);
    const unitAfter = after.json().countyTownships.find((township: { code: string }) => township.code === "140502006").unit;
    expect(unitAfter).toMatchObject({ status: "covered", appointedOn: "2023-09-01", planner: { name: "写入测试钟家庄规划师", publicContact: { phone: "0356-555-0006" } } });
    const coverageAfter = (await session.app.inject("/api/coverage?date=2024-01-01")).json();
    expect(coverageAfter.city.units.covered).toBe(coverageBefore.city.units.covered + 1);
  });

  it("refuses a second holder of a post over overlapping dates with a 409 naming the holder", async () => {
    const areaId = await newArea("writes-overlap");
    const first = await newPlanner("写入测试在任者");
    const second = await newPlanner("写入测试后来者");
    const holder = await appoint({ plannerId: first.id, areaId, role: "unit", validFrom: "2023-01-01", validTo: "2025-01-01" });
    const response = await send("bureau", "POST", "/api/appointments", { plannerId: second.id, areaId, role: "unit", validFrom: "2024-06-01" });
    expect(response.statusCode).toBe(409);
    const problem = response.json();
    expect(problem).toMatchObject({
      type: "/problems/appointment-overlaps",
      conflictingAppointment: { id: holder.id, plannerId: first.id, plannerName: "写入测试在任者", validFrom: "2023-01-01", validTo: "2025-01-01" },
    });
    expect(problem.detail).toContain("写入测试在任者");
    expect(problem.detail).not.toMatch(/exclusion|constraint|appointments_/);
    // A project post may have several planners at once.
    expect((await send("bureau", "POST", "/api/appointments", { plannerId: second.id, areaId, role: "project", validFrom: "2024-06-01" })).statusCode).toBe(201);
  });

  it("validates dates and references", async () => {
    const planner = await newPlanner("写入测试校验");
    const areaId = await newArea("writes-validation");
    const cases: [object, number, string][] = [
      [{ plannerId: planner.id, areaId, role: "unit", validFrom: "2023-02-29" }, 400, "validation-failed"],
      [{ plannerId: planner.id, areaId, role: "unit", validFrom: "2023-06-01", validTo: "2023-05-01" }, 422, "constraint-violated"],
      [{ plannerId: planner.id, areaId, role: "mayor", validFrom: "2023-06-01" }, 400, "validation-failed"],
      [{ plannerId: 999_999_999, areaId, role: "unit", validFrom: "2023-06-01" }, 422, "reference-not-found"],
      [{ plannerId: planner.id, areaId: 999_999_999, role: "unit", validFrom: "2023-06-01" }, 422, "reference-not-found"],
    ];
    for (const [body, status, type] of cases) {
      const response = await send("bureau", "POST", "/api/appointments", body);
      expect([response.statusCode, response.json().type], JSON.stringify(body)).toEqual([status, `/problems/${type}`]);
    }
    const appointment = await appoint({ plannerId: planner.id, areaId, role: "unit", validFrom: "2023-06-01" });
    const blank = await send("bureau", "POST", `/api/appointments/${appointment.id}/end`, { validTo: "2024-01-01", reason: "   " }, { "if-match": '"1"' });
    expect(blank.statusCode).toBe(400);
    const early = await send("bureau", "POST", `/api/appointments/${appointment.id}/end`, { validTo: "2023-06-01", reason: "合同到期" }, { "if-match": '"1"' });
    expect(early.json().type).toBe("/problems/constraint-violated");
  });

  it("ends an appointment with a date and a reason, once", async () => {
    const planner = await newPlanner("写入测试离任者");
    const areaId = await newArea("writes-end");
    const appointment = await appoint({ plannerId: planner.id, areaId, role: "unit", validFrom: "2023-06-01" });
    expect((await send("bureau", "POST", `/api/appointments/${appointment.id}/end`, { validTo: "2024-06-01", reason: "合同到期" })).statusCode).toBe(428);

    const response = await send("bureau", "POST", `/api/appointments/${appointment.id}/end`, { validTo: "2024-06-01", reason: "合同到期" }, { "if-match": '"1"' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers.etag).toBe('"2"');
    expect(response.json()).toMatchObject({ status: "ended", validTo: "2024-06-01", endReason: "合同到期", version: 2 });

    const stale = await send("bureau", "POST", `/api/appointments/${appointment.id}/end`, { validTo: "2024-05-01", reason: "再次" }, { "if-match": '"1"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().current).toMatchObject({ id: appointment.id, status: "ended", validTo: "2024-06-01", version: 2 });
    const again = await send("bureau", "POST", `/api/appointments/${appointment.id}/end`, { validTo: "2024-05-01", reason: "再次" }, { "if-match": '"2"' });
    expect(again.statusCode).toBe(409);
  });

  it("reassigns a post: the old appointment ends the day the new one starts, in one transaction", async () => {
    const outgoing = await newPlanner("写入测试前任");
    const incoming = await newPlanner("写入测试继任");
    const areaId = await newArea("writes-reassign");
    const appointment = await appoint({ plannerId: outgoing.id, areaId, role: "unit", validFrom: "2023-06-01" });
    const response = await send(
      "bureau",
      "POST",
      `/api/appointments/${appointment.id}/reassign`,
      { plannerId: incoming.id, validFrom: "2024-03-01", reason: "工作调动", contractYears: 1 },
      { "if-match": '"1"' },
    );
    expect(response.statusCode, response.body).toBe(200);
    const { ended, started } = response.json();
    expect(ended).toMatchObject({ id: appointment.id, status: "ended", validTo: "2024-03-01", endReason: "工作调动", version: 2 });
    expect(started).toMatchObject({ plannerId: incoming.id, areaId, role: "unit", validFrom: "2024-03-01", validTo: null, status: "active", version: 1 });
    expect(response.headers.etag).toBe('"1"');
    // Both rows were written by one transaction: their audit entries share its transaction id.
    const transactions = await session.app.db.sql<{ n: number }[]>`
      select count(distinct xmin::text)::int as n from appointments where id in (${ended.id}, ${started.id})`;
    expect(transactions[0]!.n).toBe(1);
  });

  it("rolls the ending back when the next holder cannot start", async () => {
    const holder = await newPlanner("写入测试留任");
    const later = await newPlanner("写入测试已定继任");
    const areaId = await newArea("writes-rollback");
    const appointment = await appoint({ plannerId: holder.id, areaId, role: "unit", validFrom: "2023-01-01", validTo: "2025-01-01" });
    const booked = await appoint({ plannerId: later.id, areaId, role: "unit", validFrom: "2025-01-01" });

    // An unknown planner (for the dates the post is free): the insert fails after the ending was written.
    const unknown = await send("bureau", "POST", `/api/appointments/${appointment.id}/reassign`, { plannerId: 999_999_999, validFrom: "2024-06-01", validTo: "2025-01-01", reason: "调动" }, { "if-match": '"1"' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().type).toBe("/problems/reference-not-found");
    // An open-ended successor runs into the holder already booked from 2025.
    const overlap = await send("bureau", "POST", `/api/appointments/${appointment.id}/reassign`, { plannerId: later.id, validFrom: "2024-06-01", reason: "调动" }, { "if-match": '"1"' });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().conflictingAppointment).toMatchObject({ id: booked.id, plannerName: "写入测试已定继任" });

    const unchanged = await send("bureau", "GET", `/api/appointments/${appointment.id}`);
    expect(unchanged.json()).toMatchObject({ status: "active", validTo: "2025-01-01", endReason: null, version: 1 });
    const rows = await session.app.db.sql<{ n: number }[]>`select count(*)::int as n from appointments where area_id = ${areaId}`;
    expect(rows[0]!.n).toBe(2);
  });

  it("lets leaders read and not write, and anonymous callers neither", async () => {
    const planner = await newPlanner("写入测试权限");
    const areaId = await newArea("writes-roles");
    const appointment = await appoint({ plannerId: planner.id, areaId, role: "unit", validFrom: "2023-06-01" });
    expect((await send("leader", "GET", `/api/planners/${planner.id}`)).statusCode).toBe(200);
    expect((await send("leader", "GET", `/api/appointments/${appointment.id}`)).statusCode).toBe(200);
    const writes: [InjectOptions["method"], string, object][] = [
      ["POST", "/api/planners", { name: "越权" }],
      ["PATCH", `/api/planners/${planner.id}`, { name: "越权" }],
      ["POST", "/api/appointments", { plannerId: planner.id, areaId, role: "project", validFrom: "2023-06-01" }],
      ["POST", `/api/appointments/${appointment.id}/end`, { validTo: "2024-01-01", reason: "越权" }],
      ["POST", `/api/appointments/${appointment.id}/reassign`, { plannerId: planner.id, validFrom: "2024-01-01", reason: "越权" }],
    ];
    for (const [method, url, body] of writes) {
      expect((await send("leader", method, url, body, { "if-match": '"1"' })).statusCode, `${method} ${url}`).toBe(403);
      expect((await send(undefined, method, url, body, { "if-match": '"1"' })).statusCode, `${method} ${url}`).toBe(401);
    }
    expect((await send(undefined, "GET", `/api/planners/${planner.id}`)).statusCode).toBe(401);
    expect((await send(undefined, "GET", `/api/appointments/${appointment.id}`)).statusCode).toBe(401);
    expect((await send("bureau", "GET", `/api/appointments/${appointment.id}`)).json()).toMatchObject({ version: 1, status: "active" });
  });

  it("lets only the bureau write planners and appointments (the role matrix walks these routes)", () => {
    const writes = session.app.routeAccess.filter((route) => /^\/api\/(planners|appointments)/.test(route.url) && route.method !== "GET" && route.method !== "HEAD");
    expect(writes.map((route) => `${route.method} ${route.url}`).sort()).toEqual([
      "PATCH /api/planners/:plannerId",
      "POST /api/appointments",
      "POST /api/appointments/:appointmentId/end",
      "POST /api/appointments/:appointmentId/reassign",
      "POST /api/appointments/:appointmentId/renew",
      "POST /api/planners",
    ]);
    expect(writes.map((route) => route.roles)).toEqual(writes.map(() => ["bureau"]));
  });

  it("records the signed-in user as the actor of every audited change", async () => {
    const planner = await newPlanner("写入测试审计");
    await send("bureau", "PATCH", `/api/planners/${planner.id}`, { education: "硕士" }, { "if-match": '"1"' });
    const areaId = await newArea("writes-audit");
    const appointment = await appoint({ plannerId: planner.id, areaId, role: "unit", validFrom: "2023-06-01" });
    await send("bureau", "POST", `/api/appointments/${appointment.id}/end`, { validTo: "2024-01-01", reason: "审计" }, { "if-match": '"1"' });
    const entries = await session.app.db.sql<{ tableName: string; action: string; actor: string }[]>`
      select table_name, action, actor from audit_log
      where (table_name = 'planners' and row_key = ${String(planner.id)}) or (table_name = 'appointments' and row_key = ${String(appointment.id)})
      order by id`;
    expect(entries).toEqual([
      { tableName: "planners", action: "insert", actor: "user:writes-bureau" },
      { tableName: "planners", action: "update", actor: "user:writes-bureau" },
      { tableName: "appointments", action: "insert", actor: "user:writes-bureau" },
      { tableName: "appointments", action: "update", actor: "user:writes-bureau" },
    ]);
  });
});
