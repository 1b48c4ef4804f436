/**
 * The history of one resource (an area, a planner…): its changes newest first (who, when, what), older pages on
 * demand, each as it was then, and "undo last change" for the bureau — with Ctrl/⌘+Z when `undoShortcut` is set.
 * Undo sends the history's ETag back, so it undoes the change on screen; a 409 (a later change depends on it) is told
 * in words, naming that change. Reads again whenever the workspace's data changes.
 */
import { useEffect, useRef, useState } from "react";
import { toApiProblem } from "../../../api/api-problem.ts";
import { getAsOf, getHistory, undoLastChange, type AuditChange, type AuditResource, type LaterChange } from "../../../api/audit.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { useKeyedAnswer } from "../../../features/resource/use-resource.ts";
import { addMessages } from "../../../lib/i18n.ts";
import { useWorkspace } from "../workspace-context.tsx";
import { actorName, describeChange, formatChangeTime, summarizeChange, type DescribeOptions } from "./describe-change.ts";
import { HISTORY_EN, HISTORY_ZH } from "./history-messages.ts";
import "./history-panel.css";

addMessages(HISTORY_ZH, HISTORY_EN);

const PAGE_SIZE = 20;

interface HistoryPanelProps extends DescribeOptions {
  resource: AuditResource;
  id: number;
  /** Ctrl/⌘+Z (outside text fields and dialogs) undoes the last change, as the button does. */
  undoShortcut?: boolean;
}

