/** Administrative divisions with their official codes (no geometry): e.g. every township-level unit, for pickers and names. */
import type { Division } from "@contracts/divisions.ts";
import { getJson } from "./http.ts";

export type { Division };

/**
 * The divisions of one level (all units of a level fit in one answer), or only those under `parent` (a division
 * code); an empty array when there are none.
 */
export function listDivisions(level: Division["level"], signal?: AbortSignal, parent?: string): Promise<Division[]> {
  return getJson<Division[]>("/api/divisions", { level, parent }, signal);
}
