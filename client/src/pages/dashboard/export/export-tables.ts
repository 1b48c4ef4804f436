/** The dashboard's tables as export tables, with the words of the page's language and the figures as shown. */
import type { CoverageReport, UnitCoverage } from "../../../api/dashboard-coverage.ts";
import type { useLanguage } from "../../../features/language/language-context.tsx";
import { formatPercent } from "../dashboard-format.ts";
import { kindKeyOf, STATUS_KEYS } from "../role-names.ts";
import type { VacantPost } from "../coverage/vacancy-rank.ts";
import type { ExportTable } from "./dashboard-export.ts";

type Translate = ReturnType<typeof useLanguage>["t"];

export function exportTables(
  t: Translate,
  report: CoverageReport,
  units: readonly UnitCoverage[],
  vacancies: readonly VacantPost[],
  beltNames: ReadonlyMap<string, string>,
): { counties: ExportTable; units: ExportTable; vacancies: ExportTable } {
  const vacant = t("dashboard.status.vacant");
  const list = t("dashboard.punctuation.list");
  const counties: ExportTable = {
    sheet: t("dashboard.countyTable.heading"),
    header: [
      t("dashboard.export.code"),
      t("dashboard.countyTable.county"),
      t("dashboard.status.covered"),
      t("dashboard.export.required"),
      t("dashboard.table.percent"),
      t("dashboard.status.vacant"),
      t("dashboard.status.not_required"),
      t("dashboard.role.chief_county_seconded"),
      t("dashboard.role.chief_county_hired"),
    ],
    rows: report.counties.map((county) => [
      county.code,
      county.name,
      county.units.covered,
      county.units.required,
      formatPercent(county.units.percent),
      county.units.vacant,
      county.units.notRequired,
      county.chiefPosts.seconded?.name ?? vacant,
      county.chiefPosts.hired?.name ?? vacant,
    ]),
  };
  const unitTable: ExportTable = {
    sheet: t("dashboard.unitTable.heading"),
    header: [
      t("dashboard.export.code"),
      t("dashboard.unitTable.name"),
      t("dashboard.export.kind"),
      t("dashboard.countyTable.county"),
      t("dashboard.unitTable.status"),
      t("dashboard.export.vacantSince"),
      t("dashboard.role.unit"),
      t("dashboard.unitTable.belts"),
    ],
    rows: units.map((unit) => [
      unit.code,
      unit.name,
      kindKeyOf(unit.kind) ? t(kindKeyOf(unit.kind)!) : unit.kind,
      unit.countyName,
      t(STATUS_KEYS[unit.status]),
      unit.status === "vacant" ? (unit.vacantSince ?? "") : "",
      unit.planner?.name ?? "",
      unit.beltCodes.map((code) => beltNames.get(code) ?? code).join(list),
    ]),
  };
  const vacancyTable: ExportTable = {
    sheet: t("dashboard.vacancies.heading"),
    header: [t("dashboard.export.rank"), t("dashboard.export.post"), t("dashboard.unitTable.name"), t("dashboard.export.vacantSince")],
    rows: vacancies.map((post, index) => {
      if (post.kind === "city-chief") return [index + 1, t("dashboard.role.chief_city"), report.city.name, ""];
      if (post.kind === "county-chief") {
        return [index + 1, t(post.post === "seconded" ? "dashboard.role.chief_county_seconded" : "dashboard.role.chief_county_hired"), post.countyName, ""];
      }
      return [index + 1, t("dashboard.role.unit"), post.unit.name, post.unit.vacantSince ?? ""];
    }),
  };
  return { counties, units: unitTable, vacancies: vacancyTable };
}
