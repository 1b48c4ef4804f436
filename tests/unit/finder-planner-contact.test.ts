import { describe, expect, it } from "vitest";
import { contactEntries, initialsOf, sameOriginPhotoUrl } from "../../client/src/lib/planner-contact.ts";

describe("a planner's published contact", () => {
  it("lists phones first, then e-mail and WeChat, with tel: and mailto: links", () => {
    const entries = contactEntries({ wechat: "planner_10", email: "planner0010@example.invalid", phone: "0356-000-0010" });
    expect(entries.map((entry) => [entry.kind, entry.value, entry.href])).toEqual([
      ["phone", "0356-000-0010", "tel:03560000010"],
      ["email", "planner0010@example.invalid", "mailto:planner0010@example.invalid"],
      ["wechat", "planner_10", undefined],
    ]);
  });

  it("recognises Chinese keys and keeps unknown ones as they were published, in their order", () => {
    const entries = contactEntries({ 办公地点: "东街街道办事处二楼", 电话: "+86 356 000 0010", 邮箱: "a@b.cn" });
    expect(entries.map((entry) => [entry.kind, entry.key])).toEqual([
      ["phone", "电话"],
      ["email", "邮箱"],
      ["other", "办公地点"],
    ]);
    expect(entries[0]!.href).toBe("tel:+863560000010");
  });

  it("links nothing that is not what it claims to be, and leaves out blank values", () => {
    const entries = contactEntries({ phone: "call the office", email: "a@b.cn?cc=x@y.z", website: "javascript:alert(1)", wechat: "  " });
    expect(entries.map((entry) => entry.href)).toEqual([undefined, undefined, undefined]);
    expect(entries.map((entry) => entry.kind)).toEqual(["phone", "email", "website"]);
  });

  it("is an empty list when the planner published nothing", () => {
    expect(contactEntries({})).toEqual([]);
  });
});

describe("a planner's badge and photo", () => {
  it("shows the surname of a Chinese name and the initials of other names", () => {
    expect(initialsOf("王小明")).toBe("王");
    expect(initialsOf("示例规划师 10")).toBe("示");
    expect(initialsOf("  jane van der berg ")).toBe("JV");
    expect(initialsOf("   ")).toBe("?");
  });

  it("loads a photo only from the page's own server", () => {
    const origin = "http://127.0.0.1:8080";
    expect(sameOriginPhotoUrl("/photos/10.jpg", origin)).toBe("http://127.0.0.1:8080/photos/10.jpg");
    expect(sameOriginPhotoUrl("http://127.0.0.1:8080/photos/10.jpg", origin)).toBe("http://127.0.0.1:8080/photos/10.jpg");
    expect(sameOriginPhotoUrl("https://cdn.example.com/10.jpg", origin)).toBeUndefined();
    expect(sameOriginPhotoUrl("//cdn.example.com/10.jpg", origin)).toBeUndefined();
    expect(sameOriginPhotoUrl(null, origin)).toBeUndefined();
    expect(sameOriginPhotoUrl("", origin)).toBeUndefined();
  });
});
