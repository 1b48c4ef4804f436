/**
 * Schemas of planners' work records (工作记录, server/src/work-records): what a planner did, where and when, on an area
 * and/or a project they held a post on that day. Only typebox and the shared date and nullable pieces.
 */
import { Type, type Static } from "typebox";
import { IsoDate, Nullable, PlanDate } from "./lookup.ts";
import { PhotoSummary } from "./opinions.ts";
import { VERSIONED_FIELDS } from "./versioned.ts";

/** The key links of the plan: 现场走访, 征求意见, 梳理问题, 规划反馈, 项目实施, 培训, 宣传. New records take these. */
export const WORK_RECORD_KINDS = [
  "site_visit",
  "opinion_solicitation",
  "problem_sorting",
  "planning_feedback",
  "project_implementation",
  "training",
  "publicity",
] as const;
/** The kinds a stored record may have: the seven, and review (技术审查) of the first schema, read only. */
const STORED_KINDS = [...WORK_RECORD_KINDS, "review"] as const;

const Lon = Type.Number({ minimum: -180, maximum: 180, description: "WGS84 longitude" });
const Lat = Type.Number({ minimum: -90, maximum: 90, description: "WGS84 latitude" });
const Text = Type.String({ minLength: 1, maxLength: 20000, pattern: "\\S", description: "what was done, in words" });

/**
 * One work record. areaId or projectId (or both) name the post it was done in; countyCode is the county whose
 * boundary holds the place (else the area's county; null when neither says). lon and lat are null only for
 * records of the first schema without a place.
 */
export const WorkRecord = Type.Object(
  {
    id: Type.Integer(),
    plannerId: Type.Integer(),
    plannerName: Type.String(),
    areaId: Nullable(Type.Integer()),
    projectId: Nullable(Type.Integer()),
    kind: Type.Enum(STORED_KINDS),
    occurredOn: IsoDate,
    lon: Nullable(Type.Number()),
    lat: Nullable(Type.Number()),
    countyCode: Nullable(Type.String()),
    text: Type.String(),
    photos: Type.Array(PhotoSummary, { description: "in upload order; the bytes at /api/photos/{id} (signed in)" }),
    ...VERSIONED_FIELDS,
  },
  { additionalProperties: false },
);
export type WorkRecord = Static<typeof WorkRecord>;

const recordFields = {
  kind: Type.Enum(WORK_RECORD_KINDS),
  occurredOn: PlanDate,
  lon: Lon,
  lat: Lat,
  areaId: Nullable(Type.Integer({ minimum: 1 })),
  projectId: Nullable(Type.Integer({ minimum: 1 })),
  text: Text,
};

/**
 * POST /api/work-records (a planner, for themself): kind, date, place and text; areaId and/or projectId, each one
 * the planner held a post on that day (422 otherwise).
 */
export const CreateWorkRecordBody = Type.Object(
  {
    kind: recordFields.kind,
    occurredOn: recordFields.occurredOn,
    lon: recordFields.lon,
    lat: recordFields.lat,
    areaId: Type.Optional(recordFields.areaId),
    projectId: Type.Optional(recordFields.projectId),
    text: recordFields.text,
  },
  { additionalProperties: false },
);
export type CreateWorkRecordBody = Static<typeof CreateWorkRecordBody>;

/** PATCH /api/work-records/{workRecordId}: the fields to change (at least one); lon and lat go together. */
export const UpdateWorkRecordBody = Type.Partial(Type.Object(recordFields), { additionalProperties: false, minProperties: 1 });
export type UpdateWorkRecordBody = Static<typeof UpdateWorkRecordBody>;

export const WorkRecordParams = Type.Object({ workRecordId: Type.Integer({ minimum: 1 }) });

/** The most photos one record holds (POST /api/work-records/{workRecordId}/photos adds them). */
export const WORK_RECORD_PHOTOS_MAX = 9;

/** Most records one list answers, and how many when the request does not say. */
const WORK_RECORDS_LIMIT_MAX = 1000;

/**
 * GET /api/work-records: every filter optional; from and to bound the date inclusive; county is a county code
 * (api.county_of). A planner may only ask for their own records (planner is then theirs).
 */
export const WorkRecordsQuery = Type.Object(
  {
    planner: Type.Optional(Type.Integer({ minimum: 1 })),
    area: Type.Optional(Type.Integer({ minimum: 1 })),
    county: Type.Optional(Type.String({ pattern: "^[0-9]{6}$", description: "a county code, 6 digits" })),
    from: Type.Optional(PlanDate),
    to: Type.Optional(PlanDate),
    kind: Type.Optional(Type.Enum(STORED_KINDS)),
    limit: Type.Integer({ minimum: 1, maximum: WORK_RECORDS_LIMIT_MAX, default: 100 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  },
  { additionalProperties: false },
);
export type WorkRecordsQuery = Static<typeof WorkRecordsQuery>;

/** The records that match, newest first (by date, then id); empty when none. */
export const WorkRecordList = Type.Object({ workRecords: Type.Array(WorkRecord) }, { additionalProperties: false });
export type WorkRecordList = Static<typeof WorkRecordList>;
