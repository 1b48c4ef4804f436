/**
 * One planner's profile as a form: name, organisation, title, registered planner, education, specialities, office
 * hours, and contacts each with its own consent to publish. Saved with the version it was read at (If-Match); a 412
 * shows who changed it meanwhile and offers keep theirs / apply mine on top. Read-only for every role but bureau.
 */
import { useEffect, useState, type FormEvent } from "react";
import { toApiProblem } from "../../../api/api-problem.ts";
import { getPlanner, updatePlanner, type Planner, type UpdatePlannerBody } from "../../../api/planners.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import type { MessageKey } from "../../../lib/i18n.ts";
import { useKeyedAnswer } from "../../../features/resource/use-resource.ts";
import { HistoryPanel } from "../history/history-panel.tsx";
import { useWorkspace } from "../workspace-context.tsx";
import { ConflictNotice, type Difference } from "./conflict-notice.tsx";
import { ContactsEditor } from "./contacts-editor.tsx";
import { changesOf, contactsValid, draftOf, DRAFT_FIELDS, valueText, type PlannerDraft } from "./planner-draft.ts";

const TITLES = ["intermediate", "senior", "full_senior"] as const;

const FIELD_KEYS: Readonly<Record<string, MessageKey>> = {
  name: "workspace.planners.name",
  organisation: "workspace.planners.organisation",
  professionalTitle: "workspace.planners.title",
  registeredPlanner: "workspace.planners.registered",
  education: "workspace.planners.education",
  specialities: "workspace.planners.specialities",
  officeHours: "workspace.planners.officeHours",
  contacts: "workspace.planners.contacts",
  publishConsent: "workspace.planners.publish",
};

/** The record the form was made from, with its ETag. */
interface Base {
  planner: Planner;
  etag: string;
}

/** A refused save: the record as it is now, and the changes that were refused. */
interface Stale {
  current: Planner;
  mine: UpdatePlannerBody;
}

export function PlannerProfile({ plannerId }: { plannerId: number }) {
  const { t } = useLanguage();
  const { dataVersion } = useWorkspace();
  const prefix = `planner:${plannerId}:`;
  const { current, last } = useKeyedAnswer(`${prefix}${dataVersion}`, (signal) => getPlanner(plannerId, signal));
  // While it reads again after a write, the form stays (with what the editor typed).
  const shown = current?.ok ? current.data : last?.key.startsWith(prefix) ? last.data : null;
  if (current && !current.ok) return <p role="alert">{t("workspace.loadFailed", { title: current.problem.detail ?? current.problem.title })}</p>;
  if (!shown) return <p>{t("workspace.loading")}</p>;
  return <ProfileForm key={plannerId} initial={{ planner: shown.data, etag: shown.etag ?? `"${shown.data.version}"` }} />;
}

