import type { MapDataSummary } from "../../../map/layers/divisions.layer.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";

/** The command that loads official or better boundaries (README, "Importing boundaries"). */
const IMPORT_COMMAND = "npm run import -- <folder>";

/**
 * Quiet notes under the answer about what the map can know: without township boundaries a tap is answered at county
 * level (with the command a bureau user runs to import them), and approximate boundaries are not legal lines.
 * Nothing until the map has said what its tiles hold.
 */
export function BoundaryNotes({ summary }: { summary: MapDataSummary | null }) {
  const { t } = useLanguage();
  if (!summary) return null;
  return (
    <div className="notes">
      {summary.townshipBoundaries ? null : (
        <p className="note" role="note" data-testid="notes:no-townships">
          {t("finder.notes.noTownships")} <code translate="no">{IMPORT_COMMAND}</code>
        </p>
      )}
      {summary.approximateBoundaries ? (
        <p className="note" role="note" data-testid="notes:approximate">
          {t("finder.notes.approximate")}
        </p>
      ) : null}
    </div>
  );
}
