/**
 * The selected area's writes — change (name, members, geometry, lock) and retire — with If-Match, and what their
 * refusals mean on screen: 412 opens the conflict (the record as it is now, from the problem), 422 geometry-rejected
 * gives the judge's verdict for the draft that was sent, 409 is said in words. A write that succeeds replaces the
 * record, resets the draft to what was saved, says so in the status line and makes the workspace read again.
 */
import { useState } from "react";
import { toApiProblem } from "../../../api/api-problem.ts";
import { listAreas, retireArea, updateArea, type Area, type AreaVerdict, type UpdateAreaBody } from "../../../api/areas.ts";
import type { RetireAreaBody } from "@contracts/areas.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { useWorkspace, type AreaDraft } from "../workspace-context.tsx";
import { recordOf, type AreaRecord } from "./use-area-record.ts";

/** One change as sent, so that it can be sent again on top of a newer version. */
export type AreaChange = { kind: "update"; body: UpdateAreaBody } | { kind: "retire"; body: RetireAreaBody };

/** A 412: the change refused and the record as another user left it. */
export interface AreaConflict {
  change: AreaChange;
  current: Area;
}

export function draftOf(area: Area): AreaDraft {
  return { areaId: area.id, members: area.members, geometry: area.geometry as AreaDraft["geometry"], dirty: false };
}

export function useAreaWrites(record: AreaRecord | null, replace: (record: AreaRecord) => void) {
  const { t } = useLanguage();
  const { draft, setDraft, dataChanged, notify, setOverlay } = useWorkspace();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<AreaConflict | null>(null);
  const [rejected, setRejected] = useState<{ verdict: AreaVerdict; draft: AreaDraft | null } | null>(null);

  /** What a successful write says, e.g. "已保存「东街街道」". */
  async function perform(change: AreaChange, areaId: number, etag: string): Promise<{ record: AreaRecord; message: string }> {
    if (change.kind === "retire") {
      // Today's holders name the posts the retirement ends (ids otherwise).
      const holders = (await listAreas()).find((area) => area.id === areaId)?.holders ?? [];
      const answer = await retireArea(areaId, etag, change.body);
      const { area, endedAppointmentIds } = answer.data;
      const posts = endedAppointmentIds.map((id) => holders.find((holder) => holder.appointmentId === id)?.name ?? `#${id}`);
      const ended = posts.length > 0 ? t("workspace.area.retiredPosts", { posts: posts.join("、") }) : t("workspace.area.retiredNoPosts");
      return { record: { area, etag: answer.etag ?? `"${area.version}"` }, message: `${t("workspace.area.retiredNow", { name: area.name, date: change.body.on })} ${ended}` };
    }
    const saved = recordOf(await updateArea(areaId, etag, change.body));
    const { locked } = change.body;
    const key = locked === true ? "workspace.area.lockedNow" : locked === false ? "workspace.area.unlockedNow" : "workspace.area.saved";
    return { record: saved, message: t(key, { name: saved.area.name }) };
  }

  /** Sends the change based on `etag` (default: the record's); true when it was written. */
  async function send(change: AreaChange, etag = record?.etag): Promise<boolean> {
    if (!record || !etag) return false;
    const sentDraft = draft;
    setBusy(true);
    setError(null);
    setRejected(null);
    try {
      const { record: saved, message } = await perform(change, record.area.id, etag);
      replace(saved);
      setDraft(draftOf(saved.area));
      setConflict(null);
      setOverlay(null);
      notify(message);
      dataChanged();
      return true;
    } catch (thrown) {
      const problem = toApiProblem(thrown);
      const current = problem.body.current as Area | undefined;
      const verdict = problem.body.verdict as AreaVerdict | undefined;
      if (problem.status === 412 && current) setConflict({ change, current });
      else if (problem.type.endsWith("/geometry-rejected") && verdict) {
        setRejected({ verdict, draft: sentDraft });
        setError(t("workspace.area.rejected"));
      } else if (problem.type.endsWith("/area-locked")) setError(t("workspace.area.isLocked"));
      else setError(t("workspace.area.refused", { detail: problem.detail ?? problem.title }));
      return false;
    } finally {
      setBusy(false);
    }
  }

  /** Keep theirs: drop my draft and show the record as it is now. */
  function keepTheirs(current: Area) {
    replace(recordOf(current));
    setDraft(draftOf(current));
    setConflict(null);
    setOverlay(null);
    setError(null);
    notify(t("workspace.area.keptTheirs"));
    dataChanged();
  }

  return {
    busy,
    error,
    conflict,
    /** The verdict of a refused save, while the draft is still the one that was sent. */
    rejectedVerdict: rejected && rejected.draft === draft ? rejected.verdict : null,
    send,
    keepTheirs,
    /** Apply mine on top: the same change again, based on the version the conflict showed. */
    applyMine: (open: AreaConflict) => send(open.change, `"${open.current.version}"`),
    dismissConflict: () => {
      setConflict(null);
      setOverlay(null);
    },
  };
}
