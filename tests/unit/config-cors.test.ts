import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../server/src/config.ts";

describe("CORS_ORIGIN", () => {
  it("allows no other site when unset or empty", () => {
    expect(loadConfig({}, "/srv/atlas").corsOrigins).toBeUndefined();
    expect(loadConfig({ CORS_ORIGIN: "  " }, "/srv/atlas").corsOrigins).toBeUndefined();
  });

  it("takes * or a list of origins, without a trailing slash", () => {
    expect(loadConfig({ CORS_ORIGIN: "*" }, "/srv/atlas").corsOrigins).toBe("*");
    expect(loadConfig({ CORS_ORIGIN: " https://map.example.org/, http://127.0.0.1:5173 " }, "/srv/atlas").corsOrigins).toEqual([
      "https://map.example.org",
      "http://127.0.0.1:5173",
    ]);
  });

  it.each(["map.example.org", "https://map.example.org/path", "ftp://map.example.org", "https://a.org,", "https://x.org\"><script>"])(
    "refuses %j at boot",
    (value) => {
      expect(() => loadConfig({ CORS_ORIGIN: value }, "/srv/atlas")).toThrow(ConfigError);
      expect(() => loadConfig({ CORS_ORIGIN: value }, "/srv/atlas")).toThrow(/CORS_ORIGIN/);
    },
  );
});
