import { describe, expect, it } from "vitest";
import { isComposable, toggleMember, townshipsInNoArea, unitAreaOf, type ComposeArea } from "../../client/src/pages/workspace/map/compose.ts";

const TODAY = "2026-12-06";
const area = (id: number, kind: string, members: string[], retiredOn: string | null = null): ComposeArea => ({
  id,
  code: `area-${id}`,
  name: `区${id}`,
  kind,
  members,
  retiredOn,
});
const AREAS = [
  area(1, "township", ["140502001"]),
  area(2, "subdistrict", ["140502002", "140502003"]),
  area(3, "belt", ["140502004", "140502001"]),
  area(4, "township", ["140502005"], "2026-01-01"),
  area(5, "township", ["140502006"], "2027-01-01"),
  area(6, "county", ["140502"]),
];

describe("composing an area from townships", () => {
  it("adds a township that no unit area groups, and takes out one that is a member", () => {
    expect(toggleMember(AREAS[0]!, ["140502001"], "140502009", AREAS, TODAY)).toEqual({ ok: true, members: ["140502001", "140502009"], added: true });
    expect(toggleMember(AREAS[0]!, ["140502001", "140502009"], "140502001", AREAS, TODAY)).toEqual({ ok: true, members: ["140502009"], added: false });
  });

  it("refuses a township that another unit area in force groups, naming that area", () => {
    const result = toggleMember(AREAS[0]!, ["140502001"], "140502003", AREAS, TODAY);
    expect(result).toEqual({ ok: false, reason: "taken", by: AREAS[1] });
    // Still in force until its retirement day: the township is taken.
    expect(toggleMember(AREAS[0]!, [], "140502006", AREAS, TODAY)).toMatchObject({ ok: false, by: { id: 5 } });
  });

  it("lets a retired unit area's township go, and lets belts overlap unit areas", () => {
    expect(toggleMember(AREAS[0]!, [], "140502005", AREAS, TODAY)).toMatchObject({ ok: true, added: true });
    // A belt groups townships whatever unit area they are in; a unit area ignores a belt's members.
    expect(toggleMember(AREAS[2]!, [], "140502003", AREAS, TODAY)).toMatchObject({ ok: true, added: true });
    expect(toggleMember(AREAS[1]!, ["140502002"], "140502004", AREAS, TODAY)).toMatchObject({ ok: true, added: true });
  });

  it("refuses a county code: only townships are composed", () => {
    expect(toggleMember(AREAS[0]!, [], "140502", AREAS, TODAY)).toEqual({ ok: false, reason: "not-township" });
  });

  it("finds the unit area of a township, other than the one being edited", () => {
    expect(unitAreaOf(AREAS, "140502001", TODAY)?.id).toBe(1);
    expect(unitAreaOf(AREAS, "140502001", TODAY, 1)).toBeNull();
    expect(unitAreaOf(AREAS, "140502004", TODAY)).toBeNull();
  });

  it("composes unit areas and belts, not counties, the city or projects", () => {
    expect(["subdistrict", "township", "belt", "county", "city", "project"].map(isComposable)).toEqual([true, true, true, false, false, false]);
  });
});

describe("the live count of townships in no unit area", () => {
  const unassigned = ["140502007", "140502008"];

  it("drops the townships the draft of a unit area adds", () => {
    expect(townshipsInNoArea(unassigned, AREAS[0]!, ["140502001"], ["140502001"], AREAS, TODAY)).toBe(2);
    expect(townshipsInNoArea(unassigned, AREAS[0]!, ["140502001"], ["140502001", "140502007", "140502008"], AREAS, TODAY)).toBe(0);
  });

  it("counts a saved member the draft gives up, unless another unit area holds it", () => {
    expect(townshipsInNoArea(unassigned, AREAS[0]!, ["140502001"], [], AREAS, TODAY)).toBe(3);
    const sharedWithAnother = [...AREAS, area(7, "township", ["140502001"])];
    expect(townshipsInNoArea(unassigned, AREAS[0]!, ["140502001"], [], sharedWithAnother, TODAY)).toBe(2);
  });

  it("is not changed by a belt's members", () => {
    expect(townshipsInNoArea(unassigned, AREAS[2]!, ["140502004"], ["140502007"], AREAS, TODAY)).toBe(2);
  });
});
