/**
 * Schemas of the point lookup, and the pieces the search and coverage contracts share with it: a plan date, the
 * public face of a planner, a unit post and the county chief posts. The only imports are typebox.
 */
import { Type, type Static, type TSchema } from "typebox";

/** A nullable schema: the value or JSON null. */
export function Nullable<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()]);
}

/**
 * A calendar date YYYY-MM-DD that exists (format "date" refuses 2023-02-29) between 2000-01-01 and 2100-12-31,
 * the years the plan and its history can concern.
 */
export const PlanDate = Type.String({
  format: "date",
  pattern: "^(20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$",
  description: "a real date YYYY-MM-DD between 2000-01-01 and 2100-12-31",
  examples: ["2023-06-01"],
});

/** A date as the API answers it, YYYY-MM-DD. */
export const IsoDate = Type.String({ format: "date" });

/** 中级 | 高级 | 正高级. */
const PROFESSIONAL_TITLES = ["intermediate", "senior", "full_senior"] as const;

/**
 * What a planner agreed to publish, and nothing else: no id, education, specialities or internal flags.
 * title is null when unknown; photoUrl, organisation and officeHours are null when not given; publicContact is
 * an empty object when the planner published no contact.
 */
export const PublicPlanner = Type.Object(
  {
    name: Type.String(),
    title: Nullable(Type.Enum(PROFESSIONAL_TITLES, { description: "中级 | 高级 | 正高级" })),
    organisation: Nullable(Type.String()),
    registeredPlanner: Type.Boolean({ description: "注册城乡规划师" }),
    photoUrl: Nullable(Type.String()),
    publicContact: Type.Record(Type.String(), Type.String(), { description: "e.g. phone, email, wechat" }),
    officeHours: Nullable(Type.String()),
  },
  { additionalProperties: false },
);
export type PublicPlanner = Static<typeof PublicPlanner>;

/** 已覆盖 | 空缺 | 暂未设置. */
const UNIT_STATUSES = ["covered", "vacant", "not_required"] as const;

/** The responsibility area an appointment is on (one township, a group of townships, a county …). */
export const AreaRef = Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String() });

/**
 * The unit post of one township-level unit on a date. covered: planner, area and appointedOn are set. vacant:
 * planner is null and vacantSince says since when (the requirement date or the end of the last appointment).
 * not_required: the unit needs no unit planner yet on that date (requiredFrom is later, or null when never).
 */
export const UnitPost = Type.Object({
  status: Type.Enum(UNIT_STATUSES),
  vacant: Type.Boolean(),
  vacantSince: Nullable(IsoDate),
  requiredFrom: Nullable(IsoDate),
  planner: Nullable(PublicPlanner),
  area: Nullable(AreaRef),
  appointedOn: Nullable(IsoDate),
});
export type UnitPost = Static<typeof UnitPost>;

/** The two county chief posts on a date; a vacant post is null. covered when both are filled. */
export const CountyChiefPosts = Type.Object({
  seconded: Nullable(PublicPlanner),
  hired: Nullable(PublicPlanner),
  covered: Type.Boolean(),
});
export type CountyChiefPosts = Static<typeof CountyChiefPosts>;

/** lon and lat are required WGS84 degrees in range; date is optional (absent: today in Jincheng). No other parameter. */
export const LookupQuery = Type.Object(
  {
    lon: Type.Number({ minimum: -180, maximum: 180, description: "longitude, WGS84 degrees" }),
    lat: Type.Number({ minimum: -90, maximum: 90, description: "latitude, WGS84 degrees" }),
    date: Type.Optional(PlanDate),
  },
  { additionalProperties: false },
);
export type LookupQuery = Static<typeof LookupQuery>;

const Provenance = Type.Enum(["official", "approximate", "imported"]);

/**
 * The responsibility chain at a point on a date. precision "township" when a township boundary contains the point
 * (township is set, countyTownships null); "county" when none does, as with the built-in data which has county
 * polygons only (township null, countyTownships lists every unit of the county). city.chiefPlanner is null while
 * the post is vacant. belts and projects are empty arrays when none applies; projects are those within 2 km that
 * had started by the date, nearest first, at most 50, each with its project planners on that date.
 */
export const LookupResult = Type.Object({
  point: Type.Object({ lon: Type.Number(), lat: Type.Number() }),
  date: IsoDate,
  precision: Type.Enum(["township", "county"]),
  city: Type.Object({ code: Type.String(), name: Type.String(), chiefPlanner: Nullable(PublicPlanner) }),
  county: Type.Object({
    code: Type.String(),
    name: Type.String(),
    kind: Type.String(),
    provenance: Nullable(Provenance),
    approximate: Type.Boolean(),
    chiefPosts: CountyChiefPosts,
  }),
  township: Nullable(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      kind: Type.String(),
      provenance: Nullable(Provenance),
      approximate: Type.Boolean({ description: "true: 示意边界（非法定界线） / approximate boundary (not official)" }),
      boundarySource: Nullable(Type.String()),
      unit: UnitPost,
    }),
  ),
  countyTownships: Nullable(
    Type.Array(
      Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String(), hasGeometry: Type.Boolean(), unit: UnitPost }),
    ),
  ),
  belts: Type.Array(
    Type.Object({ code: Type.String(), name: Type.String(), nameEn: Nullable(Type.String()), approximate: Type.Boolean() }),
  ),
  projects: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      type: Type.String(),
      stage: Type.String(),
      distanceM: Type.Integer({ description: "metres from the point to the project site" }),
      planners: Type.Array(PublicPlanner),
    }),
  ),
});
export type LookupResult = Static<typeof LookupResult>;
