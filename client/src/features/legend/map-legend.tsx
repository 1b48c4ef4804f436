import { APPROXIMATE_DASH, COUNTY_COLORS } from "../../map/layers/counties.layer.ts";
import { TOWNSHIP_COLORS } from "../../map/layers/townships.layer.ts";
import { useLanguage } from "../language/language-context.tsx";

interface MapLegendProps {
  /** Show the township entry only when township areas are on the map. */
  showTownships: boolean;
}

/** Swatches drawn with the map's own colours and dash pattern, so the legend cannot drift from the style. */
export function MapLegend({ showTownships }: MapLegendProps) {
  const { t } = useLanguage();
  const dash = APPROXIMATE_DASH.map((length) => length * 2).join(" ");
  return (
    <section className="map-legend" aria-labelledby="map-legend-heading" data-testid="map:legend">
      <h2 id="map-legend-heading" className="map-legend__heading">
        {t("legend.heading")}
      </h2>
      <ul className="map-legend__items">
        <li>
          <svg width="28" height="16" aria-hidden="true">
            <rect x="1" y="1" width="26" height="14" fill={COUNTY_COLORS.fill} stroke={COUNTY_COLORS.line} strokeWidth="1.6" />
          </svg>
          {t("legend.county")}
        </li>
        {showTownships ? (
          <li>
            <svg width="28" height="16" aria-hidden="true">
              <rect x="1" y="1" width="26" height="14" fill="none" stroke={TOWNSHIP_COLORS.line} strokeWidth="1" />
            </svg>
            {t("legend.township")}
          </li>
        ) : null}
        <li>
          <svg width="28" height="16" aria-hidden="true">
            <line x1="1" y1="8" x2="27" y2="8" stroke={COUNTY_COLORS.line} strokeWidth="2" strokeDasharray={dash} />
          </svg>
          {t("legend.approximate")}
        </li>
        <li>
          <svg width="28" height="16" aria-hidden="true">
            <rect x="2" y="2" width="24" height="12" fill={COUNTY_COLORS.selectedFill} stroke={COUNTY_COLORS.selectedLine} strokeWidth="3" />
          </svg>
          {t("legend.selected")}
        </li>
      </ul>
    </section>
  );
}
