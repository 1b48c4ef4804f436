/** Schemas of the place, planner and project search. The only imports are typebox and the shared lookup pieces. */
import { Type, type Static } from "typebox";
import { AreaRef, CountyChiefPosts, IsoDate, Nullable, PublicPlanner, UnitPost } from "./lookup.ts";

const SEARCH_DEFAULT_LIMIT = 10;
const SEARCH_MAX_LIMIT = 50;
const SEARCH_MAX_QUERY_LENGTH = 50;

/** q is required, 1–50 characters and not only white space (checked by the route after trimming); limit 1–50, default 10. */
export const SearchQuery = Type.Object(
  {
    q: Type.String({
      minLength: 1,
      maxLength: SEARCH_MAX_QUERY_LENGTH,
      description: "Chinese text, full pinyin (dongjie, dong jie) or pinyin initials (djjd); trimmed",
      examples: ["东街", "dongjie", "djjd"],
    }),
    limit: Type.Integer({ minimum: 1, maximum: SEARCH_MAX_LIMIT, default: SEARCH_DEFAULT_LIMIT }),
  },
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuery>;

/**
 * Match tiers, best first. A division matches exact or prefix also through the generic parts people say (北石店镇政府,
 * 北石店村, 晋城). similar marks a suggestion only: a near name offered when nothing matched.
 */
const MATCH_TIERS = ["exact", "prefix", "substring", "similar"] as const;
/** What matched: the official or common name, the full pinyin, or the pinyin initials. */
const MATCH_SOURCES = ["name", "pinyin", "initials"] as const;

/** How a result matched: the tier ranks first, then name and full pinyin before initials. */
export const SearchMatch = Type.Object({ tier: Type.Enum(MATCH_TIERS), via: Type.Enum(MATCH_SOURCES) });
export type SearchMatch = Static<typeof SearchMatch>;

const Location = Nullable(Type.Object({ lon: Type.Number(), lat: Type.Number() }));

/**
 * What a division's location is: its own seat, a point inside its own boundary, or (a village or community, which has
 * neither) its township's seat or point inside; null when the location is null.
 */
const LOCATION_BASES = ["seat", "inside", "township-seat", "township-inside"] as const;

/**
 * The city, a county, township or village/community. The city answers with nothing else (county, township, unit and
 * chiefPosts null): the finder shows all of it. A township or village answers with its county and the township's unit
 * post today (a village through its township; township is null for counties and townships); a county answers with its
 * chief posts (null for the others). location is where to show it (seat, else a point inside the boundary; a village
 * takes its township's); null when unknown, as for townships of the built-in data.
 */
const DivisionResult = Type.Object({
  type: Type.Literal("division"),
  key: Type.String(),
  code: Type.String(),
  name: Type.String({ description: "the official name, e.g. 东街村委会" }),
  pinyin: Type.String({ description: "the name people use, romanised: Beishidian Zhen, Dongjie Cun, Chengqu" }),
  level: Type.Enum(["city", "county", "township", "village"]),
  kind: Type.String(),
  county: Nullable(Type.Object({ code: Type.String(), name: Type.String() })),
  township: Nullable(Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String() })),
  unit: Nullable(UnitPost),
  chiefPosts: Nullable(CountyChiefPosts),
  location: Location,
  locationBasis: Nullable(Type.Enum(LOCATION_BASES)),
  match: SearchMatch,
});

/** A planner (public fields only) with the posts held today; posts is empty when none. */
const PlannerResult = Type.Object({
  type: Type.Literal("planner"),
  key: Type.String(),
  planner: PublicPlanner,
  posts: Type.Array(Type.Object({ role: Type.String(), area: AreaRef, since: IsoDate })),
  match: SearchMatch,
});

/** A planning project with its project planners today (empty when none) and a point on its site. */
const ProjectResult = Type.Object({
  type: Type.Literal("project"),
  key: Type.String(),
  id: Type.Integer(),
  name: Type.String(),
  projectType: Type.String(),
  stage: Type.String(),
  planners: Type.Array(PublicPlanner),
  location: Location,
  match: SearchMatch,
});

/** One result: a division, a planner or a project, told apart by type. */
export const SearchResult = Type.Union([DivisionResult, PlannerResult, ProjectResult]);
export type SearchResult = Static<typeof SearchResult>;

/** How many near names a search that matched nothing suggests at most. */
export const SEARCH_SUGGESTION_LIMIT = 5;

/**
 * Ranked results: exact before prefix before substring; on a tie name and full pinyin before initials, then the
 * city, counties, townships, villages, planners, projects, then the shorter name. total counts every match before the
 * limit; results is an empty array when nothing matches. suggestions: when nothing matched, up to 5 places with the
 * nearest names (match tier similar), best first; an empty array otherwise, and when no name is near enough.
 */
export const SearchResponse = Type.Object({
  query: Type.String({ description: "the query as matched: trimmed" }),
  total: Type.Integer(),
  results: Type.Array(SearchResult),
  suggestions: Type.Array(SearchResult),
});
export type SearchResponse = Static<typeof SearchResponse>;

/** The romanised names of the city, counties and townships, by Chinese name: { "北石店镇": "Beishidian Zhen" }. */
export const PlaceNamesResponse = Type.Object({
  names: Type.Record(Type.String(), Type.String()),
});
export type PlaceNamesResponse = Static<typeof PlaceNamesResponse>;
