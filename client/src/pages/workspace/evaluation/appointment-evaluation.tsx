/**
 * One appointment of a round: who, which post and term, the figures in view (work records by kind, opinions and
 * median response times, both ratings) and the result; with the forms the signed-in role may use: a rating (the
 * bureau either direction, a planner the support received), pass | fail (bureau) and a pass's renewal.
 */
import { useState, type FormEvent } from "react";
import { toApiProblem, type ApiProblem } from "../../../api/api-problem.ts";
import { followRenew, putRating, recordResult, type RenewLink, type RoundAppointment } from "../../../api/evaluations.ts";
import type { WorkRecord } from "../../../api/work-records.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { jinchengToday } from "../../../lib/calendar-dates.ts";
import { useWorkspace } from "../workspace-context.tsx";

type Direction = "area_to_planner" | "planner_to_area";
const DIRECTIONS: readonly Direction[] = ["area_to_planner", "planner_to_area"];

interface Props {
  year: number;
  roundOpen: boolean;
  entry: RoundAppointment;
  renewLink: RenewLink | null;
  onRenewLink(link: RenewLink | null): void;
  onChanged(): void;
}

export function AppointmentEvaluation({ year, roundOpen, entry, renewLink, onRenewLink, onChanged }: Props) {
  const { t } = useLanguage();
  const { user, canEdit, asOf, notify, dataChanged } = useWorkspace();
  const { appointment, workRecords, opinions, ratings, result } = entry;
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const bureau = canEdit && roundOpen;
  const mayRate = (direction: Direction) => bureau || (user.role === "planner" && asOf === null && roundOpen && direction === "planner_to_area");
  const hours = (value: number | null) => (value === null ? t("workspace.evaluation.noHours") : t("workspace.evaluation.hours", { hours: value }));

  /** Runs a write; a refusal is said in words (a stale rating reads the round again). */
  const write = async (action: () => Promise<string>) => {
    setBusy(true);
    setProblem(null);
    try {
      notify(await action());
    } catch (error) {
      const refused = toApiProblem(error);
      setProblem(problemWords(refused, t));
      if (refused.status === 412 || refused.status === 409) onChanged();
    } finally {
      setBusy(false);
    }
  };

  const rate = (direction: Direction, score: number, comment: string) =>
    write(async () => {
      const current = direction === "area_to_planner" ? ratings.areaToPlanner : ratings.plannerToArea;
      await putRating(year, { appointmentId: appointment.id, direction, score, comment: comment.trim() || null }, current?.version ?? null);
      onChanged();
      return t("workspace.evaluation.ratingSaved", { planner: appointment.plannerName });
    });

  const decide = (verdict: "pass" | "fail", reason: string, effectiveFrom: string) =>
    write(async () => {
      const body = verdict === "fail" ? { appointmentId: appointment.id, result: verdict, reason: reason.trim(), effectiveFrom } : { appointmentId: appointment.id, result: verdict };
      const { data } = await recordResult(year, body);
      onRenewLink(data.renew);
      // A fail makes the post vacant: the area list and the map read again.
      dataChanged();
      return t("workspace.evaluation.recorded", { planner: appointment.plannerName, result: t(`workspace.evaluation.result.${verdict}`) });
    });

  const renew = (link: RenewLink) =>
    write(async () => {
      const { data } = await followRenew(link);
      onRenewLink(null);
      dataChanged();
      return t("workspace.evaluation.renewed", { planner: appointment.plannerName, years: data.contractYears ?? "" });
    });

  return (
    <li className="opinion-item" data-testid="evaluation:item" data-appointment-id={appointment.id} data-area-code={appointment.areaCode} data-status={appointment.status}>
      <p className="opinion-item__head">
        <strong>{appointment.plannerName}</strong> · {appointment.areaName}（{appointment.areaCode}） · {t(`workspace.posts.role.${appointment.role}`)}
      </p>
      <p className="opinion-item__meta">
        {t("workspace.evaluation.term", {
          from: appointment.validFrom,
          to: appointment.validTo ? t("workspace.evaluation.termTo", { to: appointment.validTo }) : "",
        })}
        {" · "}
        {t(`workspace.evaluation.status.${appointment.status}`)}
        {appointment.contractYears !== null && (
          <span data-testid="evaluation:contract-years" data-years={appointment.contractYears}>
            {" · "}
            {t("workspace.evaluation.contractYears", { years: appointment.contractYears })}
          </span>
        )}
      </p>
      <p className="opinion-item__meta">
        {t("workspace.evaluation.records", { total: workRecords.total })}
        {workRecords.byKind
          .filter((group) => group.records > 0)
          .map((group) => ` · ${t(`workspace.records.kind.${group.kind as WorkRecord["kind"]}`)} ${group.records}`)
          .join("")}
      </p>
      <p className="opinion-item__meta">
        {t("workspace.evaluation.opinions", {
          received: opinions.received,
          acknowledged: opinions.acknowledged,
          answered: opinions.answered,
          ack: hours(opinions.medianHoursToAcknowledge),
          answer: hours(opinions.medianHoursToAnswer),
        })}
      </p>
      {DIRECTIONS.map((direction) => {
        const rating = direction === "area_to_planner" ? ratings.areaToPlanner : ratings.plannerToArea;
        return (
          <div key={direction} data-testid={`evaluation:rating-${direction}`}>
            <p className="opinion-item__meta">
              {t(`workspace.evaluation.rating.${direction}`)}:{" "}
              {rating?.score != null ? t("workspace.evaluation.rating.value", { score: rating.score }) : t("workspace.evaluation.rating.none")}
              {rating?.comment ? ` · ${rating.comment}` : ""}
            </p>
            {mayRate(direction) && <RatingForm busy={busy} initial={rating?.score ?? null} onSave={(score, comment) => rate(direction, score, comment)} />}
          </div>
        );
      })}
      {result ? (
        <p className="opinion-item__answer" data-testid="evaluation:result" data-result={result.result}>
          {t("workspace.evaluation.resultShown", { result: t(`workspace.evaluation.result.${result.result}`), decidedOn: result.decidedOn })}
          {result.effectiveFrom && t("workspace.evaluation.failFrom", { date: result.effectiveFrom })}
          {result.comment ? ` · ${result.comment}` : ""}
        </p>
      ) : (
        bureau && <ResultForm busy={busy} onDecide={decide} />
      )}
      {renewLink && canEdit && (
        <button type="button" disabled={busy} onClick={() => renew(renewLink)} data-testid="evaluation:renew">
          {t("workspace.evaluation.renew")}
        </button>
      )}
      {busy && <p aria-live="polite">{t("workspace.evaluation.busy")}</p>}
      {problem && (
        <p role="alert" className="opinions-problem">
          {problem}
        </p>
      )}
    </li>
  );
}

