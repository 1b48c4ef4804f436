/** Schemas of the bureau's planner records (server/src/planners): every field, private contacts included. Only typebox. */
import { Type, type Static } from "typebox";
import { VERSIONED_FIELDS } from "./versioned.ts";
import { Nullable } from "./lookup.ts";

/** 中级 | 高级 | 正高级. */
const PROFESSIONAL_TITLES = ["intermediate", "senior", "full_senior"] as const;

/** The name of a contact, as the planner gives it: phone, email, wechat, 座机 … */
const ContactKey = Type.String({ minLength: 1, maxLength: 40, pattern: "^\\S(.*\\S)?$" });

/** Every contact of a planner, published or not, e.g. { phone, email, wechat }; at most 10. */
const Contacts = Type.Record(ContactKey, Type.String({ minLength: 1, maxLength: 200 }), { maxProperties: 10 });

/** The profile fields the bureau writes; publishConsent names the contacts the planner agreed to publish. */
const profileFields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  nameEn: Nullable(Type.String({ minLength: 1, maxLength: 200 })),
  isTeam: Type.Boolean(),
  organisation: Nullable(Type.String({ minLength: 1, maxLength: 200 })),
  professionalTitle: Type.Union([Type.Enum(PROFESSIONAL_TITLES), Type.Null()]),
  registeredPlanner: Type.Boolean(),
  education: Nullable(Type.String({ minLength: 1, maxLength: 200 })),
  specialities: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 20 }),
  photoUrl: Nullable(Type.String({ minLength: 1, maxLength: 2000, pattern: "^https?://" })),
  contacts: Contacts,
  publishConsent: Type.Array(ContactKey, { maxItems: 10, uniqueItems: true }),
  officeHours: Nullable(Type.String({ minLength: 1, maxLength: 500 })),
};

/**
 * A planner as the bureau and leaders see it. publicContact is what the public answers show: the contacts named in
 * publishConsent. Absent values are null (empty arrays and objects for specialities, contacts and consent).
 */
export const Planner = Type.Object(
  {
    id: Type.Integer(),
    ...profileFields,
    publicContact: Type.Record(Type.String(), Type.String()),
    ...VERSIONED_FIELDS,
  },
  { additionalProperties: false },
);
export type Planner = Static<typeof Planner>;

/** POST /api/planners: name is required; the rest defaults to null, false or empty. Consent must name given contacts. */
export const CreatePlannerBody = Type.Object(
  { ...Type.Partial(Type.Object(profileFields)).properties, name: profileFields.name },
  { additionalProperties: false },
);
export type CreatePlannerBody = Static<typeof CreatePlannerBody>;

/** PATCH /api/planners/{plannerId}: the fields to change (at least one); contacts and publishConsent replace whole. */
export const UpdatePlannerBody = Type.Partial(Type.Object(profileFields), { additionalProperties: false, minProperties: 1 });
export type UpdatePlannerBody = Static<typeof UpdatePlannerBody>;

export const PlannerParams = Type.Object({ plannerId: Type.Integer({ minimum: 1 }) });

/** GET /api/planners: every planner, for pickers and lists (the full record is GET /api/planners/{plannerId}). */
export const PlannerList = Type.Object({
  planners: Type.Array(Type.Pick(Planner, ["id", "name", "nameEn", "isTeam", "organisation", "isDemo", "version"])),
});
export type PlannerList = Static<typeof PlannerList>;
