/** Schemas of the coverage report and its timeline. The only imports are typebox and the shared lookup pieces. */
import { Type, type Static } from "typebox";
import { CountyChiefPosts, IsoDate, Nullable, PlanDate, PublicPlanner } from "./lookup.ts";

/** month: every first of a month; week: every Monday. */
const TIMELINE_STEPS = ["month", "week"] as const;
/** Most points one timeline answers: ten years of months. */
export const TIMELINE_MAX_POINTS = 120;

/** date is optional (absent: today in Jincheng). */
export const CoverageQuery = Type.Object({ date: Type.Optional(PlanDate) }, { additionalProperties: false });
export type CoverageQuery = Static<typeof CoverageQuery>;

/** from and to are required (from ≤ to, at most 120 points, checked by the route); step defaults to month. */
export const TimelineQuery = Type.Object(
  {
    from: PlanDate,
    to: PlanDate,
    step: Type.Enum(TIMELINE_STEPS, { default: "month", description: "month: every first of a month; week: every Monday" }),
  },
  { additionalProperties: false },
);
export type TimelineQuery = Static<typeof TimelineQuery>;

/**
 * Township-level units (街道/镇/乡) by coverage status. covered + vacant + notRequired = total (a unit given a planner
 * before it is required counts as covered). percent = units both required and covered / required, to 0.1; null
 * while no unit is required.
 */
export const UnitCounts = Type.Object({
  total: Type.Integer(),
  required: Type.Integer(),
  covered: Type.Integer(),
  vacant: Type.Integer(),
  notRequired: Type.Integer(),
  percent: Nullable(Type.Number()),
});
export type UnitCounts = Static<typeof UnitCounts>;

/** A phase of the pilot plan; endsOn is exclusive (the next phase starts that day). */
const PlanPhase = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  startsOn: IsoDate,
  endsOn: IsoDate,
});

const PLANNER_ROLES = ["chief_city", "chief_county_seconded", "chief_county_hired", "unit", "project"] as const;

/**
 * The rollout on one date. phase is null outside the plan's phases (before 2021-11-01, or from 2024-01-01).
 * city.chiefPlanner and a county's chief posts are null while vacant. counties and belts are empty arrays when the
 * data has none. plannerCounts counts people holding an appointment that day (ended or dismissed appointments count for
 * the days they were in force); byRole always lists the five roles, with 0 where nobody holds one.
 */
export const CoverageReport = Type.Object({
  date: IsoDate,
  phase: Nullable(PlanPhase),
  city: Type.Object({
    code: Type.String(),
    name: Type.String(),
    units: UnitCounts,
    chiefPlanner: Nullable(PublicPlanner),
    countyChiefs: Type.Object({
      counties: Type.Integer(),
      covered: Type.Integer({ description: "counties with both chief posts filled" }),
      secondedFilled: Type.Integer(),
      hiredFilled: Type.Integer(),
      percent: Nullable(Type.Number()),
    }),
  }),
  centralUrbanArea: UnitCounts,
  counties: Type.Array(
    Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String(), units: UnitCounts, chiefPosts: CountyChiefPosts }),
  ),
  belts: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), nameEn: Nullable(Type.String()), units: UnitCounts })),
  plannerCounts: Type.Object({
    total: Type.Integer(),
    byRole: Type.Array(Type.Object({ role: Type.Enum(PLANNER_ROLES), planners: Type.Integer() })),
  }),
});
export type CoverageReport = Static<typeof CoverageReport>;

/**
 * The city figures at every step between from and to inclusive (the first point is the first month start, or
 * Monday, on or after from); points is empty when the range holds none. phases lists every phase of the plan.
 */
export const CoverageTimeline = Type.Object({
  from: IsoDate,
  to: IsoDate,
  step: Type.Enum(TIMELINE_STEPS),
  phases: Type.Array(PlanPhase),
  points: Type.Array(
    Type.Object({
      date: IsoDate,
      phase: Nullable(Type.String()),
      units: UnitCounts,
      countyChiefs: Type.Object({ counties: Type.Integer(), covered: Type.Integer() }),
    }),
  ),
});
export type CoverageTimeline = Static<typeof CoverageTimeline>;

