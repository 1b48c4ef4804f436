/**
 * The bureau's planner records: GET /api/planners/{plannerId} (bureau, leader: every field, private contacts too),
 * POST /api/planners and PATCH /api/planners/{plannerId} (bureau). Answers carry the ETag of the version; PATCH
 * needs it back as If-Match (428 without, 412 with the current record when stale).
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { CreatePlannerBody, Planner, PlannerList, PlannerParams, UpdatePlannerBody } from "../contracts/planners.ts";
import { registerListRead, registerRecordRead, requiredVersion, sendCreated, setVersionTag, staleVersion } from "../http/entity-version.ts";
import { ProblemError } from "../http/problem.ts";
import { createPlanner, listPlanners, newPlannerProfile, readPlanner, updatePlanner, type PlannerProfile } from "./planners.repo.ts";

const WRITERS = { roles: ["bureau"] as const };

/** Consent can only be given for a contact the planner has. */
function checkConsent(profile: PlannerProfile): void {
  const unknown = profile.publishConsent.filter((key) => !Object.hasOwn(profile.contacts, key));
  if (unknown.length > 0) {
    throw new ProblemError("constraint-violated", `publishConsent names contacts the planner does not have: ${unknown.join(", ")}`, {
      errors: [{ path: "body.publishConsent", message: `not in contacts: ${unknown.join(", ")}` }],
    });
  }
}

export const plannersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  registerListRead(app, "/api/planners", "Every planner, for pickers (bureau, leader)", { response: PlannerList }, async () => ({
    planners: await listPlanners(app.db.sql),
  }));
  registerRecordRead(app, "/api/planners/:plannerId", "planner", { params: PlannerParams, response: Planner }, (id) => readPlanner(app.db.sql, id));

  app.post(
    "/api/planners",
    { config: WRITERS, schema: { summary: "Create a planner (bureau)", body: CreatePlannerBody, response: { 201: Planner } } },
    async (request, reply) => {
      const profile = newPlannerProfile(request.body);
      checkConsent(profile);
      const planner = await createPlanner(app.db.sql, profile, `user:${request.user!.name}`);
      return sendCreated(reply, "/api/planners", planner);
    },
  );

  app.patch(
    "/api/planners/:plannerId",
    {
      config: WRITERS,
      schema: {
        summary: "Change a planner's profile and publish consent (bureau); needs If-Match",
        params: PlannerParams,
        body: UpdatePlannerBody,
        response: { 200: Planner },
      },
    },
    async (request, reply) => {
      const { plannerId } = request.params;
      const version = requiredVersion(request, "planner");
      const current = await readPlanner(app.db.sql, plannerId);
      if (!current) throw new ProblemError("not-found", `there is no planner ${plannerId}`);
      if (current.version !== version) throw staleVersion(reply, "planner", current);
      const { id: _id, publicContact: _public, isDemo: _demo, version: _version, updatedAt: _updated, ...profile } = current;
      const changed: PlannerProfile = { ...profile, ...request.body };
      checkConsent(changed);
      const planner = await updatePlanner(app.db.sql, plannerId, version, changed, `user:${request.user!.name}`);
      if (!planner) {
        // Changed (or removed) between the read above and the update.
        const now = await readPlanner(app.db.sql, plannerId);
        if (!now) throw new ProblemError("not-found", `there is no planner ${plannerId}`);
        throw staleVersion(reply, "planner", now);
      }
      setVersionTag(reply, planner.version);
      return planner;
    },
  );
};
