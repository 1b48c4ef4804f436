/**
 * The 412 dialog: another user changed the area first. It says who, when and what (the area's latest change in the
 * audit log), shows the record as it is now and my change against it, draws both extents dashed on the map while it is
 * open, and offers two choices: keep theirs (discard mine) or apply mine on top (sent again with the new version).
 * Escape closes it and keeps my draft unsaved.
 */
import { useEffect, useRef, useState } from "react";
import { getHistory, type AuditChange } from "../../../api/audit.ts";
import type { Area } from "../../../api/areas.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import type { Translate } from "../../../lib/i18n.ts";
import { boundsOf } from "../../../lib/polygon-geometry.ts";
import { actorName, describeChange, formatChangeTime, summarizeChange, type ChangeSummary } from "../history/describe-change.ts";
import { useWorkspace } from "../workspace-context.tsx";
import { featureCollection, shapeOutline } from "./area-data.ts";
import type { AreaConflict } from "./use-area-writes.ts";
import { ConflictChoices } from "../history/conflict-choices.tsx";

interface ConflictDialogProps {
  conflict: AreaConflict;
  busy: boolean;
  memberName: (code: string) => string;
  onKeepTheirs(): void;
  onApplyMine(): void;
  onDismiss(): void;
}

/** My change against the record as it is now, in the words of the history. */
function describeMine(conflict: AreaConflict, t: Translate, memberName: (code: string) => string): string {
  const { change, current } = conflict;
  if (change.kind === "retire") return t("workspace.area.retireChange", { date: change.body.on });
  const body = change.body;
  if (body.locked !== undefined && Object.keys(body).length === 1) return t(body.locked ? "workspace.area.lockChange" : "workspace.area.unlockChange");
  const summary: ChangeSummary = { created: false, removed: false, fields: [], added: [], dropped: [], also: 0 };
  for (const field of ["name", "nameEn", "description"] as const) {
    if (body[field] !== undefined && body[field] !== current[field]) summary.fields.push(field);
  }
  if (body.geometry !== undefined) summary.fields.push("geom");
  if (body.members) {
    summary.added = body.members.filter((code) => !current.members.includes(code));
    summary.dropped = current.members.filter((code) => !body.members!.includes(code));
  }
  return describeChange(summary, t, { memberName });
}

export function ConflictDialog({ conflict, busy, memberName, onKeepTheirs, onApplyMine, onDismiss }: ConflictDialogProps) {
  const { t } = useLanguage();
  const { draft, setOverlay, setFocus } = useWorkspace();
  const dialog = useRef<HTMLDialogElement>(null);
  const [latest, setLatest] = useState<AuditChange | null>(null);
  // The draft that was sent: mine, as the dialog opened.
  const [sentDraft] = useState(draft);
  const { current, change } = conflict;

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  // Who changed what: the area's latest change, read again for each new version the conflict shows.
  useEffect(() => {
    const controller = new AbortController();
    getHistory("areas", current.id, { limit: 1 }, controller.signal).then(
      ({ data }) => setLatest(data.changes[0] ?? null),
      () => {},
    );
    return () => controller.abort();
  }, [current.id, current.version]);

  // Both extents on the map while the dialog is open: theirs (the record now) and mine (the draft I sent).
  useEffect(() => {
    let live = true;
    const mine = change.kind === "update" && (change.body.members || change.body.geometry !== undefined) ? sentDraft : null;
    void Promise.all([shapeOutline(current, { side: "theirs" }), mine ? shapeOutline(mine, { side: "mine" }) : []]).then(([theirs, ours]) => {
      if (!live) return;
      const features = [...theirs, ...ours];
      setOverlay(featureCollection(features));
      const bounds = boundsOf(features.map((feature) => feature.geometry));
      if (bounds) setFocus({ bounds });
    }, () => {});
    return () => {
      live = false;
    };
  }, [current, change, sentDraft, setOverlay, setFocus]);

  return (
    <dialog
      ref={dialog}
      className="conflict-dialog"
      aria-labelledby="conflict-title"
      data-testid="conflict-dialog"
      onCancel={(event) => {
        event.preventDefault();
        onDismiss();
      }}
    >
      <h3 id="conflict-title">{t("workspace.area.conflictTitle")}</h3>
      <p data-testid="conflict:who">
        {latest
          ? t("workspace.area.conflictWho", {
              actor: actorName(latest.actor),
              time: formatChangeTime(latest.changedAt),
              name: current.name,
              what: describeChange(summarizeChange(latest, "areas"), t, { memberName }),
            })
          : t("workspace.area.conflictLoading")}
      </p>
      <p data-testid="conflict:current">
        {t("workspace.area.conflictCurrent", { name: current.name, count: current.members.length, version: current.version })}
      </p>
      <p data-testid="conflict:mine">{t("workspace.area.conflictMine", { what: describeMine(conflict, t, memberName) })}</p>
      <p className="conflict-map-note">{t("workspace.area.conflictMap")}</p>
      <ConflictChoices
        className="conflict-actions"
        testId="conflict"
        keepTheirs={t("workspace.area.keepTheirs")}
        applyMine={t("workspace.area.applyMine")}
        busy={busy}
        onKeepTheirs={onKeepTheirs}
        onApplyMine={onApplyMine}
      />
    </dialog>
  );
}
