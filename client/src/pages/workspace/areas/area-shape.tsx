/**
 * The draft's shape in the panel, for a new area and the selected one: its members (the picker edits the workspace's
 * draft, as compose on the map does), whether it has its own drawn boundary (with a way back to the members' union),
 * and the judge's verdict on it.
 */
import type { ApiProblem } from "../../../api/api-problem.ts";
import type { Area, AreaVerdict } from "../../../api/areas.ts";
import type { Division } from "../../../api/divisions.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { useWorkspace, type AreaDraft } from "../workspace-context.tsx";
import { MembersEditor } from "./members-editor.tsx";
import { VerdictPanel } from "./verdict-panel.tsx";

interface ShapeSectionProps {
  kind: Area["kind"];
  draft: AreaDraft;
  townships: Map<string, Division>;
  verdict: AreaVerdict | null;
  checking: boolean;
  problem: ApiProblem | null;
  onAcceptRepair?: () => void;
}

export function ShapeSection({ kind, draft, townships, verdict, checking, problem, onAcceptRepair }: ShapeSectionProps) {
  const { t } = useLanguage();
  const { setDraft } = useWorkspace();
  return (
    <div className="area-shape">
      <MembersEditor members={draft.members} townships={townships} onChange={(members) => setDraft({ ...draft, members, dirty: true })} />
      {draft.geometry && (
        <p>
          {t("workspace.area.geometry")}: {t("workspace.area.geometryDrawn")}{" "}
          <button type="button" onClick={() => setDraft({ ...draft, geometry: null, dirty: true })}>
            {t("workspace.area.useUnion")}
          </button>
        </p>
      )}
      <VerdictPanel verdict={verdict} checking={checking} problem={problem} unit={kind === "subdistrict" || kind === "township"} {...(onAcceptRepair ? { onAcceptRepair } : {})} />
    </div>
  );
}
