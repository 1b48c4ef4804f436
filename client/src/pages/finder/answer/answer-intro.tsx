/**
 * The answer panel before any question, and while the first answer's code is on its way: small, in the main bundle,
 * so the page shows its invitation at once while the panel proper loads after the first map frame.
 */
import { useState } from "react";
import { WIDE_LAYOUT_QUERY } from "../../../lib/layout.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { ANSWER_HEADING_ID } from "./answer-summary.ts";

/** What a unit planner does for residents, in a few lines (after the plan, section 二(二)). */
export function AboutUnitPlanners({ open = false }: { open?: boolean }) {
  const { t } = useLanguage();
  return (
    <details className="about" open={open} data-testid="answer:about">
      <summary>{t("finder.about.heading")}</summary>
      <p>{t("finder.about.unitPlanner")}</p>
    </details>
  );
}

/** The invitation: tap, locate or search, and what a responsible planner is for. */
export function AnswerIntro() {
  const { t } = useLanguage();
  // On a phone the intro is a sheet under the map: its longer text starts folded, leaving the map room.
  const [wide] = useState(() => typeof window.matchMedia !== "function" || window.matchMedia(WIDE_LAYOUT_QUERY).matches);
  return (
    <section className="answer" aria-labelledby={ANSWER_HEADING_ID} data-testid="answer" data-status="idle">
      <h2 id={ANSWER_HEADING_ID} className="answer__title">
        {t("finder.intro.heading")}
      </h2>
      <p className="answer__intro">{t("finder.intro.text")}</p>
      <AboutUnitPlanners open={wide} />
    </section>
  );
}

/** Shown while an answer (or the panel's code) loads. */
export function AnswerLoading() {
  const { t } = useLanguage();
  return (
    <section className="answer" aria-labelledby={ANSWER_HEADING_ID} aria-busy="true" data-testid="answer" data-status="loading">
      <h2 id={ANSWER_HEADING_ID} className="answer__title">
        {t("finder.answer.loading")}
      </h2>
      <p className="answer__loading" aria-hidden="true" />
    </section>
  );
}
