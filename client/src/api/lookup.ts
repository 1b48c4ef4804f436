/** Who is responsible at a point: the planner chain from the city chief down to the township's unit planner. */
import type { LookupResult, PublicPlanner, UnitPost, CountyChiefPosts } from "@contracts/lookup.ts";
import { getJson } from "./http.ts";

export type { CountyChiefPosts, LookupResult, PublicPlanner, UnitPost };

/** A WGS84 position in degrees, as the API and the browser's geolocation give it. */
export interface LonLat {
  lon: number;
  lat: number;
}

/** The problem type of a point that no county of Jincheng contains (HTTP 404). */
export const OUTSIDE_JINCHENG_PROBLEM = "/problems/not-found";

/**
 * The chain at this point today. Throws an ApiProblem of type OUTSIDE_JINCHENG_PROBLEM (404) when the point is outside
 * Jincheng, /problems/validation-failed (400) for coordinates out of range.
 */
export function lookupPoint(point: LonLat, signal?: AbortSignal): Promise<LookupResult> {
  // Six decimals are ~10 cm: enough for any boundary, and they keep the URL (and the server's log) short.
  return getJson<LookupResult>("/api/lookup", { lon: point.lon.toFixed(6), lat: point.lat.toFixed(6) }, signal);
}
