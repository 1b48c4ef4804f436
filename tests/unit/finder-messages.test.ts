import { describe, expect, it } from "vitest";
import { FINDER_EN, FINDER_ZH } from "../../client/src/pages/finder/messages.ts";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe("the finder's words", () => {
  it("has the same keys in Chinese and English, all prefixed finder.", () => {
    expect(Object.keys(FINDER_EN).sort()).toEqual(Object.keys(FINDER_ZH).sort());
    expect(Object.keys(FINDER_ZH).filter((key) => !key.startsWith("finder."))).toEqual([]);
  });

  it("fills the same placeholders in both languages and leaves no text empty", () => {
    for (const [key, zh] of Object.entries(FINDER_ZH)) {
      const en = FINDER_EN[key as keyof typeof FINDER_ZH];
      expect(placeholders(en), key).toEqual(placeholders(zh));
      expect(zh.trim(), key).not.toBe("");
      expect(en.trim(), key).not.toBe("");
    }
  });

  it("names the approximate boundary as the design document does", () => {
    expect(FINDER_ZH["finder.boundary.approximateShort"]).toBe("示意边界（非法定界线）");
    expect(FINDER_EN["finder.boundary.approximateShort"]).toBe("approximate boundary (not official)");
  });
});
