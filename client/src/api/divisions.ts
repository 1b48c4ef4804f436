/** Administrative divisions: the counties of the city and the townships (街道/镇/乡) of one county. */
import type { Division } from "@contracts/divisions.ts";
import { getJson } from "./http.ts";

export type { Division };

/** Every county-level division, ordered by code; an empty array when the database has none. */
export function listCounties(signal?: AbortSignal): Promise<Division[]> {
  return getJson<Division[]>("/api/divisions", { level: "county" }, signal);
}

/**
 * The townships of one county, ordered by code; an empty array when it has none.
 * Throws an ApiProblem of type /problems/not-found when no division has that code.
 */
export function listTownships(countyCode: string, signal?: AbortSignal): Promise<Division[]> {
  return getJson<Division[]>("/api/divisions", { level: "township", parent: countyCode }, signal);
}
