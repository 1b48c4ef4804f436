/** The wait a 429 asks for: the Retry-After header read as seconds, and the whole minutes the opinion form says. */
import { describe, expect, it } from "vitest";
import { retryAfterSeconds } from "../../client/src/api/api-problem.ts";
import { retryMinutes } from "../../client/src/pages/finder/opinion/opinion-model.ts";

describe("the Retry-After header", () => {
  it("reads delay-seconds as they are, as @fastify/rate-limit sends them", () => {
    expect(retryAfterSeconds("600")).toBe(600);
    expect(retryAfterSeconds(" 0 ")).toBe(0);
  });

  it("reads an HTTP date as the seconds from now to it, never below 0", () => {
    const now = Date.parse("2026-03-01T08:00:00Z");
    expect(retryAfterSeconds("Sun, 01 Mar 2026 08:04:30 GMT", now)).toBe(270);
    expect(retryAfterSeconds("Sun, 01 Mar 2026 07:00:00 GMT", now)).toBe(0);
  });

  it("is undefined when absent or neither a number nor a date", () => {
    expect(retryAfterSeconds(null)).toBeUndefined();
    expect(retryAfterSeconds("")).toBeUndefined();
    expect(retryAfterSeconds("soon")).toBeUndefined();
    expect(retryAfterSeconds("-5")).toBeUndefined();
  });
});

describe("the minutes the opinion form says", () => {
  it("counts a part minute as a whole one and never says 0", () => {
    expect(retryMinutes(600)).toBe(10);
    expect(retryMinutes(541)).toBe(10);
    expect(retryMinutes(59)).toBe(1);
    expect(retryMinutes(0)).toBe(1);
    expect(retryMinutes(undefined)).toBeUndefined();
  });
});
