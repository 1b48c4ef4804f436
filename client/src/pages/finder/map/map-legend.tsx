import { useEffect, useRef } from "react";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { LineSwatch, Swatch } from "../../../features/map/legend-swatches.tsx";
import { APPROXIMATE_DASH, DIVISION_COLORS } from "../../../map/layers/divisions.layer.ts";

interface MapLegendProps {
  /** Township areas are on the map: explain their colours (a planner in place, vacant, not set up yet). */
  showTownships: boolean;
  /** Open at first (desktop); on a phone it starts closed, to leave the map free. */
  initiallyOpen: boolean;
  /**
   * Folds the legend whenever it changes to a value: on a phone, each answer, whose area the open legend would
   * cover; the answer says in words what the colours mean, and the heading opens the legend again. Null: never.
   */
  foldOn?: number | null;
}

/** Swatches drawn with the map's own colours and dash pattern, so the legend cannot drift from the style. */
export function MapLegend({ showTownships, initiallyOpen, foldOn = null }: MapLegendProps) {
  const { t } = useLanguage();
  const details = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (foldOn !== null && details.current) details.current.open = false;
  }, [foldOn]);
  const dash = APPROXIMATE_DASH.map((length) => length * 2).join(" ");
  const swatch = (fill: string) => (
    <Swatch width={24}>
      <rect x="1" y="1" width="22" height="12" fill={fill} stroke={DIVISION_COLORS.townshipLine} strokeWidth="1" />
    </Swatch>
  );
  return (
    <details ref={details} className="map-legend" open={initiallyOpen} data-testid="map:legend">
      <summary className="map-legend__heading">{t("finder.legend.heading")}</summary>
      <ul className="map-legend__items">
        {showTownships ? (
          <>
            <li>
              {swatch(DIVISION_COLORS.covered)}
              {t("finder.legend.covered")}
            </li>
            <li>
              {swatch(DIVISION_COLORS.vacant)}
              {t("finder.legend.vacant")}
            </li>
            <li>
              {swatch(DIVISION_COLORS.notRequired)}
              {t("finder.legend.notRequired")}
            </li>
          </>
        ) : null}
        <li>
          <LineSwatch width={24} color={DIVISION_COLORS.countyLine} strokeWidth={2.4} />
          {t("finder.legend.county")}
        </li>
        <li>
          <LineSwatch width={24} color={DIVISION_COLORS.countyLine} strokeWidth={2} dash={dash} />
          {t("finder.boundary.approximateShort")}
        </li>
        <li>
          <Swatch width={24}>
            <rect x="2" y="2" width="20" height="10" fill={DIVISION_COLORS.selectedFill} fillOpacity="0.45" stroke={DIVISION_COLORS.selectedLine} strokeWidth="2.5" />
          </Swatch>
          {t("finder.legend.selected")}
        </li>
      </ul>
    </details>
  );
}
