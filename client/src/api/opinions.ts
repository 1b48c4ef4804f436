/**
 * Public opinions (征求意见): a proof-of-work challenge, the submission (a multipart form with photos, sent with upload
 * progress) and the public view of an opinion by its ticket. No account is needed for any of them.
 */
import type { OpinionCategory, OpinionChallenge, OpinionReceipt, PublicOpinion, ReceivedBy } from "@contracts/opinions.ts";
import { getJson, uploadForm } from "./http.ts";

export type { OpinionCategory, OpinionChallenge, OpinionReceipt, PublicOpinion, ReceivedBy };

/** What a resident fills in, with the proof of work solved for a challenge. */
export interface OpinionSubmission {
  lon: number;
  lat: number;
  category: OpinionCategory;
  text: string;
  /** Empty: none given. */
  contact: string;
  challenge: string;
  nonce: string;
  /** True after a duplicate hint (409 opinion-possible-duplicate), to leave it anyway. */
  confirmNew: boolean;
  photos: readonly File[];
}

/** A new challenge, usable once within 10 minutes. */
export function getOpinionChallenge(signal?: AbortSignal): Promise<OpinionChallenge> {
  return getJson<OpinionChallenge>("/api/opinions/challenge", {}, signal);
}

/**
 * POST /api/opinions with upload progress; the receipt (ticket and receiver). Throws ApiProblem: 409
 * opinion-possible-duplicate, 403 proof-of-work-failed, 413, 422 (photo-rejected, opinion-outside-city), 429.
 */
export async function submitOpinion(
  submission: OpinionSubmission,
  onProgress: (loaded: number, total: number) => void,
  signal?: AbortSignal,
): Promise<OpinionReceipt> {
  const form = new FormData();
  const { photos, contact, confirmNew, ...fields } = submission;
  for (const [name, value] of Object.entries(fields)) form.append(name, String(value));
  if (contact.trim() !== "") form.append("contact", contact);
  if (confirmNew) form.append("confirmNew", "true");
  for (const photo of photos) form.append("photo", photo, photo.name);
  return (await uploadForm<OpinionReceipt>("/api/opinions", form, onProgress, signal)).data;
}

/** What anyone holding the ticket sees; throws ApiProblem 404 not-found for an unknown ticket. */
export function getPublicOpinion(ticket: string, signal?: AbortSignal): Promise<PublicOpinion> {
  return getJson<PublicOpinion>(`/api/opinions/${encodeURIComponent(ticket)}`, {}, signal);
}
