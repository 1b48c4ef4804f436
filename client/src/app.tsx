/**
 * The first page: the map of Jincheng's counties (and township areas when there are any) beside a panel with the
 * county list and the selected county's townships. On a phone the panel becomes a bottom sheet under the map.
 */
import { useCallback, useMemo, useState } from "react";
import { EMPTY_BOUNDARIES, getBoundaries } from "./api/boundaries.ts";
import { listCounties, listTownships } from "./api/divisions.ts";
import { BoundaryNotes } from "./features/boundaries/boundary-notes.tsx";
import { ResourceStatus } from "./features/common/resource-status.tsx";
import { useResource } from "./features/common/use-resource.ts";
import { COUNTY_LIST_ID, CountyList } from "./features/counties/county-list.tsx";
import { CountyPanel } from "./features/counties/county-panel.tsx";
import { DatabaseStatus } from "./features/health/database-status.tsx";
import { LanguageSwitch } from "./features/language/language-switch.tsx";
import { useLanguage } from "./features/language/language-context.tsx";
import { MapLegend } from "./features/legend/map-legend.tsx";
import { MapView } from "./features/map-view/map-view.tsx";
import { NO_SELECTION, type CountySelection, type SelectionOrigin } from "./state/selection.ts";

const PANEL_ID = "side-panel";

export function App() {
  const { t } = useLanguage();
  const [selection, setSelection] = useState<CountySelection>(NO_SELECTION);
  const [panelCollapsed, setPanelCollapsed] = useState(false);

  const counties = useResource("divisions:county", listCounties);
  const countyBoundaries = useResource("boundaries:county", (signal) => getBoundaries("county", signal));
  const townshipBoundaries = useResource("boundaries:township", (signal) => getBoundaries("township", signal));
  const townships = useResource(selection.code === null ? null : `divisions:township:${selection.code}`, (signal) =>
    listTownships(selection.code ?? "", signal),
  );

  // A failed township request must not hold the map back: the counties are still worth showing without them.
  const townshipCollection =
    townshipBoundaries.status === "success" ? townshipBoundaries.data : townshipBoundaries.status === "error" ? EMPTY_BOUNDARIES : undefined;
  const countyCollection = countyBoundaries.status === "success" ? countyBoundaries.data : undefined;

  const selectCounty = useCallback((code: string, from: SelectionOrigin) => {
    setSelection({ code, from });
    setPanelCollapsed(false);
  }, []);
  const selectFromMap = useCallback((code: string) => selectCounty(code, "map"), [selectCounty]);
  const selectFromList = useCallback((code: string) => selectCounty(code, "list"), [selectCounty]);

  const selectedCounty = useMemo(
    () => (counties.status === "success" ? counties.data.find((county) => county.code === selection.code) : undefined),
    [counties, selection.code],
  );

  return (
    <div className="app" data-testid="app">
      <a className="skip-link" href={`#${COUNTY_LIST_ID}`}>
        {t("app.skipToList")}
      </a>
      <header className="app-header">
        <div className="app-header__titles">
          <h1 className="app-header__title" data-testid="app:title">
            {t("app.title")}
          </h1>
          <p className="app-header__subtitle">{t("app.subtitle")}</p>
        </div>
        <LanguageSwitch />
      </header>
      <main className={panelCollapsed ? "app-main is-panel-collapsed" : "app-main"}>
        <section className="map-area" aria-label={t("map.label")}>
          <MapView
            countyBoundaries={countyCollection}
            townshipBoundaries={townshipCollection}
            selection={selection}
            onCountyClick={selectFromMap}
          />
          <MapLegend showTownships={(townshipCollection?.features.length ?? 0) > 0} />
        </section>
        <aside className="side-panel" id={PANEL_ID} aria-label={t("counties.heading")} data-testid="app:panel">
          <div className="side-panel__handle">
            <button
              type="button"
              className="side-panel__toggle"
              aria-expanded={!panelCollapsed}
              aria-controls={`${PANEL_ID}-body`}
              onClick={() => setPanelCollapsed((collapsed) => !collapsed)}
            >
              {selectedCounty?.name ?? t("counties.heading")}
              <span className="side-panel__toggle-hint">{panelCollapsed ? t("panel.expand") : t("panel.collapse")}</span>
            </button>
          </div>
          <div className="side-panel__body" id={`${PANEL_ID}-body`}>
            {countyBoundaries.status === "error" ? <ResourceStatus resource={countyBoundaries} /> : null}
            <BoundaryNotes counties={countyCollection} townships={townshipCollection} />
            <CountyList counties={counties} selectedCode={selection.code} onSelect={selectFromList} />
            <CountyPanel county={selectedCounty} townships={townships} />
            <DatabaseStatus />
          </div>
        </aside>
      </main>
      <p className="visually-hidden" aria-live="polite" data-testid="app:announcement">
        {selectedCounty ? t("county.selectedAnnouncement", { name: selectedCounty.name }) : ""}
      </p>
    </div>
  );
}
