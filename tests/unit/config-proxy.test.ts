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
