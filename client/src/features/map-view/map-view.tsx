/**
 * The React side of the map: creates the one MapController when mounted and passes every prop change through its
 * idempotent setters. Data props are the API's objects as they are; their identity is what the controller memoizes on.
 */
import { useEffect, useRef, useState } from "react";
import type { BoundaryCollection } from "../../api/boundaries.ts";
import type { MapController } from "../../map/map-controller.ts";
import { TEST_HOOKS_FLAG } from "../../map/map-test-hook.ts";
import type { CountySelection } from "../../state/selection.ts";
import { useLanguage } from "../language/language-context.tsx";

interface MapViewProps {
  /** Undefined while loading: the map shows Jincheng's extent, empty. */
  countyBoundaries: BoundaryCollection | undefined;
  townshipBoundaries: BoundaryCollection | undefined;
  selection: CountySelection;
  onCountyClick(code: string): void;
}

function testHooksRequested(): boolean {
  return (window as unknown as Record<string, unknown>)[TEST_HOOKS_FLAG] === true;
}

export function MapView({ countyBoundaries, townshipBoundaries, selection, onCountyClick }: MapViewProps) {
  const { t } = useLanguage();
  const containerRef = useRef<HTMLDivElement>(null);
  const [controller, setController] = useState<MapController | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  // The controller keeps the first callback it is given; route it through a ref so it always calls the latest one.
  const onCountyClickRef = useRef(onCountyClick);
  useEffect(() => {
    onCountyClickRef.current = onCountyClick;
  });
  const initialLabel = useRef(t("map.label"));

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let cancelled = false;
    let created: MapController | null = null;
    // MapLibre is most of the JavaScript: load it as its own chunk so the header and county list work before it arrives.
    import("../../map/map-controller.ts").then(
      ({ createMapController }) => {
        if (cancelled) return;
        try {
          created = createMapController({
            container,
            labels: { map: initialLabel.current },
            onCountyClick: (code) => onCountyClickRef.current(code),
            exposeTestHook: testHooksRequested(),
          });
          setController(created);
        } catch (error) {
          // No WebGL2 (old browser, blocked GPU): say so and keep the rest of the page usable.
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

  useEffect(() => {
    if (countyBoundaries) controller?.setCountyBoundaries(countyBoundaries);
  }, [controller, countyBoundaries]);
  useEffect(() => {
    if (townshipBoundaries) controller?.setTownshipBoundaries(townshipBoundaries);
  }, [controller, townshipBoundaries]);
  useEffect(() => {
    controller?.setSelectedCounty(selection.code, { focus: selection.from === "list" });
  }, [controller, selection]);
  useEffect(() => {
    controller?.setLabels({ map: t("map.label") });
  }, [controller, t]);

  return (
    <div className="map-view">
      <div ref={containerRef} className="map-view__canvas" data-testid="map:canvas" />
      {unavailable ? (
        <p className="map-view__unavailable" role="alert">
          {t("map.unavailable")}
        </p>
      ) : (
        <div className="map-controls" role="group" aria-label={t("map.controls")}>
          <button type="button" aria-label={t("map.zoomIn")} title={t("map.zoomIn")} onClick={() => controller?.zoomIn()}>
            <span aria-hidden="true">+</span>
          </button>
          <button type="button" aria-label={t("map.zoomOut")} title={t("map.zoomOut")} onClick={() => controller?.zoomOut()}>
            <span aria-hidden="true">−</span>
          </button>
          <button
            type="button"
            aria-label={t("map.showWholeCity")}
            title={t("map.showWholeCity")}
            onClick={() => controller?.showWholeCity()}
          >
            <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
              <path d="M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4" fill="none" stroke="currentColor" strokeWidth="1.8" />
            </svg>
          </button>
        </div>
      )}
    </div>
  );
}
