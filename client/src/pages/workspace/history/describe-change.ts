/**
 * One change of the audit log told in a line: who (the account's name), when (China time), and what — created,
 * removed, the fields it changed, the members it added and removed. Used by the history panel and the conflict dialog.
 */
import type { AuditChange, AuditResource } from "../../../api/audit.ts";
import type { MessageKey, Translate } from "../../../lib/i18n.ts";

/** The table of a resource's member rows and the key naming each member (an area's member divisions). */
const MEMBER_TABLES: Partial<Record<AuditResource, { table: string; key: string }>> = {
  areas: { table: "area_divisions", key: "divisionCode" },
};

const FIELD_KEYS: Record<string, MessageKey> = {
  name: "workspace.history.field.name",
  nameEn: "workspace.history.field.nameEn",
  description: "workspace.history.field.description",
  geom: "workspace.history.field.geom",
  provenance: "workspace.history.field.provenance",
  geomSource: "workspace.history.field.geomSource",
  locked: "workspace.history.field.locked",
  retiredOn: "workspace.history.field.retiredOn",
  retireReason: "workspace.history.field.retireReason",
  code: "workspace.history.field.code",
  kind: "workspace.history.field.kind",
};

export interface ChangeSummary {
  created: boolean;
  removed: boolean;
  /** Fields of the record itself that an update changed. */
  fields: string[];
  /** Member keys (division codes of an area) added and removed. */
  added: string[];
  dropped: string[];
  /** Rows of other records the same change wrote. */
  also: number;
}

/** What the change did to the resource's own row and to its member rows. */
export function summarizeChange(change: AuditChange, resource: AuditResource): ChangeSummary {
  const members = MEMBER_TABLES[resource];
  const summary: ChangeSummary = { created: false, removed: false, fields: [], added: [], dropped: [], also: 0 };
  for (const row of change.rows) {
    if (members && row.table === members.table) {
      const image = row.after ?? row.before;
      const key = String(image?.[members.key] ?? "");
      if (row.action === "insert") summary.added.push(key);
      if (row.action === "delete") summary.dropped.push(key);
    } else if (row.action === "insert") {
      summary.created = true;
    } else if (row.action === "delete") {
      summary.removed = true;
    } else {
      summary.fields.push(...(row.changedFields ?? []).filter((field) => !summary.fields.includes(field)));
    }
  }
  summary.also = change.alsoChanged.reduce((sum, other) => sum + other.count, 0);
  return summary;
}

export interface DescribeOptions {
  /** The name of a member (a division code's township name); the key itself when absent. */
  memberName?: (key: string) => string;
  /** The words for a changed field of another resource (a planner's organisation…); undefined: the shared labels, else the field's name. */
  fieldLabel?: (field: string) => string | undefined;
}

/** The change as one line of words, e.g. "修改了名称；组成单元 +1（北街街道）". */
export function describeChange(summary: ChangeSummary, t: Translate, options: DescribeOptions = {}): string {
  const list = (items: string[]) => items.join(t("workspace.history.listSeparator"));
  const nameOf = options.memberName ?? ((key: string) => key);
  const parts: string[] = [];
  if (summary.created) parts.push(t("workspace.history.created"));
  if (summary.removed) parts.push(t("workspace.history.removed"));
  if (summary.fields.length > 0) {
    const labels = summary.fields.map((field) => options.fieldLabel?.(field) ?? (FIELD_KEYS[field] ? t(FIELD_KEYS[field]) : field));
    parts.push(t("workspace.history.fields", { fields: list(labels) }));
  }
  if (summary.added.length > 0 && !summary.created) {
    parts.push(t("workspace.history.membersAdded", { count: summary.added.length, names: list(summary.added.map(nameOf)) }));
  }
  if (summary.dropped.length > 0 && !summary.removed) {
    parts.push(t("workspace.history.membersRemoved", { count: summary.dropped.length, names: list(summary.dropped.map(nameOf)) }));
  }
  if (summary.also > 0) parts.push(t("workspace.history.also", { count: summary.also }));
  return parts.length > 0 ? parts.join(t("workspace.history.separator")) : t("workspace.history.nothing");
}

/** A signed-in user's name from the actor `user:<name>`; commands (`cli:import`, `system:builtin-data`) as they are. */
export function actorName(actor: string): string {
  return actor.startsWith("user:") ? actor.slice("user:".length) : actor;
}

/** An instant as China time to the minute, "2026-12-06 10:42" (China keeps +08:00 all year). */
export function formatChangeTime(instant: string): string {
  return new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");
}
