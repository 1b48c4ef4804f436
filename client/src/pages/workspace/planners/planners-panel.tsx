/**
 * The planners tab: every planner, found by name; a new planner by name (bureau); and the chosen planner's profile
 * with per-contact consent to publish and its history (planner-profile.tsx).
 */
import { useMemo, useState, type FormEvent } from "react";
import { toApiProblem } from "../../../api/api-problem.ts";
import { createPlanner, listPlanners } from "../../../api/planners.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { useResource } from "../../../features/resource/use-resource.ts";
import { addMessages } from "../../../lib/i18n.ts";
import { useWorkspace } from "../workspace-context.tsx";
import { PlannerProfile } from "./planner-profile.tsx";
import { PLANNERS_EN, PLANNERS_ZH } from "./planner-messages.ts";
import "./planners.css";

addMessages(PLANNERS_ZH, PLANNERS_EN);

export function PlannersPanel() {
  const { t } = useLanguage();
  const { canEdit, dataVersion, dataChanged, notify } = useWorkspace();
  const planners = useResource(`planners:${dataVersion}`, (signal) => listPlanners(signal));
  const [query, setQuery] = useState("");
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [newName, setNewName] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const shown = useMemo(() => {
    if (planners.status !== "success") return [];
    const text = query.trim().toLowerCase();
    return planners.data.filter((planner) => text === "" || planner.name.toLowerCase().includes(text) || (planner.nameEn ?? "").toLowerCase().includes(text));
  }, [planners, query]);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (newName.trim() === "") return;
    setBusy(true);
    setProblem(null);
    try {
      const created = (await createPlanner({ name: newName.trim() })).data;
      setNewName("");
      setQuery("");
      setSelectedId(created.id);
      notify(t("workspace.planners.created", { name: created.name }));
      dataChanged();
    } catch (error) {
      const refused = toApiProblem(error);
      setProblem(refused.detail ?? refused.title);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="planners-panel" aria-labelledby="planners-heading" data-testid="planners-panel">
      <h2 id="planners-heading">{t("workspace.planners.heading")}</h2>
      {canEdit && (
        <form className="planners-create" onSubmit={create}>
          <label>
            {t("workspace.planners.createName")}
            <input name="newPlannerName" value={newName} maxLength={100} onChange={(event) => setNewName(event.target.value)} />
          </label>
          <button type="submit" disabled={busy || newName.trim() === ""} data-testid="planners:create">
            {t("workspace.planners.create")}
          </button>
          {problem && (
            <p role="alert" className="planners-problem">
              {t("workspace.planners.problem", { detail: problem })}
            </p>
          )}
        </form>
      )}
      <label>
        {t("workspace.planners.find")}
        <input type="search" name="findPlanner" value={query} onChange={(event) => setQuery(event.target.value)} />
      </label>
      {planners.status === "loading" && <p>{t("workspace.loading")}</p>}
      {planners.status === "error" && <p role="alert">{t("workspace.loadFailed", { title: planners.problem.detail ?? planners.problem.title })}</p>}
      {planners.status === "success" && (
        <p className="planners-count">{shown.length === 0 ? t("workspace.planners.none") : t("workspace.planners.count", { count: shown.length })}</p>
      )}
      <ul className="planner-items" data-testid="planner-items">
        {shown.map((planner) => (
          <li key={planner.id}>
            <button type="button" aria-pressed={planner.id === selectedId} data-planner-id={planner.id} onClick={() => setSelectedId(planner.id)}>
              <span className="planner-name">{planner.name}</span>
              <span className="planner-meta">
                {[planner.organisation, planner.isDemo ? t("workspace.planners.demo") : null].filter(Boolean).join(" · ")}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {selectedId === null ? <p>{t("workspace.planners.choose")}</p> : <PlannerProfile plannerId={selectedId} />}
    </section>
  );
}
