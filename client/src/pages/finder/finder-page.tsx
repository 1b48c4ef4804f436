/**
 * The public finder at /: "who is the responsible planner for where I live". Search a place (or a planner, or a
 * project), tap the map, or share your location; the answer panel shows the chain of planners responsible there and
 * the map highlights the area. On a phone the answer is a bottom sheet under the map; on a desktop a column beside it.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { LonLat } from "../../api/lookup.ts";
import type { SearchResult } from "../../api/search.ts";
import { getTileJson, type TileJson } from "../../api/tiles.ts";
import { useLanguage } from "../../features/language/language-context.tsx";
import { LanguageSwitch } from "../../features/language/language-switch.tsx";
import { preloadMap } from "../../features/map/use-map.ts";
import { useResource } from "../../features/resource/use-resource.ts";
import { addMessages } from "../../lib/i18n.ts";
import { WIDE_LAYOUT_QUERY } from "../../lib/layout.ts";
import type { FocusTarget, MapDataSummary } from "../../map/layers/divisions.layer.ts";
import type { MapOpinion } from "../../map/layers/opinions.layer.ts";
import { AnswerIntro, AnswerLoading } from "./answer/answer-intro.tsx";
import { focusOf, highlightOf, markerOf } from "./answer/answer-model.ts";
import { answerSummary } from "./answer/answer-summary.ts";
import { findDivisionByName } from "./answer/resolve-answer.ts";
import { useAnswer } from "./answer/use-answer.ts";
import { BoundaryNotes } from "./boundaries/boundary-notes.tsx";
import type { FinderQuestion, FinderRequest } from "./finder-request.ts";
import { LocateButton } from "./locate/locate-button.tsx";
import { useGeolocation } from "./locate/use-geolocation.ts";
import { FinderMapView } from "./map/finder-map-view.tsx";
import { MapLegend } from "./map/map-legend.tsx";
import { FINDER_EN, FINDER_ZH } from "./messages.ts";
import { TicketLookup } from "./opinion/ticket-lookup.tsx";
import { SearchBox } from "./search/search-box.tsx";

// The finder's words, added when its module loads, before anything of it renders.
addMessages(FINDER_ZH, FINDER_EN);

const PANEL_BODY_ID = "finder-panel-body";

// The answer panel is not needed for the first map frame: it loads once the map shows data, or with the first question.
const loadAnswerPanel = () => import("./answer/answer-panel.tsx");
const AnswerPanel = lazy(() => loadAnswerPanel().then((module) => ({ default: module.AnswerPanel })));
// An opinion read by its ticket (/?ticket=…): a chunk of its own, loaded only for that address.
const TicketView = lazy(() => import("./opinion/ticket-view.tsx").then((module) => ({ default: module.TicketView })));
// An answered opinion clicked on the map: its words load with the first click.
const MapOpinionNote = lazy(() => import("./opinion/map-opinion-note.tsx").then((module) => ({ default: module.MapOpinionNote })));

/** Where the map goes for an opinion read by ticket: its rounded place, close enough to see the street. */
const OPINION_ZOOM = 15;

// Asked for while the page first renders, not in an effect after the first commit: by then MapLibre's chunk has
// arrived and compiling it holds the main thread, and the map needs this document as soon as it exists.
let divisionsTileJson: Promise<TileJson> | undefined;
const loadDivisionsTileJson = (): Promise<TileJson> => (divisionsTileJson ??= getTileJson("divisions"));

