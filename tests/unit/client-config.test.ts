import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { clientConfigRoutes, TIANDITU_ATTRIBUTION } from "../../server/src/client-config/client-config.routes.ts";
import { ConfigError, loadConfig, type Config } from "../../server/src/config.ts";

async function clientConfigFor(env: NodeJS.ProcessEnv) {
  const app = Fastify();
  app.decorate("config", loadConfig(env, "/srv/atlas") as Config);
  await app.register(clientConfigRoutes);
  const response = await app.inject("/api/client-config");
  await app.close();
  return response;
}

describe("client configuration", () => {
  it("offers no basemap unless TIANDITU_TOKEN is set, so the default page talks to no other host", async () => {
    const response = await clientConfigFor({});
    expect(response.statusCode).toBe(200);
    expect(response.headers["cache-control"]).toBe("no-cache");
    expect(response.json()).toEqual({ basemap: null });
  });

  it("offers 天地图 with its attribution when a token is configured", async () => {
    const response = await clientConfigFor({ TIANDITU_TOKEN: " 0123456789abcdef0123456789abcdef " });
    expect(response.json()).toEqual({
      basemap: { provider: "tianditu", token: "0123456789abcdef0123456789abcdef", attribution: TIANDITU_ATTRIBUTION },
    });
  });

  it.each(["short", "has spaces inside", "abc\"><script>", "x".repeat(65)])("refuses the token %j at boot", (token) => {
    expect(() => loadConfig({ TIANDITU_TOKEN: token }, "/srv/atlas")).toThrow(ConfigError);
    expect(() => loadConfig({ TIANDITU_TOKEN: token }, "/srv/atlas")).toThrow(/TIANDITU_TOKEN/);
  });
});
