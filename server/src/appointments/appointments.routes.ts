/**
 * Appointments (聘任): GET /api/appointments/{appointmentId} (bureau, leader), POST /api/appointments (appoint),
 * POST /api/appointments/{appointmentId}/end, …/reassign and …/renew (bureau). Answers carry the ETag of the
 * version; end, reassign and renew need it back as If-Match (428 without, 412 with the current appointment when
 * stale). A post held by someone else over the same dates is a 409 appointment-overlaps naming that appointment.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply } from "fastify";
import {
  Appointment,
  AppointmentParams,
  MAX_CONTRACT_YEARS,
  AreaAppointments,
  CreateAppointmentBody,
  EndAppointmentBody,
  ReassignAppointmentBody,
  Reassignment,
} from "../contracts/appointments.ts";
import { registerListRead, registerRecordRead, requiredVersion, sendCreated, setVersionTag, staleVersion } from "../http/entity-version.ts";
import { ProblemError } from "../http/problem.ts";
import { AreaParams } from "../contracts/areas.ts";
import {
  createAppointment,
  endAppointment,
  listAreaAppointments,
  readAppointment,
  reassignAppointment,
  renewAppointment,
  type WriteRefusal,
} from "./appointments.repo.ts";

const WRITERS = { roles: ["bureau"] as const };

/** validTo is exclusive, so it must come after validFrom (a term of at least one day). */
function checkDates(validFrom: string, validTo: string | null | undefined, field: string): void {
  if (validTo !== null && validTo !== undefined && validTo <= validFrom) {
    throw new ProblemError("constraint-violated", `${field} must be after ${validFrom}: it is the first day the appointment no longer holds`, {
      errors: [{ path: `body.${field}`, message: `must be after ${validFrom}` }],
    });
  }
}

/** The problem for a refused write; `readCurrent` gives the current appointment for a stale version. */
async function refusalProblem(reply: FastifyReply, refusal: WriteRefusal, readCurrent: () => Promise<Appointment | undefined>): Promise<ProblemError> {
  switch (refusal.reason) {
    case "overlap": {
      const other = refusal.conflicting;
      if (!other) return new ProblemError("appointment-overlaps", "another appointment held the post over these dates; read the post again and retry");
      const until = other.validTo === null ? "with no end date" : `until ${other.validTo}`;
      return new ProblemError(
        "appointment-overlaps",
        `the post is held by ${other.plannerName} (appointment ${other.id}) from ${other.validFrom} ${until}: end or reassign that appointment first`,
        { conflictingAppointment: other },
      );
    }
    case "missing-reference":
      return new ProblemError("reference-not-found", `there is no such ${refusal.missing}`, {
        errors: [{ path: `body.${refusal.missing}Id`, message: `no ${refusal.missing} has this id` }],
      });
    case "stale": {
      const current = await readCurrent();
      if (!current) return new ProblemError("not-found", "the appointment no longer exists");
      if (current.status !== "active") return new ProblemError("conflict", `the appointment has already ${current.status === "dismissed" ? "been dismissed" : "ended"}`);
      return staleVersion(reply, "appointment", current);
    }
  }
}

