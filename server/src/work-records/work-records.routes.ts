/**
 * Planners' work records (工作记录): POST /api/work-records and PATCH /api/work-records/{workRecordId} (a planner,
 * their own records only: 403 for another's; PATCH needs If-Match), GET /api/work-records with filters and
 * GET /api/work-records/{workRecordId} (bureau and leader: all; a planner: their own). A record names an area
 * and/or a project the planner held a post on that day (422 otherwise). POST /api/work-records/{workRecordId}/photos
 * (the planner, their own) adds photos through the photo module (server/src/photos), as a multipart form.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Problem } from "../contracts/problem.ts";
import {
  CreateWorkRecordBody,
  UpdateWorkRecordBody,
  WORK_RECORD_PHOTOS_MAX,
  WorkRecord,
  WorkRecordList,
  WorkRecordParams,
  WorkRecordsQuery,
} from "../contracts/work-records.ts";
import { requiredVersion, sendCreated, setVersionTag, staleVersion } from "../http/entity-version.ts";
import { ProblemError } from "../http/problem.ts";
import { formatQueryErrors } from "../lookup/query-errors.ts";
import { photoFormLimits, preparedPhotos, receivePhotoForm } from "../photos/photo-form.ts";
import {
  addWorkRecordPhotos,
  createWorkRecord,
  listWorkRecords,
  plannerOfUser,
  readWorkRecord,
  updateWorkRecord,
  type WorkRecordFields,
  type WorkRecordRefusal,
} from "./work-records.repo.ts";

const WRITERS = { roles: ["planner"] as const };
const READERS = { roles: ["bureau", "leader", "planner"] as const };

/** A record names the post it was done in: an area, a project, or both. */
function checkFields(fields: WorkRecordFields): void {
  if (fields.areaId === null && fields.projectId === null) {
    throw new ProblemError("constraint-violated", "a work record names the area or the project (or both) it was done in", {
      errors: [{ path: "body.areaId", message: "give areaId or projectId" }],
    });
  }
}

/** The problem for a refused write; `readCurrent` gives the current record for a stale version. */
async function refusalProblem(
  reply: FastifyReply,
  refusal: WorkRecordRefusal,
  fields: WorkRecordFields,
  readCurrent: () => Promise<WorkRecord | undefined>,
): Promise<ProblemError> {
  if (refusal.reason === "stale") {
    const current = await readCurrent();
    if (!current) return new ProblemError("not-found", "the work record no longer exists");
    return staleVersion(reply, "work record", current);
  }
  const { posts } = refusal;
  for (const [known, held, field, what, id] of [
    [posts.areaKnown, posts.areaHeld, "areaId", "area", fields.areaId],
    [posts.projectKnown, posts.projectHeld, "projectId", "project", fields.projectId],
  ] as const) {
    const errors = [{ path: `body.${field}`, message: known ? `not your post on ${fields.occurredOn}` : `no ${what} has this id` }];
    if (!known) return new ProblemError("reference-not-found", `there is no ${what} ${id}`, { errors });
    if (!held) {
      return new ProblemError(
        "constraint-violated",
        `you held no post on ${what} ${id} on ${fields.occurredOn}: a work record names an area or project you were appointed to that day`,
        { errors },
      );
    }
  }
  throw new Error("a refusal of posts that were all held");
}

