/** The three filters (county, belt, planner role) as native selects: keyboard and screen-reader friendly as they are. */
import { useLanguage } from "../../../features/language/language-context.tsx";
import { ROLE_FILTER_KEYS } from "../role-names.ts";
import { NO_FILTERS, ROLE_FILTERS, type DashboardFilters, type RoleFilter } from "./dashboard-filters.ts";

interface DashboardFiltersBarProps {
  filters: DashboardFilters;
  counties: readonly { code: string; name: string }[];
  belts: readonly { code: string; name: string; nameEn: string | null }[];
  onChange(filters: DashboardFilters): void;
}

interface FilterSelectProps {
  filter: "county" | "belt" | "role";
  label: string;
  value: string;
  options: readonly { value: string; text: string }[];
  onSelect(value: string): void;
}

function FilterSelect({ filter, label, value, options, onSelect }: FilterSelectProps) {
  return (
    <label className="dashboard-filters__field">
      <span>{label}</span>
      <select value={value} data-testid={`dashboard:filter-${filter}`} onChange={(event) => onSelect(event.currentTarget.value)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.text}
          </option>
        ))}
      </select>
    </label>
  );
}

export function DashboardFiltersBar({ filters, counties, belts, onChange }: DashboardFiltersBarProps) {
  const { t, language } = useLanguage();
  const isFiltered = filters.county !== null || filters.belt !== null || filters.role !== "all";
  return (
    <div className="dashboard-filters" role="group" aria-label={t("dashboard.filters.heading")} data-testid="dashboard:filters">
      <FilterSelect
        filter="county"
        label={t("dashboard.filters.county")}
        value={filters.county ?? ""}
        options={[{ value: "", text: t("dashboard.filters.allCounties") }, ...counties.map((county) => ({ value: county.code, text: county.name }))]}
        onSelect={(county) => onChange({ ...filters, county: county || null })}
      />
      <FilterSelect
        filter="belt"
        label={t("dashboard.filters.belt")}
        value={filters.belt ?? ""}
        options={[
          { value: "", text: t("dashboard.filters.allBelts") },
          ...belts.map((belt) => ({ value: belt.code, text: language === "en" && belt.nameEn ? belt.nameEn : belt.name })),
        ]}
        onSelect={(belt) => onChange({ ...filters, belt: belt || null })}
      />
      <FilterSelect
        filter="role"
        label={t("dashboard.filters.role")}
        value={filters.role}
        options={ROLE_FILTERS.map((role) => ({ value: role, text: t(ROLE_FILTER_KEYS[role]) }))}
        onSelect={(role) => onChange({ ...filters, role: role as RoleFilter })}
      />
      <button type="button" className="dashboard-filters__reset" disabled={!isFiltered} onClick={() => onChange(NO_FILTERS)}>
        {t("dashboard.filters.reset")}
      </button>
    </div>
  );
}
