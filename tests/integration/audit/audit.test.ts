/**
 * History, as-of reads and undo through the whole app: changes made through the write API (planners, appointments)
 * and by SQL (an area and its member divisions), one change per transaction, undo as a new audited change that a
 * later change or a rule of the data can refuse (409), and public answers that show an undo at once.
 */
import { describe, expect, it } from "vitest";
import type { Appointment } from "../../../server/src/contracts/appointments.ts";
import type { AuditChange, AuditHistory, AuditRecord, UndoResult } from "../../../server/src/contracts/audit.ts";
import type { Planner } from "../../../server/src/contracts/planners.ts";
import { transaction } from "../../../server/src/db/database.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { useSignedInApp } from "../auth/accounts.ts";

const PASSWORD = "audit password 123";
// The seat of 东街街道: with the built-in data the lookup answers at county level and lists 城区's townships.
const DONGJIE_SEAT = { lon: 112.846381, lat: 35.495141 };

describe.each(enabledBackends())("history, as-of reads and undo on %s", (backend) => {
  const session = useSignedInApp(backend, "audit", ["bureau", "leader", "planner"], PASSWORD);
  const send = session.send;

  async function created<T>(url: string, body: object): Promise<T> {
    const response = await send("bureau", "POST", url, body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }
  const newPlanner = (name: string, extra: object = {}) => created<Planner>("/api/planners", { name, ...extra });
  const appoint = (body: object) => created<Appointment>("/api/appointments", body);

  async function newArea(code: string): Promise<number> {
    const [row] = await session.app.db.sql<{ id: number }[]>`insert into areas (code, name, kind) values (${code}, ${code}, 'township') returning id`;
    return row!.id;
  }

  async function history(resource: string, id: number): Promise<{ changes: AuditChange[]; etag: string }> {
    const response = await send("leader", "GET", `/api/audit?resource=${resource}&id=${id}`);
    expect(response.statusCode, response.body).toBe(200);
    const body: AuditHistory = response.json();
    return { changes: body.changes, etag: response.headers.etag as string };
  }

  /** Undoes the resource's last change as the bureau, with the ETag its history answers. */
  async function undo(resource: string, id: number) {
    const { etag } = await history(resource, id);
    return send("bureau", "POST", `/api/audit/${resource}/${id}/undo`, undefined, { "if-match": etag });
  }

  const asOf = (resource: string, id: number, at: string) => send("leader", "GET", `/api/audit/${resource}/${id}?at=${encodeURIComponent(at)}`);

  it("lists a planner's changes made through the API, newest first, with who, when, before and after", async () => {
    const created = await newPlanner("审计测试规划师甲", { organisation: "甲院" });
    const patched = await send("bureau", "PATCH", `/api/planners/${created.id}`, { organisation: "乙院", education: "硕士" }, { "if-match": '"1"' });
    expect(patched.statusCode, patched.body).toBe(200);

    const response = await send("bureau", "GET", `/api/audit?resource=planners&id=${created.id}`);
    expect(response.statusCode, response.body).toBe(200);
    const body: AuditHistory = response.json();
    expect(body).toMatchObject({ resource: "planners", id: created.id, nextBefore: null });
    const [update, insert] = body.changes;
    expect(body.changes).toHaveLength(2);
    expect(response.headers.etag).toBe(`"${update!.id}"`);
    expect(update!.id).toBeGreaterThan(insert!.id);
    expect(update).toMatchObject({ actor: "user:audit-bureau", alsoChanged: [] });
    expect(update!.rows).toEqual([
      expect.objectContaining({
        table: "planners",
        action: "update",
        before: expect.objectContaining({ organisation: "甲院", education: null, version: 1 }),
        after: expect.objectContaining({ organisation: "乙院", education: "硕士", version: 2 }),
        changedFields: ["education", "organisation"],
      }),
    ]);
    expect(insert!.rows).toEqual([expect.objectContaining({ action: "insert", before: null, after: expect.objectContaining({ name: "审计测试规划师甲", publishConsent: [] }) })]);
    expect(Date.parse(insert!.changedAt)).toBeLessThanOrEqual(Date.parse(update!.changedAt));
    expect(Math.abs(Date.parse(update!.changedAt) - Date.now())).toBeLessThan(60_000);
    // No secret and no database column name reaches the answer.
    expect(response.body).not.toMatch(/password|_hash|updated_at/);

    const paged = (await send("leader", "GET", `/api/audit?resource=planners&id=${created.id}&limit=1`)).json();
    expect(paged.changes.map((change: AuditChange) => change.id)).toEqual([update!.id]);
    expect(paged.nextBefore).toBe(update!.id);
    const next = (await send("leader", "GET", `/api/audit?resource=planners&id=${created.id}&limit=1&before=${paged.nextBefore}`)).json();
    expect(next.changes.map((change: AuditChange) => change.id)).toEqual([insert!.id]);
  });

  it("records a reassignment (one ended, one started) as one change", async () => {
    const [outgoing, incoming] = [await newPlanner("审计测试前任"), await newPlanner("审计测试继任")];
    const areaId = await newArea("audit-reassign-history");
    const appointment = await appoint({ plannerId: outgoing.id, areaId, role: "unit", validFrom: "2023-06-01" });
    const reassigned = await send("bureau", "POST", `/api/appointments/${appointment.id}/reassign`, { plannerId: incoming.id, validFrom: "2024-03-01", reason: "工作调动" }, { "if-match": '"1"' });
    expect(reassigned.statusCode, reassigned.body).toBe(200);
    const started: Appointment = reassigned.json().started;

    const [reassignment] = (await history("appointments", appointment.id)).changes;
    expect(reassignment!.rows).toEqual([expect.objectContaining({ action: "update", changedFields: ["endReason", "status", "validTo"] })]);
    expect(reassignment!.alsoChanged).toEqual([{ table: "appointments", resource: "appointments", count: 1, keys: [String(started.id)] }]);
    const [start] = (await history("appointments", started.id)).changes;
    expect(start!.id).toBe(reassignment!.id);
  });

  it("reads an area and its member divisions as of several times, from changes written by SQL", async () => {
    const areaId = await transaction(session.app.db.sql, async (tx) => {
      await tx`select set_config('app.actor', 'test:sql', true)`;
      const [row] = await tx<{ id: number }[]>`insert into areas (code, name, kind) values ('audit-area-as-of', '审计片区', 'belt') returning id`;
      await tx`insert into area_divisions (area_id, division_code, basis) values (${row!.id}, '140502001', '甲'), (${row!.id}, '140502002', '乙')`;
      return row!.id;
    });
    await transaction(session.app.db.sql, async (tx) => {
      await tx`select set_config('app.actor', 'test:sql-2', true)`;
      await tx`update areas set name = '审计片区（改）' where id = ${areaId}`;
      await tx`delete from area_divisions where area_id = ${areaId} and division_code = '140502002'`;
    });

    const { changes } = await history("areas", areaId);
    expect(changes.map((change) => change.actor)).toEqual(["test:sql-2", "test:sql"]);
    expect(changes[0]!.rows.map((row) => [row.table, row.action])).toEqual([
      ["areas", "update"],
      ["area_divisions", "delete"],
    ]);
    expect(changes[0]!.rows[1]!.before).toEqual({ areaId, divisionCode: "140502002", basis: "乙" });
    expect(changes[1]!.rows).toHaveLength(3);

    const first = await asOf("areas", areaId, changes[1]!.changedAt);
    expect(first.statusCode, first.body).toBe(200);
    const firstRecord: AuditRecord = first.json();
    expect(firstRecord).toMatchObject({ resource: "areas", id: areaId, at: changes[1]!.changedAt, change: { id: changes[1]!.id, actor: "test:sql" }, record: { name: "审计片区", code: "audit-area-as-of" } });
    expect(firstRecord.members.map((member) => member.divisionCode)).toEqual(["140502001", "140502002"]);

    const second: AuditRecord = (await asOf("areas", areaId, changes[0]!.changedAt)).json();
    expect(second).toMatchObject({ change: { id: changes[0]!.id }, record: { name: "审计片区（改）" } });
    expect(second.members.map((member) => member.divisionCode)).toEqual(["140502001"]);

    // A date is the end of that day in China time; the far future is now; before the area existed, nothing.
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect((await asOf("areas", areaId, today)).json()).toMatchObject({ record: { name: "审计片区（改）" } });
    expect((await asOf("areas", areaId, "2100-01-01T00:00:00Z")).json()).toMatchObject({ change: { id: changes[0]!.id } });
    const before = await asOf("areas", areaId, "2020-01-01");
    expect(before.statusCode).toBe(404);
    expect(before.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(before.json().detail).toContain("first recorded");
  });

  it("undoes an update as a new change by the signed-in user, and undoing that undo redoes it", async () => {
    const plannerRecord = await newPlanner("审计测试撤销修改", { organisation: "原单位" });
    expect((await send("bureau", "PATCH", `/api/planners/${plannerRecord.id}`, { organisation: "新单位" }, { "if-match": '"1"' })).statusCode).toBe(200);
    const { changes: [edit] } = await history("planners", plannerRecord.id);

    const response = await undo("planners", plannerRecord.id);
    expect(response.statusCode, response.body).toBe(200);
    const result: UndoResult = response.json();
    expect(result.undone).toBe(edit!.id);
    expect(result.change).toMatchObject({ actor: "user:audit-bureau", rows: [{ action: "update", before: { organisation: "新单位" }, after: { organisation: "原单位" } }] });
    expect(result.change.id).toBeGreaterThan(edit!.id);
    expect(response.headers.etag).toBe(`"${result.change.id}"`);
    // The version keeps rising, so an editor holding version 2 gets a 412, not a silent overwrite.
    expect((await send("bureau", "GET", `/api/planners/${plannerRecord.id}`)).json()).toMatchObject({ organisation: "原单位", version: 3 });

    const redo = await undo("planners", plannerRecord.id);
    expect(redo.statusCode, redo.body).toBe(200);
    expect((await send("bureau", "GET", `/api/planners/${plannerRecord.id}`)).json()).toMatchObject({ organisation: "新单位", version: 4 });
    expect((await history("planners", plannerRecord.id)).changes.map((change) => change.actor)).toEqual(Array(4).fill("user:audit-bureau"));
  });

  it("undoes a create: the planner is gone, and its history stays", async () => {
    const plannerRecord = await newPlanner("审计测试撤销新建");
    const response = await undo("planners", plannerRecord.id);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().change.rows).toEqual([expect.objectContaining({ action: "delete", after: null })]);
    expect((await send("bureau", "GET", `/api/planners/${plannerRecord.id}`)).statusCode).toBe(404);
    expect((await history("planners", plannerRecord.id)).changes).toHaveLength(2);
    expect((await asOf("planners", plannerRecord.id, "2100-01-01")).statusCode).toBe(404);
  });

  it("undoes a reassignment in one change: the old holder is back, the new appointment gone", async () => {
    const [outgoing, incoming] = [await newPlanner("审计测试撤销前任"), await newPlanner("审计测试撤销继任")];
    const areaId = await newArea("audit-undo-reassign");
    const appointment = await appoint({ plannerId: outgoing.id, areaId, role: "unit", validFrom: "2023-06-01" });
    const reassigned = await send("bureau", "POST", `/api/appointments/${appointment.id}/reassign`, { plannerId: incoming.id, validFrom: "2024-03-01", reason: "工作调动" }, { "if-match": '"1"' });
    const started: Appointment = reassigned.json().started;

    const response = await undo("appointments", appointment.id);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().change.alsoChanged).toEqual([{ table: "appointments", resource: "appointments", count: 1, keys: [String(started.id)] }]);
    expect((await send("bureau", "GET", `/api/appointments/${appointment.id}`)).json()).toMatchObject({ status: "active", validTo: null, endReason: null, version: 3 });
    expect((await send("bureau", "GET", `/api/appointments/${started.id}`)).statusCode).toBe(404);
    const [undoChange] = (await history("appointments", started.id)).changes;
    expect(undoChange).toMatchObject({ id: response.json().change.id, rows: [{ action: "delete" }] });
  });

  it("refuses with 409 an undo whose rows a later change wrote again, naming that change", async () => {
    const [outgoing, incoming] = [await newPlanner("审计测试依赖前任"), await newPlanner("审计测试依赖继任")];
    const areaId = await newArea("audit-later-change");
    const appointment = await appoint({ plannerId: outgoing.id, areaId, role: "unit", validFrom: "2023-06-01" });
    const started: Appointment = (
      await send("bureau", "POST", `/api/appointments/${appointment.id}/reassign`, { plannerId: incoming.id, validFrom: "2024-03-01", reason: "调动" }, { "if-match": '"1"' })
    ).json().started;
    const ended = await send("bureau", "POST", `/api/appointments/${started.id}/end`, { validTo: "2025-03-01", reason: "合同到期" }, { "if-match": '"1"' });
    expect(ended.statusCode, ended.body).toBe(200);
    const [ending] = (await history("appointments", started.id)).changes;

    const response = await undo("appointments", appointment.id);
    expect(response.statusCode).toBe(409);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    const problem = response.json();
    expect(problem).toMatchObject({
      type: "/problems/conflict",
      laterChange: { id: ending!.id, actor: "user:audit-bureau", changedAt: ending!.changedAt, resource: "appointments", key: String(started.id) },
    });
    expect(problem.detail).toContain(`change ${ending!.id}`);
    expect((await send("bureau", "GET", `/api/appointments/${appointment.id}`)).json()).toMatchObject({ status: "ended", version: 2 });
  });

  it("refuses with 409, in its own words, an undo that a reference or a post's one holder forbids", async () => {
    // The planner's creation cannot be undone once an appointment refers to the planner.
    const referred = await newPlanner("审计测试被引用");
    const areaId = await newArea("audit-reference");
    await appoint({ plannerId: referred.id, areaId, role: "unit", validFrom: "2023-06-01", validTo: "2024-01-01" });
    const reference = await undo("planners", referred.id);
    expect(reference.statusCode).toBe(409);
    expect(reference.json()).toMatchObject({ type: "/problems/conflict", table: "planners", key: String(referred.id) });
    expect(reference.json().detail).toContain("referred to");

    // Ending the first holder cannot be undone once another holds the post from that day.
    const holder = await appoint({ plannerId: referred.id, areaId, role: "unit", validFrom: "2024-01-01" });
    expect((await send("bureau", "POST", `/api/appointments/${holder.id}/end`, { validTo: "2025-01-01", reason: "到期" }, { "if-match": '"1"' })).statusCode).toBe(200);
    const next = await newPlanner("审计测试新在任");
    await appoint({ plannerId: next.id, areaId, role: "unit", validFrom: "2025-01-01" });
    const overlap = await undo("appointments", holder.id);
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().detail).toMatch(/overlap/);
    expect(`${reference.body}${overlap.body}`).not.toMatch(/violates|constraint|_fkey|appointments_no_overlapping/);
    expect((await send("bureau", "GET", `/api/appointments/${holder.id}`)).json()).toMatchObject({ status: "ended" });
  });

  it("undoes an area's change written by SQL, members included", async () => {
    const areaId = await transaction(session.app.db.sql, async (tx) => {
      await tx`select set_config('app.actor', 'test:sql', true)`;
      const [row] = await tx<{ id: number }[]>`insert into areas (code, name, kind) values ('audit-area-undo', '审计撤销片区', 'belt') returning id`;
      await tx`insert into area_divisions (area_id, division_code) values (${row!.id}, '140502001'), (${row!.id}, '140502002')`;
      return row!.id;
    });
    await transaction(session.app.db.sql, async (tx) => {
      await tx`select set_config('app.actor', 'test:sql', true)`;
      await tx`update areas set name = '审计撤销片区（改）', description = '改' where id = ${areaId}`;
      await tx`delete from area_divisions where area_id = ${areaId}`;
      await tx`insert into area_divisions (area_id, division_code) values (${areaId}, '140502003')`;
    });
    const response = await undo("areas", areaId);
    expect(response.statusCode, response.body).toBe(200);
    const [area] = await session.app.db.sql<{ name: string; description: string | null; members: string[] }[]>`
      select name, description, array(select division_code from area_divisions where area_id = a.id order by 1) as members
      from areas a where id = ${areaId}`;
    expect(area).toEqual({ name: "审计撤销片区", description: null, members: ["140502001", "140502002"] });
  });

  it("undoes a project's change written by SQL, its site restored exactly", async () => {
    const site = "SRID=4326;POLYGON((112.81 35.49,112.8123456789012 35.49,112.8123456789012 35.4923456789012,112.81 35.49))";
    const projectId = await transaction(session.app.db.sql, async (tx) => {
      await tx`select set_config('app.actor', 'test:sql', true)`;
      const [row] = await tx<{ id: number }[]>`
        insert into projects (name, project_type, stage, site) values ('审计测试项目', '城市更新', 'planning', ${site}::geometry) returning id`;
      return row!.id;
    });
    await transaction(session.app.db.sql, async (tx) => {
      await tx`select set_config('app.actor', 'test:sql', true)`;
      await tx`update projects set stage = 'design', site = ST_Buffer(site, 0.001) where id = ${projectId}`;
    });
    const [{ changes }, response] = [await history("projects", projectId), await undo("projects", projectId)];
    expect(changes[0]!.rows[0]!.changedFields).toEqual(["site", "stage"]);
    expect(response.statusCode, response.body).toBe(200);
    const [project] = await session.app.db.sql<{ stage: string; same: boolean }[]>`
      select stage, ST_AsEWKB(site) = ST_AsEWKB(${site}::geometry) as same from projects where id = ${projectId}`;
    expect(project).toEqual({ stage: "planning", same: true });
  });

  it("undoes changes made through the area and project routes", async () => {
    const belt = await created<{ id: number }>("/api/areas", { code: "audit-api-belt", name: "审计接口带", kind: "belt", members: ["140502001"] });
    const changed = await send("bureau", "PATCH", `/api/areas/${belt.id}`, { members: ["140502002", "140502003"] }, { "if-match": '"1"' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await undo("areas", belt.id)).statusCode).toBe(200);
    expect((await send("bureau", "GET", `/api/areas/${belt.id}`)).json()).toMatchObject({ members: ["140502001"], version: 3 });

    const project = await created<{ id: number; areaId: number }>("/api/projects", { name: "审计接口项目", projectType: "城市更新", site: { type: "Point", coordinates: [112.85, 35.49] } });
    const response = await undo("projects", project.id);
    expect(response.statusCode, response.body).toBe(200);
    expect((await send("bureau", "GET", `/api/projects/${project.id}`)).statusCode).toBe(404);
    const [left] = await session.app.db.sql<{ n: number }[]>`select count(*)::int as n from areas where id = ${project.areaId}`;
    expect(left!.n).toBe(0);
  });

  it("lets one of two undos at once through and refuses the other", async () => {
    const plannerRecord = await newPlanner("审计测试并发撤销", { organisation: "甲" });
    expect((await send("bureau", "PATCH", `/api/planners/${plannerRecord.id}`, { organisation: "乙" }, { "if-match": '"1"' })).statusCode).toBe(200);
    const { etag } = await history("planners", plannerRecord.id);
    const url = `/api/audit/planners/${plannerRecord.id}/undo`;
    const answers = await Promise.all([send("bureau", "POST", url, undefined, { "if-match": etag }), send("bureau", "POST", url, undefined, { "if-match": etag })]);
    const statuses = answers.map((answer) => answer.statusCode).sort();
    expect([[200, 409], [200, 412]], answers.map((answer) => answer.body).join("\n")).toContainEqual(statuses);
    expect((await send("bureau", "GET", `/api/planners/${plannerRecord.id}`)).json()).toMatchObject({ organisation: "甲", version: 3 });
  });

  it("shows an undo in the public lookup at once", async () => {
    const [area] = await session.app.db.sql<{ id: number }[]>`select id from areas where code = 'township-140502006'`;
    const unit = async () => {
      const response = await session.app.inject(`/api/lookup?lon=${DONGJIE_SEAT.lon}&lat=${DONGJIE_SEAT.lat}&date=2024-01-01`);
      return response.json().countyTownships.find((township: { code: string }) => township.code === "140502006").unit;
    };
    const revision = async () => (await session.app.db.sql<{ revision: string }[]>`select api.data_revision() as revision`)[0]!.revision;
    const holder = await newPlanner("审计测试钟家庄");
    const appointment = await appoint({ plannerId: holder.id, areaId: area!.id, role: "unit", validFrom: "2023-09-01" });
    expect(await unit()).toMatchObject({ status: "covered", planner: { name: "审计测试钟家庄" } });
    const before = await revision();

    expect((await undo("appointments", appointment.id)).statusCode).toBe(200);
    expect(await revision()).not.toBe(before);
    expect(await unit()).toMatchObject({ status: "vacant", planner: null });
  });

  it("asks for the history's ETag (428), refuses a stale one with the latest change (412)", async () => {
    const plannerRecord = await newPlanner("审计测试版本");
    const url = `/api/audit/planners/${plannerRecord.id}/undo`;
    const { etag } = await history("planners", plannerRecord.id);
    expect((await send("bureau", "POST", url)).statusCode).toBe(428);
    expect((await send("bureau", "PATCH", `/api/planners/${plannerRecord.id}`, { education: "博士" }, { "if-match": '"1"' })).statusCode).toBe(200);
    const stale = await send("bureau", "POST", url, undefined, { "if-match": etag });
    expect(stale.statusCode).toBe(412);
    const { changes } = await history("planners", plannerRecord.id);
    expect(stale.headers.etag).toBe(`"${changes[0]!.id}"`);
    expect(stale.json()).toMatchObject({ type: "/problems/precondition-failed", current: { id: changes[0]!.id, rows: [{ action: "update" }] } });
    expect((await send("bureau", "GET", `/api/planners/${plannerRecord.id}`)).json()).toMatchObject({ education: "博士" });
  });

  it("refuses to undo the built-in data load (it wrote more than the bureau's records)", async () => {
    const [seeded] = await session.app.db.sql<{ id: number }[]>`select id from planners where is_demo order by id limit 1`;
    const response = await undo("planners", seeded!.id);
    expect(response.statusCode).toBe(409);
    expect(response.json().tables).toContain("divisions");
    expect((await asOf("planners", seeded!.id, "2023-06-01")).statusCode).toBe(404);
  });

  it("lets bureau and leader read, only the bureau undo, and nobody else either", async () => {
    const plannerRecord = await newPlanner("审计测试权限");
    const reads = [`/api/audit?resource=planners&id=${plannerRecord.id}`, `/api/audit/planners/${plannerRecord.id}?at=2100-01-01`];
    for (const url of reads) {
      expect((await send("bureau", "GET", url)).statusCode, url).toBe(200);
      expect((await send("leader", "GET", url)).statusCode, url).toBe(200);
      expect((await send("planner", "GET", url)).statusCode, url).toBe(403);
      const anonymous = await send(undefined, "GET", url);
      expect([anonymous.statusCode, anonymous.json().type], url).toEqual([401, "/problems/unauthorized"]);
    }
    const undoUrl = `/api/audit/planners/${plannerRecord.id}/undo`;
    const { etag } = await history("planners", plannerRecord.id);
    expect((await send("leader", "POST", undoUrl, undefined, { "if-match": etag })).statusCode).toBe(403);
    expect((await send(undefined, "POST", undoUrl, undefined, { "if-match": etag })).statusCode).toBe(401);
    expect(session.app.routeAccess.filter((route) => route.url.startsWith("/api/audit") && route.method === "POST").map((route) => route.roles)).toEqual([["bureau"]]);
  });

  it("answers a bad resource, id or time with 400 and an unknown record with 404, as problems", async () => {
    const cases: [string, number, string][] = [
      ["/api/audit?resource=users&id=1", 400, "validation-failed"],
      ["/api/audit?resource=planners&id=0", 400, "validation-failed"],
      ["/api/audit?resource=planners&id=abc", 400, "validation-failed"],
      ["/api/audit?resource=planners", 400, "validation-failed"],
      ["/api/audit?resource=planners&id=1&limit=1001", 400, "validation-failed"],
      ["/api/audit?resource=planners&id=999999999", 404, "not-found"],
      ["/api/audit/users/1?at=2024-01-01", 400, "validation-failed"],
      ["/api/audit/planners/1?at=2023-02-29", 400, "validation-failed"],
      ["/api/audit/planners/1?at=yesterday", 400, "validation-failed"],
      ["/api/audit/planners/1?at=2024-01-01T10:00:00", 400, "validation-failed"],
      ["/api/audit/planners/1", 400, "validation-failed"],
      ["/api/audit/planners/999999999?at=2024-01-01", 404, "not-found"],
    ];
    for (const [url, status, type] of cases) {
      const response = await send("leader", "GET", url);
      expect([response.statusCode, response.json().type], url).toEqual([status, `/problems/${type}`]);
      expect(response.headers["content-type"], url).toMatch(/^application\/problem\+json/);
    }
    const unknown = await send("bureau", "POST", "/api/audit/projects/999999999/undo", undefined, { "if-match": '"1"' });
    expect([unknown.statusCode, unknown.json().type]).toEqual([404, "/problems/not-found"]);
  });
});
