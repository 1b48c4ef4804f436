/**
 * The right column: what is selected — the area (its form, validation and history: areas/area-panel.tsx) — and the
 * other tasks of the bureau as tabs: planners and their appointments, import and export; and for planners, the bureau
 * and leaders, public opinions and work records.
 */
import { useEffect, useState } from "react";
import { useLanguage } from "../../features/language/language-context.tsx";
import { AreaPanel } from "./areas/area-panel.tsx";
import { EvaluationPanel } from "./evaluation/evaluation-panel.tsx";
import { ImportPanel } from "./imports/import-panel.tsx";
import { OpinionsPanel } from "./opinions/opinions-panel.tsx";
import { PlannersPanel } from "./planners/planners-panel.tsx";
import { WorkRecordsPanel } from "./work-records/work-records-panel.tsx";
import { useWorkspace } from "./workspace-context.tsx";

const TABS = ["area", "planners", "import", "opinions", "workRecords", "evaluation"] as const;
type Tab = (typeof TABS)[number];
/** Opinions and work records are for planners, the bureau and leaders (not admin accounts). */
const STAFF_TABS: readonly Tab[] = ["opinions", "workRecords", "evaluation"];
const STAFF_ROLES: readonly string[] = ["planner", "bureau", "leader"];

export function SelectionPanel() {
  const { t } = useLanguage();
  const [tab, setTab] = useState<Tab>("area");
  const { mode, user } = useWorkspace();
  const tabs = STAFF_ROLES.includes(user.role) ? TABS : TABS.filter((value) => !STAFF_TABS.includes(value));
  // The map's import mode opens the import tab (its drop zone and preview).
  useEffect(() => {
    if (mode === "import") setTab("import");
  }, [mode]);
  return (
    <section className="selection-panel">
      <div role="tablist" className="selection-tabs">
        {tabs.map((value) => (
          <button key={value} type="button" role="tab" aria-selected={tab === value} data-tab={value} onClick={() => setTab(value)}>
            {t(`workspace.tab.${value}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {tab === "area" && <AreaPanel />}
        {tab === "planners" && <PlannersPanel />}
        {tab === "import" && <ImportPanel />}
        {tab === "opinions" && <OpinionsPanel />}
        {tab === "workRecords" && <WorkRecordsPanel />}
        {tab === "evaluation" && <EvaluationPanel />}
      </div>
    </section>
  );
}
