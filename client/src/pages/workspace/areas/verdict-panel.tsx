/**
 * The judge's verdict as rows: ✓ valid · ✓ inside the city · ⚠ overlaps 龙港镇 by 0.42 km² · ⚠ member conflicts. A
 * row with a place is a button: the map goes there and draws the overlap (or what lies outside, or the member) dashed.
 * An invalid geometry shows the proposed repair with the area before and after, and a button to accept it.
 */
import type { Feature, Geometry } from "geojson";
import type { ApiProblem } from "../../../api/api-problem.ts";
import type { AreaVerdict } from "../../../api/areas.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { boundsOf } from "../../../lib/polygon-geometry.ts";
import { useWorkspace } from "../workspace-context.tsx";
import { featureCollection, formatArea, outlinesOf } from "./area-data.ts";

interface VerdictPanelProps {
  verdict: AreaVerdict | null;
  checking: boolean;
  /** Why the verdict could not be asked for (network, server). */
  problem: ApiProblem | null;
  /** A subdistrict or township area: the only kinds judged for overlaps and member conflicts. */
  unit: boolean;
  /** Offered when the geometry is invalid and the user may save: saves again with `repair: true`. */
  onAcceptRepair?: () => void;
}

export function VerdictPanel({ verdict, checking, problem, unit, onAcceptRepair }: VerdictPanelProps) {
  const { t } = useLanguage();
  const { setFocus, setOverlay } = useWorkspace();
  if (problem && !verdict) return <p role="alert">{t("workspace.area.checkFailed", { detail: problem.detail ?? problem.title })}</p>;
  if (!verdict) return checking ? <p className="verdict-checking" aria-live="polite">{t("workspace.area.checking")}</p> : null;

  const show = (features: Feature[]) => {
    setOverlay(featureCollection(features));
    const bounds = boundsOf(features.map((feature) => feature.geometry));
    if (bounds) setFocus({ bounds });
  };
  const place = (geometry: unknown, properties: Record<string, unknown>) => show([{ type: "Feature", geometry: geometry as Geometry, properties }]);
  // Without township outlines (none imported, or the read failed) there is nowhere to go.
  const showMember = (code: string) => outlinesOf([code], { verdict: "member-conflict" }).then(show, () => {});
  const has = (problem: AreaVerdict["problems"][number]) => verdict.problems.includes(problem);

  return (
    <section
      className="verdict-panel"
      aria-labelledby="verdict-heading"
      aria-live="polite"
      aria-busy={checking}
      data-testid="verdict-panel"
      data-problems={verdict.problems.join(" ")}
    >
      <h3 id="verdict-heading">
        {t("workspace.area.verdict")}
        {checking && <span className="verdict-checking"> · {t("workspace.area.checking")}</span>}
      </h3>
      <ul className="verdict-rows">
        {has("invalid-geometry") && verdict.invalid ? (
          <li className="verdict-error" data-problem="invalid-geometry">
            {t("workspace.area.invalid", { reason: verdict.invalid.reason })}
            <p>{t("workspace.area.repair", { before: formatArea(verdict.invalid.areaBeforeM2), after: formatArea(verdict.invalid.areaAfterM2) })}</p>
            <button type="button" onClick={() => place(verdict.invalid!.geometry, { verdict: "repair" })}>
              {t("workspace.area.showRepair")}
            </button>
            {onAcceptRepair && (
              <button type="button" onClick={onAcceptRepair} data-testid="verdict:accept-repair">
                {t("workspace.area.acceptRepair")}
              </button>
            )}
          </li>
        ) : has("empty-geometry") ? (
          <li className="verdict-error" data-problem="empty-geometry">
            {t("workspace.area.empty")}
          </li>
        ) : (
          <li className="verdict-ok">{t("workspace.area.valid")}</li>
        )}
        {has("outside-city") && verdict.outsideCity ? (
          <li className="verdict-warning" data-problem="outside-city">
            <button type="button" onClick={() => place(verdict.outsideCity!.geometry, { verdict: "outside-city" })} disabled={!verdict.outsideCity.geometry}>
              {t("workspace.area.outsideCity", { area: formatArea(verdict.outsideCity.areaM2) })}
            </button>
          </li>
        ) : (
          <li className="verdict-ok">{t("workspace.area.insideCity")}</li>
        )}
        {verdict.overlaps.map((overlap) => (
          <li key={overlap.areaId} className="verdict-warning" data-problem="overlap">
            <button type="button" onClick={() => place(overlap.geometry, { verdict: "overlap", areaId: overlap.areaId, name: overlap.name })}>
              {t("workspace.area.overlap", { name: overlap.name, area: formatArea(overlap.areaM2) })}
            </button>
          </li>
        ))}
        {verdict.memberConflicts.map((conflict) => (
          <li key={conflict.divisionCode} className="verdict-warning" data-problem="member-conflict">
            <button type="button" onClick={() => void showMember(conflict.divisionCode)}>
              {t("workspace.area.memberConflict", { division: conflict.divisionName, name: conflict.name })}
            </button>
          </li>
        ))}
        {unit && verdict.overlaps.length === 0 && verdict.memberConflicts.length === 0 && <li className="verdict-ok">{t("workspace.area.noOverlap")}</li>}
        {verdict.unknownDivisions.length > 0 && (
          <li className="verdict-error" data-problem="unknown-divisions">
            {t("workspace.area.unknownDivisions", { codes: verdict.unknownDivisions.join(", ") })}
          </li>
        )}
        {verdict.unsuitableDivisions.length > 0 && (
          <li className="verdict-error" data-problem="unsuitable-divisions">
            {t("workspace.area.unsuitableDivisions", { codes: verdict.unsuitableDivisions.join(", ") })}
          </li>
        )}
        {verdict.areaM2 !== null && <li className="verdict-area">{t("workspace.area.verdictArea", { area: formatArea(verdict.areaM2) })}</li>}
      </ul>
      {verdict.problems.length === 0 && <p className="verdict-ok" data-testid="verdict:ok">{t("workspace.area.verdictOk")}</p>}
    </section>
  );
}

/** True when the verdict forbids saving even with the repair: every problem but an invalid geometry the repair mends. */
export function blocksSaving(verdict: AreaVerdict | null): boolean {
  return verdict !== null && verdict.problems.some((problem) => problem !== "invalid-geometry");
}
