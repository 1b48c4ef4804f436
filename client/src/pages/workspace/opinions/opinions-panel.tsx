/**
 * The opinions tab (意见): the public opinions a planner received (bureau and leaders: all, filtered by status and
 * county), each with its category, text, place (shown on the map), photos, the submitter's contact when given (staff
 * only), status and times. The planner it is routed to and the bureau acknowledge, answer and close; the bureau hides
 * abusive ones with a reason (audited). Leaders read only. The server is the guard either way.
 */
import { useState, type FormEvent } from "react";
import type { OpinionCategory } from "@contracts/opinions.ts";
import { toApiProblem } from "../../../api/api-problem.ts";
import { advanceOpinion, answerOpinion, hideOpinion, listOpinions, type OpinionRecord, type OpinionStatus } from "../../../api/opinions-staff.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { useResource } from "../../../features/resource/use-resource.ts";
import { addMessages } from "../../../lib/i18n.ts";
import { useWorkspace } from "../workspace-context.tsx";
import { OPINIONS_EN, OPINIONS_ZH } from "./opinion-messages.ts";
import { PhotoStrip } from "./photo-strip.tsx";
import { formatInstant, showPlace } from "./staff-format.ts";
import "./opinions.css";

addMessages(OPINIONS_ZH, OPINIONS_EN);

const STATUSES: readonly OpinionStatus[] = ["new", "acknowledged", "answered", "closed"];
type Step = "acknowledge" | "answer" | "close" | "hide";

export function OpinionsPanel() {
  const { t } = useLanguage();
  const { user, dataVersion } = useWorkspace();
  const seesAll = user.role !== "planner";
  const [status, setStatus] = useState<OpinionStatus | "">("");
  const [county, setCounty] = useState("");
  const countyFilter = /^[0-9]{6}$/.test(county) ? county : undefined;
  const [reload, setReload] = useState(0);
  const opinions = useResource(`opinions:${status}:${countyFilter ?? ""}:${dataVersion}:${reload}`, (signal) =>
    listOpinions({ ...(status ? { status } : {}), ...(countyFilter ? { county: countyFilter } : {}) }, signal),
  );

  return (
    <section className="opinions-panel" aria-labelledby="opinions-heading" data-testid="opinions-panel">
      <h2 id="opinions-heading">{t("workspace.opinions.heading")}</h2>
      <p>{t(seesAll ? "workspace.opinions.intro.all" : "workspace.opinions.intro.planner")}</p>
      <div className="opinions-filters">
        <label>
          {t("workspace.opinions.status")}
          <select value={status} onChange={(event) => setStatus(event.target.value as OpinionStatus | "")} data-testid="opinions:status-filter">
            <option value="">{t("workspace.opinions.any")}</option>
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(`workspace.opinions.status.${value}`)}
              </option>
            ))}
          </select>
        </label>
        {seesAll && (
          <label>
            {t("workspace.opinions.county")}
            <input value={county} onChange={(event) => setCounty(event.target.value.trim())} inputMode="numeric" maxLength={6} placeholder="140502" />
          </label>
        )}
      </div>
      {opinions.status === "loading" && <p>{t("workspace.opinions.loading")}</p>}
      {opinions.status === "error" && (
        <p role="alert" className="opinions-problem">
          {t("workspace.opinions.loadFailed", { detail: opinions.problem.detail ?? opinions.problem.title })}
        </p>
      )}
      {opinions.status === "success" &&
        (opinions.data.length === 0 ? (
          <p>{t("workspace.opinions.none")}</p>
        ) : (
          <>
            <p>{t("workspace.opinions.count", { count: opinions.data.length })}</p>
            <ul className="opinions-list" data-testid="opinions:list">
              {opinions.data.map((opinion) => (
                <OpinionItem key={`${opinion.id}:${opinion.version}`} opinion={opinion} onChanged={() => setReload((value) => value + 1)} />
              ))}
            </ul>
          </>
        ))}
    </section>
  );
}