function problemWords(refused: ApiProblem, t: ReturnType<typeof useLanguage>["t"]): string {
  const detail = refused.detail ?? refused.title;
  if (refused.status === 409) return t("workspace.evaluation.conflict", { detail });
  if (refused.status === 422 || refused.status === 400) return t("workspace.evaluation.invalid", { detail });
  if (refused.status === 412) return t("workspace.evaluation.stale");
  if (refused.status === 403) return t("workspace.evaluation.forbidden");
  return t("workspace.evaluation.failed", { detail });
}

function RatingForm({ busy, initial, onSave }: { busy: boolean; initial: number | null; onSave(score: number, comment: string): void }) {
  const { t } = useLanguage();
  const [score, setScore] = useState(initial === null ? "" : String(initial));
  const [comment, setComment] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave(Number(score), comment);
  };
  return (
    <form className="opinion-item__form" onSubmit={submit}>
      <label>
        {t("workspace.evaluation.score")}
        <input type="number" min={0} max={100} step={0.01} value={score} onChange={(event) => setScore(event.target.value)} required />
      </label>
      <label>
        {t("workspace.evaluation.comment")}
        <input value={comment} onChange={(event) => setComment(event.target.value)} maxLength={1000} />
      </label>
      <button type="submit" disabled={busy || score === ""}>
        {t("workspace.evaluation.saveRating")}
      </button>
    </form>
  );
}

function ResultForm({ busy, onDecide }: { busy: boolean; onDecide(verdict: "pass" | "fail", reason: string, effectiveFrom: string): void }) {
  const { t } = useLanguage();
  const [verdict, setVerdict] = useState<"pass" | "fail">("pass");
  const [reason, setReason] = useState("");
  const [effectiveFrom, setEffectiveFrom] = useState(jinchengToday());
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onDecide(verdict, reason, effectiveFrom);
  };
  return (
    <form className="opinion-item__form" onSubmit={submit} data-testid="evaluation:result-form">
      <label>
        {t("workspace.evaluation.result")}
        <select value={verdict} onChange={(event) => setVerdict(event.target.value as "pass" | "fail")} data-testid="evaluation:verdict">
          <option value="pass">{t("workspace.evaluation.result.pass")}</option>
          <option value="fail">{t("workspace.evaluation.result.fail")}</option>
        </select>
      </label>
      {verdict === "fail" && (
        <>
          <label>
            {t("workspace.evaluation.reason")}
            <input value={reason} onChange={(event) => setReason(event.target.value)} maxLength={1000} required data-testid="evaluation:reason" />
          </label>
          <label>
            {t("workspace.evaluation.effectiveFrom")}
            <input type="date" value={effectiveFrom} onChange={(event) => setEffectiveFrom(event.target.value)} required data-testid="evaluation:effective-from" />
          </label>
          <p className="opinion-item__meta">{t("workspace.evaluation.failNote", { date: effectiveFrom })}</p>
        </>
      )}
      <button type="submit" disabled={busy || (verdict === "fail" && reason.trim() === "")} data-testid="evaluation:record">
        {t("workspace.evaluation.record")}
      </button>
    </form>
  );
}