function ProfileForm({ initial }: { initial: Base }) {
  const { t } = useLanguage();
  const { canEdit, notify, dataChanged } = useWorkspace();
  const [base, setBase] = useState<Base>(initial);
  const [draft, setDraft] = useState<PlannerDraft>(() => draftOf(initial.planner));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [stale, setStale] = useState<Stale | null>(null);
  const planner = base.planner;
  const fieldLabel = (field: string) => (FIELD_KEYS[field] ? t(FIELD_KEYS[field]) : field);
  const change = <K extends keyof PlannerDraft>(field: K, value: PlannerDraft[K]) => setDraft((previous) => ({ ...previous, [field]: value }));

  // A newer record read from outside (an undo, another tab's save) replaces the form only while nothing is typed in
  // it; otherwise the save meets the 412 and the editor chooses.
  const dirty = Object.keys(changesOf(planner, draft)).length > 0;
  useEffect(() => {
    if (initial.planner.version > planner.version && !dirty) {
      setBase(initial);
      setDraft(draftOf(initial.planner));
    }
  }, [initial, planner.version, dirty]);

  const send = async (etag: string, changes: UpdatePlannerBody) => {
    setBusy(true);
    setProblem(null);
    try {
      const saved = await updatePlanner(planner.id, etag, changes);
      const next = { planner: saved.data, etag: saved.etag ?? `"${saved.data.version}"` };
      setBase(next);
      setDraft(draftOf(saved.data));
      setStale(null);
      notify(t("workspace.planners.saved", { name: saved.data.name }));
      dataChanged();
    } catch (error) {
      const refused = toApiProblem(error);
      const current = refused.body.current as Planner | undefined;
      if (refused.status === 412 && current) setStale({ current, mine: changes });
      else setProblem(refused.detail ?? refused.title);
    } finally {
      setBusy(false);
    }
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!contactsValid(draft)) return setProblem(t("workspace.planners.contactInvalid"));
    const changes = changesOf(planner, draft);
    if (Object.keys(changes).length === 0) return notify(t("workspace.planners.unchanged"));
    void send(base.etag, changes);
  };

  const keepTheirs = () => {
    if (!stale) return;
    setBase({ planner: stale.current, etag: `"${stale.current.version}"` });
    setDraft(draftOf(stale.current));
    setStale(null);
    notify(t("workspace.planners.conflict.reloaded"));
    dataChanged();
  };

  const applyMine = () => {
    if (!stale) return;
    setBase({ planner: stale.current, etag: `"${stale.current.version}"` });
    void send(`"${stale.current.version}"`, stale.mine);
  };

  const differences: Difference[] = stale
    ? DRAFT_FIELDS.filter((field) => field in stale.mine).map((field) => ({
        field: fieldLabel(field),
        theirs: valueText(stale.current[field], (value) => t(value ? "workspace.planners.yes" : "workspace.planners.no")),
        mine: valueText(stale.mine[field], (value) => t(value ? "workspace.planners.yes" : "workspace.planners.no")),
      }))
    : [];

  return (
    <section className="planner-profile" aria-labelledby="planner-profile-heading" data-testid="planner-profile" data-planner-id={planner.id}>
      <h3 id="planner-profile-heading">{t("workspace.planners.profile", { name: planner.name })}</h3>
      <form onSubmit={save}>
        <fieldset disabled={!canEdit || busy}>
          <label>
            {t("workspace.planners.name")}
            <input name="name" value={draft.name} required maxLength={100} onChange={(event) => change("name", event.target.value)} />
          </label>
          <label>
            {t("workspace.planners.organisation")}
            <input name="organisation" value={draft.organisation} maxLength={200} onChange={(event) => change("organisation", event.target.value)} />
          </label>
          <label>
            {t("workspace.planners.title")}
            <select
              name="professionalTitle"
              value={draft.professionalTitle}
              onChange={(event) => change("professionalTitle", event.target.value as PlannerDraft["professionalTitle"])}
            >
              <option value="">{t("workspace.planners.titleNone")}</option>
              {TITLES.map((title) => (
                <option key={title} value={title}>
                  {t(`workspace.planners.title.${title}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="planners-check">
            <input
              type="checkbox"
              name="registeredPlanner"
              checked={draft.registeredPlanner}
              onChange={(event) => change("registeredPlanner", event.target.checked)}
            />
            {t("workspace.planners.registered")}
          </label>
          <label>
            {t("workspace.planners.education")}
            <input name="education" value={draft.education} maxLength={200} onChange={(event) => change("education", event.target.value)} />
          </label>
          <label>
            {t("workspace.planners.specialities")}
            <input name="specialities" value={draft.specialities} onChange={(event) => change("specialities", event.target.value)} />
          </label>
          <label>
            {t("workspace.planners.officeHours")}
            <textarea name="officeHours" rows={2} maxLength={500} value={draft.officeHours} onChange={(event) => change("officeHours", event.target.value)} />
          </label>
          <ContactsEditor rows={draft.contacts} onChange={(rows) => change("contacts", rows)} />
        </fieldset>
        {problem && (
          <p role="alert" className="planners-problem">
            {t("workspace.planners.problem", { detail: problem })}
          </p>
        )}
        {stale && (
          <ConflictNotice
            resource="planners"
            id={planner.id}
            version={stale.current.version}
            differences={differences}
            fieldLabel={fieldLabel}
            busy={busy}
            onKeepTheirs={keepTheirs}
            onApplyMine={applyMine}
          />
        )}
        {canEdit && !stale && (
          <div className="planners-actions">
            <button type="submit" disabled={busy} data-testid="planner-profile:save">
              {busy ? t("workspace.planners.saving") : t("workspace.planners.save")}
            </button>
            <button type="button" disabled={busy} onClick={() => setDraft(draftOf(planner))}>
              {t("workspace.planners.reset")}
            </button>
          </div>
        )}
      </form>
      <HistoryPanel resource="planners" id={planner.id} />
    </section>
  );
}