/** True when a key press belongs to a text field, a list box or an open dialog, which keep their own Ctrl+Z. */
function keepsItsOwnUndo(target: EventTarget | null): boolean {
  if (document.querySelector("dialog[open]")) return true;
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

export function HistoryPanel({ resource, id, undoShortcut = false, memberName, fieldLabel }: HistoryPanelProps) {
  const { t } = useLanguage();
  const { canEdit, dataVersion, dataChanged, notify } = useWorkspace();
  const key = `${resource}:${id}:${dataVersion}`;
  const { current, last, retry } = useKeyedAnswer(key, (signal) => getHistory(resource, id, { limit: PAGE_SIZE }, signal));
  const [older, setOlder] = useState<{ key: string; changes: AuditChange[]; nextBefore: number | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const options: DescribeOptions = { ...(memberName ? { memberName } : {}), ...(fieldLabel ? { fieldLabel } : {}) };

  // Undo needs the page read for this key (its ETag); the list keeps the last page of this resource while it reloads.
  const firstPage = current?.ok ? current.data : null;
  const shownPage = firstPage ?? (last && last.data.data.resource === resource && last.data.data.id === id ? last.data : null);
  const morePages = older?.key === key ? older : null;
  const changes = [...(shownPage?.data.changes ?? []), ...(morePages?.changes ?? [])];
  const nextBefore = morePages ? morePages.nextBefore : (firstPage?.data.nextBefore ?? null);
  const latest = firstPage?.data.changes[0];
  const shownLatest = shownPage?.data.changes[0];
  const describe = (change: AuditChange) => describeChange(summarizeChange(change, resource), t, options);

  const loadOlder = async () => {
    if (nextBefore === null) return;
    try {
      const page = await getHistory(resource, id, { limit: PAGE_SIZE, before: nextBefore });
      setOlder({ key, changes: [...(morePages?.changes ?? []), ...page.data.changes], nextBefore: page.data.nextBefore });
    } catch (error) {
      setMessage(t("workspace.loadFailed", { title: toApiProblem(error).detail ?? toApiProblem(error).title }));
    }
  };

  const undo = async () => {
    const etag = firstPage?.etag;
    if (!etag || !latest || busy) return;
    setBusy(true);
    setMessage(null);
    const what = `${actorName(latest.actor)} ${formatChangeTime(latest.changedAt)}: ${describe(latest)}`;
    try {
      await undoLastChange(resource, id, etag);
      notify(t("workspace.history.undone", { what }));
      dataChanged();
    } catch (error) {
      const problem = toApiProblem(error);
      const later = problem.body.laterChange as LaterChange | undefined;
      if (problem.status === 409 && later) {
        setMessage(
          t("workspace.history.undoBlocked", {
            actor: actorName(later.actor),
            time: formatChangeTime(later.changedAt),
            record: `${later.resource ?? later.table} ${later.key}`,
          }),
        );
      } else if (problem.status === 412) {
        setMessage(t("workspace.history.undoMoved"));
        retry();
      } else {
        setMessage(t("workspace.history.undoRefused", { detail: problem.detail ?? problem.title }));
      }
    } finally {
      setBusy(false);
    }
  };

  // The shortcut's listener stays put; it calls the undo of the latest render.
  const undoRef = useRef(undo);
  useEffect(() => {
    undoRef.current = undo;
  });
  const shortcut = undoShortcut && canEdit;
  useEffect(() => {
    if (!shortcut) return;
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.shiftKey || event.altKey || event.key.toLowerCase() !== "z") return;
      if (keepsItsOwnUndo(event.target)) return;
      event.preventDefault();
      void undoRef.current();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [shortcut]);

  const noHistory = current !== null && !current.ok && current.problem.status === 404;
  return (
    <section className="history-panel" aria-labelledby={`history-${resource}-${id}`} data-testid="history-panel">
      <h3 id={`history-${resource}-${id}`}>{t("workspace.history.heading")}</h3>
      {canEdit && shownLatest && (
        <p className="history-undo">
          <button type="button" onClick={() => void undo()} disabled={busy || !latest} data-testid="history:undo" aria-keyshortcuts={shortcut ? "Control+Z Meta+Z" : undefined}>
            {busy ? t("workspace.history.undoing") : t("workspace.history.undo")}
          </button>
          {shortcut && <span className="history-hint"> {t("workspace.history.undoHint")}</span>}
        </p>
      )}
      {message && (
        <p role="alert" className="history-message" data-testid="history:message">
          {message}
        </p>
      )}
      {current === null && !shownPage && <p>{t("workspace.loading")}</p>}
      {noHistory && <p>{t("workspace.history.none")}</p>}
      {current !== null && !current.ok && !noHistory && (
        <p role="alert">{t("workspace.loadFailed", { title: current.problem.detail ?? current.problem.title })}</p>
      )}
      <ol className="history-changes" data-testid="history:changes">
        {changes.map((change) => (
          <HistoryItem key={change.id} change={change} what={describe(change)} resource={resource} id={id} />
        ))}
      </ol>
      {nextBefore !== null && (
        <button type="button" onClick={() => void loadOlder()}>
          {t("workspace.history.older")}
        </button>
      )}
    </section>
  );
}

function HistoryItem({ change, what, resource, id }: { change: AuditChange; what: string; resource: AuditResource; id: number }) {
  const { t } = useLanguage();
  const [then, setThen] = useState<string | null>(null);
  const showThen = async () => {
    try {
      const record = await getAsOf(resource, id, change.changedAt);
      const name = typeof record.record.name === "string" ? record.record.name : `${resource} ${id}`;
      const parts = [t("workspace.history.asOfRecord", { name })];
      if (record.members.length > 0) parts.push(t("workspace.history.asOfMembers", { count: record.members.length }));
      setThen(parts.join(t("workspace.history.separator")));
    } catch (error) {
      setThen(toApiProblem(error).detail ?? toApiProblem(error).title);
    }
  };
  return (
    <li data-change-id={change.id}>
      <span className="history-who">{t("workspace.history.change", { actor: actorName(change.actor), time: formatChangeTime(change.changedAt) })}</span>
      <span className="history-what" data-testid="history:what">
        {what}
      </span>
      {then === null ? (
        <button type="button" className="history-then" onClick={() => void showThen()}>
          {t("workspace.history.asOf")}
        </button>
      ) : (
        <span className="history-then">{then}</span>
      )}
    </li>
  );
}
