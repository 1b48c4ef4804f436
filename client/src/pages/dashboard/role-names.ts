/** Message keys of the API's codes (roles, statuses, stages, titles …), so that every code is named one way. */
import type { AppointmentHistory, PlannerRole, UnitStatus } from "../../api/dashboard-coverage.ts";
import type { ProjectStage } from "../../api/dashboard-ogc.ts";
import type { MessageKey } from "../../lib/i18n.ts";
import type { RoleFilter } from "./filters/dashboard-filters.ts";

export const ROLE_KEYS: Record<PlannerRole, MessageKey> = {
  chief_city: "dashboard.role.chief_city",
  chief_county_seconded: "dashboard.role.chief_county_seconded",
  chief_county_hired: "dashboard.role.chief_county_hired",
  unit: "dashboard.role.unit",
  project: "dashboard.role.project",
};

export const ROLE_FILTER_KEYS: Record<RoleFilter, MessageKey> = {
  all: "dashboard.filters.roleAll",
  chief: "dashboard.filters.roleChief",
  unit: "dashboard.filters.roleUnit",
  project: "dashboard.filters.roleProject",
};

export const STATUS_KEYS: Record<UnitStatus, MessageKey> = {
  covered: "dashboard.status.covered",
  vacant: "dashboard.status.vacant",
  not_required: "dashboard.status.not_required",
};

export const STAGE_KEYS: Record<ProjectStage, MessageKey> = {
  proposed: "dashboard.stage.proposed",
  planning: "dashboard.stage.planning",
  design: "dashboard.stage.design",
  approval: "dashboard.stage.approval",
  construction: "dashboard.stage.construction",
  completed: "dashboard.stage.completed",
  suspended: "dashboard.stage.suspended",
};

type AppointmentEntry = AppointmentHistory["appointments"][number];

export const APPOINTMENT_STATUS_KEYS: Record<AppointmentEntry["status"], MessageKey> = {
  active: "dashboard.appointment.active",
  ended: "dashboard.appointment.ended",
  dismissed: "dashboard.appointment.dismissed",
};

export const TITLE_KEYS: Record<NonNullable<AppointmentEntry["planner"]["title"]>, MessageKey> = {
  intermediate: "dashboard.professionalTitle.intermediate",
  senior: "dashboard.professionalTitle.senior",
  full_senior: "dashboard.professionalTitle.full_senior",
};

const KIND_KEYS: Readonly<Record<string, MessageKey>> = {
  街道: "dashboard.kind.街道",
  镇: "dashboard.kind.镇",
  乡: "dashboard.kind.乡",
  区: "dashboard.kind.区",
  县: "dashboard.kind.县",
  县级市: "dashboard.kind.县级市",
};

const PROJECT_TYPE_KEYS: Readonly<Record<string, MessageKey>> = {
  城市更新: "dashboard.projectType.城市更新",
  公共空间: "dashboard.projectType.公共空间",
  村庄规划: "dashboard.projectType.村庄规划",
  污水治理: "dashboard.projectType.污水治理",
  海绵城市: "dashboard.projectType.海绵城市",
};

/** The key of a division kind (街道 …), or undefined for a kind the dashboard does not know (shown as written). */
export function kindKeyOf(kind: string): MessageKey | undefined {
  return KIND_KEYS[kind];
}

/** The key of a project type, or undefined for a type the dashboard does not know (shown as written). */
export function projectTypeKeyOf(projectType: string): MessageKey | undefined {
  return PROJECT_TYPE_KEYS[projectType];
}
