/**
 * The yearly two-way evaluation through the whole app: the bureau opens a round; the round shows every appointment
 * in force that year with its work records, opinions and ratings; ratings in both directions by who may give them;
 * a fail dismisses the appointment from its date, so that the unit is vacant from that day in the public coverage
 * and covered the day before; a pass offers the renewal, which the existing route performs.
 */
import { describe, expect, it } from "vitest";
import type { Appointment } from "../../../server/src/contracts/appointments.ts";
import { CoverageReport, type UnitCoverageList } from "../../../server/src/contracts/coverage.ts";
import type { EvaluationRound, Rating, ResultAnswer } from "../../../server/src/contracts/evaluations.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { getPublicJson } from "../lookup/public-fields.ts";
import { insertOpinion, medianHours, useWorkSession, type TestPlanner } from "./work-session.ts";

const YEAR = 2024;

describe.each(enabledBackends())("the yearly evaluation on %s", (backend) => {
  const session = useWorkSession(backend, "evaluation");
  const { send } = session;

  /** The unit area of a township that is required and vacant through the whole year, with no unit post on it then or later. */
  async function vacantUnit(): Promise<{ code: string; name: string; areaId: number }> {
    const [unit] = await session.app.db.sql<{ code: string; name: string; areaId: number }[]>`
      select d.code, d.name, a.id as area_id
      from api.unit_coverage(${`${YEAR}-01-01`}::date) as first_day
      join api.unit_coverage(${`${YEAR}-12-31`}::date) as last_day using (division_code)
      join divisions as d on d.code = first_day.division_code
      join area_divisions as ad on ad.division_code = d.code
      join areas as a on a.id = ad.area_id and a.kind in ('township', 'subdistrict') and a.retired_on is null
      where first_day.status = 'vacant' and last_day.status = 'vacant'
        and not exists (select 1 from appointments ap where ap.area_id = a.id and ap.role = 'unit' and (ap.valid_to is null or ap.valid_to > ${`${YEAR}-01-01`}::date))
        and (select count(*) from area_divisions other where other.area_id = a.id) = 1
      order by d.code limit 1`;
    expect(unit, "a unit vacant through the year in the built-in data").toBeDefined();
    return unit!;
  }

  const openRound = () => send("bureau", "POST", "/api/evaluation-rounds", { year: YEAR, openedOn: `${YEAR}-11-01`, closesOn: `${YEAR + 1}-01-31` });

  async function readRound(): Promise<{ round: EvaluationRound; etag: string }> {
    const response = await send("leader", "GET", `/api/evaluation-rounds/${YEAR}`);
    expect(response.statusCode, response.body).toBe(200);
    return { round: response.json(), etag: response.headers.etag as string };
  }

  let planner: TestPlanner;
  let appointment: Appointment;
  let unit: { code: string; name: string; areaId: number };

  it("opens one round a year, for the bureau only", async () => {
    unit = await vacantUnit();
    planner = await session.newPlanner("评估测试规划师甲");
    appointment = await session.appoint({ plannerId: planner.id, areaId: unit.areaId, role: "unit", validFrom: `${YEAR}-01-01`, contractYears: 1 });

    expect((await send("leader", "POST", "/api/evaluation-rounds", { year: YEAR })).statusCode).toBe(403);
    const opened = await openRound();
    expect(opened.statusCode, opened.body).toBe(201);
    expect(opened.json()).toEqual({ year: YEAR, openedOn: `${YEAR}-11-01`, closesOn: `${YEAR + 1}-01-31`, status: "open", version: 1 });
    expect(opened.headers.location).toBe(`/api/evaluation-rounds/${YEAR}`);
    const again = await openRound();
    expect(again.statusCode).toBe(409);
    const backwards = await send("bureau", "POST", "/api/evaluation-rounds", { year: YEAR + 1, openedOn: `${YEAR + 1}-06-01`, closesOn: `${YEAR + 1}-05-01` });
    expect(backwards.statusCode).toBe(422);
    expect((await send("bureau", "GET", `/api/evaluation-rounds/${YEAR + 2}`)).statusCode).toBe(404);
  });

  it("shows every appointment in force that year with the figures counted from its own rows", async () => {
    const place = (await session.counties())[0]!.point;
    const kinds = ["site_visit", "site_visit", "training", "publicity"];
    for (const [index, kind] of kinds.entries()) {
      const logged = await send(planner.cookie, "POST", "/api/work-records", {
        kind,
        occurredOn: `${YEAR}-0${index + 2}-10`,
        ...place,
        areaId: unit.areaId,
        text: `评估期内的工作记录 ${index}`,
      });
      expect(logged.statusCode, logged.body).toBe(201);
    }
    const opinions = [
      { createdAt: `${YEAR}-03-01T09:00:00+08:00`, acknowledgedAfter: 2, answeredAfter: 30 },
      { createdAt: `${YEAR}-04-01T09:00:00+08:00`, acknowledgedAfter: 5 },
      { createdAt: `${YEAR}-05-01T09:00:00+08:00`, answeredAfter: 50 },
      { createdAt: `${YEAR}-06-01T09:00:00+08:00` },
      { createdAt: `${YEAR}-06-02T09:00:00+08:00`, acknowledgedAfter: 1, hidden: true },
      { createdAt: `${YEAR - 1}-12-31T09:00:00+08:00`, acknowledgedAfter: 1 },
    ];
    for (const opinion of opinions) await insertOpinion(session.app, { plannerId: planner.id, at: place, ...opinion });

    const { round, etag } = await readRound();
    expect(etag).toBe('"1"');
    expect(round).toMatchObject({ year: YEAR, status: "open" });
    const inForce = await session.app.db.sql<{ id: number }[]>`
      select id from appointments where valid_from < ${`${YEAR + 1}-01-01`}::date and (valid_to is null or valid_to > ${`${YEAR}-01-01`}::date)`;
    expect(round.appointments.map((entry) => entry.appointment.id).sort((a, b) => a - b)).toEqual(inForce.map((row) => row.id).sort((a, b) => a - b));

    const mine = round.appointments.find((entry) => entry.appointment.id === appointment.id)!;
    expect(mine.appointment).toMatchObject({ plannerId: planner.id, plannerName: "评估测试规划师甲", areaId: unit.areaId, status: "active", version: 1 });
    expect(mine.workRecords.total).toBe(kinds.length);
    expect(Object.fromEntries(mine.workRecords.byKind.map((entry) => [entry.kind, entry.records]))).toEqual({
      site_visit: 2,
      opinion_solicitation: 0,
      problem_sorting: 0,
      planning_feedback: 0,
      project_implementation: 0,
      training: 1,
      publicity: 1,
    });
    // Received in the year and shown: the first four; an answer acknowledges too.
    const counted = opinions.slice(0, 4);
    expect(mine.opinions).toEqual({
      received: 4,
      acknowledged: 3,
      answered: 2,
      medianHoursToAcknowledge: medianHours(counted.flatMap((o) => (o.acknowledgedAfter ?? o.answeredAfter) ?? [])),
      medianHoursToAnswer: medianHours(counted.flatMap((o) => o.answeredAfter ?? [])),
    });
    expect(mine.opinions.medianHoursToAcknowledge).toBe(5);
    expect(mine.ratings).toEqual({ areaToPlanner: null, plannerToArea: null });
    expect(mine.result).toBeNull();
  });

  it("takes the unit's rating from the bureau and the planner's from the planner, each replaced only with If-Match", async () => {
    const path = `/api/evaluation-rounds/${YEAR}/ratings`;
    const unitRating = await send("bureau", "PUT", path, { appointmentId: appointment.id, direction: "area_to_planner", score: 62.5, comment: "到岗率偏低" });
    expect(unitRating.statusCode, unitRating.body).toBe(201);
    expect(unitRating.json()).toMatchObject({ appointmentId: appointment.id, year: YEAR, score: 62.5, enteredBy: "bureau", version: 1 });

    expect((await send(planner.cookie, "PUT", path, { appointmentId: appointment.id, direction: "area_to_planner", score: 100 })).statusCode).toBe(403);
    const own = await send(planner.cookie, "PUT", path, { appointmentId: appointment.id, direction: "planner_to_area", score: 80 });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json()).toMatchObject({ direction: "planner_to_area", score: 80, enteredBy: "planner", comment: null });

    const other = await session.newPlanner("评估测试规划师乙");
    expect((await send(other.cookie, "PUT", path, { appointmentId: appointment.id, direction: "planner_to_area", score: 1 })).statusCode).toBe(403);
    expect((await send("leader", "PUT", path, { appointmentId: appointment.id, direction: "planner_to_area", score: 1 })).statusCode).toBe(403);

    const again = { appointmentId: appointment.id, direction: "planner_to_area", score: 85, comment: "街道配合较好" };
    expect((await send("bureau", "PUT", path, again)).statusCode).toBe(428);
    const replaced = await send("bureau", "PUT", path, again, { "if-match": '"1"' });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(replaced.headers.etag).toBe('"2"');
    expect(replaced.json() as Rating).toMatchObject({ score: 85, enteredBy: "bureau", version: 2 });
    expect((await send("bureau", "PUT", path, again, { "if-match": '"1"' })).statusCode).toBe(412);

    const notThatYear = await session.appoint({ plannerId: other.id, areaId: await session.newArea("evaluation-later-area"), role: "unit", validFrom: `${YEAR + 1}-01-01` });
    const outside = await send("bureau", "PUT", path, { appointmentId: notThatYear.id, direction: "area_to_planner", score: 90 });
    expect(outside.statusCode).toBe(422);

    const { round } = await readRound();
    expect(round.appointments.find((entry) => entry.appointment.id === appointment.id)!.ratings).toMatchObject({
      areaToPlanner: { score: 62.5, comment: "到岗率偏低", enteredBy: "bureau" },
      plannerToArea: { score: 85, comment: "街道配合较好", enteredBy: "bureau", version: 2 },
    });
  });

  it("dismisses a failed appointment from its date: the unit is covered the day before and vacant from that day", async () => {
    const units = async (date: string): Promise<UnitCoverageList> => {
      const response = await session.app.inject(`/api/coverage/units?date=${date}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    const report = (date: string) => getPublicJson<CoverageReport>(session.app, `/api/coverage?date=${date}`, CoverageReport);
    const before = { dayBefore: await report(`${YEAR}-08-31`), day: await report(`${YEAR}-09-01`) };
    expect((await units(`${YEAR}-09-01`)).units.find((entry) => entry.code === unit.code)).toMatchObject({ status: "covered", planner: { name: planner.name } });

    const path = `/api/evaluation-rounds/${YEAR}/results`;
    expect((await send("bureau", "POST", path, { appointmentId: appointment.id, result: "fail" })).statusCode).toBe(422);
    const tooEarly = await send("bureau", "POST", path, { appointmentId: appointment.id, result: "fail", reason: "考核不合格", effectiveFrom: `${YEAR}-01-01` });
    expect(tooEarly.statusCode).toBe(422);
    const failed = await send("bureau", "POST", path, { appointmentId: appointment.id, result: "fail", reason: "年度考核不合格", effectiveFrom: `${YEAR}-09-01` });
    expect(failed.statusCode, failed.body).toBe(201);
    const answer: ResultAnswer = failed.json();
    expect(answer.result).toMatchObject({ appointmentId: appointment.id, year: YEAR, result: "fail", comment: "年度考核不合格", effectiveFrom: `${YEAR}-09-01` });
    expect(answer.appointment).toMatchObject({ id: appointment.id, status: "dismissed", validTo: `${YEAR}-09-01`, endReason: "年度考核不合格", version: 2 });
    expect(answer.renew).toBeNull();
    expect((await send("leader", "GET", `/api/appointments/${appointment.id}`)).json()).toMatchObject({ status: "dismissed", validTo: `${YEAR}-09-01` });

    expect((await units(`${YEAR}-08-31`)).units.find((entry) => entry.code === unit.code)).toMatchObject({ status: "covered", planner: { name: planner.name } });
    expect((await units(`${YEAR}-09-01`)).units.find((entry) => entry.code === unit.code)).toMatchObject({ status: "vacant", planner: null, vacantSince: `${YEAR}-09-01` });
    const after = { dayBefore: await report(`${YEAR}-08-31`), day: await report(`${YEAR}-09-01`) };
    expect(after.dayBefore.city.units).toEqual(before.dayBefore.city.units);
    expect(after.day.city.units.covered).toBe(before.day.city.units.covered - 1);
    expect(after.day.city.units.vacant).toBe(before.day.city.units.vacant + 1);

    const twice = await send("bureau", "POST", path, { appointmentId: appointment.id, result: "pass" });
    expect(twice.statusCode).toBe(409);
    const [logged] = await session.app.db.sql<{ tables: string[] }[]>`
      select array_agg(distinct table_name order by table_name) as tables from audit_log
      where change_id = (select change_id from audit_log where table_name = 'evaluation_results' order by id desc limit 1)`;
    expect(logged!.tables).toEqual(["appointments", "evaluation_results"]);
  });

  it("offers the renewal of a passed appointment, which the appointments route performs", async () => {
    const passing = await session.newPlanner("评估测试规划师丙");
    const passed = await session.appoint({ plannerId: passing.id, areaId: await session.newArea("evaluation-pass-area"), role: "unit", validFrom: `${YEAR}-03-01`, contractYears: 1 });
    const response = await send("bureau", "POST", `/api/evaluation-rounds/${YEAR}/results`, { appointmentId: passed.id, result: "pass", reason: "履职良好" });
    expect(response.statusCode, response.body).toBe(201);
    const answer: ResultAnswer = response.json();
    expect(answer.result).toMatchObject({ result: "pass", comment: "履职良好", effectiveFrom: null });
    expect(answer.renew).toEqual({ method: "POST", href: `/api/appointments/${passed.id}/renew`, ifMatch: '"1"' });
    const renewed = await send("bureau", answer.renew!.method, answer.renew!.href, undefined, { "if-match": answer.renew!.ifMatch });
    expect(renewed.statusCode, renewed.body).toBe(200);
    expect(renewed.json()).toMatchObject({ id: passed.id, status: "active", contractYears: 2 });
    const { round } = await readRound();
    expect(round.appointments.find((entry) => entry.appointment.id === passed.id)!.result).toMatchObject({ result: "pass", comment: "履职良好" });
  });

  it("closes the round with If-Match, after which it takes no more ratings or results", async () => {
    const { etag } = await readRound();
    expect((await send("bureau", "PATCH", `/api/evaluation-rounds/${YEAR}`, { status: "closed" })).statusCode).toBe(428);
    const closed = await send("bureau", "PATCH", `/api/evaluation-rounds/${YEAR}`, { status: "closed" }, { "if-match": etag });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: "closed", version: 2 });
    const late = await send("bureau", "PUT", `/api/evaluation-rounds/${YEAR}/ratings`, { appointmentId: appointment.id, direction: "area_to_planner", score: 70 }, { "if-match": '"1"' });
    expect(late.statusCode).toBe(409);
  });
});
