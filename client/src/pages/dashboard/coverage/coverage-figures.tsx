/**
 * The headline figures for the chosen date, exactly as GET /api/coverage answers them: city coverage, units
 * covered of required, the central urban area, county chief posts filled, the city chief planner and the planners by
 * role; and, when a county or belt is chosen, that county's or belt's own coverage.
 */
import type { CoverageReport } from "../../../api/dashboard-coverage.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { ROLES_OF_FILTER, type DashboardFilters } from "../filters/dashboard-filters.ts";
import { formatPercent } from "../dashboard-format.ts";
import { ROLE_KEYS } from "../role-names.ts";

interface CoverageFiguresProps {
  report: CoverageReport;
  filters: DashboardFilters;
  /** True while the figures of a newer date are being fetched: these are still the previous date's. */
  updating: boolean;
}

export function CoverageFigures({ report, filters, updating }: CoverageFiguresProps) {
  const { t, language } = useLanguage();
  const { units, countyChiefs, chiefPlanner } = report.city;
  const county = filters.county ? report.counties.find((candidate) => candidate.code === filters.county) : undefined;
  const belt = filters.belt ? report.belts.find((candidate) => candidate.code === filters.belt) : undefined;
  const emphasised = new Set(ROLES_OF_FILTER[filters.role]);
  const selection = county
    ? { name: county.name, units: county.units }
    : belt
      ? { name: language === "en" && belt.nameEn ? belt.nameEn : belt.name, units: belt.units }
      : undefined;

  return (
    <section className="coverage-figures" aria-labelledby="dashboard-figures-heading" aria-busy={updating} data-testid="dashboard:figures" data-date={report.date}>
      <h2 id="dashboard-figures-heading" className="visually-hidden">
        {t("dashboard.figures.heading")}
      </h2>
      <dl className="figure-cards">
        <div className="figure-card figure-card--main" data-testid="dashboard:city-coverage" data-value={units.percent ?? ""}>
          <dt>{t("dashboard.figures.cityCoverage")}</dt>
          <dd className="figure-card__value">{formatPercent(units.percent)}</dd>
          <dd className="figure-card__detail" data-testid="dashboard:city-units">
            {t("dashboard.figures.unitsCovered", { covered: units.covered, required: units.required })}
          </dd>
          <dd className="figure-card__detail">{t("dashboard.figures.unitsDetail", { vacant: units.vacant, notRequired: units.notRequired })}</dd>
        </div>
        <div className="figure-card" data-testid="dashboard:central-coverage" data-value={report.centralUrbanArea.percent ?? ""}>
          <dt>{t("dashboard.figures.centralUrbanArea")}</dt>
          <dd className="figure-card__value">{formatPercent(report.centralUrbanArea.percent)}</dd>
          <dd className="figure-card__detail">
            {t("dashboard.figures.unitsCovered", { covered: report.centralUrbanArea.covered, required: report.centralUrbanArea.required })}
          </dd>
        </div>
        <div className="figure-card" data-testid="dashboard:county-chiefs" data-value={countyChiefs.covered}>
          <dt>{t("dashboard.figures.countyChiefs")}</dt>
          <dd className="figure-card__value">
            {countyChiefs.covered} / {countyChiefs.counties}
          </dd>
          <dd className="figure-card__detail">{t("dashboard.figures.countyChiefsCaption")}</dd>
          <dd className="figure-card__detail">
            {t("dashboard.figures.countyChiefPosts", {
              seconded: countyChiefs.secondedFilled,
              hired: countyChiefs.hiredFilled,
              counties: countyChiefs.counties,
            })}
          </dd>
        </div>
        <div className="figure-card" data-testid="dashboard:planners" data-value={report.plannerCounts.total}>
          <dt>{t("dashboard.figures.planners")}</dt>
          <dd className="figure-card__value">{t("dashboard.figures.plannersTotal", { total: report.plannerCounts.total })}</dd>
          <dd className="figure-card__detail">
            {/* Folded on the first screen, so that the figures stay one short row above the map. */}
            <details className="role-counts__details">
              <summary>{t("dashboard.figures.byRole")}</summary>
              <ul className="role-counts">
                {report.plannerCounts.byRole.map((entry) => (
                  <li
                    key={entry.role}
                    className={emphasised.has(entry.role) && filters.role !== "all" ? "is-emphasised" : undefined}
                    data-testid="dashboard:role-count"
                    data-role={entry.role}
                    data-value={entry.planners}
                  >
                    <span>{t(ROLE_KEYS[entry.role])}</span>
                    <span className="numeric">{entry.planners}</span>
                  </li>
                ))}
              </ul>
              <p className="role-counts__chief">
                {t("dashboard.figures.cityChief")}
                {t("dashboard.punctuation.colon")}
                {chiefPlanner ? chiefPlanner.name : <span className="is-vacant">{t("dashboard.status.vacant")}</span>}
              </p>
            </details>
          </dd>
        </div>
        {selection ? (
          <div className="figure-card figure-card--selection" data-testid="dashboard:selection-coverage" data-value={selection.units.percent ?? ""}>
            <dt>{t("dashboard.figures.selection", { name: selection.name })}</dt>
            <dd className="figure-card__value">{formatPercent(selection.units.percent)}</dd>
            <dd className="figure-card__detail">
              {t("dashboard.figures.unitsCovered", { covered: selection.units.covered, required: selection.units.required })}
            </dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}
