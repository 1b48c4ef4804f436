/**
 * The map's legend, drawn with the map's own colours (dashboard-colors.ts) so that it cannot drift from the style.
 * It shows only what the map draws for the chosen role filter, and counts the project sites by type.
 */
import { useLanguage } from "../../features/language/language-context.tsx";
import {
  BELT_COLORS,
  CHIEF_POST_COLORS,
  OUTLINE_COLORS,
  projectTypeColor,
  SHARE_NONE,
  SHARE_STOPS,
  STATUS_COLORS,
  SUSPENDED_PROJECT_COLOR,
} from "./dashboard-colors.ts";
import type { MapEmphasis } from "./dashboard-filters.ts";
import { projectTypeKeyOf, STATUS_KEYS } from "./role-names.ts";

interface DashboardLegendProps {
  emphasis: MapEmphasis;
  /** Some units are drawn as polygons (their status colours apply); otherwise only the county shares show. */
  hasUnitPolygons: boolean;
  /** Some boundary on the map is approximate. */
  hasApproximate: boolean;
  belts: readonly { code: string; name: string }[];
  projectTypes: readonly { projectType: string; count: number }[];
  projectsShown: number;
}

const Swatch = ({ color }: { color: string }) => (
  <svg width="18" height="14" aria-hidden="true">
    <rect x="0.5" y="0.5" width="17" height="13" rx="2" fill={color} stroke="#8a948e" strokeWidth="0.5" />
  </svg>
);

export function DashboardLegend({ emphasis, hasUnitPolygons, hasApproximate, belts, projectTypes, projectsShown }: DashboardLegendProps) {
  const { t } = useLanguage();
  const typeName = (projectType: string): string => {
    const key = projectTypeKeyOf(projectType);
    return key ? t(key) : projectType;
  };
  const gradient = `linear-gradient(to right, ${SHARE_STOPS.map(([stop, color]) => `${color} ${stop}%`).join(", ")})`;
  return (
    <section className="dashboard-panel dashboard-legend" aria-labelledby="dashboard-legend-heading" data-testid="dashboard:legend">
      <h2 id="dashboard-legend-heading" className="dashboard-panel__heading">
        {t("dashboard.legend.heading")}
      </h2>
      {emphasis.unitCoverage && hasUnitPolygons ? (
        <ul className="legend-list">
          {(Object.keys(STATUS_COLORS) as (keyof typeof STATUS_COLORS)[]).map((status) => (
            <li key={status}>
              <Swatch color={STATUS_COLORS[status]} />
              {t(STATUS_KEYS[status])}
            </li>
          ))}
        </ul>
      ) : null}
      {emphasis.unitCoverage ? (
        <div className="legend-scale">
          <p className="legend-scale__label">{t("dashboard.legend.countyShare")}</p>
          <div className="legend-scale__bar" style={{ background: gradient }} aria-hidden="true" />
          <p className="legend-scale__ends">
            <span>0%</span>
            <span>50%</span>
            <span>100%</span>
          </p>
          <p className="legend-list__note">
            <Swatch color={SHARE_NONE} /> {t("dashboard.legend.noneRequired")}
          </p>
        </div>
      ) : null}
      {emphasis.chiefPosts ? (
        <ul className="legend-list">
          {CHIEF_POST_COLORS.map((color, filled) => (
            <li key={color}>
              <Swatch color={color} />
              {t("dashboard.legend.chiefPosts", { filled })}
            </li>
          ))}
        </ul>
      ) : null}
      <ul className="legend-list">
        <li>
          <svg width="18" height="14" aria-hidden="true">
            <line x1="1" y1="7" x2="17" y2="7" stroke={OUTLINE_COLORS.county} strokeWidth="2" />
          </svg>
          {t("dashboard.legend.county")}
        </li>
        {hasApproximate ? (
          <li>
            <svg width="18" height="14" aria-hidden="true">
              <line x1="1" y1="7" x2="17" y2="7" stroke={OUTLINE_COLORS.county} strokeWidth="2" strokeDasharray="6 4" />
            </svg>
            {t("dashboard.legend.approximate")}
          </li>
        ) : null}
        {belts.map((belt, index) => (
          <li key={belt.code}>
            <svg width="18" height="14" aria-hidden="true">
              <line x1="1" y1="7" x2="17" y2="7" stroke={BELT_COLORS[index % BELT_COLORS.length]} strokeWidth="3" />
            </svg>
            {belt.name}
          </li>
        ))}
      </ul>
      {emphasis.projects ? (
        <>
          <h3 className="legend-subheading">{t("dashboard.legend.projects", { count: projectsShown })}</h3>
          <ul className="legend-list">
            {projectTypes.map(({ projectType, count }) => (
              <li key={projectType}>
                <svg width="18" height="14" aria-hidden="true">
                  <circle cx="9" cy="7" r="5" fill={projectTypeColor(projectType)} stroke="#fff" strokeWidth="1.5" />
                </svg>
                {typeName(projectType)} <span className="legend-list__count">{count}</span>
              </li>
            ))}
          </ul>
          <p className="legend-list__note">
            <svg width="18" height="14" aria-hidden="true">
              <circle cx="9" cy="7" r="5" fill="#fff" stroke="#57534e" strokeWidth="1.5" />
            </svg>
            {t("dashboard.legend.projectHollow")}
            <svg width="18" height="14" aria-hidden="true">
              <circle cx="9" cy="7" r="5" fill="#57534e" stroke="#fff" strokeWidth="1.5" />
            </svg>
            {t("dashboard.legend.projectSolid")}
            <svg width="18" height="14" aria-hidden="true">
              <circle cx="9" cy="7" r="5" fill={SUSPENDED_PROJECT_COLOR} stroke={SUSPENDED_PROJECT_COLOR} strokeWidth="1.5" />
            </svg>
            {t("dashboard.legend.projectSuspended")}
          </p>
        </>
      ) : null}
    </section>
  );
}
