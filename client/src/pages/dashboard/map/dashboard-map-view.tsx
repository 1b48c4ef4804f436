/**
 * The dashboard's map: the coverage and project-sites layers on the one map controller (features/map/use-map.ts),
 * fed from the page's props through the layers' idempotent setters. MapLibre comes with the controller's chunk and
 * deck.gl with the project-sites layer, each on demand, so the figures and tables work before either arrives.
 */
import { useEffect, useRef, useState, type RefObject } from "react";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { MapFrame } from "../../../features/map/map-frame.tsx";
import { useLatest, useMap } from "../../../features/map/use-map.ts";
import type { CameraOptions } from "../../../map/map-controller.ts";
import { coverageLayer, type BeltFeatures, type CountyFigures, type CoverageView, type DivisionFeatures, type UnitStatus } from "../../../map/layers/coverage.layer.ts";
import { projectSitesLayer } from "../../../map/layers/project-sites.layer.ts";
import { workCellsLayer, type WorkCell } from "../../../map/layers/work-cells.layer.ts";
import type { MapEmphasis } from "../filters/dashboard-filters.ts";
import { dayNumber } from "../../../lib/calendar-dates.ts";
import type { ProjectSite } from "./project-sites.ts";

export type { CountyFigures };

/** What the filters ask the map to show (see CoverageView); emphasis.projects shows the project sites. */
export interface MapView extends CoverageView {
  emphasis: MapEmphasis;
}

interface DashboardMapViewProps {
  countyBoundaries: DivisionFeatures | undefined;
  townshipBoundaries: DivisionFeatures | undefined;
  belts: BeltFeatures | undefined;
  statuses: { date: string; byCode: ReadonlyMap<string, UnitStatus> } | undefined;
  countyFigures: ReadonlyMap<string, CountyFigures> | undefined;
  view: MapView;
  projects: readonly ProjectSite[] | undefined;
  /** Only the sites started by this date (YYYY-MM-DD) are drawn. */
  projectDate: string;
  selectedUnit: string | null;
  /** Each drawn unit's label (name and status), shown when zoomed in. */
  unitLabels?: ReadonlyMap<string, string>;
  /** Set to a function that draws the map as it is into the still image printed and exported in its place. */
  stillRef?: RefObject<(() => boolean) | null>;
  /** The work-record cells (GET /api/coverage/work/cells) and whether they are shown. */
  workCells?: { cells: readonly WorkCell[] | undefined; shown: boolean };
  onUnitClick(code: string): void;
  onCountyClick(code: string): void;
  onProjectClick(site: ProjectSite): void;
}

/** A phone or tablet: the map then needs two fingers, so that one finger scrolls the page past it. */
function isTouchScreen(): boolean {
  return typeof window.matchMedia === "function" && window.matchMedia("(pointer: coarse)").matches;
}

const CAMERA: CameraOptions = {
  maxZoom: 16,
  fitMaxZoom: 11,
  fitMs: 500,
  // Less room around fitted data on a narrow map (a phone), where every pixel counts.
  fitPadding: (width) => (width < 520 ? { top: 8, bottom: 8, left: 8, right: 44 } : { top: 24, bottom: 24, left: 24, right: 56 }),
};

export function DashboardMapView(props: DashboardMapViewProps) {
  const { t } = useLanguage();
  // The layers keep the callbacks they are given first; route them through a ref so they always call the latest.
  const callbacks = useLatest(props);
  const [coverage] = useState(() =>
    coverageLayer({
      onUnitClick: (code) => callbacks.current.onUnitClick(code),
      onCountyClick: (code) => callbacks.current.onCountyClick(code),
    }),
  );
  const [projectSites] = useState(() => projectSitesLayer({ onSiteClick: (site) => callbacks.current.onProjectClick(site) }));
  const [workCells] = useState(workCellsLayer);
  const map = useMap(
    () => ({
      layers: [coverage, projectSites, workCells],
      // The two-finger hint is read once, when the map is made; only the canvas name follows the language.
      labels: { map: t("dashboard.map.label"), twoFingers: t("dashboard.map.twoFingers") },
      camera: CAMERA,
      // The dashboard is a long page: on a touch screen one finger must scroll it, not get caught by the map.
      cooperativeGestures: isTouchScreen(),
    }),
    { map: t("dashboard.map.label") },
  );

  const { countyBoundaries, townshipBoundaries, belts, statuses, countyFigures, view, projects, projectDate, selectedUnit } = props;
  useEffect(() => {
    if (countyBoundaries) coverage.setCountyBoundaries(countyBoundaries);
  }, [coverage, countyBoundaries]);
  useEffect(() => {
    if (townshipBoundaries) coverage.setTownshipBoundaries(townshipBoundaries);
  }, [coverage, townshipBoundaries]);
  useEffect(() => {
    if (belts) coverage.setBelts(belts);
  }, [coverage, belts]);
  useEffect(() => {
    if (statuses) coverage.setUnitStatuses(statuses.date, statuses.byCode);
  }, [coverage, statuses]);
  useEffect(() => {
    if (countyFigures) coverage.setCountyFigures(countyFigures);
  }, [coverage, countyFigures]);
  useEffect(() => {
    coverage.setView(view);
    projectSites.setVisible(view.emphasis.projects);
  }, [coverage, projectSites, view]);
  useEffect(() => {
    if (projects) projectSites.setSites(projects);
  }, [projectSites, projects]);
  useEffect(() => projectSites.setStartedBy(dayNumber(projectDate)), [projectSites, projectDate]);
  useEffect(() => coverage.setSelectedUnit(selectedUnit), [coverage, selectedUnit]);
  const unitLabels = props.unitLabels;
  useEffect(() => {
    if (unitLabels) coverage.setUnitLabels(unitLabels);
  }, [coverage, unitLabels]);

  // WebGL prints blank: before printing (and before an image export) the map is copied into a 2D canvas that prints.
  const stillCanvas = useRef<HTMLCanvasElement>(null);
  const stillRef = props.stillRef;
  useEffect(() => {
    const drawStill = (): boolean => (stillCanvas.current ? coverage.drawStill(stillCanvas.current) : false);
    if (stillRef) stillRef.current = drawStill;
    window.addEventListener("beforeprint", drawStill);
    return () => {
      window.removeEventListener("beforeprint", drawStill);
      if (stillRef) stillRef.current = null;
    };
  }, [coverage, stillRef]);
  const workCellList = props.workCells?.cells;
  const workCellsShown = props.workCells?.shown ?? false;
  useEffect(() => {
    if (workCellList) workCells.setCells(workCellList);
    workCells.setVisible(workCellsShown);
  }, [workCells, workCellList, workCellsShown]);

  return (
    <>
      <canvas ref={stillCanvas} className="dashboard-map__still" aria-hidden="true" data-testid="dashboard:map-still" />
      <MapFrame
      map={map}
      block="dashboard-map"
      testId="dashboard:map"
      wordOf={(word) => t(`dashboard.map.${word}`)}
      />
    </>
  );
}
