/**
 * The vacant posts on a date, most important first, in the order the pilot plan (晋市政办函〔2022〕24号) sets its
 * priorities: the city chief planner (统筹全市), then the county chief posts (two per county, county by code), then
 * the unit posts by the date the plan required them (the central urban area from the pilot phase: "市级先选择中心城区
 * 作为重点区域推进工作"), those on one of the three belts first ("推动三带引领示范"), then the longest vacant, then
 * by code. Every field comes from the API's answers. Pure: no React, DOM or fetch.
 */
import type { CoverageReport, UnitCoverage } from "../../../api/dashboard-coverage.ts";

export type VacantPost =
  | { kind: "city-chief"; key: string }
  | { kind: "county-chief"; key: string; countyCode: string; countyName: string; post: "seconded" | "hired" }
  | { kind: "unit"; key: string; unit: UnitCoverage };

const NEVER = "9999-12-31";

/** Unit vacancies in the plan's order (see the file's comment). */
function compareUnits(a: UnitCoverage, b: UnitCoverage): number {
  const required = (a.requiredFrom ?? NEVER).localeCompare(b.requiredFrom ?? NEVER);
  if (required !== 0) return required;
  const onBelt = Number(b.beltCodes.length > 0) - Number(a.beltCodes.length > 0);
  if (onBelt !== 0) return onBelt;
  const since = (a.vacantSince ?? NEVER).localeCompare(b.vacantSince ?? NEVER);
  return since !== 0 ? since : a.code.localeCompare(b.code);
}

/** Every vacant post of the report's date, ranked; empty when none is vacant. */
export function rankVacantPosts(report: CoverageReport, units: readonly UnitCoverage[]): VacantPost[] {
  const posts: VacantPost[] = [];
  if (report.city.chiefPlanner === null) posts.push({ kind: "city-chief", key: "city-chief" });
  for (const county of report.counties) {
    for (const post of ["seconded", "hired"] as const) {
      if (county.chiefPosts[post] === null) {
        posts.push({ kind: "county-chief", key: `${county.code}-${post}`, countyCode: county.code, countyName: county.name, post });
      }
    }
  }
  const vacantUnits = units.filter((unit) => unit.status === "vacant").sort(compareUnits);
  for (const unit of vacantUnits) posts.push({ kind: "unit", key: unit.code, unit });
  return posts;
}
