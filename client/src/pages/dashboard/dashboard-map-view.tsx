/**
 * The React side of the dashboard map: reads the installation's basemap setting, loads dashboard-map.ts (MapLibre
 * and deck.gl, most of the page's JavaScript) as its own chunk so the figures and tables work before it arrives,
 * creates the one DashboardMap and passes every prop change through its idempotent setters.
 */
import { useEffect, useRef, useState } from "react";
import type { UnitStatus } from "../../api/dashboard-coverage.ts";
import { getClientConfig } from "../../api/client-config.ts";
import { useLanguage } from "../../features/language/language-context.tsx";
import { basemapStyleParts } from "../../map/basemap.ts";
import { TEST_HOOKS_FLAG } from "../../map/map-test-hook.ts";
import type { BeltFeatures, CountyFigures, DashboardMap, DivisionFeatures, MapView } from "./dashboard-map.ts";
import type { ProjectSite } from "./project-sites.ts";

interface DashboardMapViewProps {
  countyBoundaries: DivisionFeatures | undefined;
  townshipBoundaries: DivisionFeatures | undefined;
  belts: BeltFeatures | undefined;
  statuses: { date: string; byCode: ReadonlyMap<string, UnitStatus> } | undefined;
  countyFigures: ReadonlyMap<string, CountyFigures> | undefined;
  view: MapView;
  projects: readonly ProjectSite[] | undefined;
  projectDate: string;
  selectedUnit: string | null;
  onUnitClick(code: string): void;
  onCountyClick(code: string): void;
  onProjectClick(site: ProjectSite): void;
}

function testHooksRequested(): boolean {
  return (window as unknown as Record<string, unknown>)[TEST_HOOKS_FLAG] === true;
}

export function DashboardMapView(props: DashboardMapViewProps) {
  const { t } = useLanguage();
  const containerRef = useRef<HTMLDivElement>(null);
  const [controller, setController] = useState<DashboardMap | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  // The controller keeps the callbacks it was created with: route them through a ref so the latest ones are called.
  const callbacks = useRef(props);
  useEffect(() => {
    callbacks.current = props;
  });
  const initialLabels = useRef({ map: t("dashboard.map.label"), twoFingers: t("dashboard.map.twoFingers") });

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let cancelled = false;
    let created: DashboardMap | null = null;
    // No basemap unless the installation configures one; a failed config request means none, never a broken page.
    const basemap = getClientConfig().then(
      (config) => basemapStyleParts(config.basemap),
      () => basemapStyleParts(null),
    );
    Promise.all([basemap, import("./dashboard-map.ts")]).then(
      ([parts, { createDashboardMap }]) => {
        if (cancelled) return;
        try {
          created = createDashboardMap({
            container,
            labels: initialLabels.current,
            basemap: parts,
            onUnitClick: (code) => callbacks.current.onUnitClick(code),
            onCountyClick: (code) => callbacks.current.onCountyClick(code),
            onProjectClick: (site) => callbacks.current.onProjectClick(site),
            exposeTestHook: testHooksRequested(),
          });
          setController(created);
        } catch (error) {
          // No WebGL2: say so; the figures and tables carry the same information.
          console.warn("the dashboard map could not start", error);
          setUnavailable(true);
        }
      },
      (error: unknown) => {
        console.warn("the dashboard map module could not be loaded", error);
        if (!cancelled) setUnavailable(true);
      },
    );
    return () => {
      cancelled = true;
      created?.destroy();
      setController(null);
    };
  }, []);

  const { countyBoundaries, townshipBoundaries, belts, statuses, countyFigures, view, projects, projectDate, selectedUnit } = props;
  useEffect(() => {
    if (countyBoundaries) controller?.setCountyBoundaries(countyBoundaries);
  }, [controller, countyBoundaries]);
  useEffect(() => {
    if (townshipBoundaries) controller?.setTownshipBoundaries(townshipBoundaries);
  }, [controller, townshipBoundaries]);
  useEffect(() => {
    if (belts) controller?.setBelts(belts);
  }, [controller, belts]);
  useEffect(() => {
    if (statuses) controller?.setUnitStatuses(statuses.date, statuses.byCode);
  }, [controller, statuses]);
  useEffect(() => {
    if (countyFigures) controller?.setCountyFigures(countyFigures);
  }, [controller, countyFigures]);
  useEffect(() => {
    controller?.setView(view);
  }, [controller, view]);
  useEffect(() => {
    if (projects) controller?.setProjects(projects);
  }, [controller, projects]);
  useEffect(() => {
    controller?.setProjectDate(projectDate);
  }, [controller, projectDate]);
  useEffect(() => {
    controller?.setSelectedUnit(selectedUnit);
  }, [controller, selectedUnit]);
  useEffect(() => {
    controller?.setLabels({ map: t("dashboard.map.label"), twoFingers: t("dashboard.map.twoFingers") });
  }, [controller, t]);

  return (
    <div className="dashboard-map">
      <div ref={containerRef} className="dashboard-map__canvas" data-testid="dashboard:map" />
      {unavailable ? (
        <p className="dashboard-map__unavailable" role="alert">
          {t("dashboard.map.unavailable")}
        </p>
      ) : (
        <div className="dashboard-map__controls" role="group" aria-label={t("dashboard.map.controls")}>
          <button type="button" aria-label={t("dashboard.map.zoomIn")} title={t("dashboard.map.zoomIn")} onClick={() => controller?.zoomIn()}>
            <span aria-hidden="true">+</span>
          </button>
          <button type="button" aria-label={t("dashboard.map.zoomOut")} title={t("dashboard.map.zoomOut")} onClick={() => controller?.zoomOut()}>
            <span aria-hidden="true">−</span>
          </button>
          <button type="button" aria-label={t("dashboard.map.showWholeCity")} title={t("dashboard.map.showWholeCity")} onClick={() => controller?.showWholeCity()}>
            <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
              <path d="M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4" fill="none" stroke="currentColor" strokeWidth="1.8" />
            </svg>
          </button>
        </div>
      )}
    </div>
  );
}
