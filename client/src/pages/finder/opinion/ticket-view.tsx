/**
 * An opinion read by its ticket (/?ticket=…): its status with the time of each step, category, text, who received
 * it, the answer when there is one; its rounded place goes to the map (onPlace). A hidden opinion says only that, an
 * unknown ticket says so. A chunk of its own, loaded only for that address.
 */
import { useEffect, useState } from "react";
import { toApiProblem, type ApiProblem } from "../../../api/api-problem.ts";
import type { LonLat } from "../../../api/lookup.ts";
import { getPublicOpinion, type OpinionCategory, type PublicOpinion } from "../../../api/opinions.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { addMessages, HTML_LANG } from "../../../lib/i18n.ts";
import { OPINION_CATEGORIES, receiverText } from "./opinion-model.ts";
import { OPINION_EN, OPINION_ZH } from "./opinion-messages.ts";
import "./opinion.css";

addMessages(OPINION_ZH, OPINION_EN);

type VisibleOpinion = Extract<PublicOpinion, { hidden: false }>;
type ViewState = { status: "loading" } | { status: "success"; opinion: PublicOpinion } | { status: "error"; problem: ApiProblem };

const STEPS = ["received", "acknowledged", "answered", "closed"] as const;
const HEADING_ID = "opinion-view-heading";

/** Characters a ticket may hold as the API takes it (case and hyphens do not matter); anything else cannot be one. */
const TICKET_SHAPE = /^[0-9A-Za-z-]{6,24}$/;

function OpinionDetails({ opinion }: { opinion: VisibleOpinion }) {
  const { t, language } = useLanguage();
  // The steps' times in China time, whatever the visitor's clock says.
  const format = new Intl.DateTimeFormat(HTML_LANG[language], { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Shanghai" });
  const category = (OPINION_CATEGORIES as string[]).includes(opinion.category) ? t(`opinion.category.${opinion.category as OpinionCategory}`) : opinion.category;
  return (
    <>
      <p className="answer__where" data-testid="opinion-view:status" data-status={opinion.status}>
        {t("opinion.view.status")}：{t(`opinion.status.${opinion.status}`)} · {t("opinion.view.category")}：{category}
      </p>
      <ol className="opinion-steps" data-testid="opinion-view:steps">
        {STEPS.map((step) => {
          const time = opinion.times[step];
          return (
            <li key={step} className={time ? "opinion-steps__step is-done" : "opinion-steps__step"} data-step={step}>
              <span>{t(`opinion.step.${step}`)}</span> <time dateTime={time ?? undefined}>{time ? format.format(new Date(time)) : t("opinion.step.pending")}</time>
            </li>
          );
        })}
      </ol>
      <section className="answer-section">
        <h3 className="answer-section__heading">{t("opinion.view.text")}</h3>
        <p className="opinion-view__text" data-testid="opinion-view:text">
          {opinion.text}
        </p>
        <p className="answer-section__intro">{t("opinion.view.place", { lon: opinion.place.lon.toFixed(3), lat: opinion.place.lat.toFixed(3) })}</p>
        <p className="answer-section__intro" data-testid="opinion-view:received-by">
          {receiverText(t, opinion.receivedBy)}
        </p>
      </section>
      <section className="answer-section" data-testid="opinion-view:answer">
        <h3 className="answer-section__heading">{t("opinion.view.answer")}</h3>
        <p className="opinion-view__text">{opinion.answer ?? t("opinion.view.noAnswer")}</p>
      </section>
    </>
  );
}

interface TicketViewProps {
  ticket: string;
  /** The opinion's place (rounded to about 100 m), for the map's pin. */
  onPlace(place: LonLat): void;
  onClose(): void;
}

export function TicketView({ ticket, onPlace, onClose }: TicketViewProps) {
  const { t } = useLanguage();
  const typed = ticket.replace(/\s/g, "");
  const [state, setState] = useState<ViewState>({ status: "loading" });

  useEffect(() => {
    if (!TICKET_SHAPE.test(typed)) {
      setState({ status: "error", problem: toApiProblem(new Error("not a ticket")) });
      return;
    }
    const controller = new AbortController();
    setState({ status: "loading" });
    getPublicOpinion(typed, controller.signal).then(
      (opinion) => {
        if (controller.signal.aborted) return;
        setState({ status: "success", opinion });
        if (!opinion.hidden) onPlace(opinion.place);
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: "error", problem: toApiProblem(error) });
      },
    );
    return () => controller.abort();
  }, [typed, onPlace]);

  const unknown = state.status === "error" && (state.problem.status === 404 || state.problem.status === 400 || !TICKET_SHAPE.test(typed));
  return (
    <section className="answer" aria-labelledby={HEADING_ID} aria-busy={state.status === "loading"} data-testid="opinion-view" data-status={state.status}>
      <h2 id={HEADING_ID} className="answer__title">
        {t("opinion.view.heading", { ticket: state.status === "success" ? state.opinion.ticket : typed })}
      </h2>
      {state.status === "loading" ? <p className="answer__intro">{t("opinion.view.loading")}</p> : null}
      {unknown ? (
        <p className="answer__intro" role="alert" data-testid="opinion-view:unknown">
          {t("opinion.view.unknown", { ticket: typed })}
        </p>
      ) : state.status === "error" ? (
        <p className="answer__intro" role="alert" data-testid="opinion-view:failed">
          {t("opinion.view.failed", { title: state.problem.detail ?? state.problem.title })}
        </p>
      ) : null}
      {state.status === "success" && state.opinion.hidden ? (
        <p className="answer__intro" data-testid="opinion-view:hidden">
          {t("opinion.view.hidden")}
        </p>
      ) : null}
      {state.status === "success" && !state.opinion.hidden ? <OpinionDetails opinion={state.opinion} /> : null}
      <button type="button" className="finder-link-button" data-testid="opinion-view:close" onClick={onClose}>
        {t("opinion.view.close")}
      </button>
    </section>
  );
}
