/**
 * Split and merge of the selected area (bureau, today only), each one write on the server with If-Match:
 * - 拆分 Split: tick the members that go to a new area of the same kind, give its code and name. Only composed areas
 *   of two or more members split here; the API also cuts a drawn outline along a line (not offered on this page).
 * - 合并 Merge: choose another unlocked area in force of the same kind, confirm; it joins this one and is retired today.
 * Refusals are said in words: 412 reads both again, 409 names the lock or the reason, 422 shows the judge's verdict.
 */
import { useId, useState, type FormEvent } from "react";
import { toApiProblem } from "../../../api/api-problem.ts";
import { listAreas, mergeArea, splitArea, type AreaVerdict } from "../../../api/areas.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { useResource } from "../../../features/resource/use-resource.ts";
import { addMessages } from "../../../lib/i18n.ts";
import { useWorkspace } from "../workspace-context.tsx";
import { useTownships } from "./area-data.ts";
import { SPLIT_MERGE_EN, SPLIT_MERGE_ZH } from "./split-merge-messages.ts";
import type { AreaRecord } from "./use-area-record.ts";
import { VerdictPanel } from "./verdict-panel.tsx";

addMessages(SPLIT_MERGE_ZH, SPLIT_MERGE_EN);

const CODE_PATTERN = "[a-z0-9][a-z0-9\\-]{1,63}";

/** One write at a time, with what its refusal means on screen; `run` answers whether it was written. */
function useAreaAction() {
  const { t } = useLanguage();
  const { dataChanged, notify } = useWorkspace();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; verdict: AreaVerdict | null } | null>(null);
  async function run(write: () => Promise<string>): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      notify(await write());
      dataChanged();
      return true;
    } catch (thrown) {
      const problem = toApiProblem(thrown);
      const verdict = (problem.body.verdict as AreaVerdict | undefined) ?? null;
      if (problem.status === 412) {
        setError({ message: t("workspace.splitMerge.stale"), verdict: null });
        dataChanged();
      } else if (problem.type.endsWith("/area-locked")) setError({ message: t("workspace.splitMerge.locked"), verdict: null });
      else if (verdict) setError({ message: t("workspace.splitMerge.rejected"), verdict });
      else setError({ message: t("workspace.splitMerge.refused", { detail: problem.detail ?? problem.title }), verdict: null });
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, run };
}

type AreaAction = ReturnType<typeof useAreaAction>;

function ActionError({ action, unit }: { action: AreaAction; unit: boolean }) {
  if (!action.error) return null;
  return (
    <div role="alert" data-testid="split-merge:error">
      <p>{action.error.message}</p>
      {action.error.verdict && <VerdictPanel verdict={action.error.verdict} checking={false} problem={null} unit={unit} />}
    </div>
  );
}

const isUnit = (kind: string) => kind === "township" || kind === "subdistrict";

export function SplitMergeActions({ record }: { record: AreaRecord }) {
  return (
    <>
      <SplitForm record={record} />
      <MergeForm record={record} />
    </>
  );
}

