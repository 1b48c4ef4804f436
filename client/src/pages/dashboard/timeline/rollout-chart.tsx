/**
 * The rollout over time: monthly city coverage (share of required units covered) and the share of counties with both
 * chief posts filled, over the plan's three phases, with the chosen date marked. Clicking the chart moves the date
 * to the nearest month; the slider under it does the same with the keyboard.
 *
 * Hand-written SVG rather than a chart library: it is two lines, three bands and a marker (~200 lines), it must line
 * up with the date slider under it to the pixel, and a library (ECharts, Recharts, Chart.js: 50-300 kB gz) would
 * outweigh the rest of the dashboard apart from the map, while still needing the accessible text alternative below.
 * For screen readers the SVG is one image with a written summary, and the same figures are in a table.
 */
import { useEffect, useId, useMemo, useRef, useState, type MouseEvent, type RefObject } from "react";
import type { CoverageTimeline, PlanPhase, TimelinePoint } from "../../../api/dashboard-coverage.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { STATUS_COLORS } from "../../../map/layers/coverage.layer.ts";
import { dayNumber } from "../../../lib/calendar-dates.ts";
import { dayBefore, yearStarts } from "./dashboard-dates.ts";
import { formatDate, formatMonth, formatPercent } from "../dashboard-format.ts";

/** Left and right margins of the plot in CSS pixels; the slider under the chart uses the same, so their days line up. */
export const CHART_MARGIN = { left: 40, right: 14 } as const;
const MARGIN_TOP = 26;
const MARGIN_BOTTOM = 22;
const PHASE_FILLS = ["#eef3f7", "#f8f0e1", "#e9f3ee", "#f2ecf6"];
const CHIEF_LINE_COLOR = "#3f4b63";

interface RolloutChartProps {
  timeline: CoverageTimeline | undefined;
  /** The chart's first and last day (YYYY-MM-DD): the slider's range. */
  from: string;
  to: string;
  selectedDate: string;
  onSelectDate(date: string): void;
}

/** Share of counties with both chief posts filled, in percent; null without counties. */
function chiefPercent(point: TimelinePoint): number | null {
  const { counties, covered } = point.countyChiefs;
  return counties > 0 ? Math.round((covered / counties) * 1000) / 10 : null;
}

/** An SVG path through the points with a value, broken where the value is null. */
function linePath(points: readonly { x: number; y: number | null }[]): string {
  let path = "";
  let drawing = false;
  for (const { x, y } of points) {
    if (y === null) {
      drawing = false;
      continue;
    }
    path += `${drawing ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)}`;
    drawing = true;
  }
  return path;
}

/** Rough width of a label in pixels at 11 px: CJK characters are square, Latin ones about half as wide. */
function labelWidth(text: string): number {
  let width = 0;
  for (const character of text) width += /[\u3000-\u9fff\uff00-\uffef]/.test(character) ? 11 : 6;
  return width;
}

