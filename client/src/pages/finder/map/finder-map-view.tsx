/**
 * The finder's map: the divisions, belts and answered opinions layers on the one map controller (features/map/use-map.ts), fed from the
 * page's props through the layers' idempotent setters. The layers exist from the first render, so what they are given
 * before the map module arrives (usually the division tiles) goes into the map's first style.
 */
import { useEffect, useState } from "react";
import type { LonLat } from "../../../api/lookup.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { MapFrame } from "../../../features/map/map-frame.tsx";
import { useLatest, useMap } from "../../../features/map/use-map.ts";
import type { FitPadding } from "../../../map/map-controller.ts";
import { beltsLayer } from "../../../map/layers/belts.layer.ts";
import { divisionsLayer, type FocusTarget, type MapDataSummary, type VectorTileSet } from "../../../map/layers/divisions.layer.ts";
import { opinionsLayer, type MapOpinion } from "../../../map/layers/opinions.layer.ts";

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
  onDataSummary(summary: MapDataSummary): void;
  onOpinionClick(opinion: MapOpinion): void;
}

/** Room around a fitted area, so its outline does not touch the zoom buttons. */
const FIT_PADDING: FitPadding = { top: 32, bottom: 32, left: 32, right: 64 };
const CAMERA = { maxZoom: 17, fitMaxZoom: 12, fitMs: 700, fitPadding: () => FIT_PADDING };

export function FinderMapView({ divisionTiles, beltTiles, opinionTiles, highlight, marker, focus, onMapClick, onDataSummary, onOpinionClick }: FinderMapViewProps) {
  const { t } = useLanguage();
  // The layers keep the callbacks they are given first; route them through a ref so they always call the latest.
  const callbacks = useLatest({ onMapClick, onDataSummary, onOpinionClick });
  const [divisions] = useState(() => divisionsLayer({ onDataSummary: (summary) => callbacks.current.onDataSummary(summary) }));
  const [belts] = useState(beltsLayer);
  const [opinions] = useState(() => opinionsLayer({ onOpinionClick: (opinion) => callbacks.current.onOpinionClick(opinion) }));
  const map = useMap(
    () => ({
      layers: [divisions, belts, opinions],
      labels: { map: t("finder.map.label"), attribution: t("finder.map.attribution") },
      camera: CAMERA,
      onMapClick: ([lon, lat]) => callbacks.current.onMapClick({ lon, lat }),
    }),
    { map: t("finder.map.label"), attribution: t("finder.map.attribution") },
  );
  const { controller } = map;

  useEffect(() => divisions.setTiles(divisionTiles), [divisions, divisionTiles]);
  useEffect(() => belts.setTiles(beltTiles), [belts, beltTiles]);
  useEffect(() => opinions.setTiles(opinionTiles), [opinions, opinionTiles]);
  useEffect(() => divisions.setHighlight(highlight.divisionCode), [divisions, highlight]);
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
    <MapFrame
      map={map}
      block="map-view"
      testId="map:canvas"
      wordOf={(word) => t(`finder.map.${word}`)}
    >
      <button type="button" aria-label={t("finder.map.askCentre")} title={t("finder.map.askCentre")} data-testid="map:ask-centre" onClick={askAboutCentre}>
        <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
          <circle cx="8" cy="8" r="5" fill="none" stroke="currentColor" strokeWidth="1.6" />
          <path d="M8 0v4M8 12v4M0 8h4M12 8h4" stroke="currentColor" strokeWidth="1.6" />
        </svg>
      </button>
    </MapFrame>
  );
}
