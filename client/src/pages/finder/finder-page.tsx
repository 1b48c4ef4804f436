/**
 * The public finder at /: "who is the responsible planner for where I live". Search a place (or a planner, or a
 * project), tap the map, or share your location; the answer panel shows the chain of planners responsible there and
 * the map highlights the area. On a phone the answer is a bottom sheet under the map (dragged to three heights); on a
 * desktop a column beside it. Every answer has an address (?place=, ?at=) that reopens it; with &poster=1 the page is
 * the answer's printable poster instead.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { LonLat } from "../../api/lookup.ts";
import type { SearchResult } from "../../api/search.ts";
import { getTileJson, type TileJson } from "../../api/tiles.ts";
import { useLanguage } from "../../features/language/language-context.tsx";
import { LanguageSwitch } from "../../features/language/language-switch.tsx";
import { preloadMap } from "../../features/map/use-map.ts";
import { WIDE_LAYOUT_QUERY } from "../../lib/layout.ts";
import { useResource } from "../../features/resource/use-resource.ts";
import { addMessages } from "../../lib/i18n.ts";
import type { FocusTarget, MapDataSummary } from "../../map/layers/divisions.layer.ts";
import type { MapOpinion } from "../../map/layers/opinions.layer.ts";
import { AnswerIntro, AnswerLoading } from "./answer/answer-intro.tsx";
import { focusOf, highlightOf, markerOf } from "./answer/answer-model.ts";
import { useAnswerSheet } from "./answer/answer-sheet.ts";
import { answerSummary } from "./answer/answer-summary.ts";
import { findDivisionByName } from "./answer/resolve-answer.ts";
import { useAnswer } from "./answer/use-answer.ts";
import { BoundaryNotes } from "./boundaries/boundary-notes.tsx";
import type { FinderQuestion, FinderRequest } from "./finder-request.ts";
import { FinderMapView } from "./map/finder-map-view.tsx";
import { MapLegend } from "./map/map-legend.tsx";
import { useNamePinyinTable } from "./answer/place-names.ts";
import { FINDER_EN, FINDER_ZH } from "./messages.ts";
import { TicketLookup } from "./opinion/ticket-lookup.tsx";
import { SearchBox } from "./search/search-box.tsx";
import { questionOfAddress } from "./share/resolve-address.ts";
import { addressOf, plainAddress, readAddress, wantsPoster } from "./share/share-address.ts";

// The finder's words, added when its module loads, before anything of it renders.
addMessages(FINDER_ZH, FINDER_EN);

const PANEL_BODY_ID = "finder-panel-body";
const PANEL_HANDLE_HINT_ID = "finder-panel-handle-hint";
/** From this window height (a 390×844 phone) the legend starts open on a phone too. */
const LEGEND_OPEN_MIN_HEIGHT = 800;

// The answer panel is not needed for the first map frame: it loads once the map shows data, or with the first question.
const loadAnswerPanel = () => import("./answer/answer-panel.tsx");
const AnswerPanel = lazy(() => loadAnswerPanel().then((module) => ({ default: module.AnswerPanel })));
// An opinion read by its ticket (/?ticket=…): a chunk of its own, loaded only for that address.
const TicketView = lazy(() => import("./opinion/ticket-view.tsx").then((module) => ({ default: module.TicketView })));
// The printable poster of an answer (/?place=…&poster=1): a chunk of its own with the QR code.
const PosterPage = lazy(() => import("./share/poster-page.tsx").then((module) => ({ default: module.PosterPage })));
// An answered opinion clicked on the map: its words load with the first click.
const MapOpinionNote = lazy(() => import("./opinion/map-opinion-note.tsx").then((module) => ({ default: module.MapOpinionNote })));

/** Where the map goes for an opinion read by ticket: its rounded place, close enough to see the street. */
const OPINION_ZOOM = 15;

// Asked for while the page first renders, not in an effect after the first commit: by then MapLibre's chunk has
// arrived and compiling it holds the main thread, and the map needs this document as soon as it exists.
let divisionsTileJson: Promise<TileJson> | undefined;
const loadDivisionsTileJson = (): Promise<TileJson> => (divisionsTileJson ??= getTileJson("divisions"));

/** The finder, or the poster when the address asks for it (decided once: the poster is its own page). */
export function FinderPage() {
  const [poster] = useState(() => wantsPoster(window.location.search));
  if (poster) {
    return (
      <Suspense fallback={null}>
        <PosterPage />
      </Suspense>
    );
  }
  return <FinderMain />;
}

