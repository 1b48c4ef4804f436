/**
 * One row per county as GET /api/coverage answers it: units covered of required, the share, vacant and not yet
 * required units, and the two county chief posts. A county's name is a toggle button that filters the dashboard.
 */
import type { CoverageReport } from "../../../api/dashboard-coverage.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { formatDate, formatPercent } from "../dashboard-format.ts";

interface CountyTableProps {
  report: CoverageReport;
  selectedCounty: string | null;
  onSelectCounty(code: string | null): void;
}

export function CountyTable({ report, selectedCounty, onSelectCounty }: CountyTableProps) {
  const { t, language } = useLanguage();
  const chief = (planner: { name: string } | null) =>
    planner ? planner.name : <span className="is-vacant">{t("dashboard.status.vacant")}</span>;
  return (
    <section className="dashboard-section" aria-labelledby="dashboard-county-table-heading">
      <h2 id="dashboard-county-table-heading" className="dashboard-section__heading">
        {t("dashboard.countyTable.heading")}
      </h2>
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="dashboard-county-table-heading">
        <table className="data-table" data-testid="dashboard:county-table" data-date={report.date}>
          <caption className="visually-hidden">{t("dashboard.countyTable.caption", { date: formatDate(report.date, language) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("dashboard.countyTable.county")}</th>
              <th scope="col">{t("dashboard.table.coveredOfRequired")}</th>
              <th scope="col">{t("dashboard.table.percent")}</th>
              <th scope="col">{t("dashboard.status.vacant")}</th>
              <th scope="col">{t("dashboard.status.not_required")}</th>
              <th scope="col">{t("dashboard.role.chief_county_seconded")}</th>
              <th scope="col">{t("dashboard.role.chief_county_hired")}</th>
            </tr>
          </thead>
          <tbody>
            {report.counties.map((county) => (
              <tr
                key={county.code}
                className={county.code === selectedCounty ? "is-selected" : undefined}
                data-testid="dashboard:county-row"
                data-code={county.code}
              >
                <th scope="row">
                  <button
                    type="button"
                    className="link-button"
                    aria-pressed={county.code === selectedCounty}
                    onClick={() => onSelectCounty(county.code === selectedCounty ? null : county.code)}
                  >
                    {county.name}
                  </button>
                </th>
                <td className="numeric" data-column="units">
                  {county.units.covered} / {county.units.required}
                </td>
                <td className="numeric" data-column="percent">
                  {formatPercent(county.units.percent)}
                </td>
                <td className="numeric" data-column="vacant">
                  {county.units.vacant}
                </td>
                <td className="numeric" data-column="notRequired">
                  {county.units.notRequired}
                </td>
                <td data-column="seconded">{chief(county.chiefPosts.seconded)}</td>
                <td data-column="hired">{chief(county.chiefPosts.hired)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
