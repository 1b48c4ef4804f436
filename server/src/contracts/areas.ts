/**
 * Schemas of responsibility areas (责任区) as the bureau writes them (server/src/areas), of the drawn geometries the
 * bureau sends (areas and project sites), and of the judge's verdict (sql/functions/api/area_verdict.sql).
 * Only typebox and the shared date and nullable pieces.
 */
import { Type, type Static } from "typebox";
import { VERSIONED_FIELDS } from "./versioned.ts";
import { IsoDate, Nullable, PlanDate } from "./lookup.ts";

const AREA_KINDS = ["city", "county", "subdistrict", "township", "belt", "project"] as const;
const PROVENANCES = ["official", "approximate", "imported"] as const;

/**
 * [longitude, latitude] in WGS84 degrees; drawn geometries are two-dimensional. (The ranges are checked by the routes:
 * OpenAPI 3.0 has no tuples.)
 */
const Position = Type.Array(Type.Number(), { minItems: 2, maxItems: 2, description: "[longitude, latitude]" });
/** A closed ring: at least four positions, the last equal to the first (checked by the routes). */
const Ring = Type.Array(Position, { minItems: 4, maxItems: 100_000 });
const PolygonRings = Type.Array(Ring, { minItems: 1, maxItems: 1000 });

const Polygon = Type.Object({ type: Type.Literal("Polygon"), coordinates: PolygonRings }, { additionalProperties: false });
const MultiPolygon = Type.Object(
  { type: Type.Literal("MultiPolygon"), coordinates: Type.Array(PolygonRings, { minItems: 1, maxItems: 1000 }) },
  { additionalProperties: false },
);
const Point = Type.Object({ type: Type.Literal("Point"), coordinates: Position }, { additionalProperties: false });
const MultiPoint = Type.Object(
  { type: Type.Literal("MultiPoint"), coordinates: Type.Array(Position, { minItems: 1, maxItems: 1000 }) },
  { additionalProperties: false },
);

/** An area's own geometry: a GeoJSON Polygon or MultiPolygon in WGS84. */
export const DrawnGeometry = Type.Union([Polygon, MultiPolygon], { description: "GeoJSON Polygon or MultiPolygon, WGS84 [lon, lat]" });
export type DrawnGeometry = Static<typeof DrawnGeometry>;

/** A project's site: a point, points, or polygons in WGS84. */
export const SiteGeometry = Type.Union([Point, MultiPoint, Polygon, MultiPolygon], {
  description: "GeoJSON Point, MultiPoint, Polygon or MultiPolygon, WGS84 [lon, lat]",
});
export type SiteGeometry = Static<typeof SiteGeometry>;

/** Division codes: 6-digit counties, 9-digit townships. */
const Members = Type.Array(Type.String({ pattern: "^[0-9]{6}([0-9]{3})?$" }), { maxItems: 500, uniqueItems: true });
const Text = (maxLength: number) => Nullable(Type.String({ minLength: 1, maxLength }));

/** An area with every field. geometry is its own drawn geometry, null when it is the union of its members'. */
export const Area = Type.Object(
  {
    id: Type.Integer(),
    code: Type.String(),
    name: Type.String(),
    nameEn: Nullable(Type.String()),
    kind: Type.Enum(AREA_KINDS),
    members: Type.Array(Type.String()),
    geometry: Nullable(Type.Unknown({ description: "GeoJSON MultiPolygon" })),
    provenance: Nullable(Type.Enum(PROVENANCES)),
    geomSource: Nullable(Type.String()),
    description: Nullable(Type.String()),
    locked: Type.Boolean(),
    retiredOn: Nullable(IsoDate),
    retireReason: Nullable(Type.String()),
    areaM2: Nullable(Type.Number({ description: "area of the effective geometry in m²" })),
    ...VERSIONED_FIELDS,
  },
  { additionalProperties: false },
);
export type Area = Static<typeof Area>;

/** The fields an area's shape is made of; `repair` accepts the judge's repair of an invalid geometry. */
const shapeFields = {
  members: Type.Optional(Members),
  geometry: Type.Optional(Nullable(DrawnGeometry)),
  repair: Type.Optional(Type.Boolean({ description: "store the proposed repair of an invalid geometry" })),
};
const profileFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  nameEn: Type.Optional(Text(200)),
  provenance: Type.Optional(Type.Enum(PROVENANCES, { description: "of the drawn geometry; default approximate" })),
  geomSource: Type.Optional(Text(500)),
  description: Type.Optional(Text(2000)),
};

/** POST /api/areas: composed of members, drawn, or both (a drawn geometry wins over the members' union). */
export const CreateAreaBody = Type.Object(
  {
    code: Type.String({ pattern: "^[a-z0-9][a-z0-9-]{1,63}$", description: "stable key, e.g. township-140502001" }),
    kind: Type.Enum(AREA_KINDS),
    ...profileFields,
    ...shapeFields,
  },
  { additionalProperties: false },
);
export type CreateAreaBody = Static<typeof CreateAreaBody>;

