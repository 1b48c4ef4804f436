/**
 * Composing an area from townships (Districtr): what a click on a township does to the draft's members, and the live
 * counter. The client answers first with the areas list it has; the server's judge decides again on save.
 */

/** Area kinds whose members must be in no other area of these kinds: the unit areas (街道、镇、乡). */
const UNIT_KINDS: ReadonlySet<string> = new Set(["subdistrict", "township"]);

/** Kinds composed from township-level divisions (a county or the city is made of counties, a project is drawn). */
const COMPOSABLE_KINDS: ReadonlySet<string> = new Set(["subdistrict", "township", "belt"]);

/** What compose needs of an area from GET /api/areas. */
export interface ComposeArea {
  id: number;
  code: string;
  name: string;
  kind: string;
  members: readonly string[];
  retiredOn: string | null;
}

export function isComposable(kind: string): boolean {
  return COMPOSABLE_KINDS.has(kind);
}

/** A township-level division code (9 digits); counties have 6. */
function isTownshipCode(code: string): boolean {
  return /^[0-9]{9}$/.test(code);
}

function inForce(area: ComposeArea, today: string): boolean {
  return area.retiredOn === null || area.retiredOn > today;
}

/** The unit area in force on `today` (YYYY-MM-DD) that groups township `code`, other than `exceptAreaId`; null if none. */
export function unitAreaOf(areas: readonly ComposeArea[], code: string, today: string, exceptAreaId: number | null = null): ComposeArea | null {
  return areas.find((area) => area.id !== exceptAreaId && UNIT_KINDS.has(area.kind) && inForce(area, today) && area.members.includes(code)) ?? null;
}

export type ToggleResult =
  | { ok: true; members: string[]; added: boolean }
  | { ok: false; reason: "taken"; by: ComposeArea }
  | { ok: false; reason: "not-township" };

/**
 * Adds township `code` to the members of `area`, or removes it when it is one. Refused when it is no township, or when
 * `area` is a unit area and another unit area in force already groups the township (`by` names it).
 */
export function toggleMember(
  area: Pick<ComposeArea, "id" | "kind">,
  members: readonly string[],
  code: string,
  areas: readonly ComposeArea[],
  today: string,
): ToggleResult {
  if (members.includes(code)) return { ok: true, members: members.filter((member) => member !== code), added: false };
  if (!isTownshipCode(code)) return { ok: false, reason: "not-township" };
  if (UNIT_KINDS.has(area.kind)) {
    const by = unitAreaOf(areas, code, today, area.id);
    if (by) return { ok: false, reason: "taken", by };
  }
  return { ok: true, members: [...members, code], added: true };
}

/**
 * How many townships would be in no unit area once the draft is saved: those in no unit area now (`unassigned`, from
 * the server) not added by the draft, plus the saved members of a unit area that the draft gives up and no other unit
 * area groups.
 */
export function townshipsInNoArea(
  unassigned: readonly string[],
  area: Pick<ComposeArea, "id" | "kind">,
  savedMembers: readonly string[],
  draftMembers: readonly string[],
  areas: readonly ComposeArea[],
  today: string,
): number {
  const drafted = new Set(UNIT_KINDS.has(area.kind) ? draftMembers : []);
  const free = new Set(unassigned.filter((code) => !drafted.has(code)));
  if (UNIT_KINDS.has(area.kind)) {
    for (const code of savedMembers) {
      if (isTownshipCode(code) && !drafted.has(code) && !unitAreaOf(areas, code, today, area.id)) free.add(code);
    }
  }
  return free.size;
}
