/** Places, planners and projects by name, in Chinese or pinyin, for the finder's search box. */
import type { PlaceNamesResponse, SearchResponse, SearchResult } from "@contracts/search.ts";
import { getJson } from "./http.ts";

export type { PlaceNamesResponse, SearchResponse, SearchResult };
export type DivisionSearchResult = Extract<SearchResult, { type: "division" }>;
export type PlannerSearchResult = Extract<SearchResult, { type: "planner" }>;
export type ProjectSearchResult = Extract<SearchResult, { type: "project" }>;

/** Longest query the server accepts; the search box stops typing there. */
export const SEARCH_QUERY_MAX_LENGTH = 50;

/**
 * Ranked matches of the trimmed query, at most `limit` (server default 10); results is an empty array when nothing
 * matches, and suggestions then holds up to 5 places with the nearest names. The query must not be blank: the server
 * answers a blank one with a 400 validation-failed problem.
 */
export function searchPlaces(query: string, signal?: AbortSignal, limit?: number): Promise<SearchResponse> {
  return getJson<SearchResponse>("/api/search", { q: query, limit }, signal);
}

/** The pinyin of the city's, counties' and townships' names by Chinese name, for English; loaded only in English. */
export function getPlaceNames(signal?: AbortSignal): Promise<PlaceNamesResponse> {
  return getJson<PlaceNamesResponse>("/api/place-names", {}, signal);
}
