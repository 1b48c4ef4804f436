/**
 * The rollout over time, in counts rather than shares (a share jumps when the number of required units does): each
 * month's required units stacked as covered (teal) and vacant (orange), over the plan's three phases, with the
 * plan's target (every unit required at the plan's end covered: 全覆盖) as a dashed line over its last phase and where
 * the plan stood at its end written under the chart. Clicking the chart moves the date to the nearest month; the
 * slider under it does the same with the keyboard.
 *
 * Hand-written SVG rather than a chart library: it is two areas, three bands, a target and a marker, it must line up
 * with the date slider under it to the pixel, and a library (ECharts, Recharts, Chart.js: 50-300 kB gz) would
 * outweigh the rest of the dashboard apart from the map, while still needing the accessible text alternative below.
 * For screen readers the SVG is one image with a written summary, and the same figures are in a table.
 */
import { useEffect, useId, useMemo, useRef, useState, type MouseEvent, type RefObject } from "react";
import type { CoverageReport, CoverageTimeline, PlanPhase, TimelinePoint } from "../../../api/dashboard-coverage.ts";
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
const TARGET_COLOR = "#1e2a23";

/** Where the plan stood on its last day: the API's unit counts of that date. */
export interface PlanEnd {
  /** The plan's last day (YYYY-MM-DD). */
  date: string;
  units: CoverageReport["city"]["units"];
}

interface RolloutChartProps {
  timeline: CoverageTimeline | undefined;
  /** The chart's first and last day (YYYY-MM-DD): the slider's range. */
  from: string;
  to: string;
  selectedDate: string;
  /** The figures of the plan's last day, once known and only when that day has passed. */
  planEnd: PlanEnd | undefined;
  onSelectDate(date: string): void;
}

/** An SVG area between two lines through the points (upper, then lower backwards); empty without points. */
function areaPath(points: readonly { x: number; upper: number; lower: number }[]): string {
  if (points.length === 0) return "";
  const top = points.map(({ x, upper }, index) => `${index === 0 ? "M" : "L"}${x.toFixed(1)},${upper.toFixed(1)}`).join("");
  const bottom = [...points].reverse().map(({ x, lower }) => `L${x.toFixed(1)},${lower.toFixed(1)}`).join("");
  return `${top}${bottom}Z`;
}

