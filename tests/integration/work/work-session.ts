/**
 * A fresh app for the work-record and evaluation tests: a signed-in bureau and leader, planners of the test's own
 * (each with a planner account, signed in), areas of its own, and points inside each county, read from the data.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import { createAccount } from "../../../server/src/auth/accounts.repo.ts";
import { hashPassword } from "../../../server/src/auth/passwords.ts";
import type { Appointment } from "../../../server/src/contracts/appointments.ts";
import type { BackendName } from "../../helpers/backends.ts";
import { OWN_ORIGIN, useSignedInApp } from "../auth/accounts.ts";

const PASSWORD = "work password 1234";

/** A caller: the bureau, a leader, a planner's session cookie, or nobody. */
type Caller = "bureau" | "leader" | { cookie: string } | undefined;

export interface TestPlanner {
  id: number;
  name: string;
  cookie: { cookie: string };
}

export interface County {
  code: string;
  name: string;
  /** A point inside the county's boundary. */
  point: { lon: number; lat: number };
}

export interface WorkSession {
  readonly app: FastifyInstance;
  send(caller: Caller, method: InjectOptions["method"], url: string, payload?: object, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** A new planner (through the bureau's API) with a planner account of its own, signed in. */
  newPlanner(name: string): Promise<TestPlanner>;
  /** A new township area of its own, optionally grouping divisions; its id. */
  newArea(code: string, members?: string[]): Promise<number>;
  /** Appoints through the bureau's API; fails the test on any answer but 201. */
  appoint(body: object): Promise<Appointment>;
  /** Every county with a boundary, by code. */
  counties(): Promise<County[]>;
}

export function useWorkSession(backend: BackendName, prefix: string): WorkSession {
  const signed = useSignedInApp(backend, prefix, ["bureau", "leader"], PASSWORD);
  let plannerCount = 0;
  const session: WorkSession = {
    get app() {
      return signed.app;
    },
    send(caller, method, url, payload, headers = {}) {
      if (caller === undefined || caller === "bureau" || caller === "leader") return signed.send(caller, method, url, payload, headers);
      return signed.app.inject({ method, url, headers: { origin: OWN_ORIGIN, ...caller, ...headers }, ...(payload ? { payload } : {}) });
    },
    async newPlanner(name) {
      plannerCount += 1;
      const created = await signed.send("bureau", "POST", "/api/planners", { name });
      expect(created.statusCode, created.body).toBe(201);
      const plannerId: number = created.json().id;
      const account = `${prefix}-planner-${plannerCount}`;
      await createAccount(signed.app.db.sql, { name: account, role: "planner", displayName: name, passwordHash: await hashPassword(PASSWORD), plannerId }, "test");
      const response = await signed.app.inject({ method: "POST", url: "/api/session", headers: { origin: OWN_ORIGIN }, payload: { name: account, password: PASSWORD } });
      expect(response.statusCode, response.body).toBe(200);
      const cookie = response.cookies.find((candidate) => candidate.name === "planner_atlas_session")!;
      return { id: plannerId, name, cookie: { cookie: `${cookie.name}=${cookie.value}` } };
    },
    async newArea(code, members = []) {
      const sql = signed.app.db.sql;
      const [row] = await sql<{ id: number }[]>`insert into areas (code, name, kind) values (${code}, ${code}, 'township') returning id`;
      for (const member of members) await sql`insert into area_divisions (area_id, division_code) values (${row!.id}, ${member})`;
      return row!.id;
    },
    async appoint(body) {
      const response = await signed.send("bureau", "POST", "/api/appointments", body);
      expect(response.statusCode, response.body).toBe(201);
      return response.json();
    },
    async counties() {
      return signed.app.db.sql<County[]>`
        select code, name, json_build_object('lon', ST_X(p), 'lat', ST_Y(p)) as point
        from (select code, name, ST_PointOnSurface(geom) as p from divisions where level = 'county' and geom is not null) as c
        order by code`;
    },
  };
  return session;
}

/** The median of some numbers rounded to 0.1 as the API gives it; null for none. */
export function medianHours(hours: number[]): number | null {
  if (hours.length === 0) return null;
  const sorted = [...hours].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return Math.round(median * 10) / 10;
}

/** An opinion routed to `plannerId`, written straight to the table: received at `createdAt`, acknowledged and answered after so many hours. */
export async function insertOpinion(
  app: FastifyInstance,
  opinion: { plannerId: number | null; at: { lon: number; lat: number }; createdAt: string; acknowledgedAfter?: number; answeredAfter?: number; hidden?: boolean },
): Promise<void> {
  const ticket = `T${Math.random().toString(36).slice(2, 12).toUpperCase().padEnd(10, "0")}`;
  const hidden = opinion.hidden ?? false;
  const minutes = (hours: number | undefined) => (hours === undefined ? null : Math.round(hours * 60));
  await app.db.sql`
    insert into opinions (ticket_code, location, body, status, planner_id, created_at, acknowledged_at, answered_at, answer,
      hidden, hidden_reason, hidden_at)
    values (${ticket}, ST_SetSRID(ST_MakePoint(${opinion.at.lon}::float8, ${opinion.at.lat}::float8), 4326), '测试意见',
      ${opinion.answeredAfter !== undefined ? "answered" : opinion.acknowledgedAfter !== undefined ? "acknowledged" : "new"},
      ${opinion.plannerId}, ${opinion.createdAt}::timestamptz,
      ${opinion.createdAt}::timestamptz + make_interval(mins => ${minutes(opinion.acknowledgedAfter)}::int),
      ${opinion.createdAt}::timestamptz + make_interval(mins => ${minutes(opinion.answeredAfter)}::int),
      ${opinion.answeredAfter !== undefined ? "已答复" : null},
      ${hidden}, ${hidden ? "测试隐藏" : null}, ${hidden ? opinion.createdAt : null}::timestamptz)`;
}
