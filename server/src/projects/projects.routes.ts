/**
 * Planning projects (规划项目): GET /api/projects/{projectId} (bureau, leader), POST /api/projects and
 * PATCH /api/projects/{projectId} (bureau). A project brings its own area, to which its planners are appointed with
 * POST /api/appointments (role project); its answer lists them and the unit areas its site crosses. Answers carry
 * the ETag of the version; PATCH needs it back as If-Match. A site the judge refuses is a 422 geometry-rejected.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply } from "fastify";
import { CreateProjectBody, Project, ProjectParams, UpdateProjectBody } from "../contracts/projects.ts";
import { checkDrawnGeometry, DRAWING, rejection } from "../areas/drawn-geometry.ts";
import { registerRecordRead, requiredVersion, sendChanged, sendCreated, staleVersion } from "../http/entity-version.ts";
import { ProblemError } from "../http/problem.ts";
import { createProject, readProject, updateProject, type ProjectRefusal } from "./projects.repo.ts";


export const projectsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const notFound = (projectId: number | undefined) => new ProblemError("not-found", `there is no project ${projectId}`);

  async function refusalProblem(reply: FastifyReply, projectId: number | undefined, refusal: ProjectRefusal): Promise<ProblemError> {
    if (refusal.reason === "rejected") return rejection(refusal.verdict);
    const current = refusal.reason === "stale" ? await readProject(app.db.sql, projectId!) : undefined;
    return current ? staleVersion(reply, "project", current) : notFound(projectId);
  }

  registerRecordRead(app, "/api/projects/:projectId", "project", { params: ProjectParams, response: Project }, (id) => readProject(app.db.sql, id));

  app.post(
    "/api/projects",
    { ...DRAWING, schema: { summary: "Create a project with its own area (bureau)", body: CreateProjectBody, response: { 201: Project } } },
    async (request, reply) => {
      checkDrawnGeometry(request.body.site, "body.site");
      const result = await createProject(app.db.sql, request.body, `user:${request.user!.name}`);
      if (!result.ok) throw await refusalProblem(reply, undefined, result);
      return sendCreated(reply, "/api/projects", result.project);
    },
  );

  app.patch(
    "/api/projects/:projectId",
    { ...DRAWING, schema: { summary: "Change a project (bureau); needs If-Match", params: ProjectParams, body: UpdateProjectBody, response: { 200: Project } } },
    async (request, reply) => {
      const { projectId } = request.params;
      const version = requiredVersion(request, "project");
      checkDrawnGeometry(request.body.site, "body.site");
      const result = await updateProject(app.db.sql, projectId, version, request.body, `user:${request.user!.name}`);
      if (!result.ok) throw await refusalProblem(reply, projectId, result);
      return sendChanged(reply, result.project);
    },
  );
};
