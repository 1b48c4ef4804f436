import type { BoundaryCollection } from "../../api/boundaries.ts";
import { APPROXIMATE_DASH, COUNTY_COLORS } from "../../map/layers/counties.layer.ts";
import { useLanguage } from "../language/language-context.tsx";

interface BoundaryNotesProps {
  /** Undefined while loading (or failed): no note is shown until both levels are known. */
  counties: BoundaryCollection | undefined;
  townships: BoundaryCollection | undefined;
}

const IMPORT_COMMAND = "npm run import -- <folder>";

/**
 * Two quiet notes about the boundaries on the map: that none is loaded yet (with the command that loads them), or
 * that some are approximate and not legal lines, as the data's provenance requires the map to say.
 */
export function BoundaryNotes({ counties, townships }: BoundaryNotesProps) {
  const { t } = useLanguage();
  if (!counties || !townships) return null;
  const features = [...counties.features, ...townships.features];
  if (features.length === 0) {
    return (
      <p className="note note--empty" role="note" data-testid="boundaries:none-note">
        {t("boundaries.none")} <code translate="no">{IMPORT_COMMAND}</code>
      </p>
    );
  }
  if (!features.some((feature) => feature.properties.provenance === "approximate")) return null;
  return (
    <p className="note note--approximate" role="note" data-testid="boundaries:approximate-note">
      <svg className="note__swatch" width="28" height="10" aria-hidden="true">
        <line x1="1" y1="5" x2="27" y2="5" stroke={COUNTY_COLORS.line} strokeWidth="2" strokeDasharray={APPROXIMATE_DASH.map((length) => length * 2).join(" ")} />
      </svg>
      {t("boundaries.approximateNote")}
    </p>
  );
}