export const appointmentsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const actorOf = (user: { name: string } | null) => `user:${user!.name}`;

  /** The holder's part of a new appointment from a request body, on the post (area and role) it is for. */
  const newAppointment = (
    body: Omit<CreateAppointmentBody, "areaId" | "role">,
    post: { areaId: number; role: Appointment["role"] },
  ): Parameters<typeof createAppointment>[1] => ({
    plannerId: body.plannerId,
    areaId: post.areaId,
    role: post.role,
    validFrom: body.validFrom,
    validTo: body.validTo ?? null,
    selectionMethod: body.selectionMethod ?? null,
    contractYears: body.contractYears ?? null,
    paid: body.paid ?? true,
  });

  /** The appointment at the If-Match version and active, or the problem that says why not. */
  async function changeable(appointmentId: number, version: number, reply: FastifyReply): Promise<Appointment> {
    const current = await readAppointment(app.db.sql, appointmentId);
    if (!current) throw new ProblemError("not-found", `there is no appointment ${appointmentId}`);
    if (current.version !== version) throw staleVersion(reply, "appointment", current);
    if (current.status !== "active") throw new ProblemError("conflict", `appointment ${appointmentId} is ${current.status} already`);
    return current;
  }

  registerListRead(
    app,
    "/api/areas/:areaId/appointments",
    "Every appointment to an area's posts, ever, with the planner's name (bureau, leader)",
    { params: AreaParams, response: AreaAppointments },
    async ({ areaId }) => ({ appointments: await listAreaAppointments(app.db.sql, areaId!) }),
  );
  registerRecordRead(app, "/api/appointments/:appointmentId", "appointment", { params: AppointmentParams, response: Appointment }, (id) => readAppointment(app.db.sql, id));

  app.post(
    "/api/appointments",
    { config: WRITERS, schema: { summary: "Appoint a planner to an area's post (bureau)", body: CreateAppointmentBody, response: { 201: Appointment } } },
    async (request, reply) => {
      const body = request.body;
      checkDates(body.validFrom, body.validTo, "validTo");
      const result = await createAppointment(app.db.sql, newAppointment(body, body), actorOf(request.user));
      if (!result.ok) throw await refusalProblem(reply, result, async () => undefined);
      return sendCreated(reply, "/api/appointments", result.appointment);
    },
  );

  app.post(
    "/api/appointments/:appointmentId/end",
    {
      config: WRITERS,
      schema: { summary: "End an active appointment with a date and a reason (bureau); needs If-Match", params: AppointmentParams, body: EndAppointmentBody, response: { 200: Appointment } },
    },
    async (request, reply) => {
      const { appointmentId } = request.params;
      const version = requiredVersion(request, "appointment");
      const current = await changeable(appointmentId, version, reply);
      const { validTo, reason, status = "ended" } = request.body;
      checkDates(current.validFrom, validTo, "validTo");
      if (current.validTo !== null && validTo > current.validTo) {
        throw new ProblemError("constraint-violated", `the appointment ends on ${current.validTo} already: it cannot be ended later`);
      }
      const ended = await endAppointment(app.db.sql, appointmentId, version, { validTo, status, reason: reason.trim() }, actorOf(request.user));
      if (!ended) throw await refusalProblem(reply, { ok: false, reason: "stale" }, () => readAppointment(app.db.sql, appointmentId));
      setVersionTag(reply, ended.version);
      return ended;
    },
  );

  app.post(
    "/api/appointments/:appointmentId/renew",
    {
      config: WRITERS,
      schema: {
        summary: `Renew an active appointment for one more contract year, ${MAX_CONTRACT_YEARS} at most (bureau); needs If-Match`,
        params: AppointmentParams,
        response: { 200: Appointment },
      },
    },
    async (request, reply) => {
      const { appointmentId } = request.params;
      const version = requiredVersion(request, "appointment");
      const current = await changeable(appointmentId, version, reply);
      if ((current.contractYears ?? 0) >= MAX_CONTRACT_YEARS) {
        throw new ProblemError("constraint-violated", `the appointment has ${MAX_CONTRACT_YEARS} contract years already, the most there may be`);
      }
      const renewed = await renewAppointment(app.db.sql, appointmentId, version, actorOf(request.user));
      if (!renewed) throw await refusalProblem(reply, { ok: false, reason: "stale" }, () => readAppointment(app.db.sql, appointmentId));
      setVersionTag(reply, renewed.version);
      return renewed;
    },
  );

  app.post(
    "/api/appointments/:appointmentId/reassign",
    {
      config: WRITERS,
      schema: {
        summary: "End an appointment and give its post to another planner from that day, in one transaction (bureau); needs If-Match",
        params: AppointmentParams,
        body: ReassignAppointmentBody,
        response: { 200: Reassignment },
      },
    },
    async (request, reply) => {
      const { appointmentId } = request.params;
      const version = requiredVersion(request, "appointment");
      const current = await changeable(appointmentId, version, reply);
      const body = request.body;
      checkDates(current.validFrom, body.validFrom, "validFrom");
      checkDates(body.validFrom, body.validTo, "validTo");
      if (current.validTo !== null && body.validFrom > current.validTo) {
        throw new ProblemError("constraint-violated", `the appointment ends on ${current.validTo}: the next holder must start by then`);
      }
      const result = await reassignAppointment(
        app.db.sql,
        appointmentId,
        version,
        body.reason.trim(),
        newAppointment(body, current),
        actorOf(request.user),
      );
      if (!result.ok) throw await refusalProblem(reply, result, () => readAppointment(app.db.sql, appointmentId));
      // The ETag is the started appointment's: the one the bureau edits next.
      setVersionTag(reply, result.started.version);
      return { ended: result.ended, started: result.started };
    },
  );
};
