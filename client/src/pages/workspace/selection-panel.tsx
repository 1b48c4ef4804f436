/**
 * The right column: what is selected — the area (its form, validation and history: areas/area-panel.tsx) — and the
 * other tasks of the bureau as tabs: planners and their appointments, import and export.
 */
import { useEffect, useState } from "react";
import { useLanguage } from "../../features/language/language-context.tsx";
import { AreaPanel } from "./areas/area-panel.tsx";
import { ImportPanel } from "./imports/import-panel.tsx";
import { PlannersPanel } from "./planners/planners-panel.tsx";
import { useWorkspace } from "./workspace-context.tsx";

const TABS = ["area", "planners", "import"] as const;
type Tab = (typeof TABS)[number];

export function SelectionPanel() {
  const { t } = useLanguage();
  const [tab, setTab] = useState<Tab>("area");
  const { mode } = useWorkspace();
  // The map's import mode opens the import tab (its drop zone and preview).
  useEffect(() => {
    if (mode === "import") setTab("import");
  }, [mode]);
  return (
    <section className="selection-panel">
      <div role="tablist" className="selection-tabs">
        {TABS.map((value) => (
          <button key={value} type="button" role="tab" aria-selected={tab === value} data-tab={value} onClick={() => setTab(value)}>
            {t(`workspace.tab.${value}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {tab === "area" && <AreaPanel />}
        {tab === "planners" && <PlannersPanel />}
        {tab === "import" && <ImportPanel />}
      </div>
    </section>
  );
}