function OpinionItem({ opinion, onChanged }: { opinion: OpinionRecord; onChanged(): void }) {
  const { t, language } = useLanguage();
  const workspace = useWorkspace();
  const { user, notify } = workspace;
  // The planner sees only their own opinions; the bureau may act on any. The server refuses anything else.
  const canAct = user.role === "planner" || user.role === "bureau";
  const [answer, setAnswer] = useState("");
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const when = (instant: string) => formatInstant(instant, language);
  const statusWord = (status: string) => t(`workspace.opinions.status.${status as OpinionStatus}`);

  const act = async (step: Step, event?: FormEvent) => {
    event?.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      if (step === "answer") await answerOpinion(opinion.ticket, answer.trim());
      else if (step === "hide") await hideOpinion(opinion.ticket, reason.trim());
      else await advanceOpinion(opinion.ticket, step);
      notify(t(`workspace.opinions.done.${step}`, { ticket: opinion.ticket }));
      // Opinions are not on the workspace's map: only this list reads again (no dataChanged).
      onChanged();
    } catch (error) {
      const refused = toApiProblem(error);
      if (refused.type.endsWith("/opinion-status-conflict")) {
        const now = typeof refused.body.opinionStatus === "string" ? refused.body.opinionStatus : opinion.status;
        setProblem(t("workspace.opinions.outOfOrder", { status: statusWord(now) }));
        onChanged();
      } else if (refused.status === 403) setProblem(t("workspace.opinions.notYours"));
      else if (step === "hide" && refused.status === 409) setProblem(t("workspace.opinions.hiddenAlready"));
      else setProblem(t("workspace.opinions.failed", { detail: refused.detail ?? refused.title }));
    } finally {
      setBusy(false);
    }
  };

  const open = opinion.status === "new" || opinion.status === "acknowledged";
  return (
    <li className="opinion-item" data-testid="opinions:item" data-ticket={opinion.ticket} data-status={opinion.status}>
      <p className="opinion-item__head">
        <strong>{opinion.category ? t(`workspace.opinions.category.${opinion.category as OpinionCategory}`) : ""}</strong>
        {" · "}
        <span className="opinion-item__status">{statusWord(opinion.status)}</span>
        {" · "}
        <span>{t("workspace.opinions.ticket", { ticket: opinion.ticket })}</span>
      </p>
      <p className="opinion-item__text">{opinion.text}</p>
      <p className="opinion-item__meta">
        {t("workspace.opinions.receivedBy", { name: opinion.plannerName ?? t("workspace.opinions.bureau") })}
        {opinion.area && ` · ${t("workspace.opinions.area", { area: opinion.area.name })}`}
      </p>
      <p className="opinion-item__meta">
        {[
          t("workspace.opinions.times", { received: when(opinion.createdAt) }),
          opinion.acknowledgedAt && t("workspace.opinions.acknowledgedAt", { time: when(opinion.acknowledgedAt) }),
          opinion.answeredAt && t("workspace.opinions.answeredAt", { time: when(opinion.answeredAt) }),
          opinion.closedAt && t("workspace.opinions.closedAt", { time: when(opinion.closedAt) }),
        ]
          .filter(Boolean)
          .join(" · ")}
      </p>
      {opinion.contact && (
        <p className="opinion-item__contact" data-testid="opinions:contact">
          {t("workspace.opinions.contact", { contact: opinion.contact })} <small>{t("workspace.opinions.contactNote")}</small>
        </p>
      )}
      {opinion.answer && <p className="opinion-item__answer" data-testid="opinions:answer">{t("workspace.opinions.answer", { answer: opinion.answer })}</p>}
      {opinion.hidden && <p className="opinion-item__hidden">{t("workspace.opinions.hidden", { reason: opinion.hiddenReason ?? "" })}</p>}
      <PhotoStrip photos={opinion.photos} />
      <div className="opinion-item__actions">
        <button type="button" onClick={() => showPlace(workspace, [opinion.lon, opinion.lat])}>
          {t("workspace.opinions.showOnMap")}
        </button>
        {canAct && opinion.status === "new" && (
          <button type="button" disabled={busy} onClick={() => act("acknowledge")}>
            {t("workspace.opinions.acknowledge")}
          </button>
        )}
        {canAct && opinion.status !== "closed" && (
          <button type="button" disabled={busy} onClick={() => act("close")}>
            {t("workspace.opinions.close")}
          </button>
        )}
      </div>
      {canAct && open && (
        <form className="opinion-item__form" onSubmit={(event) => act("answer", event)}>
          <label>
            {t("workspace.opinions.answerText")}
            <textarea value={answer} onChange={(event) => setAnswer(event.target.value)} maxLength={2000} rows={3} required />
          </label>
          <button type="submit" disabled={busy || answer.trim() === ""}>
            {t("workspace.opinions.sendAnswer")}
          </button>
        </form>
      )}
      {user.role === "bureau" && !opinion.hidden && (
        <form className="opinion-item__form" onSubmit={(event) => act("hide", event)}>
          <label>
            {t("workspace.opinions.hideReason")}
            <input value={reason} onChange={(event) => setReason(event.target.value)} maxLength={500} required />
          </label>
          <button type="submit" disabled={busy || reason.trim() === ""}>
            {t("workspace.opinions.hide")}
          </button>
        </form>
      )}
      {busy && <p aria-live="polite">{t("workspace.opinions.busy")}</p>}
      {problem && (
        <p role="alert" className="opinions-problem">
          {problem}
        </p>
      )}
    </li>
  );
}