/**
 * Every township-level unit (街道/镇/乡) with its coverage status on a date, for the dashboard map and table.
 * status follows api.unit_coverage: covered (a unit planner's appointment contains the date), vacant (required, no
 * planner; vacantSince says since when), not_required (requiredFrom is later, or null when never). planner is the
 * unit planner's public name on that date (null unless covered). beltCodes lists the belts whose member townships
 * include the unit. hasBoundary: a township polygon is loaded; approximate: that polygon is 示意边界（非法定界线）.
 * Units are ordered by code.
 */
export const UnitCoverageList = Type.Object({
  date: IsoDate,
  units: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      kind: Type.String(),
      countyCode: Type.String(),
      countyName: Type.String(),
      beltCodes: Type.Array(Type.String()),
      status: Type.Enum(["covered", "vacant", "not_required"]),
      requiredFrom: Nullable(IsoDate),
      vacantSince: Nullable(IsoDate),
      planner: Nullable(Type.Object({ name: Type.String() })),
      hasBoundary: Type.Boolean(),
      approximate: Type.Boolean(),
    }),
  ),
});
export type UnitCoverageList = Static<typeof UnitCoverageList>;

/** code is a township-level division code (9 digits). */
export const AppointmentHistoryParams = Type.Object(
  { code: Type.String({ pattern: "^[0-9]{9}$", description: "a township-level division code, 9 digits" }) },
  { additionalProperties: false },
);
export type AppointmentHistoryParams = Static<typeof AppointmentHistoryParams>;

/** A township-level unit as the unit answers name it; requiredFrom is the date the plan requires it (null: never). */
const UNIT_FIELDS = {
  code: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  countyCode: Type.String(),
  countyName: Type.String(),
  requiredFrom: Nullable(IsoDate),
};

/**
 * The unit-planner appointments that ever covered one township-level unit, newest first: who (public fields only),
 * on which responsibility area, from validFrom to validTo (exclusive; null while open) and the appointment status
 * (active | ended | dismissed; dismissed only for a bureau or leader sign-in, anyone else reads ended). End reasons
 * and private contacts are never part of it (public answer). requiredFrom
 * is the date the plan requires the unit to have a planner (null when never). Unknown code → 404 problem.
 */
export const AppointmentHistory = Type.Object({
  unit: Type.Object(UNIT_FIELDS),
  appointments: Type.Array(
    Type.Object({
      planner: PublicPlanner,
      area: Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String() }),
      validFrom: IsoDate,
      validTo: Nullable(IsoDate),
      status: Type.Enum(["active", "ended", "dismissed"]),
    }),
  ),
});
export type AppointmentHistory = Static<typeof AppointmentHistory>;

/** A [lon, lat] pair in WGS84. */
const LonLat = Type.Array(Type.Number(), { minItems: 2, maxItems: 2 });

/**
 * A required township-level unit without a unit planner on the date. since is when it last had one or became
 * required (null when unknown); areas lists the unit areas (subdistrict | township) grouping it, empty for an
 * unassigned unit. bbox [west, south, east, north] and labelPoint (a point inside the boundary, for a label) are null
 * while the unit has no boundary.
 */
const GapUnit = Type.Object({
  ...UNIT_FIELDS,
  since: Nullable(IsoDate),
  areas: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String() })),
  bbox: Nullable(Type.Array(Type.Number(), { minItems: 4, maxItems: 4 })),
  labelPoint: Nullable(LonLat),
});

/**
 * The gaps of the coverage on a date, a public aggregate (no personal data). unassigned: required units that no
 * unit area groups; vacant: required units whose unit area has no unit planner; both ordered by code and empty when
 * there is none. uncovered: per county, the part of its boundary outside every unit area's geometry (GeoJSON
 * MultiPolygon, WGS84, with its area in km²), only for counties with township boundaries loaded; empty while
 * townshipBoundariesLoaded is false (the built-in data has county boundaries only) or where nothing is uncovered.
 */
