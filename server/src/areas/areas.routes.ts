/**
 * Responsibility areas (责任区): GET /api/areas/{areaId} (bureau, leader); POST /api/areas/check (the judge's verdict
 * on a proposal, nothing saved), POST /api/areas, PATCH /api/areas/{areaId} (change, lock, unlock) and
 * POST /api/areas/{areaId}/retire, /split and /merge (bureau). Answers carry the ETag of the version; changes need it back as If-Match.
 * A proposal the judge refuses is a 422 geometry-rejected whose `verdict` says what and where.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply } from "fastify";
import { Type } from "typebox";
import {
  Area,
  AreaCheckBody,
  AreaList,
  AreaListQuery,
  AreaParams,
  AreaVerdict,
  CreateAreaBody,
  MergeAreaBody,
  RetireAreaBody,
  SplitAreaAnswer,
  SplitAreaBody,
  UpdateAreaBody,
} from "../contracts/areas.ts";
import { registerListRead, registerRecordRead, requiredVersion, sendChanged, sendCreated, setVersionTag, staleVersion } from "../http/entity-version.ts";
import { ProblemError } from "../http/problem.ts";
import { createArea, judge, listAreas, mergeAreas, readArea, retireArea, splitArea, updateArea, type AreaRefusal } from "./areas.repo.ts";
import { checkDrawnGeometry, DRAWING, rejection } from "./drawn-geometry.ts";

const WRITERS = { roles: ["bureau"] as const };
/** Areas hold no personal data (holders by their public names): planners read them too, to choose the post a work record is for. */
const AREA_READERS = ["bureau", "leader", "planner"] as const;

