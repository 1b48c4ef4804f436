/**
 * The finder's map: the divisions, belts, answered opinions and you-are-here layers on the one map controller
 * (features/map/use-map.ts), fed from the page's props through the layers' idempotent setters. The layers exist from
 * the first render, so what they are given before the map module arrives (usually the division tiles) goes into the
 * map's first style. Its controls say what they do: zoom, 全市 (the whole city), one locate button that draws where
 * the visitor is, the street-map choice where the installation has one (else a note that none is shown), and, for
 * keyboard users, a button that appears when focused and asks about the centre of the map.
 */
import { lazy, Suspense, useEffect, useState } from "react";
import type { LonLat } from "../../../api/lookup.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { MapFrame } from "../../../features/map/map-frame.tsx";
import { useLatest, useMap } from "../../../features/map/use-map.ts";
import type { FitPadding } from "../../../map/map-controller.ts";
import { beltsLayer } from "../../../map/layers/belts.layer.ts";
import { divisionsLayer, type FocusTarget, type MapDataSummary, type VectorTileSet } from "../../../map/layers/divisions.layer.ts";
import { opinionsLayer, type MapOpinion } from "../../../map/layers/opinions.layer.ts";
import { youAreHereLayer } from "../../../map/layers/you-are-here.layer.ts";
import { LocateButton } from "../locate/locate-button.tsx";
import { useGeolocation } from "../locate/use-geolocation.ts";
import "./finder-map.css";
import "./map-messages.ts";

// The street-map choice is drawn only where the installation has a basemap: a chunk of its own.
const BasemapChoice = lazy(() => import("./basemap-choice.tsx").then((module) => ({ default: module.BasemapChoice })));

/** The area and belts of the current answer, drawn highlighted; null / empty for none. */
interface Highlight {
  divisionCode: string | null;
  beltCodes: readonly string[];
}

interface FinderMapViewProps {
  /** Null while the TileJSON loads (or when it failed): the map shows Jincheng's extent, empty. */
  divisionTiles: VectorTileSet | null;
  beltTiles: VectorTileSet | null;
  /** Answered opinions (zoom 10 and up); null until their TileJSON arrives. */
  opinionTiles: VectorTileSet | null;
  highlight: Highlight;
  marker: LonLat | null;
  focus: FocusTarget | null;
  onMapClick(point: LonLat): void;
  /** The visitor's position, after they pressed the locate button and the browser gave it. */
  onLocated(point: LonLat): void;
  onDataSummary(summary: MapDataSummary): void;
  onOpinionClick(opinion: MapOpinion): void;
  /** Pinyin of place names by Chinese name, for the labels in English; null: names as they are. */
  namePinyin: Readonly<Record<string, string>> | null;
}

/** Room around a fitted area, so its outline does not touch the zoom buttons. */
const FIT_PADDING: FitPadding = { top: 32, bottom: 32, left: 32, right: 64 };
const CAMERA = { maxZoom: 17, fitMaxZoom: 12, fitMs: 700, fitPadding: () => FIT_PADDING };

export function FinderMapView(props: FinderMapViewProps) {
  const { divisionTiles, beltTiles, opinionTiles, highlight, marker, focus, onMapClick, onLocated, onDataSummary, onOpinionClick, namePinyin } = props;
  const { t } = useLanguage();
  // The layers keep the callbacks they are given first; route them through a ref so they always call the latest.
  const callbacks = useLatest({ onMapClick, onDataSummary, onOpinionClick });
  // Whether the installation offers a street map (undefined until the map has heard), and whether it is shown.
  const [basemapOffered, setBasemapOffered] = useState<boolean | undefined>(undefined);
  const [basemapShown, setBasemapShown] = useState(false);
  const [divisions] = useState(() => divisionsLayer({ onDataSummary: (summary) => callbacks.current.onDataSummary(summary) }));
  const [belts] = useState(beltsLayer);
  const [opinions] = useState(() => opinionsLayer({ onOpinionClick: (opinion) => callbacks.current.onOpinionClick(opinion) }));
  const [youAreHere] = useState(youAreHereLayer);
  const map = useMap(
    () => ({
      layers: [divisions, belts, opinions, youAreHere],
      labels: { map: t("finder.map.label"), attribution: t("finder.map.attribution") },
      camera: CAMERA,
      onMapClick: ([lon, lat]) => callbacks.current.onMapClick({ lon, lat }),
      basemapChoice: { onOffer: (basemap) => setBasemapOffered(basemap !== null) },
    }),
    { map: t("finder.map.label"), attribution: t("finder.map.attribution") },
  );
  const { controller, unavailable } = map;
  const geolocation = useGeolocation((point, accuracyMetres) => {
    youAreHere.setPosition({ position: [point.lon, point.lat], accuracyMetres });
    onLocated(point);
  });
  useEffect(() => controller?.showBasemap(basemapShown), [controller, basemapShown]);

  useEffect(() => divisions.setTiles(divisionTiles), [divisions, divisionTiles]);
  useEffect(() => belts.setTiles(beltTiles), [belts, beltTiles]);
  useEffect(() => opinions.setTiles(opinionTiles), [opinions, opinionTiles]);
  useEffect(() => divisions.setHighlight(highlight.divisionCode), [divisions, highlight]);
  useEffect(() => divisions.setNamePinyin(namePinyin), [divisions, namePinyin]);
  useEffect(() => belts.setHighlight(highlight.beltCodes), [belts, highlight]);
  useEffect(() => controller?.setMarker(marker ? [marker.lon, marker.lat] : null), [controller, marker]);
  useEffect(() => {
    if (focus) divisions.focus(focus);
  }, [divisions, focus]);

  const askAboutCentre = () => {
    const centre = controller?.center();
    if (centre) onMapClick({ lon: centre[0], lat: centre[1] });
  };

  return (
    <>
      <MapFrame map={map} block="map-view" testId="map:canvas" wordOf={(word) => t(`finder.map.${word}`)} wholeCityText={t("finderMap.wholeCity")} />
      <LocateButton state={geolocation} onLocate={geolocation.locate} />
      {unavailable ? null : (
        <>
          {basemapOffered === true ? (
            <Suspense fallback={null}>
              <BasemapChoice shown={basemapShown} onChange={setBasemapShown} />
            </Suspense>
          ) : basemapOffered === false ? (
            <p className="map-note" data-testid="map:no-street-map">
              {t("finderMap.noStreetMap")}
            </p>
          ) : null}
          {/* For keyboard users, who cannot tap: hidden until focused, then it says what it does and marks the centre. */}
          <button type="button" className="map-ask-centre" data-testid="map:ask-centre" onClick={askAboutCentre}>
            {t("finderMap.askCentre")}
          </button>
          <span className="map-crosshair" aria-hidden="true" />
        </>
      )}
    </>
  );
}
