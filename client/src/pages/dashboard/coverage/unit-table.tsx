/**
 * Every township-level unit the filters select, with its status on the chosen date: the full list that stands in
 * for the map where units have no boundary. A unit's name opens its appointment history.
 */
import type { UnitCoverage } from "../../../api/dashboard-coverage.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { STATUS_COLORS } from "../../../map/layers/coverage.layer.ts";
import { formatDate } from "../dashboard-format.ts";
import { kindKeyOf, STATUS_KEYS } from "../role-names.ts";

export const UNIT_TABLE_ID = "dashboard-unit-table";

/** The id of a unit's button in the table, so that focus can return to it when its history closes. */
export function unitButtonId(code: string): string {
  return `dashboard-unit-${code}`;
}

interface UnitTableProps {
  date: string;
  units: readonly UnitCoverage[];
  total: number;
  beltNames: ReadonlyMap<string, string>;
  selectedUnit: string | null;
  onOpenHistory(code: string): void;
}

export function UnitTable({ date, units, total, beltNames, selectedUnit, onOpenHistory }: UnitTableProps) {
  const { t, language } = useLanguage();
  const kindName = (kind: string): string => {
    const key = kindKeyOf(kind);
    return key ? t(key) : kind;
  };
  return (
    <section className="dashboard-section" aria-labelledby="dashboard-unit-table-heading" id={UNIT_TABLE_ID}>
      <h2 id="dashboard-unit-table-heading" className="dashboard-section__heading">
        {t("dashboard.unitTable.heading")}{" "}
        <span className="dashboard-section__count" data-testid="dashboard:unit-count">
          {t("dashboard.unitTable.shown", { shown: units.length, total })}
        </span>
      </h2>
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="dashboard-unit-table-heading">
        <table className="data-table" data-testid="dashboard:unit-table" data-date={date}>
          <caption className="visually-hidden">{t("dashboard.unitTable.caption", { date: formatDate(date, language) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("dashboard.unitTable.name")}</th>
              <th scope="col">{t("dashboard.countyTable.county")}</th>
              <th scope="col">{t("dashboard.unitTable.status")}</th>
              <th scope="col">{t("dashboard.role.unit")}</th>
              <th scope="col">{t("dashboard.unitTable.belts")}</th>
              <th scope="col">{t("dashboard.unitTable.boundary")}</th>
            </tr>
          </thead>
          <tbody>
            {units.map((unit) => (
              <tr
                key={unit.code}
                className={unit.code === selectedUnit ? "is-selected" : undefined}
                data-testid="dashboard:unit-row"
                data-code={unit.code}
                data-status={unit.status}
              >
                <th scope="row">
                  <button
                    type="button"
                    id={unitButtonId(unit.code)}
                    className="link-button"
                    aria-label={t("dashboard.unitTable.openHistory", { name: unit.name })}
                    onClick={() => onOpenHistory(unit.code)}
                  >
                    {unit.name}
                  </button>
                  <span className="data-table__sub">{kindName(unit.kind)}</span>
                </th>
                <td>{unit.countyName}</td>
                <td>
                  <span className={`status-badge status-badge--${unit.status}`}>
                    <svg width="10" height="10" aria-hidden="true">
                      <circle cx="5" cy="5" r="5" fill={STATUS_COLORS[unit.status]} />
                    </svg>
                    {t(STATUS_KEYS[unit.status])}
                  </span>
                  {unit.status === "vacant" && unit.vacantSince ? (
                    <span className="data-table__sub">{t("dashboard.unitTable.vacantSince", { date: formatDate(unit.vacantSince, language) })}</span>
                  ) : null}
                </td>
                <td>{unit.planner?.name ?? "—"}</td>
                <td>{unit.beltCodes.map((code) => beltNames.get(code) ?? code).join(t("dashboard.punctuation.list")) || "—"}</td>
                <td>
                  {!unit.hasBoundary
                    ? t("dashboard.unitTable.noBoundary")
                    : unit.approximate
                      ? t("dashboard.unitTable.approximate")
                      : t("dashboard.unitTable.boundaryLoaded")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
