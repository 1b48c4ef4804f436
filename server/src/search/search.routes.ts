import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { PlaceNamesResponse, SEARCH_SUGGESTION_LIMIT, SearchQuery, SearchResponse } from "../contracts/search.ts";
import { ReadPools } from "../http/replica-reads.ts";
import { invalidParameter } from "../lookup/query-errors.ts";
import { loadSearchIndexModule, searchIndexCache } from "./search-index-cache.ts";
import { nearestNames } from "./search.repo.ts";

type Result = SearchResponse["results"][number];

/** Near names asked of the database: a place has several (name, core), so more than are shown, then one per place. */
const NEAREST_NAMES_ASKED = SEARCH_SUGGESTION_LIMIT * 4;

export const searchRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // One index per pool, each built from and keyed by the revision of its own database.
  const indexes = new ReadPools(app.db, (sql) => ({ sql, currentIndex: searchIndexCache(sql) }));

  app.get(
    "/api/search",
    {
      schema: {
        summary: "Find the city, counties, townships, villages and communities, planners and projects by Chinese name or pinyin",
        description:
          "Chinese substring, full pinyin (dongjie, dong jie) or initials (djjd); a place also by the generic part people " +
          "say (北石店镇政府, 北石店村, 晋城). Ranked exact > prefix > substring; each village or township answers with its " +
          "township's unit planner today. When nothing matches, suggestions holds the places with the nearest names.",
        querystring: SearchQuery,
        response: { 200: SearchResponse },
      },
    },
    async (request) => {
      const query = request.query.q.trim();
      if (query.length === 0) throw invalidParameter("q", "must contain something other than white space");
      const { sql, currentIndex } = indexes.for(request);
      const [index, code] = await Promise.all([currentIndex(), loadSearchIndexModule()]);
      const { total, hits } = code.searchIndex(index, query, request.query.limit);
      const results = hits.map((hit) => ({ ...hit.document.result, match: hit.match }) as Result);
      if (total > 0) return { query, total, results, suggestions: [] };
      const nearest = code.nearestCandidates(index, query);
      if (nearest.query === "" || nearest.candidates.texts.length === 0) return { query, total, results, suggestions: [] };
      const positions = await nearestNames(sql, nearest.query, nearest.candidates.texts, NEAREST_NAMES_ASKED);
      const suggestions = new Map<string, Result>();
      for (const position of positions) {
        const document = nearest.candidates.documents[position];
        if (!document || suggestions.has(document.key)) continue;
        suggestions.set(document.key, { ...document.result, match: { tier: "similar", via: nearest.candidates.via } } as Result);
        if (suggestions.size === SEARCH_SUGGESTION_LIMIT) break;
      }
      return { query, total, results, suggestions: [...suggestions.values()] };
    },
  );

  app.get(
    "/api/place-names",
    {
      schema: {
        summary: "The pinyin of the city's, counties' and townships' names, for showing beside the Chinese in English",
        response: { 200: PlaceNamesResponse },
      },
    },
    async (request) => {
      const [index, code] = await Promise.all([indexes.for(request).currentIndex(), loadSearchIndexModule()]);
      return { names: code.placeNamePinyin(index) };
    },
  );
};
