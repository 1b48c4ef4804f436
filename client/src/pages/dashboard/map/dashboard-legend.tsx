/**
 * The map's legend, drawn with the map layers' own colours (map/layers/coverage.layer.ts, project-sites.layer.ts) so
 * that it cannot drift from the style. It shows only what the map draws for the chosen role filter and data: the
 * statuses some drawn unit has, the county shares only where units are not drawn, the belts drawn, and the project
 * sites by type.
 */
import type { ReactNode } from "react";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { DotSwatch, LineSwatch, Swatch } from "../../../features/map/legend-swatches.tsx";
import { BELT_PALETTE, CHIEF_POST_COLORS, OUTLINE_COLORS, SHARE_NONE, SHARE_STOPS, STATUS_COLORS } from "../../../map/layers/coverage.layer.ts";
import { OTHER_PROJECT_TYPE_COLOR, projectTypeColor, SUSPENDED_PROJECT_COLOR } from "../../../map/layers/project-sites.layer.ts";
import type { MapEmphasis } from "../filters/dashboard-filters.ts";
import { projectTypeKeyOf, STATUS_KEYS } from "../role-names.ts";

interface DashboardLegendProps {
  emphasis: MapEmphasis;
  /** Some units are drawn as polygons (their status colours apply); otherwise only the county shares show. */
  hasUnitPolygons: boolean;
  /** Some unit is not drawn, so its county's share colour shows through. */
  hasCountyShares: boolean;
  /** The statuses of the units drawn on the date shown. */
  statusesShown: ReadonlySet<string>;
  /** Some boundary on the map is approximate. */
  hasApproximate: boolean;
  belts: readonly { code: string; name: string }[];
  projectTypes: readonly { projectType: string; count: number }[];
  projectsShown: number;
  /** More entries at the end (the work-record cells' switch). */
  children?: ReactNode;
}

const FillSwatch = ({ color }: { color: string }) => (
  <Swatch width={18}>
    <rect x="0.5" y="0.5" width="17" height="13" rx="2" fill={color} stroke="#8a948e" strokeWidth="0.5" />
  </Swatch>
);

export function DashboardLegend({ emphasis, hasUnitPolygons, hasCountyShares, statusesShown, hasApproximate, belts, projectTypes, projectsShown, children }: DashboardLegendProps) {
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
          {(Object.keys(STATUS_COLORS) as (keyof typeof STATUS_COLORS)[]).filter((status) => statusesShown.has(status)).map((status) => (
            <li key={status} data-testid="dashboard:legend-status" data-status={status}>
              <FillSwatch color={STATUS_COLORS[status]} />
              {t(STATUS_KEYS[status])}
            </li>
          ))}
        </ul>
      ) : null}
      {emphasis.unitCoverage && (hasCountyShares || !hasUnitPolygons) ? (
        <div className="legend-scale" data-testid="dashboard:legend-county-share">
          <p className="legend-scale__label">{t("dashboard.legend.countyShare")}</p>
          <div className="legend-scale__bar" style={{ background: gradient }} aria-hidden="true" />
          <p className="legend-scale__ends">
            <span>0%</span>
            <span>50%</span>
            <span>100%</span>
          </p>
          <p className="legend-list__note">
            <FillSwatch color={SHARE_NONE} /> {t("dashboard.legend.noneRequired")}
          </p>
        </div>
      ) : null}
      {emphasis.chiefPosts ? (
        <ul className="legend-list">
          {CHIEF_POST_COLORS.map((color, filled) => (
            <li key={color}>
              <FillSwatch color={color} />
              {t("dashboard.legend.chiefPosts", { filled })}
            </li>
          ))}
        </ul>
      ) : null}
      <ul className="legend-list">
        <li>
          <LineSwatch width={18} color={OUTLINE_COLORS.county} strokeWidth={2} />
          {t("dashboard.legend.county")}
        </li>
        {hasApproximate ? (
          <li>
            <LineSwatch width={18} color={OUTLINE_COLORS.county} strokeWidth={2} dash="6 4" />
            {t("dashboard.legend.approximate")}
          </li>
        ) : null}
        {belts.map((belt, index) => (
          <li key={belt.code} data-testid="dashboard:legend-belt">
            <Swatch width={22}>
              <line x1="1" y1="7" x2="21" y2="7" stroke={OUTLINE_COLORS.casing} strokeWidth="6" />
              <line x1="1" y1="7" x2="21" y2="7" stroke={BELT_PALETTE[index % BELT_PALETTE.length]!} strokeWidth="3" />
            </Swatch>
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
                <DotSwatch fill={projectTypeColor(projectType)} stroke="#fff" />
                {typeName(projectType)} <span className="legend-list__count">{count}</span>
              </li>
            ))}
          </ul>
          <p className="legend-list__note">
            <DotSwatch fill="#fff" stroke={OTHER_PROJECT_TYPE_COLOR} />
            {t("dashboard.legend.projectHollow")}
            <DotSwatch fill={OTHER_PROJECT_TYPE_COLOR} stroke="#fff" />
            {t("dashboard.legend.projectSolid")}
            <DotSwatch fill={SUSPENDED_PROJECT_COLOR} stroke={SUSPENDED_PROJECT_COLOR} />
            {t("dashboard.legend.projectSuspended")}
          </p>
        </>
      ) : null}
      {children}
    </section>
  );
}
