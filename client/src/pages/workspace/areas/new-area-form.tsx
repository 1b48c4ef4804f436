/**
 * 新建责任区 New area: its code, name and kind, then its shape — composed or drawn on the map (which write the
 * workspace's draft) or composed in the members list — with the judge's verdict as it grows, and create (POST
 * /api/areas). A refused proposal shows the verdict; a taken code is said in words.
 */
import { useEffect, useId, useState, type FormEvent } from "react";
import { toApiProblem } from "../../../api/api-problem.ts";
import { createArea, type AreaVerdict, type CreateAreaBody } from "../../../api/areas.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { useWorkspace, type AreaDraft } from "../workspace-context.tsx";
import { NEW_AREA_ID, useTownships } from "./area-data.ts";
import { ShapeSection } from "./area-shape.tsx";
import { useDraftVerdict } from "./use-area-verdict.ts";
import { blocksSaving } from "./verdict-panel.tsx";

/** The kinds the bureau creates here (counties and the city exist; projects come with their project). */
const NEW_KINDS = ["subdistrict", "township", "belt"] as const;

export function NewAreaForm({ onClose }: { onClose(): void }) {
  const { t } = useLanguage();
  const { draft, setDraft, selectArea, dataChanged, notify, setOverlay } = useWorkspace();
  const townships = useTownships();
  const id = useId();
  const [code, setCode] = useState("");
  const [name, setName] = useState("");
  const [kind, setKind] = useState<CreateAreaBody["kind"]>("township");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [rejected, setRejected] = useState<{ verdict: AreaVerdict; draft: AreaDraft } | null>(null);

  useEffect(() => {
    setDraft({ areaId: NEW_AREA_ID, members: [], geometry: null, dirty: false });
  }, [setDraft]);
  const shape = draft?.areaId === NEW_AREA_ID ? draft : null;
  const hasShape = shape !== null && (shape.members.length > 0 || shape.geometry !== null);
  const live = useDraftVerdict(kind, null, shape, hasShape);
  const verdict = rejected && rejected.draft === shape ? rejected.verdict : live.verdict;

  const create = async (repair: boolean) => {
    if (!shape || busy) return;
    setBusy(true);
    setError(null);
    setRejected(null);
    const body: CreateAreaBody = {
      code: code.trim(),
      name: name.trim(),
      kind,
      members: shape.members,
      ...(shape.geometry ? { geometry: shape.geometry as NonNullable<CreateAreaBody["geometry"]> } : {}),
      ...(repair ? { repair: true } : {}),
    };
    try {
      const { data: area } = await createArea(body);
      setOverlay(null);
      selectArea(area.id);
      onClose();
      notify(t("workspace.area.created", { name: area.name }));
      dataChanged();
    } catch (thrown) {
      const problem = toApiProblem(thrown);
      const rejectedVerdict = problem.body.verdict as AreaVerdict | undefined;
      if (rejectedVerdict) {
        setRejected({ verdict: rejectedVerdict, draft: shape });
        setError(t("workspace.area.rejected"));
      } else if (problem.status === 409) setError(t("workspace.area.codeTaken"));
      else setError(t("workspace.area.refused", { detail: problem.detail ?? problem.title }));
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void create(false);
  };

  return (
    <form className="area-panel new-area" onSubmit={submit} data-testid="new-area">
      <h2>{t("workspace.area.newHeading")}</h2>
      <p>{t("workspace.area.newHint")}</p>
      <label htmlFor={`${id}-code`}>{t("workspace.area.code")}</label>
      <input
        id={`${id}-code`}
        name="code"
        required
        pattern="[a-z0-9][a-z0-9\-]{1,63}"
        aria-describedby={`${id}-code-hint`}
        value={code}
        onChange={(event) => setCode(event.target.value)}
      />
      <small id={`${id}-code-hint`}>{t("workspace.area.codeHint")}</small>
      <label htmlFor={`${id}-name`}>{t("workspace.area.name")}</label>
      <input id={`${id}-name`} name="name" required maxLength={200} value={name} onChange={(event) => setName(event.target.value)} />
      <label htmlFor={`${id}-kind`}>{t("workspace.area.kind")}</label>
      <select id={`${id}-kind`} name="kind" value={kind} onChange={(event) => setKind(event.target.value as CreateAreaBody["kind"])}>
        {NEW_KINDS.map((value) => (
          <option key={value} value={value}>
            {t(`workspace.kind.${value}`)}
          </option>
        ))}
      </select>
      {shape && <ShapeSection kind={kind} draft={shape} townships={townships} verdict={verdict} checking={live.checking} problem={live.problem} onAcceptRepair={() => void create(true)} />}
      {error && (
        <p role="alert" data-testid="area:error">
          {error}
        </p>
      )}
      <p className="area-buttons">
        <button type="submit" disabled={busy || !hasShape || blocksSaving(verdict)} data-testid="area:create">
          {busy ? t("workspace.area.saving") : t("workspace.area.create")}
        </button>
        <button type="button" onClick={onClose}>
          {t("workspace.area.cancelNew")}
        </button>
      </p>
    </form>
  );
}