/** Round tick values from 0 to at least `max`: steps of 10 or 20, at most about five. */
function countTicks(max: number): number[] {
  const step = max > 60 ? 20 : 10;
  const ticks: number[] = [];
  for (let tick = 0; tick < max + step; tick += step) ticks.push(tick);
  return ticks;
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

export function RolloutChart({ timeline, from, to, selectedDate, planEnd, onSelectDate }: RolloutChartProps) {
  const { t, language } = useLanguage();
  const id = useId();
  const [containerRef, width] = useWidth(640);
  const height = width < 480 ? 170 : 210;
  const plotWidth = Math.max(1, width - CHART_MARGIN.left - CHART_MARGIN.right);
  const plotHeight = height - MARGIN_TOP - MARGIN_BOTTOM;
  const firstDay = dayNumber(from);
  const lastDay = Math.max(dayNumber(to), firstDay + 1);
  const x = (date: string): number => CHART_MARGIN.left + ((dayNumber(date) - firstDay) / (lastDay - firstDay)) * plotWidth;

  const points = useMemo<TimelinePoint[]>(() => (timeline?.points ?? []).filter((point) => point.date >= from && point.date <= to), [timeline, from, to]);
  const phases: PlanPhase[] = timeline?.phases ?? [];
  const phaseName = (phase: PlanPhase): string => (language === "zh" ? phase.name : phase.nameEn);
  const ticks = countTicks(Math.max(1, ...points.map((point) => point.units.total), planEnd?.units.required ?? 0));
  const yMax = ticks[ticks.length - 1]!;
  const y = (count: number): number => MARGIN_TOP + plotHeight - (count / yMax) * plotHeight;

  const coveredArea = areaPath(points.map((point) => ({ x: x(point.date), upper: y(point.units.covered), lower: y(0) })));
  const vacantArea = areaPath(points.map((point) => ({ x: x(point.date), upper: y(point.units.covered + point.units.vacant), lower: y(point.units.covered) })));
  const lastPhase = phases[phases.length - 1];

  const summary = useMemo(() => {
    const withRequired = points.filter((point) => point.units.required > 0);
    const first = withRequired[0];
    const last = withRequired[withRequired.length - 1];
    if (!first || !last) return t("dashboard.chart.summaryEmpty");
    return t("dashboard.chart.summary", {
      from: formatMonth(first.date, language),
      fromCovered: first.units.covered,
      fromRequired: first.units.required,
      to: formatMonth(last.date, language),
      toCovered: last.units.covered,
      toRequired: last.units.required,
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
  const target = planEnd && lastPhase ? { x1: Math.max(x(lastPhase.startsOn), CHART_MARGIN.left), x2: Math.min(x(planEnd.date), CHART_MARGIN.left + plotWidth), y: y(planEnd.units.required) } : null;

  return (
    <figure className="rollout-chart" data-testid="dashboard:chart">
      <figcaption className="rollout-chart__caption">
        <span className="rollout-chart__key">
          <svg width="14" height="12" aria-hidden="true">
            <rect x="0" y="0" width="14" height="12" fill={STATUS_COLORS.covered} />
          </svg>
          {t("dashboard.chart.coveredArea")}
        </span>
        <span className="rollout-chart__key">
          <svg width="14" height="12" aria-hidden="true">
            <rect x="0" y="0" width="14" height="12" fill={STATUS_COLORS.vacant} />
          </svg>
          {t("dashboard.chart.vacantArea")}
        </span>
        {target ? (
          <span className="rollout-chart__key">
            <svg width="22" height="10" aria-hidden="true">
              <line x1="1" y1="5" x2="21" y2="5" stroke={TARGET_COLOR} strokeWidth="2" strokeDasharray="5 3" />
            </svg>
            {t("dashboard.chart.targetLine")}
          </span>
        ) : null}
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
          {ticks.map((tick) => (
            <g key={tick}>
              <line x1={CHART_MARGIN.left} x2={CHART_MARGIN.left + plotWidth} y1={y(tick)} y2={y(tick)} stroke="#d6ddd8" strokeWidth="1" />
              <text x={CHART_MARGIN.left - 6} y={y(tick) + 4} textAnchor="end" className="rollout-chart__tick">
                {tick}
              </text>
            </g>
          ))}
          {yearStarts(from, to).map((tick) => (
            <text key={tick} x={x(tick)} y={height - 6} textAnchor="middle" className="rollout-chart__tick">
              {tick.slice(0, 4)}
            </text>
          ))}
          <path d={coveredArea} fill={STATUS_COLORS.covered} fillOpacity="0.9" data-testid="dashboard:chart-covered" />
          <path d={vacantArea} fill={STATUS_COLORS.vacant} fillOpacity="0.75" data-testid="dashboard:chart-vacant" />
          {target ? (
            <g data-testid="dashboard:chart-target" data-value={planEnd!.units.required}>
              <line x1={target.x1} x2={target.x2} y1={target.y} y2={target.y} stroke={TARGET_COLOR} strokeWidth="2" strokeDasharray="5 3" />
              <circle cx={target.x2} cy={y(planEnd!.units.covered)} r="4" fill="#fff" stroke={TARGET_COLOR} strokeWidth="2" />
            </g>
          ) : null}
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
      {planEnd ? (
        <p className="rollout-chart__plan-end" data-testid="dashboard:plan-end" data-covered={planEnd.units.covered} data-required={planEnd.units.required}>
          {t("dashboard.chart.planEnd", {
            month: planEnd.date.slice(0, 7),
            required: planEnd.units.required,
            covered: planEnd.units.covered,
            short: planEnd.units.required - planEnd.units.covered,
          })}
        </p>
      ) : null}
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
