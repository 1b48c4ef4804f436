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

/** Match tiers, best first. */
const MATCH_TIERS = ["exact", "prefix", "substring"] as const;
/** What matched: the official or common name, the full pinyin, or the pinyin initials. */
const MATCH_SOURCES = ["name", "pinyin", "initials"] as const;

/** How a result matched: the tier ranks first, then name and full pinyin before initials. */
export const SearchMatch = Type.Object({ tier: Type.Enum(MATCH_TIERS), via: Type.Enum(MATCH_SOURCES) });
export type SearchMatch = Static<typeof SearchMatch>;

const Location = Nullable(Type.Object({ lon: Type.Number(), lat: Type.Number() }));

/**
 * A county, township or village/community. A township or village answers with its county and the township's unit
 * post today (a village through its township; township is null for counties and townships); a county answers with its
 * chief posts (null for the others). location is where to show it (seat, else a point inside the boundary; a village
 * takes its township's); null when unknown, as for townships of the built-in data.
 */
const DivisionResult = Type.Object({
  type: Type.Literal("division"),
  key: Type.String(),
  code: Type.String(),
  name: Type.String({ description: "the official name, e.g. 东街村委会" }),
  level: Type.Enum(["county", "township", "village"]),
  kind: Type.String(),
  county: Nullable(Type.Object({ code: Type.String(), name: Type.String() })),
  township: Nullable(Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String() })),
  unit: Nullable(UnitPost),
  chiefPosts: Nullable(CountyChiefPosts),
  location: Location,
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

/**
 * Ranked results: exact before prefix before substring; on a tie name and full pinyin before initials, then
 * counties, townships, villages, planners, projects, then the shorter name. total counts every match before the
 * limit; results is an empty array when nothing matches.
 */
export const SearchResponse = Type.Object({
  query: Type.String({ description: "the query as matched: trimmed" }),
  total: Type.Integer(),
  results: Type.Array(SearchResult),
});
export type SearchResponse = Static<typeof SearchResponse>;