export const CoverageGaps = Type.Object({
  date: IsoDate,
  unassigned: Type.Array(GapUnit),
  vacant: Type.Array(GapUnit),
  townshipBoundariesLoaded: Type.Boolean(),
  uncovered: Type.Array(
    Type.Object({
      countyCode: Type.String(),
      countyName: Type.String(),
      areaKm2: Type.Number(),
      geometry: Type.Object({ type: Type.Literal("MultiPolygon"), coordinates: Type.Array(Type.Array(Type.Array(LonLat))) }),
    }),
  ),
});
export type CoverageGaps = Static<typeof CoverageGaps>;

/**
 * GET /api/coverage/work and /work/cells: from and to are required (from ≤ to, at most 120 months, checked by the
 * route); county (optional) narrows the figures to one county of the city (an unknown code: 400 naming county).
 */
export const WorkFiguresQuery = Type.Object(
  {
    from: PlanDate,
    to: PlanDate,
    county: Type.Optional(Type.String({ pattern: "^[0-9]{6}$", description: "a county code, 6 digits, e.g. 140502; absent: the whole city" })),
  },
  { additionalProperties: false },
);
export type WorkFiguresQuery = Static<typeof WorkFiguresQuery>;

/** Counts and median hours (null when no opinion got there) of a group of opinions; an answer acknowledges too. */
const OpinionResponse = {
  received: Type.Integer(),
  acknowledged: Type.Integer({ description: "acknowledged or answered" }),
  answered: Type.Integer(),
  medianHoursToAcknowledge: Nullable(Type.Number()),
  medianHoursToAnswer: Nullable(Type.Number()),
};

/**
 * Planners' work and the answers to public opinions from..to (dates inclusive, China time), a public aggregate:
 * work records by kind (the plan's seven kinds always, 0 where none, then any other kind recorded), by county
 * (every county; a record counts where its place lies, else in its area's county) and by month (every month the
 * range touches, YYYY-MM); opinions received in the range with response times for the city, per county and per
 * planner they were routed to (the public name only; planners who received none are left out). With a county in
 * the query every figure counts that county's records and opinions only, both byCounty list that county alone, and
 * county names it (null for the whole city).
 */
export const WorkFigures = Type.Object({
  from: IsoDate,
  to: IsoDate,
  county: Nullable(Type.Object({ code: Type.String(), name: Type.String() }, { description: "the county asked for; null: the whole city" })),
  workRecords: Type.Object({
    total: Type.Integer(),
    byKind: Type.Array(Type.Object({ kind: Type.String(), records: Type.Integer() })),
    byCounty: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), records: Type.Integer() })),
    byMonth: Type.Array(Type.Object({ month: Type.String({ pattern: "^[0-9]{4}-[0-9]{2}$" }), records: Type.Integer() })),
  }),
  opinions: Type.Object({
    ...OpinionResponse,
    byCounty: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), ...OpinionResponse })),
    byPlanner: Type.Array(Type.Object({ planner: Type.Object({ name: Type.String() }, { additionalProperties: false }), ...OpinionResponse })),
  }),
});
export type WorkFigures = Static<typeof WorkFigures>;

/**
 * Where planners' work records of from..to lie, as counts per hexagon of a fixed grid (edge about 2 km), a public
 * aggregate that shows no single record: only cells of at least minimumRecords records are listed. records counts
 * every record of the range, unplaced those without a place and leftOut those in cells not listed, so records =
 * unplaced + leftOut + the cells' sum. cells is an empty array when no cell reaches the minimum. With a county in
 * the query only the records of that county count (where the place lies, else the area's county).
 */
export const WorkCells = Type.Object({
  from: IsoDate,
  to: IsoDate,
  minimumRecords: Type.Integer(),
  records: Type.Integer(),
  unplaced: Type.Integer(),
  leftOut: Type.Integer(),
  cells: Type.Array(
    Type.Object({
      records: Type.Integer(),
      center: { ...LonLat, description: "[lon, lat]" },
      polygon: Type.Array(LonLat, { description: "the hexagon's outer ring, [lon, lat], closed" }),
    }),
  ),
});
export type WorkCells = Static<typeof WorkCells>;
