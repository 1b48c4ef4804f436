/**
 * Public opinions as staff see them (planners: those routed to them; bureau and leaders: all): the list with every
 * field, the workflow steps, the bureau's hiding, and the photos' addresses (served to signed-in staff only).
 */
import type { OpinionListQuery, OpinionRecord, OpinionStatus } from "@contracts/opinions.ts";
import { apiHref, getJson, request } from "./http.ts";

export type { OpinionRecord, OpinionStatus };

/** The filters a staff list takes; limit and offset default on the server (100, 0). */
export type OpinionFilters = Partial<Pick<OpinionListQuery, "status" | "county" | "limit">>;

/** Newest first; empty when none match. */
export async function listOpinions(filters: OpinionFilters, signal?: AbortSignal): Promise<OpinionRecord[]> {
  return (await getJson<{ opinions: OpinionRecord[] }>("/api/opinions", { ...filters }, signal)).opinions;
}

/** One step forward; throws ApiProblem 409 opinion-status-conflict when the opinion is past it, 403 for another planner's. */
export async function advanceOpinion(ticket: string, step: "acknowledge" | "close"): Promise<OpinionRecord> {
  return (await request<OpinionRecord>("POST", `/api/opinions/${encodeURIComponent(ticket)}/${step}`)).data;
}

/** Answers (and acknowledges, when new); the public reads the answer by ticket. */
export async function answerOpinion(ticket: string, answer: string): Promise<OpinionRecord> {
  return (await request<OpinionRecord>("POST", `/api/opinions/${encodeURIComponent(ticket)}/answer`, { body: { answer } })).data;
}

/** Hides it from the public with the reason (bureau; audited); 409 when hidden already. */
export async function hideOpinion(ticket: string, reason: string): Promise<OpinionRecord> {
  return (await request<OpinionRecord>("POST", `/api/opinions/${encodeURIComponent(ticket)}/hide`, { body: { reason } })).data;
}

/** The address of a stored photo (JPEG), or of its thumbnail (at most 320 px). */
export function photoHref(photoId: number, thumbnail: boolean): string {
  return apiHref(`/api/photos/${photoId}${thumbnail ? "/thumbnail" : ""}`);
}
