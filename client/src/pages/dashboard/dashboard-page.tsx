/**
 * The leadership dashboard at /dashboard (领导小组): coverage of the responsible planner programme on any date since
 * the plan began, against its three phases. Loaded lazily from main.tsx; the map's MapLibre and deck.gl load lazily
 * again (map/dashboard-map-view.tsx), so neither the page nor deck.gl reaches the public page's bundle.
 *
 * Every figure and table row is the API's own answer for the chosen date (GET /api/coverage, /api/coverage/units):
 * the page counts nothing itself, so it can never disagree with a briefing built from the same API. The date
 * changes at once on screen; the server is asked only once it settles (debounced), and a newer date aborts the
 * requests of an older one. The date and the filters are kept in the URL query, so a view can be shared as it is.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { EMPTY_BOUNDARIES, getBoundaries } from "../../api/boundaries.ts";
import { getAppointmentHistory, getCoverageReport, getCoverageTimeline, getUnitCoverage, getWorkCells, getWorkFigures } from "../../api/dashboard-coverage.ts";
import { getAllProjects, getBelts } from "../../api/dashboard-ogc.ts";
import { useLanguage, usePageTitle } from "../../features/language/language-context.tsx";
import { LanguageSwitch } from "../../features/language/language-switch.tsx";
import { addMessages } from "../../lib/i18n.ts";
import { AppointmentHistoryPanel } from "./coverage/appointment-history.tsx";
import { CountyTable } from "./coverage/county-table.tsx";
import { CoverageFigures } from "./coverage/coverage-figures.tsx";
import { UNIT_TABLE_ID, unitButtonId, UnitTable } from "./coverage/unit-table.tsx";
import { VacancyList } from "./coverage/vacancy-list.tsx";
import { rankVacantPosts } from "./coverage/vacancy-rank.ts";
import { ExportMenu } from "./export/export-menu.tsx";
import { exportTables } from "./export/export-tables.ts";
import { PhoneTabs, type PhoneTab } from "./phone-tabs.tsx";
import { formatDate, formatPercent } from "./dashboard-format.ts";
import { DashboardFiltersBar } from "./filters/dashboard-filters-bar.tsx";
import { mapEmphasis, readViewQuery, selectUnits, viewQuery, type DashboardFilters } from "./filters/dashboard-filters.ts";
import { DashboardLegend } from "./map/dashboard-legend.tsx";
import { DashboardMapView, type CountyFigures, type MapView } from "./map/dashboard-map-view.tsx";
import { ProjectCard } from "./map/project-card.tsx";
import { countByType, projectSites, sitesStartedBy, type ProjectSite } from "./map/project-sites.ts";
import { DASHBOARD_EN, DASHBOARD_ZH } from "./messages.ts";
import { isIsoDate, jinchengToday } from "../../lib/calendar-dates.ts";
import { clampDate, dayBefore, PLAN_START } from "./timeline/dashboard-dates.ts";
import { DateControl } from "./timeline/date-control.tsx";
import { RolloutChart, type PlanEnd } from "./timeline/rollout-chart.tsx";
import { useDashboardResource, useDebouncedValue, type DashboardResource } from "./use-dashboard-resource.ts";
import { WorkCellsLegend } from "./work/work-cells-legend.tsx";
import { workPeriod } from "./work/work-period.ts";
import { WorkSection } from "./work/work-section.tsx";
import "./dashboard.css";

/** How long the date must rest before the server is asked: a drag across the slider makes one request, not fifty. */
const DATE_DEBOUNCE_MS = 250;

// The dashboard's words come with its chunk, not with the public page's bundle.
addMessages(DASHBOARD_ZH, DASHBOARD_EN);

interface UnitSelection {
  code: string;
  /** Where it was chosen: from the table, focus moves to the history; from the map, it stays on the map. */
  from: "map" | "table";
}

function LoadProblem({ resource }: { resource: DashboardResource<unknown> }) {
  const { t } = useLanguage();
  if (!resource.problem) return null;
  return (
    <div className="resource-error" role="alert">
      <p>{t("dashboard.loadFailed", { title: resource.problem.detail ?? resource.problem.title })}</p>
      <button type="button" onClick={resource.retry}>
        {t("dashboard.retry")}
      </button>
    </div>
  );
}