function FinderMain() {
  const { t } = useLanguage();
  // The map chunk is most of the page's bytes: ask for it now, not after the first commit; the same for its tiles.
  useState(preloadMap);
  useState(loadDivisionsTileJson);
  const [request, setRequest] = useState<FinderRequest | null>(null);
  const nextId = useRef(1);
  const panelRef = useRef<HTMLElement>(null);
  const searchRowRef = useRef<HTMLDivElement>(null);
  // Before any question the sheet only peeks (its invitation), leaving the phone's map room; an answer opens it to half.
  const sheet = useAnswerSheet(panelRef, searchRowRef, "peek");
  const setSheetHeight = sheet.setHeight;
  const [summary, setSummary] = useState<MapDataSummary | null>(null);
  // The legend starts open where the map has room for it beside the places people tap: not on a short phone screen.
  // In English the map's names carry their pinyin (the table loads with the first English page).
  const namePinyin = useNamePinyinTable();
  const [wideLayout] = useState(() => typeof window.matchMedia !== "function" || window.matchMedia(WIDE_LAYOUT_QUERY).matches);
  const [legendOpen] = useState(
    () => typeof window.matchMedia !== "function" || window.matchMedia(WIDE_LAYOUT_QUERY).matches || window.innerHeight >= LEGEND_OPEN_MIN_HEIGHT,
  );
  // A tap on the map is a new question: the search box starts afresh (its component is remounted).
  const [searchGeneration, setSearchGeneration] = useState(0);
  // A link whose ?place= or ?at= names no place: what it said, for the note.
  const [badAddress, setBadAddress] = useState<string | null>(null);

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

  /** Asks a question; one the visitor asked (not read from the address) gets its own address in the history. */
  const ask = useCallback(
    (question: FinderQuestion, from: "visitor" | "address" = "visitor") => {
      setRequest({ ...question, id: nextId.current++ } as FinderRequest);
      setSheetHeight("half");
      setPanelWanted(true);
      setBadAddress(null);
      closeTicket();
      if (from === "visitor") {
        const next = addressOf(question, window.location.href) ?? plainAddress(window.location.href);
        if (next.href !== window.location.href) window.history.pushState(null, "", next);
      }
    },
    [closeTicket, setSheetHeight],
  );

  // The address's question, when the page opens and when the visitor goes back or forward through answers.
  useEffect(() => {
    const controller = new AbortController();
    const openAddress = () => {
      const address = readAddress(window.location.search);
      if (address.kind === "none") {
        setRequest(null);
        return;
      }
      if (address.kind === "invalid") {
        setBadAddress(address.value);
        setSheetHeight("half");
        return;
      }
      questionOfAddress(address, controller.signal).then(
        (question) => {
          if (controller.signal.aborted) return;
          if (question) ask(question, "address");
          else {
            setBadAddress(address.kind === "place" ? address.code : "");
            setSheetHeight("half");
          }
        },
        (error: unknown) => {
          if (!controller.signal.aborted) console.warn("the address's place could not be read", error);
        },
      );
    };
    openAddress();
    window.addEventListener("popstate", openAddress);
    return () => {
      controller.abort();
      window.removeEventListener("popstate", openAddress);
    };
  }, [ask, setSheetHeight]);

  const answer = useAnswer(request);
  const onLocated = useCallback((point: LonLat) => ask({ kind: "point", point, origin: "location" }), [ask]);

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
      setSearchGeneration((generation) => generation + 1);
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
    <div className="finder" data-testid="finder" data-sheet={sheet.height} data-dragging={sheet.dragging ? "true" : undefined}>
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
      <div className="finder-search" ref={searchRowRef}>
        <SearchBox key={searchGeneration} onChoose={onChoose} />
      </div>
      <main id="answer" ref={panelRef} tabIndex={-1} className="finder-panel" data-sheet={sheet.height} data-testid="finder:panel">
        <button
          type="button"
          className="finder-panel__toggle"
          aria-expanded={sheet.height !== "peek"}
          aria-controls={PANEL_BODY_ID}
          aria-describedby={PANEL_HANDLE_HINT_ID}
          data-testid="finder:panel-toggle"
          {...sheet.handleProps}
        >
          <span className="finder-panel__grip" aria-hidden="true" />
          {sheet.height === "peek" ? t("finder.panel.expand") : t("finder.panel.collapse")}
          <span id={PANEL_HANDLE_HINT_ID} className="visually-hidden">
            {t("finder.panel.handle")}
          </span>
        </button>
        <div id={PANEL_BODY_ID} className="finder-panel__body">
          {badAddress !== null ? (
            <p className="note" role="alert" data-testid="finder:bad-address">
              {t("finder.address.invalid", { value: badAddress })}
            </p>
          ) : null}
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
          onLocated={onLocated}
          onDataSummary={onDataSummary}
          onOpinionClick={setMapOpinion}
          namePinyin={namePinyin}
        />
        <MapLegend showTownships={summary?.townshipBoundaries ?? false} initiallyOpen={legendOpen} foldOn={wideLayout ? null : (request?.id ?? null)} />
      </section>
      <p className="visually-hidden" aria-live="polite" data-testid="answer:announcement">
        {answerSummary(t, answer)}
      </p>
    </div>
  );
}
