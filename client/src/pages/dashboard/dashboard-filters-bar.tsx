/** The three filters (county, belt, planner role) as native selects: keyboard and screen-reader friendly as they are. */
import { useLanguage } from "../../features/language/language-context.tsx";
import { NO_FILTERS, ROLE_FILTERS, type DashboardFilters, type RoleFilter } from "./dashboard-filters.ts";
import { ROLE_FILTER_KEYS } from "./role-names.ts";

interface DashboardFiltersBarProps {
  filters: DashboardFilters;
  counties: readonly { code: string; name: string }[];
  belts: readonly { code: string; name: string; nameEn: string | null }[];
  onChange(filters: DashboardFilters): void;
}

export function DashboardFiltersBar({ filters, counties, belts, onChange }: DashboardFiltersBarProps) {
  const { t, language } = useLanguage();
  const isFiltered = filters.county !== null || filters.belt !== null || filters.role !== "all";
  return (
    <div className="dashboard-filters" role="group" aria-label={t("dashboard.filters.heading")} data-testid="dashboard:filters">
      <label className="dashboard-filters__field">
        <span>{t("dashboard.filters.county")}</span>
        <select
          value={filters.county ?? ""}
          data-testid="dashboard:filter-county"
          onChange={(event) => onChange({ ...filters, county: event.currentTarget.value || null })}
        >
          <option value="">{t("dashboard.filters.allCounties")}</option>
          {counties.map((county) => (
            <option key={county.code} value={county.code}>
              {county.name}
            </option>
          ))}
        </select>
      </label>
      <label className="dashboard-filters__field">
        <span>{t("dashboard.filters.belt")}</span>
        <select
          value={filters.belt ?? ""}
          data-testid="dashboard:filter-belt"
          onChange={(event) => onChange({ ...filters, belt: event.currentTarget.value || null })}
        >
          <option value="">{t("dashboard.filters.allBelts")}</option>
          {belts.map((belt) => (
            <option key={belt.code} value={belt.code}>
              {language === "en" && belt.nameEn ? belt.nameEn : belt.name}
            </option>
          ))}
        </select>
      </label>
      <label className="dashboard-filters__field">
        <span>{t("dashboard.filters.role")}</span>
        <select
          value={filters.role}
          data-testid="dashboard:filter-role"
          onChange={(event) => onChange({ ...filters, role: event.currentTarget.value as RoleFilter })}
        >
          {ROLE_FILTERS.map((role) => (
            <option key={role} value={role}>
              {t(ROLE_FILTER_KEYS[role])}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="dashboard-filters__reset" disabled={!isFiltered} onClick={() => onChange(NO_FILTERS)}>
        {t("dashboard.filters.reset")}
      </button>
    </div>
  );
}
