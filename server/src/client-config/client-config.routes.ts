/**
 * GET /api/client-config: what the browser needs to know about this installation before it draws the map. Today
 * that is the optional official basemap: 天地图 (Tianditu) when TIANDITU_TOKEN is configured (its tiles are
 * CGCS2000, which needs no offset against the project's WGS84 data at map scale), otherwise none, so the default
 * page makes no request to any other host.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { ClientConfig } from "../contracts/client-config.ts";

export const TIANDITU_ATTRIBUTION = "底图 © 天地图 · 国家地理信息公共服务平台 www.tianditu.gov.cn";

export const clientConfigRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const body: ClientConfig = {
    basemap: app.config.tiandituToken
      ? { provider: "tianditu", token: app.config.tiandituToken, attribution: TIANDITU_ATTRIBUTION }
      : null,
  };
  app.get(
    "/api/client-config",
    { schema: { summary: "Installation settings the web client reads at start (optional basemap)", response: { 200: ClientConfig } } },
    async (_request, reply) => {
      reply.header("cache-control", "no-cache");
      return body;
    },
  );
};
