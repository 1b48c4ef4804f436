/**
 * The dashboard's work and opinions section (工作记录与意见办理): planners' work records by kind, county and month,
 * and the median hours to acknowledge and to answer public opinions per county and per planner (public names
 * only), for the twelve months up to the dashboard's date (work-period.ts), of the county the dashboard's filter
 * chose or of the whole city. Every figure is GET /api/coverage/work's own; the page counts nothing itself. The
 * belt and role filters do not narrow work figures: the section says so while one is set.
 */
import type { ReactNode } from "react";
import type { WorkFigures } from "../../../api/dashboard-coverage.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { addMessages, type MessageKey } from "../../../lib/i18n.ts";
import { formatDate } from "../dashboard-format.ts";
import type { DashboardFilters } from "../filters/dashboard-filters.ts";
import { WorkMonthChart } from "./work-month-chart.tsx";
import "./work-section.css";
import { DASHBOARD_WORK_EN, DASHBOARD_WORK_ZH } from "./work-messages.ts";

addMessages(DASHBOARD_WORK_ZH, DASHBOARD_WORK_EN);

type OpinionFigures = Omit<WorkFigures["opinions"], "byCounty" | "byPlanner">;

const hours = (value: number | null): string => (value === null ? "—" : value.toFixed(1));

function OpinionTable({ heading, testId, nameHeading, rows }: {
  heading: string;
  testId: string;
  nameHeading: string;
  rows: readonly { key: string; name: ReactNode; figures: OpinionFigures }[];
}) {
  const { t } = useLanguage();
  return (
    <div className="table-scroll work-section__table">
      <table className="data-table" data-testid={testId}>
        <caption>{heading}</caption>
        <thead>
          <tr>
            <th scope="col">{nameHeading}</th>
            <th scope="col">{t("dashboard.work.received")}</th>
            <th scope="col">{t("dashboard.work.answered")}</th>
            <th scope="col">{t("dashboard.work.hoursToAcknowledge")}</th>
            <th scope="col">{t("dashboard.work.hoursToAnswer")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ key, name, figures }) => (
            <tr key={key} data-testid="dashboard:work-opinion-row" data-key={key}>
              <th scope="row">{name}</th>
              <td className="numeric" data-column="received">{figures.received}</td>
              <td className="numeric" data-column="answered">{figures.answered}</td>
              <td className="numeric" data-column="hoursToAcknowledge">{hours(figures.medianHoursToAcknowledge)}</td>
              <td className="numeric" data-column="hoursToAnswer">{hours(figures.medianHoursToAnswer)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface WorkSectionProps {
  /** The answer shown; its county says which county it is about (null: the whole city). */
  figures: WorkFigures;
  /** True while the figures of a newer period or county are being fetched. */
  updating: boolean;
  filters: DashboardFilters;
}

export function WorkSection({ figures, updating, filters }: WorkSectionProps) {
  const { t, language } = useLanguage();
  const kindName = (kind: string): string => {
    const key = `dashboard.work.kind.${kind}`;
    return key in DASHBOARD_WORK_ZH ? t(key as MessageKey) : kind;
  };
  const { county, workRecords, opinions } = figures;
  const mostOfAKind = Math.max(1, ...workRecords.byKind.map((entry) => entry.records));
  return (
    <section
      className="dashboard-section work-section"
      aria-labelledby="dashboard-work-heading"
      aria-busy={updating}
      data-testid="dashboard:work"
      data-from={figures.from}
      data-to={figures.to}
      data-county={county?.code ?? ""}
    >
      <h2 id="dashboard-work-heading" className="dashboard-section__heading" data-testid="dashboard:work-heading">
        {t("dashboard.work.headingOf", { scope: county ? county.name : t("dashboard.work.scopeCity") })}
      </h2>
      {filters.belt !== null || filters.role !== "all" ? (
        <p className="note" data-testid="dashboard:work-filters-note">
          {t("dashboard.work.countyOnly")}
        </p>
      ) : null}
      <p className="work-section__period">
        {t("dashboard.work.period", { from: formatDate(figures.from, language), to: formatDate(figures.to, language) })} ·{" "}
        <span data-testid="dashboard:work-total" data-value={workRecords.total}>
          {t("dashboard.work.total", { total: workRecords.total })}
        </span>
      </p>
      <div className="work-section__grid">
        <div className="table-scroll work-section__table">
          <table className="data-table" data-testid="dashboard:work-kinds">
            <caption>{t("dashboard.work.byKind")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("dashboard.work.kind")}</th>
                <th scope="col">{t("dashboard.work.records")}</th>
              </tr>
            </thead>
            <tbody>
              {workRecords.byKind.map((entry) => (
                <tr key={entry.kind} data-kind={entry.kind}>
                  <th scope="row">{kindName(entry.kind)}</th>
                  <td className="numeric work-section__bar-cell" data-column="records">
                    <span className="work-section__bar" style={{ width: `${(entry.records / mostOfAKind) * 100}%` }} aria-hidden="true" />
                    <span className="work-section__bar-value">{entry.records}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="table-scroll work-section__table">
          <table className="data-table" data-testid="dashboard:work-counties">
            <caption>{t("dashboard.work.byCounty")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("dashboard.work.county")}</th>
                <th scope="col">{t("dashboard.work.records")}</th>
              </tr>
            </thead>
            <tbody>
              {workRecords.byCounty.map((entry) => (
                <tr key={entry.code} data-code={entry.code}>
                  <th scope="row">{entry.name}</th>
                  <td className="numeric" data-column="records">{entry.records}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <figure className="work-section__chart">
          <figcaption>{t("dashboard.work.byMonth")}</figcaption>
          <WorkMonthChart byMonth={workRecords.byMonth} />
        </figure>
      </div>

      <h3 className="work-section__subheading">{t("dashboard.work.opinions")}</h3>
      <p data-testid="dashboard:work-opinions">
        {t("dashboard.work.opinionsSummary", { received: opinions.received, acknowledged: opinions.acknowledged, answered: opinions.answered })}
      </p>
      <div className="work-section__grid">
        <OpinionTable
          heading={t("dashboard.work.opinionsByCounty")}
          testId="dashboard:work-opinion-counties"
          nameHeading={t("dashboard.work.county")}
          rows={
            // Narrowed to a county, the totals are that county's own row.
            county
              ? [{ key: county.code, name: county.name, figures: opinions }]
              : [
                  { key: "city", name: t("dashboard.work.city"), figures: opinions },
                  ...opinions.byCounty.map((entry) => ({ key: entry.code, name: entry.name, figures: entry })),
                ]
          }
        />
        {opinions.byPlanner.length > 0 ? (
          <OpinionTable
            heading={t("dashboard.work.opinionsByPlanner")}
            testId="dashboard:work-opinion-planners"
            nameHeading={t("dashboard.work.planner")}
            rows={opinions.byPlanner.map((entry, index) => ({ key: String(index), name: entry.planner.name, figures: entry }))}
          />
        ) : (
          <p className="note">{t("dashboard.work.noPlanner")}</p>
        )}
      </div>
    </section>
  );
}