function useWidth(initial: number): [RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(initial);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver((entries) => {
      const next = Math.round(entries[0]?.contentRect.width ?? initial);
      if (next > 0) setWidth(next);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [initial]);
  return [ref, width];
}

export function RolloutChart({ timeline, from, to, selectedDate, onSelectDate }: RolloutChartProps) {
  const { t, language } = useLanguage();
  const id = useId();
  const [containerRef, width] = useWidth(640);
  const height = width < 480 ? 170 : 210;
  const plotWidth = Math.max(1, width - CHART_MARGIN.left - CHART_MARGIN.right);
  const plotHeight = height - MARGIN_TOP - MARGIN_BOTTOM;
  const firstDay = dayNumber(from);
  const lastDay = Math.max(dayNumber(to), firstDay + 1);
  const x = (date: string): number => CHART_MARGIN.left + ((dayNumber(date) - firstDay) / (lastDay - firstDay)) * plotWidth;
  const y = (percent: number): number => MARGIN_TOP + plotHeight - (percent / 100) * plotHeight;

  const points = useMemo(() => (timeline?.points ?? []).filter((point) => point.date >= from && point.date <= to), [timeline, from, to]);
  const phases: PlanPhase[] = timeline?.phases ?? [];
  const phaseName = (phase: PlanPhase): string => (language === "zh" ? phase.name : phase.nameEn);

  const unitPath = linePath(points.map((point) => ({ x: x(point.date), y: point.units.percent === null ? null : y(point.units.percent) })));
  const chiefPath = linePath(points.map((point) => {
    const percent = chiefPercent(point);
    return { x: x(point.date), y: percent === null ? null : y(percent) };
  }));

  const summary = useMemo(() => {
    const withValue = points.filter((point) => point.units.percent !== null);
    const first = withValue[0];
    const last = withValue[withValue.length - 1];
    if (!first || !last) return t("dashboard.chart.summaryEmpty");
    return t("dashboard.chart.summary", {
      from: formatMonth(first.date, language),
      fromPercent: formatPercent(first.units.percent),
      to: formatMonth(last.date, language),
      toPercent: formatPercent(last.units.percent),
    });
  }, [points, t, language]);

  const selectNearest = (event: MouseEvent<SVGSVGElement>): void => {
    if (points.length === 0) return;
    const box = event.currentTarget.getBoundingClientRect();
    const clickX = ((event.clientX - box.left) / box.width) * width;
    let nearest = points[0]!;
    for (const point of points) if (Math.abs(x(point.date) - clickX) < Math.abs(x(nearest.date) - clickX)) nearest = point;
    onSelectDate(nearest.date);
  };

  const selectedX = x(selectedDate < from ? from : selectedDate > to ? to : selectedDate);

  return (
    <figure className="rollout-chart" data-testid="dashboard:chart">
      <figcaption className="rollout-chart__caption">
        <span className="rollout-chart__key">
          <svg width="22" height="10" aria-hidden="true">
            <line x1="1" y1="5" x2="21" y2="5" stroke={STATUS_COLORS.covered} strokeWidth="3" />
          </svg>
          {t("dashboard.chart.unitLine")}
        </span>
        <span className="rollout-chart__key">
          <svg width="22" height="10" aria-hidden="true">
            <line x1="1" y1="5" x2="21" y2="5" stroke={CHIEF_LINE_COLOR} strokeWidth="2" strokeDasharray="4 3" />
          </svg>
          {t("dashboard.chart.chiefLine")}
        </span>
      </figcaption>
      <div ref={containerRef} className="rollout-chart__plot">
        <svg
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-labelledby={`${id}-title ${id}-desc`}
          onClick={selectNearest}
        >
          <title id={`${id}-title`}>{t("dashboard.chart.title")}</title>
          <desc id={`${id}-desc`}>{summary}</desc>
          {phases.map((phase, index) => {
            const start = Math.max(x(phase.startsOn), CHART_MARGIN.left);
            const end = Math.min(x(phase.endsOn), CHART_MARGIN.left + plotWidth);
            if (end <= start) return null;
            const name = phaseName(phase);
            const fits = labelWidth(name) + 6 <= end - start;
            return (
              <g key={phase.code} data-phase={phase.code}>
                <rect x={start} y={MARGIN_TOP} width={end - start} height={plotHeight} fill={PHASE_FILLS[index % PHASE_FILLS.length]} />
                <line x1={start} y1={MARGIN_TOP - 4} x2={start} y2={MARGIN_TOP + plotHeight} stroke="#9aa6a0" strokeDasharray="2 2" />
                <text x={start + 3} y={MARGIN_TOP - 8} className="rollout-chart__phase">
                  {fits ? name : String(index + 1)}
                </text>
              </g>
            );
          })}
          {[0, 25, 50, 75, 100].map((tick) => (
            <g key={tick}>
              <line x1={CHART_MARGIN.left} x2={CHART_MARGIN.left + plotWidth} y1={y(tick)} y2={y(tick)} stroke="#d6ddd8" strokeWidth="1" />
              <text x={CHART_MARGIN.left - 6} y={y(tick) + 4} textAnchor="end" className="rollout-chart__tick">
                {tick}%
              </text>
            </g>
          ))}
          {yearStarts(from, to).map((tick) => (
            <text key={tick} x={x(tick)} y={height - 6} textAnchor="middle" className="rollout-chart__tick">
              {tick.slice(0, 4)}
            </text>
          ))}
          <path d={chiefPath} fill="none" stroke={CHIEF_LINE_COLOR} strokeWidth="2" strokeDasharray="4 3" />
          <path d={unitPath} fill="none" stroke={STATUS_COLORS.covered} strokeWidth="3" strokeLinejoin="round" />
          <line
            x1={selectedX}
            x2={selectedX}
            y1={MARGIN_TOP - 2}
            y2={MARGIN_TOP + plotHeight}
            stroke="#b45309"
            strokeWidth="2"
            data-testid="dashboard:chart-marker"
          />
        </svg>
      </div>
      <ol className="rollout-chart__phases">
        {phases.map((phase, index) => (
          <li key={phase.code}>
            <span className="rollout-chart__phase-number" aria-hidden="true">
              {index + 1}
            </span>
            {t("dashboard.chart.phase", {
              name: phaseName(phase),
              from: formatDate(phase.startsOn, language),
              // endsOn is exclusive: the phase's last day is the day before.
              to: formatDate(dayBefore(phase.endsOn), language),
            })}
          </li>
        ))}
      </ol>
      <details className="rollout-chart__data">
        <summary>{t("dashboard.chart.table")}</summary>
        <div className="table-scroll" tabIndex={0} role="region" aria-label={t("dashboard.chart.table")}>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t("dashboard.chart.month")}</th>
                <th scope="col">{t("dashboard.chart.phaseColumn")}</th>
                <th scope="col">{t("dashboard.table.coveredOfRequired")}</th>
                <th scope="col">{t("dashboard.table.percent")}</th>
                <th scope="col">{t("dashboard.chart.countyChiefs")}</th>
              </tr>
            </thead>
            <tbody>
              {points.map((point) => {
                const phase = phases.find((candidate) => candidate.code === point.phase);
                return (
                  <tr key={point.date}>
                    <th scope="row">{formatMonth(point.date, language)}</th>
                    <td>{phase ? phaseName(phase) : t("dashboard.date.noPhase")}</td>
                    <td className="numeric">
                      {point.units.covered} / {point.units.required}
                    </td>
                    <td className="numeric">{formatPercent(point.units.percent)}</td>
                    <td className="numeric">
                      {point.countyChiefs.covered} / {point.countyChiefs.counties}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
