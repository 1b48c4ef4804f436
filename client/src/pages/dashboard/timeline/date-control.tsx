/**
 * The date the dashboard shows: a slider over every day from the plan's start to today (aligned with the chart
 * above it), buttons for a month back and forward and for today, and a date field for an exact day. Every control
 * changes the date at once; the page asks the server only once the date has settled (debounced).
 */
import { useLanguage } from "../../../features/language/language-context.tsx";
import { dateOfDay, dayNumber, isIsoDate } from "../../../lib/calendar-dates.ts";
import { addMonths, clampDate } from "./dashboard-dates.ts";
import { formatDate } from "../dashboard-format.ts";
import { CHART_MARGIN } from "./rollout-chart.tsx";

interface DateControlProps {
  date: string;
  min: string;
  max: string;
  /** The phase of the date shown, in the page's language; null outside the plan's phases. */
  phaseName: string | null;
  /** True while the figures for `date` are being fetched. */
  updating: boolean;
  onChange(date: string): void;
}

export function DateControl({ date, min, max, phaseName, updating, onChange }: DateControlProps) {
  const { t, language } = useLanguage();
  const change = (next: string): void => onChange(clampDate(next, min, max));
  return (
    <div className="date-control" role="group" aria-labelledby="dashboard-date-label">
      <div className="date-control__head">
        <label id="dashboard-date-label" htmlFor="dashboard-date-slider" className="date-control__label">
          {t("dashboard.date.slider")}
        </label>
        <output htmlFor="dashboard-date-slider" className="date-control__value" data-testid="dashboard:date-shown">
          <strong>{formatDate(date, language)}</strong>
          <span className="date-control__phase">{phaseName ?? t("dashboard.date.noPhase")}</span>
          {updating ? <span className="date-control__updating">{t("dashboard.date.updating")}</span> : null}
        </output>
      </div>
      <div className="date-control__slider" style={{ paddingLeft: CHART_MARGIN.left, paddingRight: CHART_MARGIN.right }}>
        <input
          id="dashboard-date-slider"
          type="range"
          min={dayNumber(min)}
          max={dayNumber(max)}
          step={1}
          value={dayNumber(date)}
          aria-valuetext={formatDate(date, language)}
          data-testid="dashboard:date-slider"
          onChange={(event) => change(dateOfDay(Number(event.currentTarget.value)))}
        />
      </div>
      <div className="date-control__buttons">
        <button type="button" onClick={() => change(addMonths(date, -1))} disabled={date <= min}>
          <span aria-hidden="true">‹ </span>
          {t("dashboard.date.previousMonth")}
        </button>
        <label className="date-control__field">
          <span className="visually-hidden">{t("dashboard.date.input")}</span>
          <input
            type="date"
            min={min}
            max={max}
            value={date}
            data-testid="dashboard:date-input"
            onChange={(event) => {
              if (isIsoDate(event.currentTarget.value)) change(event.currentTarget.value);
            }}
          />
        </label>
        <button type="button" onClick={() => change(addMonths(date, 1))} disabled={date >= max}>
          {t("dashboard.date.nextMonth")}
          <span aria-hidden="true"> ›</span>
        </button>
        <button type="button" onClick={() => change(max)} disabled={date === max}>
          {t("dashboard.date.today")}
        </button>
      </div>
    </div>
  );
}
