/**
 * Schemas of planning projects (规划项目) as the bureau writes them (server/src/projects). Each project has its own
 * area (kind project) to which its project planners are appointed (POST /api/appointments, role project). Only
 * typebox and the shared pieces.
 */
import { Type, type Static } from "typebox";
import { VERSIONED_FIELDS } from "./versioned.ts";
import { SiteGeometry } from "./areas.ts";
import { IsoDate, Nullable, PlanDate } from "./lookup.ts";

const STAGES = ["proposed", "planning", "design", "approval", "construction", "completed", "suspended"] as const;

const profileFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  projectType: Type.String({ minLength: 1, maxLength: 50, description: "城市更新, 公共空间, 村庄规划, 污水治理, 海绵城市, …" }),
  stage: Type.Enum(STAGES),
  site: SiteGeometry,
  startedOn: Nullable(PlanDate),
  description: Nullable(Type.String({ minLength: 1, maxLength: 2000 })),
};

const AreaPlace = { areaId: Type.Integer(), code: Type.String(), name: Type.String() };

/**
 * A project with every field. planners: its project planners in force today. crosses: the unit areas in force today
 * that its site touches; crossesUnitBoundary when there are several (empty while unit areas have no boundaries).
 */
export const Project = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    projectType: Type.String(),
    stage: Type.Enum(STAGES),
    site: Type.Unknown({ description: "GeoJSON geometry" }),
    startedOn: Nullable(IsoDate),
    description: Nullable(Type.String()),
    areaId: Nullable(Type.Integer()),
    areaCode: Nullable(Type.String()),
    planners: Type.Array(Type.Object({ appointmentId: Type.Integer(), plannerId: Type.Integer(), name: Type.String() })),
    crosses: Type.Array(Type.Object({ ...AreaPlace, kind: Type.String() })),
    crossesUnitBoundary: Type.Boolean(),
    ...VERSIONED_FIELDS,
  },
  { additionalProperties: false },
);
export type Project = Static<typeof Project>;

const repair = Type.Optional(Type.Boolean({ description: "store the proposed repair of an invalid site" }));

/** POST /api/projects: name, type and site are required; stage defaults to planning. */
export const CreateProjectBody = Type.Object(
  {
    ...Type.Partial(Type.Object(profileFields)).properties,
    name: profileFields.name,
    projectType: profileFields.projectType,
    site: profileFields.site,
    repair,
  },
  { additionalProperties: false },
);
export type CreateProjectBody = Static<typeof CreateProjectBody>;

/** PATCH /api/projects/{projectId}: the fields to change (at least one). */
export const UpdateProjectBody = Type.Object({ ...Type.Partial(Type.Object(profileFields)).properties, repair }, { additionalProperties: false, minProperties: 1 });
export type UpdateProjectBody = Static<typeof UpdateProjectBody>;

export const ProjectParams = Type.Object({ projectId: Type.Integer({ minimum: 1 }) });
