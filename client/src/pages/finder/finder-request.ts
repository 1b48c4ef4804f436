/**
 * The question the visitor asked: UI state only (the answers live in the answer hook). Every question gets a new id,
 * so asking about the same place twice answers (and moves the map) again, and the map can tell a question it has
 * already acted on from a new one.
 */
import type { LonLat } from "../../api/lookup.ts";
import type { SearchResult } from "../../api/search.ts";

export type FinderRequest =
  /** A tap on the map (or the map centre, from the keyboard), the visitor's own position, or a link's ?at=. */
  | { id: number; kind: "point"; point: LonLat; origin: "map" | "location" | "link" }
  /** A suggestion chosen in the search box. */
  | { id: number; kind: "result"; result: SearchResult };

/** A request without its id, as the page's handlers build it. */
export type FinderQuestion = FinderRequest extends infer Request ? (Request extends FinderRequest ? Omit<Request, "id"> : never) : never;
