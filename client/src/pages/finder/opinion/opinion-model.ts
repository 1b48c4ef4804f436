/**
 * What the opinion chunks share: the contract's limits and categories (the client takes only types from the server,
 * so the values are repeated here, and the types make them equal to the contract's), the receiver in words, the
 * wait after the rate limit in minutes, the ticket's address. Pure: no React, no fetch.
 */
import type { OpinionCategory, ReceivedBy } from "../../../api/opinions.ts";
import type { Translate } from "../../../lib/i18n.ts";
// The opinion keys' types, for a program that reaches this module without the form (a unit test).
import type {} from "./opinion-messages.ts";
import type { OPINION_PHOTOS_MAX as CONTRACT_PHOTOS_MAX, OPINION_TEXT_MAX as CONTRACT_TEXT_MAX } from "@contracts/opinions.ts";

/** The categories in the contract's order (README: Public opinions); the type makes the list complete. */
const CATEGORY_ORDER = {
  road_traffic: 1,
  public_space: 2,
  public_facilities: 3,
  housing_community: 4,
  environment: 5,
  heritage: 6,
  village_planning: 7,
  planning_project: 8,
  other: 9,
} satisfies Record<OpinionCategory, number>;
export const OPINION_CATEGORIES = Object.keys(CATEGORY_ORDER) as OpinionCategory[];

export const OPINION_TEXT_MAX: typeof CONTRACT_TEXT_MAX = 2000;
export const OPINION_PHOTOS_MAX: typeof CONTRACT_PHOTOS_MAX = 3;
/** The server's PHOTO_MAX_BYTES by default (5 MiB), checked before uploading; a lower setting answers 413, said in words. */
export const PHOTO_MAX_MB = 5;

/** "Received by 王某 (unit planner of 东街街道)", or the bureau when every post was vacant. */
export function receiverText(t: Translate, receivedBy: ReceivedBy): string {
  if (receivedBy.name === null || receivedBy.role === "bureau") return t("opinion.received.byBureau");
  return t("opinion.received.by", { name: receivedBy.name, post: t(`opinion.post.${receivedBy.role}`, { area: receivedBy.area?.name ?? "" }) });
}

/** Whole minutes to say for a wait of so many seconds (a part minute counts as one, never 0); undefined when unknown. */
export function retryMinutes(seconds: number | undefined): number | undefined {
  return seconds === undefined ? undefined : Math.max(1, Math.ceil(seconds / 60));
}

/** The public page's address that shows an opinion by its ticket. */
export function ticketHref(ticket: string): string {
  return `/?ticket=${encodeURIComponent(ticket)}`;
}
