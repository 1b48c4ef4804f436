/**
 * GET /api/photos/{photoId} and GET /api/photos/{photoId}/thumbnail: a stored photo of an opinion or a work record,
 * for signed-in planners, the bureau and leaders only; photos are never public (a resident's photo may show people
 * and homes). Photos never change, so a browser may keep them, privately.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply } from "fastify";
import { Type } from "typebox";
import { PhotoParams } from "../contracts/opinions.ts";
import { Problem } from "../contracts/problem.ts";
import { ProblemError } from "../http/problem.ts";
import { readPhoto } from "./photos.ts";

const READERS = { roles: ["planner", "bureau", "leader"] as const };

export const photosRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const send = async (photoId: number, variant: "full" | "thumbnail", reply: FastifyReply) => {
    const photo = await readPhoto(app.db.sql, photoId, variant);
    if (!photo) throw new ProblemError("not-found", `there is no photo ${photoId}`);
    return reply
      .header("cache-control", "private, max-age=86400, immutable")
      .header("x-content-type-options", "nosniff")
      .type(photo.mediaType)
      .send(photo.bytes);
  };
  const response = { 200: Type.Unsafe<Buffer>({ type: "string", format: "binary", description: "the image (JPEG)" }), 404: Problem };

  app.get(
    "/api/photos/:photoId",
    { config: READERS, schema: { summary: "A photo of an opinion or a work record (planner, bureau, leader)", params: PhotoParams, response } },
    async (request, reply) => send(request.params.photoId, "full", reply),
  );
  app.get(
    "/api/photos/:photoId/thumbnail",
    { config: READERS, schema: { summary: "A photo's thumbnail, at most 320 px (planner, bureau, leader)", params: PhotoParams, response } },
    async (request, reply) => send(request.params.photoId, "thumbnail", reply),
  );
};
