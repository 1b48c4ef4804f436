import { describe, expect, it } from "vitest";
import { checkNewPassword, normaliseName, PASSWORD_MIN_LENGTH } from "../../server/src/auth/account-rules.ts";
import { loadConfig } from "../../server/src/config.ts";

describe("account names", () => {
  it("keeps a Chinese name, trimmed of any white space and in NFC", () => {
    expect(normaliseName("\u3000张三 ")).toEqual({ ok: true, value: "张三" });
    expect(normaliseName("Zoe\u0308")).toEqual({ ok: true, value: "Zoë" });
  });

  it("refuses an empty name, one over 64 characters and one with a control character", () => {
    expect(normaliseName("  ").ok).toBe(false);
    expect(normaliseName("张".repeat(64)).ok).toBe(true);
    expect(normaliseName("张".repeat(65))).toEqual({ ok: false, reason: "the name is longer than 64 characters" });
    expect(normaliseName("张\u0007三")).toEqual({ ok: false, reason: "the name contains a control character" });
  });
});

describe("new passwords", () => {
  it(`needs at least ${PASSWORD_MIN_LENGTH} characters, counted as characters, not bytes`, () => {
    expect(checkNewPassword("一二三四五六七八九", "张三").ok).toBe(false);
    expect(checkNewPassword("一二三四五六七八九十", "张三").ok).toBe(true);
  });

  it("refuses the account's own name in any letter case", () => {
    expect(checkNewPassword("Administrator", "administrator")).toEqual({ ok: false, reason: "the password must not be the account's name" });
  });
});

describe("session settings", () => {
  it("default to 8 hours idle, 7 days in all, 10 sign-ins a minute", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ sessionIdleS: 8 * 3600, sessionLifetimeS: 7 * 86_400, signInRateLimit: 10 });
  });

  it("list every bad value at once", () => {
    expect(() => loadConfig({ SESSION_IDLE_TIMEOUT_S: "10", SIGN_IN_RATE_LIMIT: "x" })).toThrow(/SESSION_IDLE_TIMEOUT_S[\s\S]*SIGN_IN_RATE_LIMIT/);
  });
});
