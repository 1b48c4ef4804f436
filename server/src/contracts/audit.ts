/**
 * Schemas of the audit log read by resource (server/src/audit): a resource's changes, the resource as of a time, and
 * undo of its last change. A change is everything one transaction wrote; its id follows commit order. Row images are
 * the database rows with camelCase keys, secrets left out. Only typebox and the shared date and nullable pieces.
 */
import { Type, type Static } from "typebox";
import { IsoDate, Nullable } from "./lookup.ts";

/** What the log can be read for; an area's member divisions belong to the area. Same list as api.audit_tables(). */
export const AUDIT_RESOURCES = ["areas", "planners", "appointments", "projects"] as const;
export type AuditResource = (typeof AUDIT_RESOURCES)[number];

const Resource = Type.Enum(AUDIT_RESOURCES);
const ResourceId = Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 });
const ChangeId = Type.Integer({ minimum: 1, description: "the change's id: later changes have higher ids" });
const Instant = Type.String({ format: "date-time", description: "UTC to the microsecond" });

/** A row as the database held it: column names in camelCase, geometries as GeoJSON. */
const RowImage = Type.Record(Type.String(), Type.Unknown());

/** One row a change wrote. before is null for an insert, after for a delete; changedFields only for an update. */
export const AuditRow = Type.Object(
  {
    table: Type.String({ description: "areas, area_divisions (an area's member divisions), planners, appointments, projects" }),
    action: Type.Enum(["insert", "update", "delete"] as const),
    before: Nullable(RowImage),
    after: Nullable(RowImage),
    changedFields: Type.Optional(
      Type.Array(Type.String(), { description: "the columns whose value changed, leaving out version and updatedAt, which every update moves" }),
    ),
  },
  { additionalProperties: false },
);
export type AuditRow = Static<typeof AuditRow>;

/** Rows of other records the same change wrote (undoing it restores them too): per table, up to 20 keys and the count. */
const OtherRows = Type.Object(
  { table: Type.String(), resource: Nullable(Resource), count: Type.Integer(), keys: Type.Array(Type.String()) },
  { additionalProperties: false },
);

/** One change of a resource: who (a user as `user:<name>`, a command as e.g. `cli:import`), when, and what. */
export const AuditChange = Type.Object(
  {
    id: ChangeId,
    actor: Type.String(),
    changedAt: Instant,
    rows: Type.Array(AuditRow, { description: "the resource's rows the change wrote, in order" }),
    alsoChanged: Type.Array(OtherRows),
  },
  { additionalProperties: false },
);
export type AuditChange = Static<typeof AuditChange>;

/** GET /api/audit: a resource's changes, newest first; before (a change id) pages back. */
export const AuditHistoryQuery = Type.Object(
  {
    resource: Resource,
    id: ResourceId,
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
    before: Type.Optional(Type.Integer({ minimum: 1, description: "only changes older than this change id (the nextBefore of the previous page)" })),
  },
  { additionalProperties: false },
);
export type AuditHistoryQuery = Static<typeof AuditHistoryQuery>;

/** The answer of GET /api/audit; nextBefore is null on the last page. Its ETag names the resource's latest change. */
export const AuditHistory = Type.Object(
  { resource: Resource, id: Type.Integer(), changes: Type.Array(AuditChange), nextBefore: Nullable(Type.Integer()) },
  { additionalProperties: false },
);
export type AuditHistory = Static<typeof AuditHistory>;

export const AuditResourceParams = Type.Object({ resource: Resource, resourceId: ResourceId });
export type AuditResourceParams = Static<typeof AuditResourceParams>;

/** GET /api/audit/{resource}/{resourceId}?at=: a date (the end of that day in China time) or a time with its offset. */
export const AsOfQuery = Type.Object(
  {
    at: Type.Union([IsoDate, Type.String({ format: "date-time", description: "e.g. 2026-03-01T09:30:00+08:00" })], {
      description: "a date YYYY-MM-DD (the state at the end of that day, China time) or an RFC 3339 time with offset",
    }),
  },
  { additionalProperties: false },
);
export type AsOfQuery = Static<typeof AsOfQuery>;

/**
 * A resource as the log says it was at `at`: record is its row then; members the rows of its member table then (an
 * area's member divisions; empty for the others); change names the latest change at or before `at`.
 */
export const AuditRecord = Type.Object(
  {
    resource: Resource,
    id: Type.Integer(),
    at: Instant,
    change: Type.Object({ id: ChangeId, actor: Type.String(), changedAt: Instant }, { additionalProperties: false }),
    record: RowImage,
    members: Type.Array(RowImage),
  },
  { additionalProperties: false },
);
export type AuditRecord = Static<typeof AuditRecord>;

/** POST …/undo answer: the change undone and the new change that undid it (whose id the ETag carries). */
export const UndoResult = Type.Object({ undone: ChangeId, change: AuditChange }, { additionalProperties: false });
export type UndoResult = Static<typeof UndoResult>;

/** What a 409 names when a later change wrote a row of the change to undo: undo that one first. */
export const LaterChange = Type.Object(
  { id: ChangeId, actor: Type.String(), changedAt: Instant, resource: Nullable(Resource), table: Type.String(), key: Type.String() },
  { additionalProperties: false },
);
export type LaterChange = Static<typeof LaterChange>;
