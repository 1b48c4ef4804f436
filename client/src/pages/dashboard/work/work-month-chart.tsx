/**
 * Work records per month as bars, hand-written SVG like the rollout chart (twelve bars need no chart library). For
 * screen readers the SVG is one image with a written summary; the counts are in each bar's title too.
 */
import { useId } from "react";
import type { WorkFigures } from "../../../api/dashboard-coverage.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { WORK_CELL_STOPS } from "../../../map/layers/work-cells.layer.ts";
import { formatMonth } from "../dashboard-format.ts";

const WIDTH = 480;
const HEIGHT = 150;
const MARGIN = { top: 16, right: 8, bottom: 22, left: 30 } as const;
const BAR_COLOR = WORK_CELL_STOPS[2]![1];

/** A round number of at least `value` for the top of the scale (1, 2, 5 × 10ⁿ), so the ticks read well. */
function niceCeiling(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].map((step) => step * power).find((candidate) => candidate >= value) ?? 10 * power);
}

export function WorkMonthChart({ byMonth }: { byMonth: WorkFigures["workRecords"]["byMonth"] }) {
  const { t, language } = useLanguage();
  const id = useId();
  const total = byMonth.reduce((sum, month) => sum + month.records, 0);
  const peak = byMonth.reduce((most, month) => Math.max(most, month.records), 0);
  const top = niceCeiling(peak);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const slot = plotWidth / Math.max(1, byMonth.length);
  const y = (records: number) => MARGIN.top + plotHeight - (records / top) * plotHeight;
  return (
    <svg
      className="work-month-chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      data-testid="dashboard:work-month-chart"
    >
      <title id={`${id}-title`}>{t("dashboard.work.monthChart")}</title>
      <desc id={`${id}-desc`}>{t("dashboard.work.monthSummary", { total, peak })}</desc>
      {[0, top / 2, top].map((tick) => (
        <g key={tick}>
          <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} stroke="#d6ddd8" strokeWidth="1" />
          <text x={MARGIN.left - 5} y={y(tick) + 4} textAnchor="end" className="rollout-chart__tick">
            {Number.isInteger(tick) ? tick : ""}
          </text>
        </g>
      ))}
      {byMonth.map((month, index) => {
        const x = MARGIN.left + index * slot;
        return (
          <g key={month.month}>
            <rect
              x={x + slot * 0.15}
              y={y(month.records)}
              width={slot * 0.7}
              height={MARGIN.top + plotHeight - y(month.records)}
              fill={BAR_COLOR}
              data-month={month.month}
              data-records={month.records}
            >
              <title>{`${formatMonth(`${month.month}-01`, language)}: ${month.records}`}</title>
            </rect>
            <text x={x + slot / 2} y={HEIGHT - 6} textAnchor="middle" className="rollout-chart__tick">
              {month.month.endsWith("-01") || index === 0 ? month.month.slice(0, 4) : month.month.slice(5)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
