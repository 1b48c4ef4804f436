/**
 * Turns a question into an answer through the API: a point is looked up; a search result is looked up where it lies.
 * A township or village of the built-in data has no position at all (no boundary, no seat), so its county's position
 * stands in: the county's chain (chief planners, every unit with its planner) around the unit that was chosen.
 */
import { lookupPoint, type LonLat } from "../../../api/lookup.ts";
import { searchPlaces, type DivisionSearchResult } from "../../../api/search.ts";
import { askedPlaceOf, chainForResult, type Answer, type FinderRequest } from "./answer-model.ts";

/** The county result of a township or village result, found by searching its county's name; undefined when absent. */
async function countyOf(result: DivisionSearchResult, signal: AbortSignal): Promise<DivisionSearchResult | undefined> {
  if (!result.county) return undefined;
  const { code, name } = result.county;
  const response = await searchPlaces(name, signal);
  return response.results.find((candidate): candidate is DivisionSearchResult => candidate.type === "division" && candidate.code === code);
}

/** Throws what the API throws: an ApiProblem (outside Jincheng is a 404 /problems/not-found), or an AbortError. */
export async function resolveAnswer(request: FinderRequest, signal: AbortSignal): Promise<Answer> {
  if (request.kind === "point") {
    return { kind: "chain", lookup: await lookupPoint(request.point, signal), asked: { kind: "point" } };
  }
  const { result } = request;
  if (result.type === "planner") return { kind: "planner", result };
  if (result.type === "project") {
    if (!result.location) return { kind: "project", result };
    return { kind: "chain", lookup: await lookupPoint(result.location, signal), asked: { kind: "project", project: result } };
  }
  let point: LonLat | null = result.location;
  let chiefPosts = result.chiefPosts;
  if (!point && result.level !== "county") {
    const county = await countyOf(result, signal);
    point = county?.location ?? null;
    chiefPosts = county?.chiefPosts ?? null;
  }
  if (!point) return { kind: "division", result, chiefPosts };
  const lookup = await lookupPoint(point, signal);
  return { kind: "chain", lookup: chainForResult(lookup, result), asked: askedPlaceOf(result) };
}

/**
 * The division a planner's post is on, found by its area's name (an area of one township or county is named after
 * it); undefined when no division has exactly that name, as for an area grouping several townships.
 */
export async function findDivisionByName(name: string, signal?: AbortSignal): Promise<DivisionSearchResult | undefined> {
  const response = await searchPlaces(name, signal);
  return response.results.find(
    (candidate): candidate is DivisionSearchResult => candidate.type === "division" && candidate.level !== "village" && candidate.name === name,
  );
}
