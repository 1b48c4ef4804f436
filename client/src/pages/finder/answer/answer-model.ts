/**
 * The finder's answer, built from the API's own answers: what the visitor asked about (a point, or a search result),
 * and what the map shows for it (the highlighted area, the pin, where the camera goes). Pure: no fetch, no React.
 */
import type { CountyChiefPosts, LonLat, LookupResult } from "../../../api/lookup.ts";
import type { DivisionSearchResult, PlannerSearchResult, ProjectSearchResult } from "../../../api/search.ts";
import type { FinderRequest } from "../finder-request.ts";

export type { FinderRequest };

/** What was asked, as far as the answer panel words it. */
export type AskedPlace =
  | { kind: "point" }
  | { kind: "county" }
  /** The city itself (a search for 晋城市): the whole city, with its chief planner. */
  | { kind: "city" }
  | { kind: "township" }
  | { kind: "village"; name: string; villageKind: string }
  | { kind: "project"; project: ProjectSearchResult };

type TownshipInChain = NonNullable<LookupResult["township"]>;

export type Answer =
  /** The responsibility chain at a point (a tap, the visitor's location, or where a search result lies). */
  | { kind: "chain"; lookup: LookupResult; asked: AskedPlace }
  /** A place whose position nobody knows (no boundary, no seat): what the search itself said about it. */
  | { kind: "division"; result: DivisionSearchResult; chiefPosts: CountyChiefPosts | null }
  | { kind: "planner"; result: PlannerSearchResult }
  /** A project without a site on the map. */
  | { kind: "project"; result: ProjectSearchResult };

/** The township-level unit a division result stands for: itself, or a village's township; null for a county. */
function unitOfResult(result: DivisionSearchResult): { code: string; name: string; kind: string } | null {
  if (result.level === "township") return { code: result.code, name: result.name, kind: result.kind };
  if (result.level === "village" && result.township) return result.township;
  return null;
}

export function askedPlaceOf(result: DivisionSearchResult): AskedPlace {
  if (result.level === "county") return { kind: "county" };
  if (result.level === "city") return { kind: "city" };
  if (result.level === "village") return { kind: "village", name: result.name, villageKind: result.kind };
  return { kind: "township" };
}

/**
 * The chain looked up where a division result lies, told about the unit that was actually chosen. A point given for a
 * township (its seat) or a village (its township's) lies in that township when township boundaries are loaded, and
 * then the lookup already names it; otherwise (no boundaries, or a seat outside its approximate shape) the chosen unit
 * and its post, as the search reported them, take the township's place. For a county, no township is in focus.
 */
export function chainForResult(lookup: LookupResult, result: DivisionSearchResult): LookupResult {
  const unit = unitOfResult(result);
  if (!unit) return { ...lookup, township: null };
  if (lookup.township?.code === unit.code) return lookup;
  const post = lookup.countyTownships?.find((township) => township.code === unit.code)?.unit ?? result.unit;
  // Without the chosen unit's post, showing the township at the point would answer another question: show none.
  if (!post) return { ...lookup, township: null };
  const township: TownshipInChain = {
    code: unit.code,
    name: unit.name,
    kind: unit.kind,
    provenance: null,
    approximate: false,
    boundarySource: null,
    unit: post,
  };
  return { ...lookup, township };
}

/** The area drawn as chosen: the township in focus when it has a boundary, else its county; belts of the chain. */
export function highlightOf(answer: Answer | undefined): { divisionCode: string | null; beltCodes: string[] } {
  if (!answer) return { divisionCode: null, beltCodes: [] };
  // The city: the whole map is the answer, no one area of it.
  if (answer.kind === "chain" && answer.asked.kind === "city") return { divisionCode: null, beltCodes: [] };
  if (answer.kind === "chain") {
    const { township, county, belts } = answer.lookup;
    const divisionCode = township && township.provenance !== null ? township.code : county.code;
    return { divisionCode, beltCodes: belts.map((belt) => belt.code) };
  }
  if (answer.kind === "division") return { divisionCode: answer.result.county?.code ?? answer.result.code, beltCodes: [] };
  return { divisionCode: null, beltCodes: [] };
}

/** Where the pin goes: the point asked about, or where a search result lies; null when there is no such point. */
export function markerOf(request: FinderRequest | null): LonLat | null {
  if (!request) return null;
  if (request.kind === "point") return request.point;
  const { result } = request;
  if (result.type === "planner") return null;
  if (result.type === "division" && (result.level === "county" || result.level === "city")) return null;
  return result.location;
}

/** Zoom the camera goes to for each kind of place when it has no shape to fit; the city's 7 holds all of it on a phone. */
const FOCUS_ZOOM = { city: 7, county: 10, township: 12, village: 12, project: 14, location: 13 } as const;

export interface FocusPlan {
  divisionCode: string | null;
  center: [number, number] | null;
  zoom: number;
}

const tuple = (point: LonLat): [number, number] => [point.lon, point.lat];

/**
 * Where the camera goes for a request, once enough is known: null while it has to wait for the answer, or when it
 * should stay (a tap: the visitor is looking right there; a planner). A search result with a position moves at once;
 * a point from a link (?at=) goes there once answered, as the visitor's own location does;
 * one without (built-in data: no township boundaries or seats) moves to its county when the answer comes; the
 * visitor's own location only once the answer says it is inside Jincheng.
 */
export function focusOf(request: FinderRequest, answer: Answer | undefined): FocusPlan | null {
  if (request.kind === "point") {
    if (request.origin === "map" || answer?.kind !== "chain") return null;
    return { divisionCode: null, center: tuple(request.point), zoom: FOCUS_ZOOM.location };
  }
  const { result } = request;
  if (result.type === "planner") return null;
  if (result.type === "project") return result.location ? { divisionCode: null, center: tuple(result.location), zoom: FOCUS_ZOOM.project } : null;
  if (result.level === "county") return { divisionCode: result.code, center: result.location ? tuple(result.location) : null, zoom: FOCUS_ZOOM.county };
  const unit = unitOfResult(result);
  if (result.location) return { divisionCode: unit?.code ?? null, center: tuple(result.location), zoom: FOCUS_ZOOM[result.level] };
  if (answer?.kind === "chain") return { divisionCode: answer.lookup.county.code, center: tuple(answer.lookup.point), zoom: FOCUS_ZOOM.county };
  if (answer?.kind === "division" && result.county) return { divisionCode: result.county.code, center: null, zoom: FOCUS_ZOOM.county };
  return null;
}
