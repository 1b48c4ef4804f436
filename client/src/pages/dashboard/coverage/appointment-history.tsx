/**
 * The appointment history of one unit (newest first): who held the unit planner post, on which responsibility area,
 * from when to when, and how it ended. Only the planners' public fields reach the page. The heading takes focus when
 * the history was opened from the table, so keyboard and screen-reader users land on what they asked for.
 */
import { useEffect, useRef } from "react";
import type { AppointmentHistory, UnitCoverage } from "../../../api/dashboard-coverage.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { dayBefore } from "../timeline/dashboard-dates.ts";
import { formatDate } from "../dashboard-format.ts";
import { APPOINTMENT_STATUS_KEYS, kindKeyOf, STATUS_KEYS, TITLE_KEYS } from "../role-names.ts";

interface AppointmentHistoryPanelProps {
  code: string;
  history: AppointmentHistory | undefined;
  /** The unit's status on the chosen date (from the unit list), when known. */
  unit: UnitCoverage | undefined;
  date: string;
  loading: boolean;
  problem: string | null;
  /** Move focus to the heading once the history is shown. */
  focusOnOpen: boolean;
  onRetry(): void;
  onClose(): void;
}

export function AppointmentHistoryPanel({ code, history, unit, date, loading, problem, focusOnOpen, onRetry, onClose }: AppointmentHistoryPanelProps) {
  const { t, language } = useLanguage();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const name = history?.unit.name ?? unit?.name ?? code;
  const shown = history !== undefined;

  useEffect(() => {
    if (focusOnOpen && shown) headingRef.current?.focus();
  }, [focusOnOpen, shown, code]);

  const kind = history ? (kindKeyOf(history.unit.kind) ? t(kindKeyOf(history.unit.kind)!) : history.unit.kind) : null;
  return (
    <section className="dashboard-panel history-panel" id="dashboard-history" aria-labelledby="dashboard-history-heading" data-testid="dashboard:history" data-code={code}>
      <div className="dashboard-panel__head">
        <h2 id="dashboard-history-heading" className="dashboard-panel__heading" tabIndex={-1} ref={headingRef}>
          {t("dashboard.history.heading", { name })}
        </h2>
        <button type="button" className="dashboard-panel__close" aria-label={t("dashboard.history.close")} title={t("dashboard.history.close")} onClick={onClose}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      {history ? (
        <p className="dashboard-panel__meta">
          {history.unit.countyName} · {kind} ·{" "}
          {history.unit.requiredFrom
            ? t("dashboard.history.requiredFrom", { date: formatDate(history.unit.requiredFrom, language) })
            : t("dashboard.history.neverRequired")}
        </p>
      ) : null}
      {unit ? (
        <p className="dashboard-panel__meta" data-testid="dashboard:history-status">
          {t("dashboard.history.statusOn", { date: formatDate(date, language), status: t(STATUS_KEYS[unit.status]) })}
        </p>
      ) : null}
      {problem ? (
        <div className="resource-error" role="alert">
          <p>{t("dashboard.loadFailed", { title: problem })}</p>
          <button type="button" onClick={onRetry}>
            {t("dashboard.retry")}
          </button>
        </div>
      ) : loading || !history ? (
        <p className="dashboard-panel__meta" role="status">
          {t("dashboard.loading")}
        </p>
      ) : history.appointments.length === 0 ? (
        <p className="dashboard-panel__empty" data-testid="dashboard:history-empty">
          {t("dashboard.history.none")}
        </p>
      ) : (
        <ol className="history-list" data-testid="dashboard:history-list">
          {history.appointments.map((appointment) => (
            <li
              key={`${appointment.area.code}-${appointment.validFrom}-${appointment.planner.name}`}
              className={`history-entry history-entry--${appointment.status}`}
              data-testid="dashboard:history-entry"
            >
              <p className="history-entry__planner">
                <strong>{appointment.planner.name}</strong>
                {appointment.planner.title ? <span> · {t(TITLE_KEYS[appointment.planner.title])}</span> : null}
                {appointment.planner.registeredPlanner ? <span> · {t("dashboard.history.registered")}</span> : null}
              </p>
              {appointment.planner.organisation ? <p className="history-entry__meta">{appointment.planner.organisation}</p> : null}
              <p className="history-entry__meta">
                {t("dashboard.history.range", {
                  from: formatDate(appointment.validFrom, language),
                  // validTo is exclusive: the last day in post is the day before.
                  to: appointment.validTo ? formatDate(dayBefore(appointment.validTo), language) : t("dashboard.history.present"),
                })}
                {" · "}
                <span className={`appointment-status appointment-status--${appointment.status}`}>{t(APPOINTMENT_STATUS_KEYS[appointment.status])}</span>
              </p>
              <p className="history-entry__meta">{t("dashboard.history.area", { name: appointment.area.name })}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
