/**
 * The address of an answer, so that a link reopens it: `?place=<division code>` for a chosen place, `?at=<lon>,<lat>`
 * for a point (a tap, the visitor's position, a project's site), and `&poster=1` for the printable poster. Pure: reads
 * and writes URLs, no DOM, no fetch.
 */
import type { LonLat } from "../../../api/lookup.ts";
import type { FinderQuestion } from "../finder-request.ts";

const PLACE_PARAM = "place";
const AT_PARAM = "at";
const POSTER_PARAM = "poster";

/** An official division code: 6 digits (county), 9 (township) or 12 (village), as the divisions API checks them. */
const DIVISION_CODE = /^[0-9]{6}([0-9]{3}([0-9]{3})?)?$/;
/** "lon,lat" in decimal degrees. */
const AT = /^(-?[0-9]{1,3}(?:\.[0-9]{1,10})?),(-?[0-9]{1,2}(?:\.[0-9]{1,10})?)$/;
/** Five decimals are about a metre: enough to land in the same township, short enough for a QR code. */
const AT_DECIMALS = 5;

/** What an address asks for: nothing, a place by its code, a point, or something that is not a valid question. */
export type AddressQuestion =
  | { kind: "none" }
  | { kind: "place"; code: string }
  | { kind: "at"; point: LonLat }
  | { kind: "invalid"; param: typeof PLACE_PARAM | typeof AT_PARAM; value: string };

/** Reads ?place= (preferred when both are given) or ?at= from a query string. */
export function readAddress(search: string): AddressQuestion {
  const params = new URLSearchParams(search);
  const place = params.get(PLACE_PARAM);
  if (place !== null) {
    const code = place.trim();
    return DIVISION_CODE.test(code) ? { kind: "place", code } : { kind: "invalid", param: PLACE_PARAM, value: place };
  }
  const at = params.get(AT_PARAM);
  if (at !== null) {
    const match = AT.exec(at.replace(/\s+/g, ""));
    const lon = Number(match?.[1]);
    const lat = Number(match?.[2]);
    if (!match || Math.abs(lon) > 180 || Math.abs(lat) > 90) return { kind: "invalid", param: AT_PARAM, value: at };
    return { kind: "at", point: { lon, lat } };
  }
  return { kind: "none" };
}

/** True when the address asks for the printable poster. */
export function wantsPoster(search: string): boolean {
  return new URLSearchParams(search).get(POSTER_PARAM) === "1";
}

/** The address with ?at=lon,lat; the comma is left as written (it is allowed in a query and reads better). */
function withAt(url: URL, point: LonLat): URL {
  url.searchParams.set(AT_PARAM, `${point.lon.toFixed(AT_DECIMALS)},${point.lat.toFixed(AT_DECIMALS)}`);
  url.search = url.search.replace(/%2C/gi, ",");
  return url;
}

/**
 * The address of a question, from the current one (other parameters kept, the answer's own replaced, the ticket and
 * poster flags dropped); null when the question has no address of its own (a planner, a project with no site).
 */
export function addressOf(question: FinderQuestion, current: string): URL | null {
  const url = new URL(current);
  for (const name of [PLACE_PARAM, AT_PARAM, POSTER_PARAM, "ticket"]) url.searchParams.delete(name);
  if (question.kind === "point") {
    return withAt(url, question.point);
  }
  const { result } = question;
  if (result.type === "division") {
    url.searchParams.set(PLACE_PARAM, result.code);
    return url;
  }
  if (result.type === "project" && result.location) {
    return withAt(url, result.location);
  }
  return null;
}

/** The address with every answer parameter removed: the page as first opened. */
export function plainAddress(current: string): URL {
  const url = new URL(current);
  for (const name of [PLACE_PARAM, AT_PARAM, POSTER_PARAM]) url.searchParams.delete(name);
  return url;
}

/** The poster's address for an answer's address, and back. */
export function posterAddress(answerAddress: string): string {
  const url = new URL(answerAddress);
  url.searchParams.set(POSTER_PARAM, "1");
  return url.href;
}
export function withoutPoster(address: string): string {
  const url = new URL(address);
  url.searchParams.delete(POSTER_PARAM);
  return url.href;
}
