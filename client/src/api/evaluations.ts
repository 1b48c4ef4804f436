/**
 * The yearly two-way evaluation (双向评估): open a year's round, read it with every appointment's figures, close it,
 * set a rating (If-Match to replace one), record pass | fail, and renew through the link a pass answers with.
 */
import type { Appointment } from "@contracts/appointments.ts";
import type { EvaluationRound, RatingBody, Rating, ResultAnswer, ResultBody, Round } from "@contracts/evaluations.ts";
import { getJson, request, type Tagged } from "./http.ts";

export type { EvaluationRound, RatingBody, ResultAnswer, ResultBody };
export type RoundAppointment = EvaluationRound["appointments"][number];
export type RenewLink = NonNullable<ResultAnswer["renew"]>;

/** The round of `year` with its appointments (a planner's own only); ApiProblem 404 when it is not opened yet. */
export function getRound(year: number, signal?: AbortSignal): Promise<EvaluationRound> {
  return getJson<EvaluationRound>(`/api/evaluation-rounds/${year}`, {}, signal);
}

/** Opens the round of `year` (bureau); 409 when it is open already. */
export function openRound(year: number): Promise<Tagged<Round>> {
  return request<Round>("POST", "/api/evaluation-rounds", { body: { year } });
}

/** Closes the round of `year` (bureau) as read at `version` (If-Match): no rating or result after; 412 when it changed meanwhile. */
export function closeRound(year: number, version: number): Promise<Tagged<Round>> {
  return request<Round>("PATCH", `/api/evaluation-rounds/${year}`, { body: { status: "closed" }, ifMatch: `"${version}"` });
}

/** A first rating without `version`; replacing one sends its version as If-Match (412 when stale). */
export function putRating(year: number, body: RatingBody, version: number | null): Promise<Tagged<Rating>> {
  return request<Rating>("PUT", `/api/evaluation-rounds/${year}/ratings`, { body, ...(version === null ? {} : { ifMatch: `"${version}"` }) });
}

/** 409 when the round is closed or the appointment has a result (or is no longer active, for a fail). */
export function recordResult(year: number, body: ResultBody): Promise<Tagged<ResultAnswer>> {
  return request<ResultAnswer>("POST", `/api/evaluation-rounds/${year}/results`, { body });
}

/** Follows a pass's renew link: one more contract year. */
export function followRenew(link: RenewLink): Promise<Tagged<Appointment>> {
  return request<Appointment>(link.method, link.href, { ifMatch: link.ifMatch });
}
