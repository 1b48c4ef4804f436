/**
 * The legend's entry for the work-record cells: a switch that shows or hides them, and while shown their colour
 * scale (map/layers/work-cells.layer.ts's own colours) and how many records fall in cells too small to show.
 */
import type { WorkCells } from "../../../api/dashboard-coverage.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { WORK_CELL_STOPS } from "../../../map/layers/work-cells.layer.ts";

interface WorkCellsLegendProps {
  shown: boolean;
  onToggle(shown: boolean): void;
  /** The answer drawn now; undefined before the first. */
  cells: WorkCells | undefined;
}

export function WorkCellsLegend({ shown, onToggle, cells }: WorkCellsLegendProps) {
  const { t } = useLanguage();
  return (
    <div className="work-cells-legend">
      <label className="legend-subheading">
        <input type="checkbox" checked={shown} onChange={(event) => onToggle(event.target.checked)} data-testid="dashboard:work-cells-toggle" />{" "}
        {t("dashboard.work.cells")}
      </label>
      {shown ? (
        <>
          <p className="legend-scale__label">{t("dashboard.work.cellsScale")}</p>
          <ul className="legend-list work-cells-legend__stops">
            {WORK_CELL_STOPS.map(([from, color], index) => {
              const next = WORK_CELL_STOPS[index + 1]?.[0];
              return (
                <li key={from}>
                  <svg width="16" height="14" aria-hidden="true">
                    <polygon points="4,1 12,1 16,7 12,13 4,13 0,7" fill={color} stroke="#78350f" strokeWidth="0.7" />
                  </svg>
                  {next === undefined ? `≥ ${from}` : `${from}–${next - 1}`}
                </li>
              );
            })}
          </ul>
          {cells ? (
            <p className="legend-list__note" data-testid="dashboard:work-cells-note" data-cells={cells.cells.length}>
              {t("dashboard.work.cellsNote", { minimum: cells.minimumRecords, leftOut: cells.leftOut })}
            </p>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