function SplitForm({ record }: { record: AreaRecord }) {
  const { t } = useLanguage();
  const { area, etag } = record;
  const id = useId();
  const townships = useTownships();
  const action = useAreaAction();
  const [moving, setMoving] = useState<string[]>([]);
  const [code, setCode] = useState("");
  const [name, setName] = useState("");
  const toggle = (member: string, on: boolean) => setMoving((current) => (on ? [...current, member] : current.filter((code) => code !== member)));
  const ready = moving.length > 0 && moving.length < area.members.length && code !== "" && name.trim() !== "";
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    void action
      .run(async () => {
        const { created } = (await splitArea(area.id, etag, { code, name: name.trim(), members: moving })).data;
        return t("workspace.splitMerge.splitDone", { kept: area.name, created: created.name });
      })
      .then((written) => {
        if (!written) return;
        setMoving([]);
        setCode("");
        setName("");
      });
  };
  return (
    <details className="area-split" data-testid="split-merge:split">
      <summary>{t("workspace.splitMerge.split")}</summary>
      {area.members.length < 2 ? (
        <p>{t("workspace.splitMerge.splitTooFew")}</p>
      ) : (
        <form onSubmit={submit}>
          <p>{t("workspace.splitMerge.splitHint")}</p>
          <fieldset>
            <legend>{t("workspace.splitMerge.splitMembers")}</legend>
            {area.members.map((member) => (
              <label key={member}>
                <input type="checkbox" data-member-code={member} checked={moving.includes(member)} onChange={(event) => toggle(member, event.target.checked)} />
                {townships.get(member)?.name ?? member} <code>{member}</code>
              </label>
            ))}
          </fieldset>
          <label htmlFor={`${id}-code`}>{t("workspace.splitMerge.code")}</label>
          <input id={`${id}-code`} required pattern={CODE_PATTERN} maxLength={64} value={code} onChange={(event) => setCode(event.target.value.trim())} data-testid="split-merge:code" />
          <label htmlFor={`${id}-name`}>{t("workspace.splitMerge.name")}</label>
          <input id={`${id}-name`} required maxLength={200} value={name} onChange={(event) => setName(event.target.value)} data-testid="split-merge:name" />
          <button type="submit" disabled={action.busy || !ready}>
            {t("workspace.splitMerge.splitSubmit")}
          </button>
          <ActionError action={action} unit={isUnit(area.kind)} />
        </form>
      )}
    </details>
  );
}

function MergeForm({ record }: { record: AreaRecord }) {
  const { t } = useLanguage();
  const { dataVersion } = useWorkspace();
  const { area, etag } = record;
  const id = useId();
  const action = useAreaAction();
  const [otherId, setOtherId] = useState("");
  const [confirming, setConfirming] = useState(false);
  const areas = useResource(`split-merge:${dataVersion}`, (signal) => listAreas(signal));
  const candidates = areas.status === "success" ? areas.data.filter((other) => other.kind === area.kind && other.id !== area.id && !other.locked && !other.retiredOn) : [];
  const other = candidates.find((candidate) => String(candidate.id) === otherId);
  const merge = () => {
    if (!other) return;
    void action
      .run(async () => {
        const merged = (await mergeArea(area.id, etag, { otherAreaId: other.id, otherVersion: other.version })).data;
        return t("workspace.splitMerge.mergeDone", { other: other.name, name: merged.name });
      })
      .then((written) => {
        setConfirming(false);
        if (written) setOtherId("");
      });
  };
  const ask = (event: FormEvent) => {
    event.preventDefault();
    if (other) setConfirming(true);
  };
  return (
    <details className="area-merge" data-testid="split-merge:merge">
      <summary>{t("workspace.splitMerge.merge")}</summary>
      {areas.status === "success" && candidates.length === 0 ? (
        <p>{t("workspace.splitMerge.noOther")}</p>
      ) : (
        <form onSubmit={ask}>
          <p>{t("workspace.splitMerge.mergeHint")}</p>
          <label htmlFor={`${id}-other`}>{t("workspace.splitMerge.other")}</label>
          <select
            id={`${id}-other`}
            required
            data-testid="split-merge:other"
            value={otherId}
            onChange={(event) => {
              setOtherId(event.target.value);
              setConfirming(false);
            }}
          >
            <option value="">{t("workspace.splitMerge.choose")}</option>
            {candidates.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.name} ({candidate.code})
              </option>
            ))}
          </select>
          {confirming && other ? (
            <div role="group" aria-live="polite">
              <p>{t("workspace.splitMerge.mergeConfirm", { other: other.name, name: area.name })}</p>
              <button type="button" disabled={action.busy} onClick={merge}>
                {t("workspace.splitMerge.mergeConfirmSubmit")}
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                {t("workspace.splitMerge.cancel")}
              </button>
            </div>
          ) : (
            <button type="submit" disabled={action.busy || !other}>
              {t("workspace.splitMerge.mergeSubmit")}
            </button>
          )}
          <ActionError action={action} unit={isUnit(area.kind)} />
        </form>
      )}
    </details>
  );
}
