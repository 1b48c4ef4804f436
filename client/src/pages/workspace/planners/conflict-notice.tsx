/**
 * What a 412 shows: who changed the record since it was read, when and which fields (the latest change in the audit
 * log), the record's values now beside the editor's, and the two ways on: keep theirs, or apply mine on top of theirs
 * (sent again with the new version). Nothing is overwritten without one of these choices.
 */
import { getHistory, type AuditResource } from "../../../api/audit.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { useResource } from "../../../features/resource/use-resource.ts";
import { addMessages } from "../../../lib/i18n.ts";
import { actorName, describeChange, formatChangeTime, summarizeChange, type ChangeSummary } from "../history/describe-change.ts";
import { HISTORY_EN, HISTORY_ZH } from "../history/history-messages.ts";
import { ConflictChoices } from "../history/conflict-choices.tsx";

// describeChange speaks in the history's words.
addMessages(HISTORY_ZH, HISTORY_EN);

/** One field the editor changed: its label, its value now and the editor's, as text. */
export interface Difference {
  field: string;
  theirs: string;
  mine: string;
}

interface ConflictNoticeProps {
  resource: AuditResource;
  id: number;
  /** The version the record is at now: the notice reads the change that made it. */
  version: number;
  differences: Difference[];
  /** Names of the record's fields (camelCase, as the log gives them) in the page's words. */
  fieldLabel(field: string): string;
  busy: boolean;
  onKeepTheirs(): void;
  onApplyMine(): void;
}

/** The summary with its fields named in the page's words (describeChange knows only the area's fields). */
function labelled(summary: ChangeSummary, fieldLabel: (field: string) => string): ChangeSummary {
  return { ...summary, fields: summary.fields.map(fieldLabel) };
}

export function ConflictNotice({ resource, id, version, differences, fieldLabel, busy, onKeepTheirs, onApplyMine }: ConflictNoticeProps) {
  const { t } = useLanguage();
  const latest = useResource(`conflict:${resource}:${id}:${version}`, async (signal) => (await getHistory(resource, id, { limit: 1 }, signal)).data.changes[0]);
  const change = latest.status === "success" ? latest.data : undefined;
  return (
    <div className="conflict-notice" role="alert" data-testid="conflict-notice">
      <h4>{t("workspace.planners.conflict.heading")}</h4>
      <p data-testid="conflict-notice:who">
        {change
          ? t("workspace.planners.conflict.who", {
              who: actorName(change.actor),
              when: formatChangeTime(change.changedAt),
              what: describeChange(labelled(summarizeChange(change, resource), fieldLabel), t),
            })
          : t("workspace.planners.conflict.unknown")}
      </p>
      {differences.length > 0 && (
        <table className="conflict-notice__table">
          <thead>
            <tr>
              <th scope="col">{t("workspace.planners.conflict.field")}</th>
              <th scope="col">{t("workspace.planners.conflict.theirs")}</th>
              <th scope="col">{t("workspace.planners.conflict.mine")}</th>
            </tr>
          </thead>
          <tbody>
            {differences.map((difference) => (
              <tr key={difference.field}>
                <th scope="row">{difference.field}</th>
                <td>{difference.theirs}</td>
                <td>{difference.mine}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ConflictChoices
        className="planners-actions"
        testId="conflict-notice"
        keepTheirs={t("workspace.planners.conflict.keepTheirs")}
        applyMine={t("workspace.planners.conflict.applyMine")}
        busy={busy}
        onKeepTheirs={onKeepTheirs}
        onApplyMine={onApplyMine}
      />
    </div>
  );
}