export const areasRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const actorOf = (user: { name: string } | null) => `user:${user!.name}`;

  async function refusalProblem(reply: FastifyReply, areaId: number | undefined, refusal: AreaRefusal): Promise<ProblemError> {
    switch (refusal.reason) {
      case "rejected":
        return rejection(refusal.verdict);
      case "code-taken":
        return new ProblemError("conflict", "another area already has this code", { errors: [{ path: "body.code", message: "already taken" }] });
      case "not-found":
        return new ProblemError("not-found", `there is no area ${areaId}`);
      case "stale": {
        const current = await readArea(app.db.sql, areaId!);
        return current ? staleVersion(reply, "area", current) : new ProblemError("not-found", `there is no area ${areaId}`);
      }
      case "locked":
        return new ProblemError("area-locked", "the area is locked: unlock it first with PATCH { \"locked\": false }");
      case "retired":
        return new ProblemError("conflict", `the area was retired on ${refusal.retiredOn} and no longer changes`);
      case "posts-start-later":
        return new ProblemError(
          "conflict",
          `posts of the area start on or after that day (appointment ${refusal.appointmentIds.join(", ")}): end them or choose a later day`,
          { appointmentIds: refusal.appointmentIds },
        );
      case "not-members":
        return new ProblemError("constraint-violated", `${refusal.codes.join(", ")} are not members of the area`, {
          errors: [{ path: "body.members", message: "not members of the area" }],
        });
      case "nothing-kept":
        return new ProblemError("constraint-violated", "the area would keep no member and has no drawn geometry: leave it at least one member", {
          errors: [{ path: "body.members", message: "takes every member" }],
        });
      case "not-drawn":
        return new ProblemError("constraint-violated", "the area has no drawn geometry of its own to cut: split it by members", {
          errors: [{ path: "body.line", message: "the area has no drawn geometry" }],
        });
      case "not-cut-in-two":
        return new ProblemError("constraint-violated", `the line cuts the area into ${refusal.pieces} part(s), not two: draw it right across the area`, {
          errors: [{ path: "body.line", message: "does not cut the area in two" }],
        });
      case "kinds-differ":
        return new ProblemError("conflict", "only areas of the same kind merge");
      case "same-area":
        return new ProblemError("validation-failed", "an area does not merge with itself", {
          errors: [{ path: "body.otherAreaId", message: "is this area" }],
        });
    }
  }

  registerListRead(
    app,
    "/api/areas",
    "Every area, without geometry, with who holds its posts today, or on `date` the areas in force then and their holders (bureau, leader, planner)",
    { querystring: AreaListQuery, response: AreaList, readers: AREA_READERS },
    async (_params, query: AreaListQuery) => ({ areas: await listAreas(app.db.sql, query.date) }),
  );
  registerRecordRead(app, "/api/areas/:areaId", "area", { params: AreaParams, response: Area, readers: AREA_READERS }, (id) => readArea(app.db.sql, id));

  app.post(
    "/api/areas/check",
    {
      ...DRAWING,
      schema: {
        summary: "The judge's verdict on a proposed area or project site, nothing saved (bureau)",
        body: AreaCheckBody,
        response: { 200: AreaVerdict },
      },
    },
    async (request) => {
      const { kind, areaId, members, geometry } = request.body;
      checkDrawnGeometry(geometry, "body.geometry");
      return judge(app.db.sql, kind, geometry ?? null, members ?? [], areaId ?? null);
    },
  );

  app.post(
    "/api/areas",
    { ...DRAWING, schema: { summary: "Create an area from divisions or a drawn geometry (bureau)", body: CreateAreaBody, response: { 201: Area } } },
    async (request, reply) => {
      const { body } = request;
      if ((body.members ?? []).length === 0 && !body.geometry) {
        throw new ProblemError("validation-failed", "an area needs member divisions, a drawn geometry, or both", {
          errors: [{ path: "body.members", message: "give members or geometry" }],
        });
      }
      checkDrawnGeometry(body.geometry, "body.geometry");
      const result = await createArea(app.db.sql, body, actorOf(request.user));
      if (!result.ok) throw await refusalProblem(reply, undefined, result);
      return sendCreated(reply, "/api/areas", result.area);
    },
  );

  app.patch(
    "/api/areas/:areaId",
    {
      ...DRAWING,
      schema: { summary: "Change an area's name, members or geometry, or lock/unlock it (bureau); needs If-Match", params: AreaParams, body: UpdateAreaBody, response: { 200: Area } },
    },
    async (request, reply) => {
      checkDrawnGeometry(request.body.geometry, "body.geometry");
      const { areaId } = request.params;
      const result = await updateArea(app.db.sql, areaId, requiredVersion(request, "area"), request.body, actorOf(request.user));
      if (!result.ok) throw await refusalProblem(reply, areaId, result);
      return sendChanged(reply, result.area);
    },
  );

  app.post(
    "/api/areas/:areaId/retire",
    {
      config: WRITERS,
      schema: {
        summary: "Retire an area from a date, ending its posts held past it (bureau); needs If-Match",
        params: AreaParams,
        body: RetireAreaBody,
        response: { 200: Type.Object({ area: Area, endedAppointmentIds: Type.Array(Type.Integer()) }, { additionalProperties: false }) },
      },
    },
    async (request, reply) => {
      const { areaId } = request.params;
      const result = await retireArea(app.db.sql, areaId, requiredVersion(request, "area"), request.body, actorOf(request.user));
      if (!result.ok) throw await refusalProblem(reply, areaId, result);
      setVersionTag(reply, result.area.version);
      return { area: result.area, endedAppointmentIds: result.endedAppointmentIds };
    },
  );

  app.post(
    "/api/areas/:areaId/split",
    {
      ...DRAWING,
      schema: {
        summary:
          "Split an area (bureau; If-Match): a new area of its kind takes some of its members, or the part of its drawn geometry left of a line; both are judged, in one transaction",
        params: AreaParams,
        body: SplitAreaBody,
        response: { 201: SplitAreaAnswer },
      },
    },
    async (request, reply) => {
      const { areaId } = request.params;
      const { body } = request;
      if ((body.members === undefined) === (body.line === undefined)) {
        throw new ProblemError("validation-failed", "give either members or line", { errors: [{ path: "body", message: "give either members or line" }] });
      }
      // The line's positions are checked as points are.
      if (body.line) checkDrawnGeometry({ type: "MultiPoint", coordinates: body.line.coordinates }, "body.line");
      const result = await splitArea(app.db.sql, areaId, requiredVersion(request, "area"), body, actorOf(request.user));
      if (!result.ok) throw await refusalProblem(reply, areaId, result);
      reply.code(201).header("location", `/api/areas/${result.created.id}`);
      setVersionTag(reply, result.kept.version);
      return { kept: result.kept, created: result.created };
    },
  );

  app.post(
    "/api/areas/:areaId/merge",
    {
      config: WRITERS,
      schema: {
        summary:
          "Merge another area of the same kind into this one (bureau; If-Match for this one, otherVersion for the other): its members and geometry join, it is retired today and its posts end",
        params: AreaParams,
        body: MergeAreaBody,
        response: { 200: Area },
      },
    },
    async (request, reply) => {
      const { areaId } = request.params;
      const result = await mergeAreas(app.db.sql, areaId, requiredVersion(request, "area"), request.body, actorOf(request.user));
      if (!result.ok) throw await refusalProblem(reply, result.areaId ?? areaId, result);
      return sendChanged(reply, result.area);
    },
  );
};
