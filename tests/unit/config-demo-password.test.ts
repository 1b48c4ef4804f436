import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../server/src/config.ts";

describe("DEMO_PASSWORD", () => {
  it("is unset unless given", () => {
    expect(loadConfig({}, "/srv/atlas").demoPassword).toBeUndefined();
    expect(loadConfig({ DEMO_PASSWORD: "" }, "/srv/atlas").demoPassword).toBeUndefined();
  });

  it("takes a password of 12 characters or more as it is, Chinese ones counted by character", () => {
    expect(loadConfig({ DEMO_PASSWORD: " twelve chars" }, "/srv/atlas").demoPassword).toBe(" twelve chars");
    expect(loadConfig({ DEMO_PASSWORD: "演示密码演示密码演示密码" }, "/srv/atlas").demoPassword).toBe("演示密码演示密码演示密码");
  });

  it("refuses a shorter one at boot without repeating it", () => {
    expect(() => loadConfig({ DEMO_PASSWORD: "eleven-char" }, "/srv/atlas")).toThrow(ConfigError);
    expect(() => loadConfig({ DEMO_PASSWORD: "eleven-char" }, "/srv/atlas")).toThrow(/DEMO_PASSWORD must have at least 12 characters/);
    expect(() => loadConfig({ DEMO_PASSWORD: "eleven-char" }, "/srv/atlas")).not.toThrow(/eleven-char/);
  });
});
