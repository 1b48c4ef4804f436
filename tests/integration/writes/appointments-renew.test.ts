/**
 * POST /api/appointments/{appointmentId}/renew through the whole app: one more contract year on the version named
 * by If-Match (428 without, 412 with the current appointment when stale), at most ten (422 beyond), only for an
 * active appointment (409), only for the bureau, and logged as the user who asked.
 */
import { describe, expect, it } from "vitest";
import type { Appointment } from "../../../server/src/contracts/appointments.ts";
import type { AuditHistory } from "../../../server/src/contracts/audit.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { useSignedInApp } from "../auth/accounts.ts";

const PASSWORD = "renew password 123";

describe.each(enabledBackends())("renewing an appointment on %s", (backend) => {
  const session = useSignedInApp(backend, "renew", ["bureau", "leader"], PASSWORD);
  const { send } = session;
  let areaCount = 0;

  /** A new planner in the unit post of a new area of its own (no other test holds it), with these terms. */
  async function newAppointment(terms: object): Promise<Appointment> {
    areaCount += 1;
    const code = `renew-area-${areaCount}`;
    const [area] = await session.app.db.sql<{ id: number }[]>`insert into areas (code, name, kind) values (${code}, ${code}, 'township') returning id`;
    const planner = await send("bureau", "POST", "/api/planners", { name: `续聘测试规划师${areaCount}` });
    expect(planner.statusCode, planner.body).toBe(201);
    const response = await send("bureau", "POST", "/api/appointments", { plannerId: planner.json().id, areaId: area!.id, role: "unit", validFrom: "2024-03-01", ...terms });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  const renew = (appointmentId: number, etag?: string, role: "bureau" | "leader" = "bureau") =>
    send(role, "POST", `/api/appointments/${appointmentId}/renew`, undefined, etag === undefined ? {} : { "if-match": etag });

  it("adds one contract year and answers the appointment with its new ETag, changing nothing else", async () => {
    const appointment = await newAppointment({ contractYears: 1, selectionMethod: "open_recruitment" });
    const response = await renew(appointment.id, '"1"');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers.etag).toBe('"2"');
    const { updatedAt: _before, ...unchanged } = appointment;
    expect(response.json()).toMatchObject({ ...unchanged, contractYears: 2, version: 2 });
    expect((await send("leader", "GET", `/api/appointments/${appointment.id}`)).json()).toMatchObject({ contractYears: 2, version: 2 });
  });

  it("counts the first contract year of an appointment that had none", async () => {
    const appointment = await newAppointment({});
    expect(appointment.contractYears).toBeNull();
    const response = await renew(appointment.id, '"1"');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ contractYears: 1 });
  });

  it("refuses an eleventh contract year with a 422, and leaves the tenth", async () => {
    const appointment = await newAppointment({ contractYears: 9 });
    expect((await renew(appointment.id, '"1"')).json()).toMatchObject({ contractYears: 10 });
    const response = await renew(appointment.id, '"2"');
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ type: "/problems/constraint-violated" });
    expect(response.json().detail).toContain("10");
    expect((await send("bureau", "GET", `/api/appointments/${appointment.id}`)).json()).toMatchObject({ contractYears: 10, version: 2 });
  });

  it("asks for If-Match (428) and refuses a stale one with the current appointment (412)", async () => {
    const appointment = await newAppointment({ contractYears: 1 });
    const missing = await renew(appointment.id);
    expect(missing.statusCode).toBe(428);
    expect(missing.json()).toMatchObject({ type: "/problems/precondition-required" });

    expect((await renew(appointment.id, '"1"')).statusCode).toBe(200);
    const stale = await renew(appointment.id, '"1"');
    expect(stale.statusCode).toBe(412);
    expect(stale.headers.etag).toBe('"2"');
    expect(stale.json()).toMatchObject({ type: "/problems/precondition-failed", current: { id: appointment.id, contractYears: 2, version: 2 } });
  });

  it("refuses to renew an appointment that has ended (409) or does not exist (404)", async () => {
    const appointment = await newAppointment({ contractYears: 1 });
    const ended = await send("bureau", "POST", `/api/appointments/${appointment.id}/end`, { validTo: "2025-03-01", reason: "合同期满" }, { "if-match": '"1"' });
    expect(ended.statusCode, ended.body).toBe(200);
    const response = await renew(appointment.id, ended.headers.etag as string);
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ type: "/problems/conflict" });
    expect((await renew(2 ** 31 - 1, '"1"')).statusCode).toBe(404);
  });

  it("lets only the bureau renew, and logs the renewal as the user who asked", async () => {
    const appointment = await newAppointment({ contractYears: 2 });
    const byLeader = await renew(appointment.id, '"1"', "leader");
    expect(byLeader.statusCode).toBe(403);
    expect((await send(undefined, "POST", `/api/appointments/${appointment.id}/renew`, undefined, { "if-match": '"1"' })).statusCode).toBe(401);

    expect((await renew(appointment.id, '"1"')).statusCode).toBe(200);
    const history: AuditHistory = (await send("leader", "GET", `/api/audit?resource=appointments&id=${appointment.id}`)).json();
    const latest = history.changes[0]!;
    expect(latest.actor).toBe("user:renew-bureau");
    expect(latest.rows[0]).toMatchObject({ action: "update", changedFields: ["contractYears"], before: { contractYears: 2 }, after: { contractYears: 3 } });
  });
});
