/**
 * The React side of the map: creates the one MapController when mounted and passes every prop change through its
 * idempotent setters. MapLibre is most of the page's JavaScript, so it is a chunk of its own, requested as soon as
 * the finder first renders (preloadMap), in parallel with the tile metadata, not after the first commit.
 */
import { useEffect, useRef, useState } from "react";
import type { BasemapConfig } from "../../api/client-config.ts";
import type { LonLat } from "../../api/lookup.ts";
import type { FocusTarget, Highlight, MapController, MapDataSummary, VectorTileSet } from "../../map/map-controller.ts";
import { TEST_HOOKS_FLAG } from "../../map/map-test-hook.ts";
import { useLanguage } from "../language/language-context.tsx";

type MapModule = typeof import("../../map/map-controller.ts");
let mapModule: Promise<MapModule> | undefined;

/** Starts loading the map module (once); the promise of the module. */
export function preloadMap(): Promise<MapModule> {
  mapModule ??= import("../../map/map-controller.ts");
  return mapModule;
}

interface MapViewProps {
  /** Null while the TileJSON loads (or when it failed): the map shows Jincheng's extent, empty. */
  divisionTiles: VectorTileSet | null;
  beltTiles: VectorTileSet | null;
  basemap: BasemapConfig | null;
  highlight: Highlight;
  marker: LonLat | null;
  focus: FocusTarget | null;
  onMapClick(point: LonLat): void;
  onDataSummary(summary: MapDataSummary): void;
}

function testHooksRequested(): boolean {
  return (window as unknown as Record<string, unknown>)[TEST_HOOKS_FLAG] === true;
}

export function MapView({ divisionTiles, beltTiles, basemap, highlight, marker, focus, onMapClick, onDataSummary }: MapViewProps) {
  const { t } = useLanguage();
  const containerRef = useRef<HTMLDivElement>(null);
  const [controller, setController] = useState<MapController | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  // The controller keeps the callbacks it is given first; route them through refs so they always call the latest.
  const callbacks = useRef({ onMapClick, onDataSummary });
  useEffect(() => {
    callbacks.current = { onMapClick, onDataSummary };
  });
  const initialLabels = useRef({ map: t("finder.map.label"), attribution: t("finder.map.attribution") });
  // What the tiles are when the map module arrives (usually known by then): they go into the map's first style.
  const latestDivisionTiles = useRef(divisionTiles);
  useEffect(() => {
    latestDivisionTiles.current = divisionTiles;
  }, [divisionTiles]);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let cancelled = false;
    let created: MapController | null = null;
    preloadMap().then(
      ({ createMapController }) => {
        if (cancelled) return;
        try {
          created = createMapController({
            container,
            labels: initialLabels.current,
            divisionTiles: latestDivisionTiles.current,
            onMapClick: ([lon, lat]) => callbacks.current.onMapClick({ lon, lat }),
            onDataSummary: (summary) => callbacks.current.onDataSummary(summary),
            exposeTestHook: testHooksRequested(),
          });
          setController(created);
        } catch (error) {
          // No WebGL2 (old browser, blocked GPU): say so and keep search and the answers usable.
          console.warn("the map could not start", error);
          setUnavailable(true);
        }
      },
      (error: unknown) => {
        console.warn("the map module could not be loaded", error);
        if (!cancelled) setUnavailable(true);
      },
    );
    return () => {
      cancelled = true;
      created?.destroy();
      setController(null);
    };
  }, []);

  useEffect(() => controller?.setDivisionTiles(divisionTiles), [controller, divisionTiles]);
  useEffect(() => controller?.setBeltTiles(beltTiles), [controller, beltTiles]);
  useEffect(() => controller?.setBasemap(basemap), [controller, basemap]);
  useEffect(() => controller?.setHighlight(highlight), [controller, highlight]);
  useEffect(() => controller?.setMarker(marker ? [marker.lon, marker.lat] : null), [controller, marker]);
  useEffect(() => {
    if (focus) controller?.focus(focus);
  }, [controller, focus]);
  useEffect(() => controller?.setLabels({ map: t("finder.map.label"), attribution: t("finder.map.attribution") }), [controller, t]);

  const askAboutCentre = () => {
    const centre = controller?.center();
    if (centre) onMapClick({ lon: centre[0], lat: centre[1] });
  };

  return (
    <div className="map-view">
      <div ref={containerRef} className="map-view__canvas" data-testid="map:canvas" />
      {unavailable ? (
        <p className="map-view__unavailable" role="alert">
          {t("finder.map.unavailable")}
        </p>
      ) : (
        <div className="map-controls" role="group" aria-label={t("finder.map.controls")}>
          <button type="button" aria-label={t("finder.map.zoomIn")} title={t("finder.map.zoomIn")} onClick={() => controller?.zoomIn()}>
            <span aria-hidden="true">+</span>
          </button>
          <button type="button" aria-label={t("finder.map.zoomOut")} title={t("finder.map.zoomOut")} onClick={() => controller?.zoomOut()}>
            <span aria-hidden="true">−</span>
          </button>
          <button
            type="button"
            aria-label={t("finder.map.showWholeCity")}
            title={t("finder.map.showWholeCity")}
            onClick={() => controller?.showWholeCity()}
          >
            <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
              <path d="M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4" fill="none" stroke="currentColor" strokeWidth="1.8" />
            </svg>
          </button>
          <button
            type="button"
            aria-label={t("finder.map.askCentre")}
            title={t("finder.map.askCentre")}
            data-testid="map:ask-centre"
            onClick={askAboutCentre}
          >
            <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
              <circle cx="8" cy="8" r="5" fill="none" stroke="currentColor" strokeWidth="1.6" />
              <path d="M8 0v4M8 12v4M0 8h4M12 8h4" stroke="currentColor" strokeWidth="1.6" />
            </svg>
          </button>
        </div>
      )}
    </div>
  );
}
