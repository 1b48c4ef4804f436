/**
 * What the page says about the current answer without loading the answer panel: the one sentence announced to screen
 * readers when an answer arrives, and whether an error means "outside Jincheng". Kept apart from the panel, which is a
 * chunk of its own loaded after the first map frame.
 */
import { OUTSIDE_JINCHENG_PROBLEM } from "../../../api/lookup.ts";
import type { Translate } from "../../../lib/i18n.ts";
import { UNIT_STATUS_KEYS } from "./place-names.ts";
import type { AnswerState } from "./use-answer.ts";

export const ANSWER_HEADING_ID = "answer-heading";

/** True for the problem the lookup answers for a point outside every county of Jincheng. */
export function isOutsideJincheng(state: AnswerState): boolean {
  return state.status === "error" && state.problem.status === 404 && state.problem.type === OUTSIDE_JINCHENG_PROBLEM;
}

/** One sentence for screen readers when an answer arrives; "" while there is nothing new to say. */
export function answerSummary(t: Translate, state: AnswerState): string {
  if (state.status === "idle" || state.status === "loading") return "";
  if (state.status === "error") return isOutsideJincheng(state) ? t("finder.outside.heading") : t("finder.error.heading");
  const { answer } = state;
  if (answer.kind === "planner") return t("finder.summary.planner", { name: answer.result.planner.name });
  if (answer.kind === "project") return answer.result.name;
  if (answer.kind === "chain" && answer.asked.kind === "city") return answer.lookup.city.name;
  const township = answer.kind === "chain" ? answer.lookup.township : null;
  const unitName = answer.kind === "chain" ? township?.name : answer.result.township?.name ?? answer.result.name;
  const unit = answer.kind === "chain" ? township?.unit : answer.result.unit;
  if (unit && unitName) {
    if (unit.status === "covered" && unit.planner) return t("finder.summary.covered", { place: unitName, name: unit.planner.name });
    return t("finder.summary.status", { place: unitName, status: t(UNIT_STATUS_KEYS[unit.status]) });
  }
  const countyName = answer.kind === "chain" ? answer.lookup.county.name : answer.result.name;
  const units = answer.kind === "chain" ? answer.lookup.countyTownships : null;
  return units ? t("finder.summary.county", { county: countyName, count: units.length }) : countyName;
}
