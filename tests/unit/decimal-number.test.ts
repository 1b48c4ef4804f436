import { describe, expect, it } from "vitest";
import { DECIMAL_NUMBER, numericProperties } from "../../server/src/http/lazy-compilers.ts";

describe("numbers in the query string and the path", () => {
  it.each(["0", "12", "-1.5", "+2", ".5", "5.", "112.84", "1e3", "1E-3", "-0.25e+2"])("takes %j", (text) => {
    expect(DECIMAL_NUMBER.test(text)).toBe(true);
  });

  it.each(["", " 1", "1 ", "0x10", "0X1f", "0b1", "0o7", "Infinity", "-Infinity", "NaN", "1_000", "1e", "--1", ".", "1,5", "١٢"])(
    "refuses %j, which Number() would take or turn into NaN",
    (text) => {
      expect(DECIMAL_NUMBER.test(text)).toBe(false);
    },
  );

  it("finds the number and integer properties of a schema", () => {
    const schema = {
      type: "object",
      properties: { z: { type: "integer" }, lon: { type: "number" }, q: { type: "string" }, n: { type: ["number", "null"] } },
    };
    expect(numericProperties(schema)).toEqual(["z", "lon", "n"]);
    expect(numericProperties(undefined)).toEqual([]);
    expect(numericProperties({ type: "string" })).toEqual([]);
  });
});
