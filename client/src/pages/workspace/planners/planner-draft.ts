/**
 * A planner's profile as the form edits it, and back: the draft of a record, and the fields a draft changes against
 * the record it was made from (what a PATCH sends, and what "apply mine on top" sends again). Contacts are rows with
 * their own consent to publish; on the wire they are `contacts` plus `publishConsent`, both replaced whole.
 * Pure: no React, DOM or fetch.
 */
import type { Planner, UpdatePlannerBody } from "../../../api/planners.ts";

export interface ContactRow {
  key: string;
  value: string;
  publish: boolean;
}

export interface PlannerDraft {
  name: string;
  organisation: string;
  professionalTitle: "" | NonNullable<Planner["professionalTitle"]>;
  registeredPlanner: boolean;
  education: string;
  /** As typed: separated by 、 , ， ; ； or new lines. */
  specialities: string;
  officeHours: string;
  contacts: ContactRow[];
}

/** The profile fields the form edits, in the order it shows them. */
export const DRAFT_FIELDS = [
  "name",
  "organisation",
  "professionalTitle",
  "registeredPlanner",
  "education",
  "specialities",
  "officeHours",
  "contacts",
  "publishConsent",
] as const satisfies readonly (keyof UpdatePlannerBody)[];

export function draftOf(planner: Planner): PlannerDraft {
  return {
    name: planner.name,
    organisation: planner.organisation ?? "",
    professionalTitle: planner.professionalTitle ?? "",
    registeredPlanner: planner.registeredPlanner,
    education: planner.education ?? "",
    specialities: planner.specialities.join("、"),
    officeHours: planner.officeHours ?? "",
    contacts: Object.entries(planner.contacts).map(([key, value]) => ({ key, value, publish: planner.publishConsent.includes(key) })),
  };
}

const orNull = (text: string): string | null => (text.trim() === "" ? null : text.trim());

/** The draft as the API's profile fields. */
function profileOf(draft: PlannerDraft): Required<Pick<UpdatePlannerBody, (typeof DRAFT_FIELDS)[number]>> {
  const rows = draft.contacts.map((row) => ({ ...row, key: row.key.trim(), value: row.value.trim() }));
  return {
    name: draft.name.trim(),
    organisation: orNull(draft.organisation),
    professionalTitle: draft.professionalTitle === "" ? null : draft.professionalTitle,
    registeredPlanner: draft.registeredPlanner,
    education: orNull(draft.education),
    specialities: draft.specialities
      .split(/[、,，;；\n]/)
      .map((item) => item.trim())
      .filter((item) => item !== ""),
    officeHours: orNull(draft.officeHours),
    contacts: Object.fromEntries(rows.map((row) => [row.key, row.value])),
    publishConsent: rows.filter((row) => row.publish).map((row) => row.key),
  };
}

/** True when every contact has a kind and a value and no kind repeats. */
export function contactsValid(draft: PlannerDraft): boolean {
  const keys = draft.contacts.map((row) => row.key.trim());
  return draft.contacts.every((row) => row.key.trim() !== "" && row.value.trim() !== "") && new Set(keys).size === keys.length;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The fields the draft changes against `base` (contacts and consent together, as they replace whole); empty when
 * nothing changed. Consent is compared as a set, contacts by key.
 */
export function changesOf(base: Planner, draft: PlannerDraft): UpdatePlannerBody {
  const next = profileOf(draft);
  const changes: UpdatePlannerBody = {};
  for (const field of ["name", "organisation", "professionalTitle", "registeredPlanner", "education", "specialities", "officeHours"] as const) {
    if (!same(base[field], next[field])) Object.assign(changes, { [field]: next[field] });
  }
  const sortedEntries = (record: Record<string, string>) => Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
  if (!same(sortedEntries(base.contacts), sortedEntries(next.contacts)) || !same([...base.publishConsent].sort(), [...next.publishConsent].sort())) {
    changes.contacts = next.contacts;
    changes.publishConsent = next.publishConsent;
  }
  return changes;
}

/** A profile value as one line of text, for the conflict table; `yesNo` names booleans. */
export function valueText(value: unknown, yesNo: (value: boolean) => string): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "boolean") return yesNo(value);
  if (Array.isArray(value)) return value.length > 0 ? value.join("、") : "—";
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length > 0 ? entries.map(([key, item]) => `${key}: ${String(item)}`).join("；") : "—";
  }
  return String(value);
}
