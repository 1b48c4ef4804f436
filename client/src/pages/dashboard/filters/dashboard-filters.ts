/**
 * The dashboard's filters (county, belt, planner role) and what they select. The filters live in the page's URL
 * query, so a view can be shared or printed for a briefing as it is. Pure: no React, DOM or fetch.
 */
import type { PlannerRole, UnitCoverage } from "../../../api/dashboard-coverage.ts";

/**
 * Which planners the map and figures are about: all of them; the chief planners (city and county: the map colours
 * counties by chief posts filled); the unit planners (the map colours units by coverage); or the project planners
 * (the map shows the project sites over a quiet background).
 */
export const ROLE_FILTERS = ["all", "chief", "unit", "project"] as const;
export type RoleFilter = (typeof ROLE_FILTERS)[number];

export interface DashboardFilters {
  /** A county code, or null for the whole city. */
  county: string | null;
  /** A belt code (area code such as belt-qinhe), or null for none. */
  belt: string | null;
  role: RoleFilter;
}

export const NO_FILTERS: DashboardFilters = { county: null, belt: null, role: "all" };

/** The API roles that each role filter is about (all: every role). */
export const ROLES_OF_FILTER: Record<RoleFilter, readonly PlannerRole[]> = {
  all: ["chief_city", "chief_county_seconded", "chief_county_hired", "unit", "project"],
  chief: ["chief_city", "chief_county_seconded", "chief_county_hired"],
  unit: ["unit"],
  project: ["project"],
};

/** What the map draws for a role filter. */
export interface MapEmphasis {
  /** Units (and counties, where units have no boundary) coloured by coverage. */
  unitCoverage: boolean;
  /** Counties coloured by county chief posts filled instead. */
  chiefPosts: boolean;
  /** Project sites drawn. */
  projects: boolean;
}

export function mapEmphasis(role: RoleFilter): MapEmphasis {
  return {
    unitCoverage: role === "all" || role === "unit",
    chiefPosts: role === "chief",
    projects: role === "all" || role === "project",
  };
}

/** The units the filters select, in the given order: those of the county and belt chosen (null: any). */
export function selectUnits(units: readonly UnitCoverage[], filters: DashboardFilters): UnitCoverage[] {
  return units.filter(
    (unit) => (filters.county === null || unit.countyCode === filters.county) && (filters.belt === null || unit.beltCodes.includes(filters.belt)),
  );
}

/** Reads the filters and the date from a URL query; anything malformed is left out (no filter, no date). */
export function readViewQuery(search: string): { filters: DashboardFilters; date: string | null } {
  const query = new URLSearchParams(search);
  const county = query.get("county");
  const belt = query.get("belt");
  const role = query.get("role");
  return {
    filters: {
      county: county && /^\d{6}$/.test(county) ? county : null,
      belt: belt && /^[a-z0-9-]{1,80}$/.test(belt) ? belt : null,
      role: (ROLE_FILTERS as readonly string[]).includes(role ?? "") ? (role as RoleFilter) : "all",
    },
    date: query.get("date"),
  };
}

/** The URL query of a view: only what differs from the defaults, so the plain /dashboard stays plain. */
export function viewQuery(filters: DashboardFilters, date: string, today: string): string {
  const query = new URLSearchParams();
  if (date !== today) query.set("date", date);
  if (filters.county) query.set("county", filters.county);
  if (filters.belt) query.set("belt", filters.belt);
  if (filters.role !== "all") query.set("role", filters.role);
  const text = query.toString();
  return text ? `?${text}` : "";
}