export default function DashboardPage() {
  const { t, language } = useLanguage();
  usePageTitle("dashboard.title");
  const today = useMemo(() => jinchengToday(), []);
  const initial = useMemo(() => readViewQuery(window.location.search), []);
  const [date, setDate] = useState(() => (isIsoDate(initial.date) ? clampDate(initial.date, PLAN_START, today) : today));
  const [filters, setFilters] = useState<DashboardFilters>(initial.filters);
  const [selectedUnit, setSelectedUnit] = useState<UnitSelection | null>(null);
  const [selectedProject, setSelectedProject] = useState<ProjectSite | null>(null);
  const requestDate = useDebouncedValue(date, DATE_DEBOUNCE_MS);

  const report = useDashboardResource(`coverage:${requestDate}`, (signal) => getCoverageReport(requestDate, signal));
  const units = useDashboardResource(`units:${requestDate}`, (signal) => getUnitCoverage(requestDate, signal));
  const timeline = useDashboardResource(`timeline:${today}`, (signal) => getCoverageTimeline(PLAN_START, today, signal));
  // Where the plan stood on its last day (the day before its last phase ends), once that day has passed.
  const lastPhase = timeline.data?.phases.at(-1);
  const planEndDate = lastPhase && dayBefore(lastPhase.endsOn) <= today ? dayBefore(lastPhase.endsOn) : null;
  const planEndReport = useDashboardResource(planEndDate ? `plan-end:${planEndDate}` : null, (signal) => getCoverageReport(planEndDate!, signal));
  const planEnd = useMemo<PlanEnd | undefined>(
    () => (planEndReport.data && planEndDate ? { date: planEndDate, units: planEndReport.data.city.units } : undefined),
    [planEndReport.data, planEndDate],
  );
  const countyBoundaries = useDashboardResource("boundaries:county", (signal) => getBoundaries("county", signal));
  const townshipBoundaries = useDashboardResource("boundaries:township", (signal) => getBoundaries("township", signal));
  const belts = useDashboardResource("belts", getBelts);
  const projects = useDashboardResource("projects", async (signal) => projectSites(await getAllProjects(signal)));
  const historyKey = selectedUnit ? `history:${selectedUnit.code}` : null;
  const history = useDashboardResource(historyKey, (signal) => getAppointmentHistory(selectedUnit?.code ?? "", signal));
  // Work records and opinions over the twelve months up to the date; the map's cells only once they are shown.
  const period = useMemo(() => workPeriod(requestDate), [requestDate]);
  const [workCellsShown, setWorkCellsShown] = useState(false);
  const workCounty = filters.county;
  const work = useDashboardResource(`work:${period.from}:${period.to}:${workCounty}`, (signal) => getWorkFigures(period.from, period.to, workCounty, signal));
  const workCellsKey = workCellsShown ? `work-cells:${period.from}:${period.to}:${workCounty}` : null;
  const workCells = useDashboardResource(workCellsKey, (signal) => getWorkCells(period.from, period.to, workCounty, signal));
  const mapWorkCells = useMemo(() => ({ cells: workCells.data?.cells, shown: workCellsShown }), [workCells.data, workCellsShown]);

  // The view in the address bar, so that it can be shared or reloaded as it is (replace: no history entry per drag).
  useEffect(() => {
    const query = viewQuery(filters, requestDate, today);
    if (query !== window.location.search) window.history.replaceState(null, "", `${window.location.pathname}${query}`);
  }, [filters, requestDate, today]);

  // A failed township request must not hold the map back: the counties (and their shares) are worth showing alone.
  const townshipCollection = useMemo(
    () => townshipBoundaries.data ?? (townshipBoundaries.problem ? EMPTY_BOUNDARIES : undefined),
    [townshipBoundaries.data, townshipBoundaries.problem],
  );
  const reportData = report.data;
  const unitList = units.data;
  const statuses = useMemo(
    () => (unitList ? { date: unitList.date, byCode: new Map(unitList.units.map((unit) => [unit.code, unit.status])) } : undefined),
    [unitList],
  );
  const countyFigures = useMemo(() => {
    if (!reportData) return undefined;
    const figures = new Map<string, CountyFigures>();
    for (const county of reportData.counties) {
      const filled = (county.chiefPosts.seconded ? 1 : 0) + (county.chiefPosts.hired ? 1 : 0);
      const { covered, required, percent } = county.units;
      const label =
        required > 0
          ? t("dashboard.map.countyLabel", { name: county.name, covered, required, percent: formatPercent(percent) })
          : t("dashboard.map.countyLabelNone", { name: county.name });
      figures.set(county.code, { percent, chiefPostsFilled: filled, label });
    }
    return figures;
  }, [reportData, t]);
  // Each unit's name and status on the map (shown when zoomed in), in the page's words.
  const unitLabels = useMemo(() => {
    const keys = { covered: "dashboard.map.unitCovered", vacant: "dashboard.map.unitVacant", not_required: "dashboard.map.unitNotRequired" } as const;
    return unitList ? new Map(unitList.units.map((unit) => [unit.code, t(keys[unit.status], { name: unit.name })])) : undefined;
  }, [unitList, t]);
  const beltMembers = useMemo(
    () => (filters.belt && unitList ? new Set(unitList.units.filter((unit) => unit.beltCodes.includes(filters.belt!)).map((unit) => unit.code)) : null),
    [filters.belt, unitList],
  );
  const emphasis = useMemo(() => mapEmphasis(filters.role), [filters.role]);
  const mapView = useMemo<MapView>(
    () => ({ county: filters.county, belt: filters.belt, beltMembers, emphasis }),
    [filters.county, filters.belt, beltMembers, emphasis],
  );
  const shownUnits = useMemo(() => (unitList ? selectUnits(unitList.units, filters) : []), [unitList, filters]);
  const beltNames = useMemo(
    () => new Map((reportData?.belts ?? []).map((belt) => [belt.code, language === "en" && belt.nameEn ? belt.nameEn : belt.name])),
    [reportData, language],
  );
  const sitesShown = useMemo(() => (projects.data ? sitesStartedBy(projects.data, requestDate) : []), [projects.data, requestDate]);
  const projectTypes = useMemo(() => countByType(sitesShown), [sitesShown]);

  const missingBoundaries = unitList ? unitList.units.filter((unit) => !unit.hasBoundary).length : 0;
  const vacancies = useMemo(
    () => (reportData && unitList && reportData.date === unitList.date ? rankVacantPosts(reportData, unitList.units) : []),
    [reportData, unitList],
  );
  const tables = useMemo(
    () => (reportData && unitList ? exportTables(t, reportData, shownUnits, vacancies, beltNames) : null),
    [t, reportData, unitList, shownUnits, vacancies, beltNames],
  );
  // The map's still image (drawn by the map view), printed and exported in place of its WebGL canvas.
  const mapStill = useRef<(() => boolean) | null>(null);
  const pageRef = useRef<HTMLDivElement>(null);
  const capture = useCallback(() => (pageRef.current ? { element: pageRef.current, prepare: () => void mapStill.current?.() } : null), []);
  // On a phone the sections under the map are tabs, one shown at a time; on a wider screen they all show.
  const [phoneTab, setPhoneTab] = useState<PhoneTab>("rollout");
  const tabPanel = (tab: PhoneTab): string => `dashboard-tabpanel${phoneTab === tab ? " is-active" : ""}`;
  const hasApproximate =
    (unitList?.units.some((unit) => unit.hasBoundary && unit.approximate) ?? false) ||
    (countyBoundaries.data?.features.some((feature) => feature.properties.provenance === "approximate") ?? false);
  // The statuses that some unit drawn on the map has today: the legend lists only those.
  const statusesShown = useMemo(() => {
    const drawn = new Set((townshipBoundaries.data?.features ?? []).map((feature) => feature.properties.code));
    return new Set((unitList?.units ?? []).filter((unit) => drawn.has(unit.code)).map((unit) => unit.status));
  }, [townshipBoundaries.data, unitList]);
  const drawnBelts = useMemo(
    () =>
      (belts.data?.features ?? [])
        .filter((feature) => feature.geometry !== null)
        .map((feature) => ({ code: feature.properties.code, name: beltNames.get(feature.properties.code) ?? feature.properties.name })),
    [belts.data, beltNames],
  );

  const openUnit = useCallback((code: string, from: UnitSelection["from"]) => {
    setSelectedUnit({ code, from });
    setSelectedProject(null);
  }, []);
  const openFromTable = useCallback((code: string) => openUnit(code, "table"), [openUnit]);
  // The history opens beside the map on a desktop and under it on a phone: bring it into view when it is off screen.
  useEffect(() => {
    if (!selectedUnit) return;
    const panel = document.getElementById("dashboard-history");
    const box = panel?.getBoundingClientRect();
    if (panel && box && (box.top > window.innerHeight || box.bottom < 0)) panel.scrollIntoView({ block: "nearest" });
  }, [selectedUnit]);
  const onUnitClick = useCallback((code: string) => openUnit(code, "map"), [openUnit]);
  const onCountyClick = useCallback((code: string) => setFilters((current) => ({ ...current, county: code })), []);
  const onProjectClick = useCallback((site: ProjectSite) => {
    setSelectedProject(site);
    setSelectedUnit(null);
  }, []);
  const closeHistory = useCallback(() => {
    const code = selectedUnit?.code;
    setSelectedUnit(null);
    // Back to where the user came from in the table, so closing does not drop focus at the top of the page.
    if (code) document.getElementById(unitButtonId(code))?.focus();
  }, [selectedUnit]);

  const phase = reportData?.phase ?? null;
  const phaseName = phase ? (language === "zh" ? phase.name : phase.nameEn) : null;
  const updating = report.loading || units.loading || report.dataKey !== `coverage:${date}`;
  const selectedUnitEntry = selectedUnit ? unitList?.units.find((unit) => unit.code === selectedUnit.code) : undefined;
  const announcement = reportData
    ? t("dashboard.announce.date", { date: formatDate(reportData.date, language), percent: formatPercent(reportData.city.units.percent) })
    : "";
  // Said once the figures of a new date have arrived, not on every step of a drag.
  const [announced, setAnnounced] = useState("");
  useEffect(() => {
    if (!updating) setAnnounced(announcement);
  }, [updating, announcement]);
  // A unit chosen on the map keeps focus on the map, so its history is announced rather than focused.
  const historyData = history.dataKey === historyKey ? history.data : undefined;
  useEffect(() => {
    if (selectedUnit?.from === "map" && historyData) {
      setAnnounced(t("dashboard.announce.history", { name: historyData.unit.name, count: historyData.appointments.length }));
    }
  }, [selectedUnit, historyData, t]);

  return (
    <div className="dashboard" data-testid="dashboard" ref={pageRef}>
      <a className="skip-link" href={`#${UNIT_TABLE_ID}`}>
        {t("dashboard.skipToTable")}
      </a>
      <header className="dashboard-header">
        <div>
          <h1 className="dashboard-header__title" data-testid="dashboard:title">
            {t("dashboard.title")}
          </h1>
          <p className="dashboard-header__subtitle">
            {t("dashboard.subtitle")} ·{" "}
            <a href="/" className="dashboard-header__link">
              {t("dashboard.publicPageLink")}
            </a>
          </p>
          {reportData ? <p className="dashboard-header__as-of">{t("dashboard.print.asOf", { date: formatDate(reportData.date, language) })}</p> : null}
        </div>
        <div className="dashboard-header__actions">
          <ExportMenu date={requestDate} tables={tables} capture={capture} />
          <LanguageSwitch />
        </div>
      </header>

      <main className="dashboard-main">
        <div className="dashboard-overview__figures">
          <LoadProblem resource={report} />
          {reportData ? (
            <CoverageFigures report={reportData} filters={filters} updating={updating} />
          ) : report.problem ? null : (
            <p className="dashboard-loading" role="status">
              {t("dashboard.loading")}
            </p>
          )}
        </div>

        <DashboardFiltersBar
          filters={filters}
          counties={reportData?.counties ?? []}
          belts={reportData?.belts ?? []}
          onChange={setFilters}
        />

        <div className="dashboard-workspace">
          <section className="dashboard-map-area" aria-label={t("dashboard.map.label")}>
            <DashboardMapView
              countyBoundaries={countyBoundaries.data}
              townshipBoundaries={townshipCollection}
              belts={belts.data}
              statuses={statuses}
              countyFigures={countyFigures}
              view={mapView}
              projects={projects.data}
              projectDate={requestDate}
              selectedUnit={selectedUnit?.code ?? null}
              unitLabels={unitLabels}
              stillRef={mapStill}
              workCells={mapWorkCells}
              onUnitClick={onUnitClick}
              onCountyClick={onCountyClick}
              onProjectClick={onProjectClick}
            />
          </section>
          <aside className="dashboard-side" id="dashboard-side" aria-label={t("dashboard.side.label")}>
            {selectedUnit ? (
              <AppointmentHistoryPanel
                code={selectedUnit.code}
                history={historyData}
                unit={selectedUnitEntry}
                date={unitList?.date ?? requestDate}
                loading={history.loading}
                problem={history.problem ? (history.problem.detail ?? history.problem.title) : null}
                focusOnOpen={selectedUnit.from === "table"}
                onRetry={history.retry}
                onClose={closeHistory}
              />
            ) : null}
            {selectedProject ? <ProjectCard site={selectedProject} onClose={() => setSelectedProject(null)} /> : null}
            {!selectedUnit && !selectedProject ? (
              <p className="dashboard-side__prompt">{t("dashboard.side.prompt")}</p>
            ) : null}
            {reportData && unitList ? (
              <div className={tabPanel("vacancies")} id="dashboard-tabpanel-vacancies">
                <VacancyList date={unitList.date} posts={vacancies} beltNames={beltNames} onOpenUnit={openFromTable} />
              </div>
            ) : null}
            {missingBoundaries > 0 ? (
              <p className="note dashboard-note" role="note" data-testid="dashboard:boundary-notice">
                {t("dashboard.note.missingBoundaries", { missing: missingBoundaries })}{" "}
                {missingBoundaries === (unitList?.units.length ?? 0) ? t("dashboard.note.missingAll") : t("dashboard.note.missingSome")}
              </p>
            ) : null}
            {hasApproximate ? (
              <p className="note dashboard-note" role="note" data-testid="dashboard:approximate-note">
                {t("dashboard.note.approximate")}
              </p>
            ) : null}
            <DashboardLegend
              emphasis={emphasis}
              hasUnitPolygons={(townshipBoundaries.data?.features.length ?? 0) > 0}
              hasCountyShares={(townshipBoundaries.data?.features.length ?? 0) < (unitList?.units.length ?? 0)}
              statusesShown={statusesShown}
              hasApproximate={hasApproximate}
              belts={drawnBelts}
              projectTypes={projectTypes}
              projectsShown={sitesShown.length}
            >
              <WorkCellsLegend shown={workCellsShown} onToggle={setWorkCellsShown} cells={workCells.data} />
            </DashboardLegend>
          </aside>
        </div>

        <PhoneTabs selected={phoneTab} onSelect={setPhoneTab} />

        <section
          className={`dashboard-card dashboard-timeline ${tabPanel("rollout")}`}
          id="dashboard-tabpanel-rollout"
          aria-labelledby="dashboard-timeline-heading"
        >
          <h2 id="dashboard-timeline-heading" className="dashboard-section__heading">
            {t("dashboard.chart.heading")}
          </h2>
          <LoadProblem resource={timeline} />
          <RolloutChart timeline={timeline.data} from={PLAN_START} to={today} selectedDate={date} planEnd={planEnd} onSelectDate={setDate} />
          <DateControl date={date} min={PLAN_START} max={today} phaseName={phaseName} updating={updating} onChange={setDate} />
        </section>

        <div className={tabPanel("counties")} id="dashboard-tabpanel-counties">
          {reportData ? (
            <CountyTable
              report={reportData}
              selectedCounty={filters.county}
              onSelectCounty={(code) => setFilters((current) => ({ ...current, county: code }))}
            />
          ) : null}
        </div>
        <div className={tabPanel("units")} id="dashboard-tabpanel-units">
          <LoadProblem resource={units} />
          {unitList ? (
            <UnitTable
              date={unitList.date}
              units={shownUnits}
              total={unitList.units.length}
              beltNames={beltNames}
              selectedUnit={selectedUnit?.code ?? null}
              onOpenHistory={openFromTable}
            />
          ) : null}
        </div>
        <div className={tabPanel("work")} id="dashboard-tabpanel-work">
        <LoadProblem resource={work} />
        {work.data ? <WorkSection figures={work.data} updating={work.loading} filters={filters} /> : null}
        </div>
      </main>
      <p className="visually-hidden" aria-live="polite" data-testid="dashboard:announcement">
        {announced}
      </p>
    </div>
  );
}