/** PATCH /api/areas/{areaId}: the fields to change; geometry null goes back to the members' union. A locked area takes only { locked: false }. */
export const UpdateAreaBody = Type.Object(
  { ...Type.Partial(Type.Object(profileFields)).properties, ...shapeFields, locked: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateAreaBody = Static<typeof UpdateAreaBody>;

/** POST /api/areas/check: the proposal to judge without saving; areaId when it would replace that area. */
export const AreaCheckBody = Type.Object(
  { kind: Type.Enum(AREA_KINDS), areaId: Type.Optional(Type.Integer({ minimum: 1 })), members: Type.Optional(Members), geometry: Type.Optional(SiteGeometry) },
  { additionalProperties: false },
);
export type AreaCheckBody = Static<typeof AreaCheckBody>;

/** POST /api/areas/{areaId}/retire: the first day the area is no longer in force, and why. */
export const RetireAreaBody = Type.Object(
  { on: PlanDate, reason: Type.String({ minLength: 1, maxLength: 1000, pattern: "\\S" }) },
  { additionalProperties: false },
);
export type RetireAreaBody = Static<typeof RetireAreaBody>;

const Place = { areaId: Type.Integer(), code: Type.String(), name: Type.String() };

/** The judge's verdict (api.judge_area); problems is empty when the proposal may be saved. */
export const AreaVerdict = Type.Object(
  {
    problems: Type.Array(
      Type.Enum(["invalid-geometry", "empty-geometry", "unknown-divisions", "unsuitable-divisions", "outside-city", "overlap", "member-conflict"] as const),
    ),
    areaM2: Nullable(Type.Number()),
    invalid: Nullable(
      Type.Object({ reason: Type.String(), geometry: Type.Unknown(), areaBeforeM2: Type.Number(), areaAfterM2: Type.Number() }),
    ),
    unknownDivisions: Type.Array(Type.String()),
    unsuitableDivisions: Type.Array(Type.String()),
    outsideCity: Nullable(Type.Object({ areaM2: Type.Number(), toleranceM2: Type.Number(), geometry: Nullable(Type.Unknown()) })),
    overlaps: Type.Array(Type.Object({ ...Place, areaM2: Type.Number(), at: Type.Array(Type.Number()), geometry: Type.Unknown() })),
    memberConflicts: Type.Array(Type.Object({ ...Place, divisionCode: Type.String(), divisionName: Type.String() })),
    tolerances: Type.Object({ overlapM2: Type.Number(), outsideCityM2: Type.Number() }),
  },
  { additionalProperties: false },
);
export type AreaVerdict = Static<typeof AreaVerdict>;

export const AreaParams = Type.Object({ areaId: Type.Integer({ minimum: 1 }) });

const Holder = Type.Object({ appointmentId: Type.Integer(), plannerId: Type.Integer(), name: Type.String(), role: Type.String() });

/** GET /api/areas?date=: absent, every area (retired ones too) with today's holders; a date, the areas in force then with that day's holders. */
export const AreaListQuery = Type.Object({ date: Type.Optional(PlanDate) }, { additionalProperties: false });
export type AreaListQuery = Static<typeof AreaListQuery>;

/** GET /api/areas: every area without its geometry, with who holds its posts on the date asked (default today). */
export const AreaList = Type.Object({
  areas: Type.Array(
    Type.Object({
      ...Type.Pick(Area, ["id", "code", "name", "nameEn", "kind", "members", "locked", "retiredOn", "areaM2", "version"]).properties,
      holders: Type.Array(Holder),
    }),
  ),
});
export type AreaList = Static<typeof AreaList>;

/** A cutting line: a GeoJSON LineString in WGS84, at least two positions. */
const CuttingLine = Type.Object(
  { type: Type.Literal("LineString"), coordinates: Type.Array(Position, { minItems: 2, maxItems: 10_000 }) },
  { additionalProperties: false, description: "GeoJSON LineString, WGS84 [lon, lat]" },
);

/**
 * POST /api/areas/{areaId}/split: a new area of the same kind takes either `members` (some of the area's members,
 * which leave it) or, for an area with its own drawn geometry, the part of it left of `line` (as drawn, from its
 * first position to its last); the area keeps the rest.
 */
export const SplitAreaBody = Type.Object(
  {
    code: CreateAreaBody.properties.code,
    name: profileFields.name,
    nameEn: Type.Optional(Text(200)),
    members: Type.Optional(Type.Array(Members.items, { minItems: 1, maxItems: 500, uniqueItems: true })),
    line: Type.Optional(CuttingLine),
  },
  { additionalProperties: false },
);
export type SplitAreaBody = Static<typeof SplitAreaBody>;

/** The answer of a split: the area as it is now, and the new one. */
export const SplitAreaAnswer = Type.Object({ kept: Area, created: Area }, { additionalProperties: false });
export type SplitAreaAnswer = Static<typeof SplitAreaAnswer>;

/** POST /api/areas/{areaId}/merge: the other area (of the same kind) at the version it was read, to join this one. */
export const MergeAreaBody = Type.Object(
  { otherAreaId: Type.Integer({ minimum: 1 }), otherVersion: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export type MergeAreaBody = Static<typeof MergeAreaBody>;
