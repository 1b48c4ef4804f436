/**
 * Imports over HTTP, one code path with `npm run import`: POST /api/imports (bureau) takes a multipart upload, reads
 * and prepares it without changing the data and answers 201 with the preview of a pending import;
 * GET /api/imports/{importId} (bureau, leader) shows it again; POST /api/imports/{importId}/commit (bureau) applies
 * it all or nothing under the committer's name; DELETE /api/imports/{importId} (bureau) cancels it.
 */
import fs from "node:fs";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply } from "fastify";
import { Type } from "typebox";
import { ImportParams, ImportPreview } from "../contracts/imports.ts";
import { Problem } from "../contracts/problem.ts";
import { ProblemError } from "../http/problem.ts";
import { cancelPendingImport, commitPendingImport, createPendingImport, expirePendingImports, importChoiceValues, readPendingImport, type Closing } from "./imports.repo.ts";
import { importChoices, MAX_FIELD_BYTES, MAX_FILES, receiveUpload } from "./upload.ts";

const READERS = { roles: ["bureau", "leader"] as const };
const WRITERS = { roles: ["bureau"] as const };
const PROBLEMS = { 400: Problem, 404: Problem, 409: Problem, 413: Problem, 415: Problem, 422: Problem };

/** The problem for a pending import that could not be committed or cancelled. */
function closingProblem(closing: Exclude<Closing, { ok: true }>, importId: number): ProblemError {
  switch (closing.reason) {
    case "not-found":
      return new ProblemError("not-found", `there is no import ${importId}`);
    case "not-pending":
      return new ProblemError("import-not-pending", `import ${importId} is ${closing.status}: only a pending import can be committed or cancelled`, { importStatus: closing.status });
    case "outdated":
      return new ProblemError("import-outdated", closing.problems.join("\n"), { problems: closing.problems });
    case "rejected":
      return new ProblemError("import-rejected", closing.problems.join("\n"), { problems: closing.problems });
  }
}

export const importsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Registered inside this plugin, so that only these routes take multipart bodies.
  const { default: multipart } = await import("@fastify/multipart");
  await app.register(multipart, {
    limits: { fileSize: app.config.importMaxBytes, files: MAX_FILES, fields: 4, fieldSize: MAX_FIELD_BYTES, parts: MAX_FILES + 4 },
  });

  // The preview as the database keeps it, sent unparsed (a string payload is not serialised again).
  const sendPreview = async (importId: number, reply: FastifyReply): Promise<FastifyReply> => {
    const body = await readPendingImport(app.db.sql, importId);
    if (body === undefined) throw new ProblemError("not-found", `there is no import ${importId}`);
    return reply.header("cache-control", "no-store").type("application/json; charset=utf-8").send(body);
  };

  app.post(
    "/api/imports",
    {
      config: WRITERS,
      schema: {
        summary: "Upload files to import (bureau): multipart/form-data, one part per file, options provenance, coordinates, repair, skipUnmatched as fields; answers the preview of a pending import",
        consumes: ["multipart/form-data"],
        response: { 201: ImportPreview, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) {
        throw new ProblemError("unsupported-media-type", "send the files as multipart/form-data: one part per file, the options as fields");
      }
      const upload = await receiveUpload(request, app.config.importMaxBytes);
      try {
        const choices = importChoices(upload.fields, await importChoiceValues());
        await expirePendingImports(app.db.sql);
        const outcome = await createPendingImport(app.db.sql, upload, choices, request.user!.id);
        if (!outcome.ok) throw new ProblemError("import-rejected", outcome.problems.join("\n"), { problems: outcome.problems });
        reply.code(201).header("location", `/api/imports/${outcome.importId}`);
        return await sendPreview(outcome.importId, reply);
      } finally {
        await fs.promises.rm(upload.folder, { recursive: true, force: true });
      }
    },
  );

  app.get(
    "/api/imports/:importId",
    { config: READERS, schema: { summary: "A pending, committed, cancelled or expired import with its preview (bureau, leader)", params: ImportParams, response: { 200: ImportPreview, 404: Problem } } },
    async (request, reply) => sendPreview(request.params.importId, reply),
  );

  app.post(
    "/api/imports/:importId/commit",
    {
      config: WRITERS,
      schema: { summary: "Apply a pending import, all or nothing (bureau)", params: ImportParams, response: { 200: ImportPreview, ...PROBLEMS } },
    },
    async (request, reply) => {
      const { importId } = request.params;
      const closing = await commitPendingImport(app.db.sql, importId, request.user!.id, `user:${request.user!.name}`);
      if (!closing.ok) throw closingProblem(closing, importId);
      return sendPreview(importId, reply);
    },
  );

  app.delete(
    "/api/imports/:importId",
    { config: WRITERS, schema: { summary: "Cancel a pending import (bureau)", params: ImportParams, response: { 204: Type.Null(), 404: Problem, 409: Problem } } },
    async (request, reply) => {
      const closing = await cancelPendingImport(app.db.sql, request.params.importId, request.user!.id);
      if (!closing.ok) throw closingProblem(closing, request.params.importId);
      return reply.code(204).send(null);
    },
  );
};
