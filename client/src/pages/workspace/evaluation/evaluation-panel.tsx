/**
 * The evaluation tab (考核): the bureau picks a year, opens its round when there is none, and sees every appointment
 * in force that year with its figures; it enters the unit's rating of its planner and records pass | fail (a fail
 * makes the post vacant from a date; a pass offers the renewal), and closes the round once confirmed, after which
 * it is read-only for everyone. Leaders read it; a planner sees their own appointments and rates the support
 * received. The server is the guard either way.
 */
import { useState } from "react";
import { toApiProblem } from "../../../api/api-problem.ts";
import { closeRound, getRound, openRound, type RenewLink } from "../../../api/evaluations.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { useResource } from "../../../features/resource/use-resource.ts";
import { jinchengToday } from "../../../lib/calendar-dates.ts";
import { addMessages } from "../../../lib/i18n.ts";
import { useWorkspace } from "../workspace-context.tsx";
import { AppointmentEvaluation } from "./appointment-evaluation.tsx";
import { EVALUATION_EN, EVALUATION_ZH } from "./evaluation-messages.ts";
import "../opinions/opinions.css";

addMessages(EVALUATION_ZH, EVALUATION_EN);

const FIRST_YEAR = 2021;

export function EvaluationPanel() {
  const { t } = useLanguage();
  const { user, canEdit, dataVersion, notify } = useWorkspace();
  const thisYear = Number(jinchengToday().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [reload, setReload] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  // The year whose close awaits confirmation; another year chosen meanwhile asks again.
  const [confirmingClose, setConfirmingClose] = useState<number | null>(null);
  const [closing, setClosing] = useState(false);
  // A pass's renew link lives only in the answer to the result: kept here across the reads that follow it.
  const [renewLinks, setRenewLinks] = useState<ReadonlyMap<number, RenewLink>>(new Map());
  const round = useResource(`evaluation:${year}:${dataVersion}:${reload}`, (signal) => getRound(year, signal));
  const notOpened = round.status === "error" && round.problem.status === 404;

  const open = async () => {
    setProblem(null);
    try {
      await openRound(year);
      notify(t("workspace.evaluation.opened", { year }));
      setReload((value) => value + 1);
    } catch (error) {
      const refused = toApiProblem(error);
      setProblem(t("workspace.evaluation.failed", { detail: refused.detail ?? refused.title }));
    }
  };
  const close = async (version: number) => {
    setProblem(null);
    setClosing(true);
    try {
      await closeRound(year, version);
      notify(t("workspace.evaluation.closed", { year }));
    } catch (error) {
      const refused = toApiProblem(error);
      setProblem(
        refused.status === 412 ? t("workspace.evaluation.closeStale") : t("workspace.evaluation.failed", { detail: refused.detail ?? refused.title }),
      );
    } finally {
      setClosing(false);
      setConfirmingClose(null);
      // Closed, or changed by someone else: either way the round is read again.
      setReload((value) => value + 1);
    }
  };
  const setRenewLink = (appointmentId: number, link: RenewLink | null) =>
    setRenewLinks((links) => {
      const next = new Map(links);
      if (link) next.set(appointmentId, link);
      else next.delete(appointmentId);
      return next;
    });

  return (
    <section className="opinions-panel" aria-labelledby="evaluation-heading" data-testid="evaluation-panel">
      <h2 id="evaluation-heading">{t("workspace.evaluation.heading")}</h2>
      <p>{t(`workspace.evaluation.intro.${user.role === "planner" ? "planner" : user.role === "bureau" ? "bureau" : "leader"}`)}</p>
      <div className="opinions-filters">
        <label>
          {t("workspace.evaluation.year")}
          <select value={year} onChange={(event) => setYear(Number(event.target.value))} data-testid="evaluation:year">
            {Array.from({ length: thisYear + 1 - FIRST_YEAR }, (_, index) => thisYear - index).map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
      </div>
      {round.status === "loading" && <p>{t("workspace.evaluation.loading")}</p>}
      {notOpened && (
        <p>
          {t("workspace.evaluation.noRound", { year })}{" "}
          {user.role === "bureau" && (
            <button type="button" onClick={open} data-testid="evaluation:open">
              {t("workspace.evaluation.open", { year })}
            </button>
          )}
        </p>
      )}
      {round.status === "error" && !notOpened && (
        <p role="alert" className="opinions-problem">
          {t("workspace.evaluation.loadFailed", { detail: round.problem.detail ?? round.problem.title })}
        </p>
      )}
      {problem && (
        <p role="alert" className="opinions-problem">
          {problem}
        </p>
      )}
      {round.status === "success" && (
        <>
          <p data-testid="evaluation:round" data-status={round.data.status}>
            {t("workspace.evaluation.round", {
              openedOn: round.data.openedOn,
              closesOn: round.data.closesOn,
              status: t(`workspace.evaluation.roundStatus.${round.data.status}`),
            })}
          </p>
          {round.data.status === "closed" && (
            <p className="opinion-item__meta" data-testid="evaluation:closed">
              {t("workspace.evaluation.closedNote")}
            </p>
          )}
          {round.data.status === "open" && canEdit && (
            <div className="opinion-item__form" data-testid="evaluation:close-group">
              {confirmingClose === year ? (
                <div role="group" aria-live="polite">
                  <p>{t("workspace.evaluation.closeConfirm", { year })}</p>
                  <button type="button" disabled={closing} onClick={() => void close(round.data.version)} data-testid="evaluation:close-confirm">
                    {t("workspace.evaluation.closeConfirmSubmit")}
                  </button>{" "}
                  <button type="button" disabled={closing} onClick={() => setConfirmingClose(null)} data-testid="evaluation:close-cancel">
                    {t("workspace.evaluation.closeCancel")}
                  </button>
                </div>
              ) : (
                <button type="button" onClick={() => setConfirmingClose(year)} data-testid="evaluation:close">
                  {t("workspace.evaluation.close", { year })}
                </button>
              )}
            </div>
          )}
          {round.data.appointments.length === 0 ? (
            <p>{t("workspace.evaluation.none")}</p>
          ) : (
            <>
              <p>{t("workspace.evaluation.count", { count: round.data.appointments.length })}</p>
              <ul className="opinions-list" data-testid="evaluation:list">
                {round.data.appointments.map((entry) => (
                  <AppointmentEvaluation
                    key={`${entry.appointment.id}:${entry.appointment.version}`}
                    year={year}
                    roundOpen={round.data.status === "open"}
                    entry={entry}
                    renewLink={renewLinks.get(entry.appointment.id) ?? null}
                    onRenewLink={(link) => setRenewLink(entry.appointment.id, link)}
                    onChanged={() => setReload((value) => value + 1)}
                  />
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}
