import { listDivisions } from "../../../api/divisions.ts";
import type { MapDataSummary } from "../../../map/layers/divisions.layer.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { useResource } from "../../../features/resource/use-resource.ts";

/** How many township-level divisions have no boundary yet; read once the map has drawn its first tiles. */
const loadTownships = (signal: AbortSignal) => listDivisions("township", signal);

/**
 * Quiet notes under the answer about what the map can know: how many townships' boundaries are not yet published
 * (a tap there is answered at county level), and that approximate boundaries are not legal lines. Nothing until the
 * map has said what its tiles hold. The command that imports boundaries is the bureau's business (README,
 * "Importing boundaries"; the workspace's import page), never shown here.
 */
export function BoundaryNotes({ summary }: { summary: MapDataSummary | null }) {
  const { t } = useLanguage();
  const townships = useResource(summary ? "divisions:township" : null, loadTownships);
  if (!summary) return null;
  const missing = townships.status === "success" ? townships.data.filter((division) => !division.hasGeometry).length : 0;
  return (
    <div className="notes" data-testid="notes" data-ready={townships.status === "success" || townships.status === "error" ? "true" : "false"}>
      {missing > 0 ? (
        <p className="note" role="note" data-testid="notes:no-townships" data-count={missing}>
          {t("finder.notes.missingTownships", { count: missing })}
        </p>
      ) : null}
      {summary.approximateBoundaries ? (
        <p className="note" role="note" data-testid="notes:approximate">
          {t("finder.notes.approximate")}
        </p>
      ) : null}
    </div>
  );
}
