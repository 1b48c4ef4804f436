/**
 * Everything the briefing shows, from the public API only: the coverage report and every unit's status on the
 * period's last day (GET /api/coverage, /api/coverage/units), the boundaries (GET /api/boundaries), the work and
 * opinion figures of the period (GET /api/coverage/work) and the unit-planner appointment histories of the units in
 * scope (GET /api/coverage/units/{code}/appointments), from which the period's changes are picked. Planners appear by
 * their public name only. With a county, everything is narrowed to it.
 */
import type { WorkFigures } from "@contracts/coverage.ts";
import type { BoundaryCollection } from "../../api/boundaries.ts";
import { getBoundaries } from "../../api/boundaries.ts";
import {
  getAppointmentHistory,
  getCoverageReport,
  getUnitCoverage,
  type AppointmentHistory,
  type CoverageReport,
  type UnitCoverage,
} from "../../api/dashboard-coverage.ts";
import { getJson } from "../../api/http.ts";
import type { BriefingPeriod } from "./briefing-period.ts";

type UnitCounts = CoverageReport["city"]["units"];

/** Histories asked for at once: enough to fill the browser's connections, few enough not to crowd the server. */
const HISTORY_CONCURRENCY = 4;

/** One change of a unit-planner post in the period. */
interface AppointmentChange {
  kind: "made" | "ended" | "dismissed";
  /** validFrom for a new appointment, validTo (the first day without it) for an ended one. */
  date: string;
  plannerName: string;
  areaName: string;
  countyName: string;
}

export interface BriefingData {
  period: BriefingPeriod;
  /** null: the whole city. */
  county: { code: string; name: string } | null;
  report: CoverageReport;
  /** The units in scope, ordered by code. */
  units: UnitCoverage[];
  /** Coverage of the units in scope: the city's (or the county's) figures as the API reports them. */
  unitCounts: UnitCounts;
  /** Rows of the county table: every county, or the one chosen. */
  counties: CoverageReport["counties"];
  /** Rows of the belt table: the API's belts for the city; for a county, the part of each belt that lies in it. */
  belts: { code: string; name: string; units: UnitCounts }[];
  countyBoundaries: BoundaryCollection;
  townshipBoundaries: BoundaryCollection;
  work: WorkFigures;
  /** Changes ordered by date, then by area name. */
  changes: AppointmentChange[];
}

/** Thrown for a county code the coverage report does not list. */
export class UnknownCountyError extends Error {
  constructor(readonly code: string) {
    super(`unknown county ${code}`);
  }
}

/**
 * Unit counts of a set of units on `date`, by the API's rule (contracts/coverage.ts UnitCounts): required when
 * requiredFrom is on or before the date; percent is required-and-covered over required, to 0.1, null when none.
 */
function countUnits(units: readonly UnitCoverage[], date: string): UnitCounts {
  const isRequired = (unit: UnitCoverage) => unit.requiredFrom !== null && unit.requiredFrom <= date;
  const required = units.filter(isRequired).length;
  const requiredCovered = units.filter((unit) => isRequired(unit) && unit.status === "covered").length;
  return {
    total: units.length,
    required,
    covered: units.filter((unit) => unit.status === "covered").length,
    vacant: units.filter((unit) => unit.status === "vacant").length,
    notRequired: units.filter((unit) => unit.status === "not_required").length,
    percent: required === 0 ? null : Math.round((requiredCovered / required) * 1000) / 10,
  };
}

/**
 * The appointments of the histories that started or ended within the period (both ends inclusive), each once even
 * when its area groups several units.
 */
function changesInPeriod(histories: readonly AppointmentHistory[], period: BriefingPeriod): AppointmentChange[] {
  const seen = new Set<string>();
  const changes: AppointmentChange[] = [];
  const within = (date: string | null): date is string => date !== null && date >= period.from && date <= period.to;
  for (const history of histories) {
    for (const appointment of history.appointments) {
      const key = `${appointment.area.code}|${appointment.planner.name}|${appointment.validFrom}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const common = { plannerName: appointment.planner.name, areaName: appointment.area.name, countyName: history.unit.countyName };
      if (within(appointment.validFrom)) changes.push({ kind: "made", date: appointment.validFrom, ...common });
      if (within(appointment.validTo)) {
        changes.push({ kind: appointment.status === "dismissed" ? "dismissed" : "ended", date: appointment.validTo, ...common });
      }
    }
  }
  return changes.sort((a, b) => a.date.localeCompare(b.date) || a.areaName.localeCompare(b.areaName, "zh-CN"));
}

/** Runs `load` over the items, at most `limit` at a time; the results keep the items' order. */
async function mapWithLimit<T, R>(items: readonly T[], limit: number, load: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await load(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const inCounty = (collection: BoundaryCollection, predicate: (code: string, parentCode: string | null) => boolean): BoundaryCollection => ({
  ...collection,
  features: collection.features.filter((feature) => predicate(feature.properties.code, feature.properties.parentCode)),
});

/** Loads the briefing; throws UnknownCountyError for a county the report does not list, ApiProblem on a failed answer. */
export async function loadBriefing(period: BriefingPeriod, countyCode: string | null, signal: AbortSignal): Promise<BriefingData> {
  const [report, unitList, countyBoundaries, townshipBoundaries, work] = await Promise.all([
    getCoverageReport(period.to, signal),
    getUnitCoverage(period.to, signal),
    getBoundaries("county", signal),
    getBoundaries("township", signal),
    getJson<WorkFigures>("/api/coverage/work", { from: period.from, to: period.to }, signal),
  ]);
  const countyRow = countyCode === null ? null : report.counties.find((county) => county.code === countyCode);
  if (countyRow === undefined) throw new UnknownCountyError(countyCode!);
  const units = countyRow ? unitList.units.filter((unit) => unit.countyCode === countyRow.code) : unitList.units;
  const histories = await mapWithLimit(units, HISTORY_CONCURRENCY, (unit) => getAppointmentHistory(unit.code, signal));
  const unitCodes = new Set(units.map((unit) => unit.code));
  const belts = countyRow
    ? report.belts
        .map((belt) => ({ code: belt.code, name: belt.name, units: countUnits(units.filter((unit) => unit.beltCodes.includes(belt.code)), period.to) }))
        .filter((belt) => belt.units.total > 0)
    : report.belts.map((belt) => ({ code: belt.code, name: belt.name, units: belt.units }));
  return {
    period,
    county: countyRow ? { code: countyRow.code, name: countyRow.name } : null,
    report,
    units,
    unitCounts: countyRow ? countyRow.units : report.city.units,
    counties: countyRow ? [countyRow] : report.counties,
    belts,
    countyBoundaries: countyRow ? inCounty(countyBoundaries, (code) => code === countyRow.code) : countyBoundaries,
    townshipBoundaries: countyRow
      ? inCounty(townshipBoundaries, (code, parentCode) => unitCodes.has(code) || parentCode === countyRow.code)
      : townshipBoundaries,
    work,
    changes: changesInPeriod(histories, period),
  };
}
