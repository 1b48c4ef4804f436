/**
 * Schemas of public opinions (征求意见, server/src/opinions) and their photos (server/src/photos), shared with the web
 * client (type-only there). The public reads an opinion by its ticket, without personal data; planners, the bureau
 * and leaders read the whole record. Only typebox.
 */
import { Type, type Static } from "typebox";
import { IsoDate, Nullable } from "./lookup.ts";

/** The categories a resident chooses from, with the labels the public page shows (README: Public opinions). */
const OPINION_CATEGORIES = {
  road_traffic: "道路交通",
  public_space: "公共空间与绿地",
  public_facilities: "公共服务设施",
  housing_community: "住房与社区",
  environment: "环境卫生",
  heritage: "历史文化保护",
  village_planning: "村庄规划",
  planning_project: "规划项目",
  other: "其他",
} as const;
export type OpinionCategory = keyof typeof OPINION_CATEGORIES;
export const OPINION_CATEGORY_KEYS = Object.keys(OPINION_CATEGORIES) as OpinionCategory[];

/** new → acknowledged → answered → closed, forward only. */
const OPINION_STATUSES = ["new", "acknowledged", "answered", "closed"] as const;
export type OpinionStatus = (typeof OPINION_STATUSES)[number];

/** Who received an opinion: the unit planner, a county chief, the city chief, or the bureau when every post was vacant. */
const ROUTED_ROLES = ["unit", "chief_county", "chief_city", "bureau"] as const;
/** The post itself (appointments.role); `bureau` when no post was held. */
const RECEIVING_POSTS = ["unit", "chief_county_seconded", "chief_county_hired", "chief_city", "bureau"] as const;
/** Why that level received it (sql/functions/api/opinion_routing.sql). */
const ROUTED_REASONS = ["unit_post_held", "unit_post_vacant", "no_unit_area", "county_posts_vacant", "city_post_vacant"] as const;

/** The most characters an opinion's text (and an answer) may have. */
export const OPINION_TEXT_MAX = 2000;
/** Photos one opinion may carry. */
export const OPINION_PHOTOS_MAX = 3;

const Instant = Type.String({ format: "date-time" });
const AreaRef = Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String() }, { additionalProperties: false });

/** The receiver as the public may see it: the planner's public name and post; name is null for the bureau. */
export const ReceivedBy = Type.Object(
  { name: Nullable(Type.String()), role: Type.Enum(RECEIVING_POSTS), area: Nullable(AreaRef) },
  { additionalProperties: false },
);
export type ReceivedBy = Static<typeof ReceivedBy>;

/** GET /api/opinions/challenge: a proof-of-work challenge (see the README for the client's part). */
export const OpinionChallenge = Type.Object(
  {
    challenge: Type.String({ description: "send back unchanged with the nonce; usable once" }),
    bits: Type.Integer({ description: "leading zero bits sha256(challenge + nonce) must have" }),
    algorithm: Type.Literal("sha256-leading-zero-bits"),
    expiresAt: Instant,
  },
  { additionalProperties: false },
);
export type OpinionChallenge = Static<typeof OpinionChallenge>;

/** POST /api/opinions answer (201): the ticket to follow the opinion with, and who received it. */
export const OpinionReceipt = Type.Object({ ticket: Type.String(), receivedBy: ReceivedBy }, { additionalProperties: false });
export type OpinionReceipt = Static<typeof OpinionReceipt>;

/** The times of each status; null for a status not reached (acknowledged stays null when answered straight away). */
const OpinionTimes = Type.Object(
  { received: Instant, acknowledged: Nullable(Instant), answered: Nullable(Instant), closed: Nullable(Instant) },
  { additionalProperties: false },
);

/**
 * GET /api/opinions/{ticket}: what anyone holding the ticket sees. place is rounded to 0.001° (about 100 m); never the
 * contact, the exact place, the photos or anything about the submitter. A hidden opinion says only that.
 */
export const PublicOpinion = Type.Union([
  Type.Object(
    {
      ticket: Type.String(),
      hidden: Type.Literal(false),
      status: Type.Enum(OPINION_STATUSES),
      category: Type.String(),
      text: Type.String(),
      place: Type.Object({ lon: Type.Number(), lat: Type.Number() }, { additionalProperties: false }),
      receivedBy: ReceivedBy,
      times: OpinionTimes,
      answer: Nullable(Type.String()),
    },
    { additionalProperties: false },
  ),
  Type.Object({ ticket: Type.String(), hidden: Type.Literal(true) }, { additionalProperties: false }),
]);
export type PublicOpinion = Static<typeof PublicOpinion>;