export const workRecordsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const actorOf = (request: FastifyRequest) => `user:${request.user!.name}`;
  const { photoMaxBytes } = app.config;
  // Registered inside this plugin, so that only its photo route takes multipart bodies.
  const { default: multipart } = await import("@fastify/multipart");
  await app.register(multipart, { limits: photoFormLimits([], WORK_RECORD_PHOTOS_MAX, photoMaxBytes) });

  /** The planner the signed-in planner account belongs to (every planner account has one). */
  async function ownPlanner(request: FastifyRequest): Promise<number> {
    const plannerId = await plannerOfUser(app.db.sql, request.user!.id);
    if (plannerId === null) throw new ProblemError("forbidden", "this account belongs to no planner");
    return plannerId;
  }

  /** A planner reads and writes only their own records; the bureau and leaders read all. */
  async function checkOwner(request: FastifyRequest, record: WorkRecord): Promise<void> {
    if (request.user!.role !== "planner") return;
    if ((await ownPlanner(request)) !== record.plannerId) throw new ProblemError("forbidden", `work record ${record.id} is another planner's`);
  }

  app.get(
    "/api/work-records",
    {
      config: READERS,
      schema: {
        summary: "Work records, newest first, by planner, area, county, dates and kind (bureau, leader: all; a planner: their own)",
        querystring: WorkRecordsQuery,
        response: { 200: WorkRecordList },
      },
      schemaErrorFormatter: formatQueryErrors,
    },
    async (request, reply) => {
      const query = { ...request.query };
      if (request.user!.role === "planner") {
        const own = await ownPlanner(request);
        if (query.planner !== undefined && query.planner !== own) throw new ProblemError("forbidden", "a planner reads their own work records only");
        query.planner = own;
      }
      reply.header("cache-control", "no-store");
      return { workRecords: await listWorkRecords(app.db.sql, query) };
    },
  );

  app.get(
    "/api/work-records/:workRecordId",
    {
      config: READERS,
      schema: { summary: "A work record (bureau, leader; a planner: their own)", params: WorkRecordParams, response: { 200: WorkRecord } },
    },
    async (request, reply) => {
      const { workRecordId } = request.params;
      const record = await readWorkRecord(app.db.sql, workRecordId);
      if (!record) throw new ProblemError("not-found", `there is no work record ${workRecordId}`);
      await checkOwner(request, record);
      reply.header("cache-control", "no-store");
      setVersionTag(reply, record.version);
      return record;
    },
  );

  app.post(
    "/api/work-records",
    {
      config: WRITERS,
      schema: { summary: "Log a work record of one's own (planner)", body: CreateWorkRecordBody, response: { 201: WorkRecord } },
    },
    async (request, reply) => {
      const plannerId = await ownPlanner(request);
      const fields: WorkRecordFields = { ...request.body, areaId: request.body.areaId ?? null, projectId: request.body.projectId ?? null, text: request.body.text.trim() };
      checkFields(fields);
      const result = await createWorkRecord(app.db.sql, plannerId, fields, actorOf(request));
      if (!result.ok) throw await refusalProblem(reply, result, fields, async () => undefined);
      return sendCreated(reply, "/api/work-records", result.record);
    },
  );

  app.patch(
    "/api/work-records/:workRecordId",
    {
      config: WRITERS,
      schema: {
        summary: "Change a work record of one's own (planner); needs If-Match",
        params: WorkRecordParams,
        body: UpdateWorkRecordBody,
        response: { 200: WorkRecord },
      },
    },
    async (request, reply) => {
      const { workRecordId } = request.params;
      const version = requiredVersion(request, "work record");
      const current = await readWorkRecord(app.db.sql, workRecordId);
      if (!current) throw new ProblemError("not-found", `there is no work record ${workRecordId}`);
      await checkOwner(request, current);
      if (current.version !== version) throw staleVersion(reply, "work record", current);
      const body = request.body;
      if ((body.lon === undefined) !== (body.lat === undefined)) {
        throw new ProblemError("validation-failed", "body: lon and lat change together", {
          errors: [{ path: body.lon === undefined ? "body.lon" : "body.lat", message: "give lon and lat together" }],
        });
      }
      const lon = body.lon ?? current.lon;
      const lat = body.lat ?? current.lat;
      if (lon === null || lat === null) {
        throw new ProblemError("constraint-violated", "the record has no place yet: give lon and lat", {
          errors: [{ path: "body.lon", message: "required for a record without a place" }],
        });
      }
      const fields: WorkRecordFields = {
        kind: body.kind ?? current.kind,
        occurredOn: body.occurredOn ?? current.occurredOn,
        lon,
        lat,
        areaId: body.areaId === undefined ? current.areaId : body.areaId,
        projectId: body.projectId === undefined ? current.projectId : body.projectId,
        text: body.text?.trim() ?? current.text,
      };
      checkFields(fields);
      const result = await updateWorkRecord(app.db.sql, workRecordId, current.plannerId, version, fields, actorOf(request));
      if (!result.ok) throw await refusalProblem(reply, result, fields, () => readWorkRecord(app.db.sql, workRecordId));
      setVersionTag(reply, result.record.version);
      return result.record;
    },
  );

  app.post(
    "/api/work-records/:workRecordId/photos",
    {
      config: WRITERS,
      schema: {
        summary: `Add photos to a work record of one's own (planner): multipart/form-data, one file part per photo (JPEG, PNG, WebP, HEIC), ${WORK_RECORD_PHOTOS_MAX} a record at most`,
        consumes: ["multipart/form-data"],
        params: WorkRecordParams,
        response: { 201: WorkRecord, 403: Problem, 404: Problem, 413: Problem, 415: Problem, 422: Problem },
      },
    },
    async (request, reply) => {
      const { workRecordId } = request.params;
      // The form is read before the record: a request that is not a form of photos is refused without a lookup.
      const upload = await receivePhotoForm(request, [], WORK_RECORD_PHOTOS_MAX, photoMaxBytes);
      if (upload.photos.length === 0) {
        throw new ProblemError("validation-failed", "the form holds no photo: send each as a file part", { errors: [{ path: "body.photos", message: "no file part" }] });
      }
      const current = await readWorkRecord(app.db.sql, workRecordId);
      if (!current) throw new ProblemError("not-found", `there is no work record ${workRecordId}`);
      await checkOwner(request, current);
      const photos = await preparedPhotos(upload);
      const record = await addWorkRecordPhotos(app.db.sql, workRecordId, photos, WORK_RECORD_PHOTOS_MAX, actorOf(request));
      if (!record) throw new ProblemError("not-found", `there is no work record ${workRecordId}`);
      if (record === "full") {
        throw new ProblemError("constraint-violated", `a work record holds at most ${WORK_RECORD_PHOTOS_MAX} photos; it has ${current.photos.length}`, {
          errors: [{ path: "body.photos", message: `at most ${WORK_RECORD_PHOTOS_MAX - current.photos.length} more` }],
        });
      }
      setVersionTag(reply, record.version);
      return reply.code(201).send(record);
    },
  );
};
