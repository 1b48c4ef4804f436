/**
 * Cross-origin access (CORS) for the origins of CORS_ORIGIN: another site's web map may read the tiles, TileJSON,
 * OGC API and lookups, with the ETag visible so that it can revalidate. The API only reads, so only GET and HEAD
 * (and the OPTIONS preflight) are allowed. Without CORS_ORIGIN no header is added: same origin only.
 */
import type { FastifyInstance } from "fastify";

export async function registerCors(app: FastifyInstance, origins: "*" | string[] | undefined): Promise<void> {
  if (origins === undefined) return;
  // Loaded only when configured, like everything a server may never need at start.
  const { default: fastifyCors } = await import("@fastify/cors");
  await app.register(fastifyCors, {
    origin: origins === "*" ? "*" : origins,
    methods: ["GET", "HEAD", "OPTIONS"],
    exposedHeaders: ["ETag", "Content-Length"],
    maxAge: 86_400,
  });
}