/**
 * GET /api/answered-opinions/{id}: an answered opinion as the public map shows it (the id is the marker's): its text
 * and the answer, the place to about 100 m, the area that received it, when it was left and answered. Nothing about
 * the person, no ticket, no photos.
 */
export const MapOpinion = Type.Object(
  {
    id: Type.Integer(),
    status: Type.Union([Type.Literal("answered"), Type.Literal("closed")]),
    category: Type.String(),
    text: Type.String(),
    answer: Type.String(),
    place: Type.Object({ lon: Type.Number(), lat: Type.Number() }, { additionalProperties: false }),
    areaName: Nullable(Type.String()),
    times: Type.Object({ received: Instant, answered: Nullable(Instant) }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
export type MapOpinion = Static<typeof MapOpinion>;

export const MapOpinionParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) });

export const TicketParams = Type.Object({
  ticket: Type.String({ minLength: 6, maxLength: 24, pattern: "^[0-9A-Za-z-]+$", description: "case and hyphens do not matter" }),
});

/** A photo as a record lists it; the bytes are at /api/photos/{id} and /api/photos/{id}/thumbnail (signed in). */
export const PhotoSummary = Type.Object(
  { id: Type.Integer(), mediaType: Type.String(), width: Type.Integer(), height: Type.Integer() },
  { additionalProperties: false },
);
export type PhotoSummary = Static<typeof PhotoSummary>;

/** An opinion with every field, for planners (theirs), the bureau and leaders (all). contact is null when none was given. */
export const OpinionRecord = Type.Object(
  {
    id: Type.Integer(),
    ticket: Type.String(),
    status: Type.Enum(OPINION_STATUSES),
    category: Nullable(Type.String()),
    text: Type.String(),
    contact: Nullable(Type.String()),
    lon: Type.Number(),
    lat: Type.Number(),
    countyCode: Nullable(Type.String()),
    routedRole: Nullable(Type.Enum(ROUTED_ROLES)),
    routedPost: Nullable(Type.String()),
    routedReason: Nullable(Type.Enum(ROUTED_REASONS)),
    plannerId: Nullable(Type.Integer()),
    plannerName: Nullable(Type.String()),
    area: Nullable(Type.Object({ id: Type.Integer(), ...AreaRef.properties }, { additionalProperties: false })),
    answer: Nullable(Type.String()),
    createdAt: Instant,
    acknowledgedAt: Nullable(Instant),
    answeredAt: Nullable(Instant),
    closedAt: Nullable(Instant),
    hidden: Type.Boolean(),
    hiddenReason: Nullable(Type.String()),
    hiddenAt: Nullable(Instant),
    photos: Type.Array(PhotoSummary),
    version: Type.Integer({ description: "raised by every change; the ETag is this number in quotes" }),
  },
  { additionalProperties: false },
);
export type OpinionRecord = Static<typeof OpinionRecord>;

/** GET /api/opinions: newest first. A planner sees only the opinions routed to them, whatever `mine` says. */
export const OpinionListQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(OPINION_STATUSES)),
    mine: Type.Optional(Type.Boolean({ description: "only those routed to me (accounts without a planner: those routed to the bureau)" })),
    county: Type.Optional(Type.String({ pattern: "^[0-9]{6}$", description: "county code, e.g. 140502" })),
    from: Type.Optional(IsoDate),
    to: Type.Optional(Type.String({ format: "date", description: "last day included (China time)" })),
    hidden: Type.Optional(Type.Boolean({ description: "true: only hidden ones; false: only visible ones; absent: both" })),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
    offset: Type.Integer({ minimum: 0, default: 0 }),
  },
  { additionalProperties: false },
);
export type OpinionListQuery = Static<typeof OpinionListQuery>;

export const OpinionList = Type.Object({ opinions: Type.Array(OpinionRecord) }, { additionalProperties: false });

/** POST /api/opinions/{ticket}/answer. */
export const AnswerOpinionBody = Type.Object(
  { answer: Type.String({ minLength: 1, maxLength: OPINION_TEXT_MAX, pattern: "\\S" }) },
  { additionalProperties: false },
);

/** POST /api/opinions/{ticket}/hide (bureau): the reason stays with the record and in the audit log. */
export const HideOpinionBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500, pattern: "\\S" }) },
  { additionalProperties: false },
);

export const PhotoParams = Type.Object({ photoId: Type.Integer({ minimum: 1 }) });
