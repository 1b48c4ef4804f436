/**
 * The yearly two-way evaluation (双向评估): POST /api/evaluation-rounds (bureau) opens a year's round; GET
 * /api/evaluation-rounds/{year} (bureau, leader; a planner their own appointments) shows every appointment in force that year with its figures;
 * PATCH /api/evaluation-rounds/{year} (bureau, If-Match) closes or reopens it; PUT …/ratings sets a rating (the
 * bureau either direction, a planner the support received on their own appointment); POST …/results (bureau)
 * records pass | fail: a fail ends the appointment from a date (dismissed), a pass offers the renewal. Ratings and
 * results are taken while the round is open (409 once closed).
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { MAX_CONTRACT_YEARS, type Appointment } from "../contracts/appointments.ts";
import {
  EvaluationRound,
  OpenRoundBody,
  Rating,
  RatingBody,
  ResultAnswer,
  ResultBody,
  Round,
  RoundParams,
  UpdateRoundBody,
} from "../contracts/evaluations.ts";
import { requiredVersion, setVersionTag, staleVersion } from "../http/entity-version.ts";
import { ProblemError } from "../http/problem.ts";
import { readAppointment } from "../appointments/appointments.repo.ts";
import { plannerOfUser } from "../work-records/work-records.repo.ts";
import { openRound, putRating, readEvaluationRound, readRating, readRound, recordVerdict, updateRound, type Verdict } from "./evaluations.repo.ts";

const BUREAU = { roles: ["bureau"] as const };

/** Today in Jincheng (UTC+8, no daylight saving), YYYY-MM-DD: the default first day without a failed appointment. */
function todayInJincheng(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export const evaluationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const actorOf = (request: FastifyRequest) => `user:${request.user!.name}`;

  /** The round of `year`, open; 404 when there is none, 409 when it is closed. */
  async function openRoundOf(year: number): Promise<Round> {
    const round = await readRound(app.db.sql, year);
    if (!round) throw new ProblemError("not-found", `there is no evaluation round of ${year}`);
    if (round.status !== "open") throw new ProblemError("conflict", `the evaluation round of ${year} is closed`);
    return round;
  }

  /** The appointment the body names, in force on some day of `year`; 422 otherwise. */
  async function appointmentOfYear(appointmentId: number, year: number): Promise<Appointment> {
    const appointment = await readAppointment(app.db.sql, appointmentId);
    if (!appointment) {
      throw new ProblemError("reference-not-found", `there is no appointment ${appointmentId}`, {
        errors: [{ path: "body.appointmentId", message: "no appointment has this id" }],
      });
    }
    const inForce = appointment.validFrom < `${year + 1}-01-01` && (appointment.validTo === null || appointment.validTo > `${year}-01-01`);
    if (!inForce) {
      throw new ProblemError("constraint-violated", `appointment ${appointmentId} was not in force in ${year}`, {
        errors: [{ path: "body.appointmentId", message: `not in force in ${year}` }],
      });
    }
    return appointment;
  }

  app.post(
    "/api/evaluation-rounds",
    { config: BUREAU, schema: { summary: "Open the yearly evaluation round (bureau)", body: OpenRoundBody, response: { 201: Round } } },
    async (request, reply) => {
      const { year, openedOn, closesOn } = request.body;
      const round = await openRound(app.db.sql, year, openedOn, closesOn, actorOf(request));
      if (!round) throw new ProblemError("conflict", `the evaluation round of ${year} is open already`);
      setVersionTag(reply, round.version);
      return reply.code(201).header("location", `/api/evaluation-rounds/${year}`).send(round);
    },
  );

  app.get(
    "/api/evaluation-rounds/:year",
    {
      config: { roles: ["bureau", "leader", "planner"] },
      schema: {
        summary: "A year's evaluation round: every appointment in force that year with its work records, opinions, ratings and result (bureau, leader; a planner: their own appointments)",
        params: RoundParams,
        // JSON text from PostgreSQL: documented by the schema, typed as the string it is.
        response: { 200: Type.Unsafe<string>(EvaluationRound) },
      },
    },
    async (request, reply) => {
      const { year } = request.params;
      const round = await readRound(app.db.sql, year);
      const body = round && (await readEvaluationRound(app.db.sql, year));
      if (!round || body === undefined) throw new ProblemError("not-found", `there is no evaluation round of ${year}`);
      reply.header("cache-control", "no-store");
      setVersionTag(reply, round.version);
      if (request.user!.role !== "planner") return reply.type("application/json; charset=utf-8").send(body);
      // A planner sees their own appointments only (to rate the support received), none of another's figures.
      const own = await plannerOfUser(app.db.sql, request.user!.id);
      const parsed = JSON.parse(body) as EvaluationRound;
      return reply.type("application/json; charset=utf-8").send(JSON.stringify({ ...parsed, appointments: parsed.appointments.filter((entry) => entry.appointment.plannerId === own) }));
    },
  );

  app.patch(
    "/api/evaluation-rounds/:year",
    {
      config: BUREAU,
      schema: { summary: "Close, reopen or move the closing date of a round (bureau); needs If-Match", params: RoundParams, body: UpdateRoundBody, response: { 200: Round } },
    },
    async (request, reply) => {
      const { year } = request.params;
      const version = requiredVersion(request, "evaluation round");
      const current = await readRound(app.db.sql, year);
      if (!current) throw new ProblemError("not-found", `there is no evaluation round of ${year}`);
      if (current.version !== version) throw staleVersion(reply, "evaluation round", current);
      const changes = { closesOn: request.body.closesOn ?? current.closesOn, status: request.body.status ?? current.status };
      if (changes.closesOn < current.openedOn) {
        throw new ProblemError("constraint-violated", `closesOn must be on or after the opening, ${current.openedOn}`, {
          errors: [{ path: "body.closesOn", message: `before ${current.openedOn}` }],
        });
      }
      const round = await updateRound(app.db.sql, year, version, changes, actorOf(request));
      if (!round) throw staleVersion(reply, "evaluation round", (await readRound(app.db.sql, year)) ?? current);
      setVersionTag(reply, round.version);
      return round;
    },
  );

  app.put(
    "/api/evaluation-rounds/:year/ratings",
    {
      config: { roles: ["bureau", "planner"] },
      schema: {
        summary: "Set a rating of the round: the unit's of its planner (bureau), or the planner's of the support received (the planner, or the bureau); If-Match to replace one",
        params: RoundParams,
        body: RatingBody,
        response: { 200: Rating, 201: Rating },
      },
    },
    async (request, reply) => {
      const { year } = request.params;
      const body = request.body;
      await openRoundOf(year);
      const appointment = await appointmentOfYear(body.appointmentId, year);
      const enteredBy = request.user!.role === "planner" ? "planner" : "bureau";
      if (enteredBy === "planner") {
        if (body.direction !== "planner_to_area") throw new ProblemError("forbidden", "a planner rates the support received (planner_to_area) only");
        const own = await plannerOfUser(app.db.sql, request.user!.id);
        if (own !== appointment.plannerId) throw new ProblemError("forbidden", `appointment ${appointment.id} is another planner's`);
      }
      const current = await readRating(app.db.sql, year, body.appointmentId, body.direction);
      const ifMatch = request.headers["if-match"];
      if (!current && ifMatch !== undefined && ifMatch.trim() !== "") {
        throw new ProblemError("precondition-failed", "there is no such rating yet: send the first one without If-Match");
      }
      const version = current ? requiredVersion(request, "rating") : null;
      if (current && current.version !== version) throw staleVersion(reply, "rating", current);
      const rating = { appointmentId: body.appointmentId, direction: body.direction, score: body.score, comment: body.comment?.trim() ?? null, enteredBy } as const;
      const saved = await putRating(app.db.sql, year, rating, version, actorOf(request));
      if (!saved) {
        const now = await readRating(app.db.sql, year, body.appointmentId, body.direction);
        if (!now) throw new ProblemError("not-found", "the rating no longer exists");
        throw staleVersion(reply, "rating", now);
      }
      setVersionTag(reply, saved.version);
      return reply.code(current ? 200 : 201).send(saved);
    },
  );

  app.post(
    "/api/evaluation-rounds/:year/results",
    {
      config: BUREAU,
      schema: {
        summary: "Record the round's pass or fail on an appointment (bureau): a fail ends it from effectiveFrom, dismissed with the reason",
        params: RoundParams,
        body: ResultBody,
        response: { 201: ResultAnswer },
      },
    },
    async (request, reply) => {
      const { year } = request.params;
      const body = request.body;
      await openRoundOf(year);
      const appointment = await appointmentOfYear(body.appointmentId, year);
      let verdict: Verdict;
      if (body.result === "fail") {
        const reason = body.reason?.trim();
        if (!reason) {
          throw new ProblemError("constraint-violated", "a fail ends the appointment: give the reason", { errors: [{ path: "body.reason", message: "required for a fail" }] });
        }
        if (appointment.status !== "active") throw new ProblemError("conflict", `appointment ${appointment.id} is ${appointment.status} already`);
        const effectiveFrom = body.effectiveFrom ?? todayInJincheng();
        if (effectiveFrom <= appointment.validFrom || (appointment.validTo !== null && effectiveFrom > appointment.validTo)) {
          const until = appointment.validTo === null ? "" : ` and on or before ${appointment.validTo}`;
          throw new ProblemError("constraint-violated", `effectiveFrom must be after ${appointment.validFrom}${until}: the first day without the appointment`, {
            errors: [{ path: "body.effectiveFrom", message: `after ${appointment.validFrom}${until}` }],
          });
        }
        verdict = { result: "fail", comment: reason, effectiveFrom };
      } else {
        if (body.effectiveFrom !== undefined) {
          throw new ProblemError("constraint-violated", "effectiveFrom is the end of a failed appointment: a pass takes none", {
            errors: [{ path: "body.effectiveFrom", message: "only for a fail" }],
          });
        }
        verdict = { result: "pass", comment: body.reason?.trim() || null };
      }
      const recorded = await recordVerdict(app.db.sql, year, appointment.id, verdict, actorOf(request));
      if (!recorded.ok) {
        throw new ProblemError(
          "conflict",
          recorded.reason === "decided"
            ? `the round of ${year} has a result for appointment ${appointment.id} already`
            : `appointment ${appointment.id} is no longer active`,
        );
      }
      const renewable = recorded.result.result === "pass" && recorded.appointment.status === "active" && (recorded.appointment.contractYears ?? 0) < MAX_CONTRACT_YEARS;
      const renew = renewable
        ? { method: "POST" as const, href: `/api/appointments/${appointment.id}/renew`, ifMatch: `"${recorded.appointment.version}"` }
        : null;
      setVersionTag(reply, recorded.result.version);
      return reply.code(201).send({ result: recorded.result, appointment: recorded.appointment, renew });
    },
  );
};