export function FinderPage() {
  const { t } = useLanguage();
  // The map chunk is most of the page's bytes: ask for it now, not after the first commit; the same for its tiles.
  useState(preloadMap);
  useState(loadDivisionsTileJson);
  const [request, setRequest] = useState<FinderRequest | null>(null);
  const nextId = useRef(1);
  const [sheetCollapsed, setSheetCollapsed] = useState(false);
  const [summary, setSummary] = useState<MapDataSummary | null>(null);
  const [legendOpen] = useState(() => typeof window.matchMedia !== "function" || window.matchMedia(WIDE_LAYOUT_QUERY).matches);

  const [panelWanted, setPanelWanted] = useState(false);
  // The opinion asked for by the address, until the visitor asks about a place; its place, pinned on the map.
  const [ticket, setTicket] = useState(() => new URLSearchParams(window.location.search).get("ticket") || null);
  const [opinionFocus, setOpinionFocus] = useState<FocusTarget | null>(null);
  const closeTicket = useCallback(() => {
    setTicket(null);
    setOpinionFocus(null);
    // The address no longer names the opinion, so a reload shows the page the visitor is on.
    const address = new URL(window.location.href);
    if (address.searchParams.has("ticket")) {
      address.searchParams.delete("ticket");
      window.history.replaceState(null, "", address);
    }
  }, []);
  const onOpinionPlace = useCallback((place: LonLat) => {
    setOpinionFocus({ id: nextId.current++, divisionCode: null, center: [place.lon, place.lat], zoom: OPINION_ZOOM });
  }, []);
  const onDataSummary = useCallback((next: MapDataSummary) => {
    setSummary(next);
    setPanelWanted(true);
  }, []);

  const ask = useCallback((question: FinderQuestion) => {
    setRequest({ ...question, id: nextId.current++ } as FinderRequest);
    setSheetCollapsed(false);
    setPanelWanted(true);
    closeTicket();
  }, [closeTicket]);

  const answer = useAnswer(request);
  const geolocation = useGeolocation((point) => ask({ kind: "point", point, origin: "location" }));

  const divisionTiles = useResource("tiles:divisions", loadDivisionsTileJson);

  const currentAnswer = answer.status === "success" ? answer.answer : undefined;
  const highlight = useMemo(() => highlightOf(currentAnswer), [currentAnswer]);
  // The belt tiles are fetched the first time an answer names a belt, and kept from then on.
  const [beltsWanted, setBeltsWanted] = useState(false);
  useEffect(() => {
    if (highlight.beltCodes.length > 0) setBeltsWanted(true);
  }, [highlight]);
  const beltTiles = useResource(beltsWanted ? "tiles:belts" : null, (signal) => getTileJson("belts", signal));

  // Answered opinions: their TileJSON once the division tiles are known, so the first map frame does not wait for it.
  const opinionTiles = useResource(divisionTiles.status === "success" ? "tiles:opinions" : null, (signal) => getTileJson("opinions", signal));
  const [mapOpinion, setMapOpinion] = useState<MapOpinion | null>(null);

  const requestMarker = useMemo(() => markerOf(request), [request]);
  const opinionMarker = useMemo(() => (opinionFocus?.center ? { lon: opinionFocus.center[0], lat: opinionFocus.center[1] } : null), [opinionFocus]);
  const marker = ticket !== null ? opinionMarker : requestMarker;
  // Tagged with the question's id: the controller moves the camera once per question, whether the target is known at
  // once (a search result with a position) or only with the answer (the visitor's location, a place without one).
  const focus = useMemo<FocusTarget | null>(() => {
    if (opinionFocus) return opinionFocus;
    const plan = request ? focusOf(request, currentAnswer) : null;
    return plan && request ? { id: request.id, ...plan } : null;
  }, [request, currentAnswer, opinionFocus]);

  const onMapClick = useCallback(
    (point: LonLat) => {
      setMapOpinion(null);
      ask({ kind: "point", point, origin: "map" });
    },
    [ask],
  );
  const onChoose = useCallback((result: SearchResult) => ask({ kind: "result", result }), [ask]);
  const onShowArea = useCallback(
    (areaName: string) => {
      findDivisionByName(areaName).then(
        (result) => {
          if (result) ask({ kind: "result", result });
        },
        (error: unknown) => console.warn("the area could not be found", error),
      );
    },
    [ask],
  );

  const tiles = divisionTiles.status === "success" ? divisionTiles.data : null;

  return (
    <div className="finder" data-testid="finder">
      <a className="skip-link" href="#answer">
        {t("finder.skipToAnswer")}
      </a>
      <header className="finder-header">
        <div className="finder-header__titles">
          <p className="finder-header__site">{t("app.title")}</p>
          <h1 className="finder-header__title" data-testid="finder:title">
            {t("finder.title")}
          </h1>
        </div>
        <LanguageSwitch />
      </header>
      <div className="finder-search">
        <SearchBox onChoose={onChoose} />
        <LocateButton state={geolocation} onLocate={geolocation.locate} />
      </div>
      <main id="answer" tabIndex={-1} className={sheetCollapsed ? "finder-panel is-collapsed" : "finder-panel"} data-testid="finder:panel">
        <button
          type="button"
          className="finder-panel__toggle"
          aria-expanded={!sheetCollapsed}
          aria-controls={PANEL_BODY_ID}
          data-testid="finder:panel-toggle"
          onClick={() => setSheetCollapsed((collapsed) => !collapsed)}
        >
          <span className="finder-panel__grip" aria-hidden="true" />
          {sheetCollapsed ? t("finder.panel.expand") : t("finder.panel.collapse")}
        </button>
        <div id={PANEL_BODY_ID} className="finder-panel__body">
          {mapOpinion && (
            <Suspense fallback={null}>
              <MapOpinionNote opinion={mapOpinion} onClose={() => setMapOpinion(null)} />
            </Suspense>
          )}
          {ticket !== null ? (
            <Suspense fallback={<AnswerLoading />}>
              <TicketView ticket={ticket} onPlace={onOpinionPlace} onClose={closeTicket} />
            </Suspense>
          ) : panelWanted ? (
            <Suspense fallback={answer.status === "idle" ? <AnswerIntro /> : <AnswerLoading />}>
              <AnswerPanel state={answer} onShowArea={onShowArea} />
            </Suspense>
          ) : (
            <AnswerIntro />
          )}
          <BoundaryNotes summary={summary} />
          <TicketLookup />
          {divisionTiles.status === "error" ? (
            <p className="note" role="alert">
              {t("finder.map.tilesFailed", { title: divisionTiles.problem.detail ?? divisionTiles.problem.title })}
            </p>
          ) : null}
        </div>
      </main>
      <section className="finder-map" aria-label={t("finder.map.region")}>
        <FinderMapView
          divisionTiles={tiles}
          beltTiles={beltTiles.status === "success" ? beltTiles.data : null}
          opinionTiles={opinionTiles.status === "success" ? opinionTiles.data : null}
          highlight={highlight}
          marker={marker}
          focus={focus}
          onMapClick={onMapClick}
          onDataSummary={onDataSummary}
          onOpinionClick={setMapOpinion}
        />
        <MapLegend showTownships={summary?.townshipBoundaries ?? false} initiallyOpen={legendOpen} />
      </section>
      <p className="visually-hidden" aria-live="polite" data-testid="answer:announcement">
        {answerSummary(t, answer)}
      </p>
    </div>
  );
}
