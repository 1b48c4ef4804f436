/**
 * A pending import's preview in words: per file its format and the coordinate system found (and how); the summary;
 * what each record matched (by code or name), or why not; proposed repairs with the area before and after and whether
 * they are applied; warnings; and the problems that forbid the commit. Record lists are cut at RECORDS_SHOWN per group
 * so that a file of many thousand features leaves the page responsive (the map shows them all).
 */
import type { ImportPreview, ImportRecord } from "../../../api/imports.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import type { MessageKey } from "../../../lib/i18n.ts";

const RECORDS_SHOWN = 200;
/** Groups in the order they are listed: what blocks or is left out first. */
const GROUPS = ["unmatched", "refused", "skipped", "matched"] as const;
const HOWS = new Set(["prj", "crs", "inferred", "given", "assumed"]);

const km2 = (value: number) => value.toLocaleString(undefined, { maximumFractionDigits: 2 });

function RecordItem({ record }: { record: ImportRecord }) {
  const { t } = useLanguage();
  const { division, repair } = record;
  return (
    <li data-testid="import:record" data-status={record.status} data-division-code={division?.code}>
      <span className="import-record-name">
        {record.file} · {record.record}
      </span>
      {division && (
        <span className="import-record-match">
          {" → "}
          {division.name} <span className="area-code">{division.code}</span>
          {record.by && ` · ${t(`workspace.import.by.${record.by}`)}`}
          {record.target && ` · ${t(`workspace.import.target.${record.target}`)}`}
        </span>
      )}
      {record.reason && <span className="import-record-reason">{record.reason}</span>}
      {repair && (
        <span className="import-record-repair" data-testid="import:repair" data-applied={repair.applied}>
          {t("workspace.import.repairProposal", { problem: repair.problem, parts: repair.parts, after: km2(repair.km2), before: km2(repair.coveredKm2) })}
          {" · "}
          {t(repair.applied ? "workspace.import.repairApplied" : "workspace.import.repairNotApplied")}
        </span>
      )}
    </li>
  );
}

/** The server's problems or warnings, as it wrote them (the same text may come twice: keyed by place). */
function Notes({ kind, heading, notes }: { kind: "problems" | "warnings"; heading: string; notes: readonly string[] }) {
  return (
    <section className={`import-${kind}`} data-testid={`import:${kind}`}>
      <h4>{heading}</h4>
      <ul>
        {notes.map((note, index) => (
          <li key={index}>{note}</li>
        ))}
      </ul>
    </section>
  );
}

export function PreviewDetails({ preview }: { preview: ImportPreview }) {
  const { t, language } = useLanguage();
  const { summary } = preview;
  const expires = new Date(preview.expiresAt).toLocaleString(language === "zh" ? "zh-CN" : "en", { dateStyle: "short", timeStyle: "short" });
  return (
    <>
      <h3>
        {t("workspace.import.previewHeading", { id: preview.id })}{" "}
        <span className="import-status" data-testid="import:status" data-status={preview.status}>
          {t(`workspace.import.status.${preview.status}`)}
        </span>
      </h3>
      {preview.status === "pending" && <p className="import-expires">{t("workspace.import.expires", { time: expires })}</p>}
      <table className="import-files">
        <caption>{t("workspace.import.files")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("workspace.import.file")}</th>
            <th scope="col">{t("workspace.import.records")}</th>
            <th scope="col">{t("workspace.import.system")}</th>
          </tr>
        </thead>
        <tbody>
          {preview.files.map((file) => (
            <tr key={file.name} data-testid="import:file">
              <td>
                {file.name}
                <br />
                <span className="area-code">{file.format}</span>
              </td>
              <td>{file.records}</td>
              <td data-testid="import:file-coordinates" data-how={file.coordinates.how}>
                {file.coordinates.system}
                <br />
                <span className="area-code">
                  {HOWS.has(file.coordinates.how) ? t(`workspace.import.how.${file.coordinates.how}` as MessageKey) : file.coordinates.how}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {preview.ignored.length > 0 && <p>{t("workspace.import.ignored", { names: preview.ignored.join("、") })}</p>}
      <p data-testid="import:summary">
        {t("workspace.import.summary", {
          records: summary.records,
          byCode: summary.matchedByCode,
          byName: summary.matchedByName,
          boundaries: summary.boundaries,
          seats: summary.seats,
          unmatched: summary.unmatched,
          skipped: summary.skipped,
          refused: summary.refused,
          repairs: summary.repairs,
        })}
      </p>
      {preview.problems.length > 0 ? (
        <Notes kind="problems" heading={t("workspace.import.problems")} notes={preview.problems} />
      ) : (
        preview.status === "pending" && <p data-testid="import:can-commit">{t("workspace.import.canCommit")}</p>
      )}
      {preview.warnings.length > 0 && <Notes kind="warnings" heading={t("workspace.import.warnings")} notes={preview.warnings} />}
      {GROUPS.map((status) => {
        const records = preview.records.filter((record) => record.status === status);
        if (records.length === 0) return null;
        return (
          <details key={status} className="import-records" data-testid={`import:records-${status}`} open={status !== "matched" || records.length <= 20}>
            <summary>{t(`workspace.import.group.${status}`, { count: records.length })}</summary>
            <ul>
              {records.slice(0, RECORDS_SHOWN).map((record) => (
                <RecordItem key={`${record.file}\u0000${record.record}`} record={record} />
              ))}
            </ul>
            {records.length > RECORDS_SHOWN && <p>{t("workspace.import.more", { count: records.length - RECORDS_SHOWN })}</p>}
          </details>
        );
      })}
    </>
  );
}
