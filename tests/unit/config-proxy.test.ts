import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../server/src/config.ts";

describe("TRUST_PROXY", () => {
  it("believes no proxy unless told", () => {
    expect(loadConfig({}, "/srv/atlas").trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "false" }, "/srv/atlas").trustProxy).toBe(false);
  });

  it("takes true or proxy addresses and CIDR ranges", () => {
    expect(loadConfig({ TRUST_PROXY: "TRUE" }, "/srv/atlas").trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: " 127.0.0.1, 10.0.0.0/8 ,::1" }, "/srv/atlas").trustProxy).toEqual(["127.0.0.1", "10.0.0.0/8", "::1"]);
  });

  it.each(["yes", "2", "proxy.example.org", "127.0.0.1;rm -rf"])("refuses %j at boot", (value) => {
    expect(() => loadConfig({ TRUST_PROXY: value }, "/srv/atlas")).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: value }, "/srv/atlas")).toThrow(/TRUST_PROXY/);
  });
});

describe("PUBLIC_URL", () => {
  it("is unset unless given, and keeps an origin with an optional path, without the trailing slash", () => {
    expect(loadConfig({}, "/srv/atlas").publicUrl).toBeUndefined();
    expect(loadConfig({ PUBLIC_URL: "https://atlas.example.org/" }, "/srv/atlas").publicUrl).toBe("https://atlas.example.org");
    expect(loadConfig({ PUBLIC_URL: " https://Example.org:8443/atlas// " }, "/srv/atlas").publicUrl).toBe("https://example.org:8443/atlas");
  });

  it.each(["atlas.example.org", "ftp://atlas.example.org", "https://atlas.example.org/?a=1", "https://user:pw@atlas.example.org", "https://atlas.example.org/#x"])(
    "refuses %j at boot",
    (value) => {
      expect(() => loadConfig({ PUBLIC_URL: value }, "/srv/atlas")).toThrow(/PUBLIC_URL/);
    },
  );
});
