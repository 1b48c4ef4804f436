/**
 * Turns an address (?place=, ?at=) into the question it stands for. A place code is found by its name (the divisions
 * list of its level, then the search, whose answer carries the position and posts the finder needs).
 */
import { listDivisions } from "../../../api/divisions.ts";
import { searchPlaces, type DivisionSearchResult } from "../../../api/search.ts";
import type { FinderQuestion } from "../finder-request.ts";
import type { AddressQuestion } from "./share-address.ts";

const SEARCH_LIMIT = 50;

/** The search result of the division with this code; undefined when no division has it. */
async function divisionByCode(code: string, signal?: AbortSignal): Promise<DivisionSearchResult | undefined> {
  // Six digits name a county, or the city itself when they end in 00 (140500 晋城市).
  const level = code.length === 6 ? (code.endsWith("00") ? "city" : "county") : code.length === 9 ? "township" : "village";
  // Villages are many: only those of the township the code names (its first nine digits).
  const divisions = await listDivisions(level, signal, level === "village" ? code.slice(0, 9) : undefined);
  const division = divisions.find((candidate) => candidate.code === code);
  if (!division) return undefined;
  const response = await searchPlaces(division.name, signal, SEARCH_LIMIT);
  return response.results.find((result): result is DivisionSearchResult => result.type === "division" && result.code === code);
}

/** The question an address asks; null when it names no known place (the caller says the link is not valid). */
export async function questionOfAddress(address: AddressQuestion, signal?: AbortSignal): Promise<FinderQuestion | null> {
  if (address.kind === "at") return { kind: "point", point: address.point, origin: "link" };
  if (address.kind !== "place") return null;
  const result = await divisionByCode(address.code, signal);
  return result ? { kind: "result", result } : null;
}
