import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { PlaceNamesResponse, SearchQuery, SearchResponse } from "../contracts/search.ts";
import { ReadPools } from "../http/replica-reads.ts";
import { invalidParameter } from "../lookup/query-errors.ts";
import { currentSearchIndex, searchAnswer, searchPool } from "./search-answers.ts";
import { loadSearchIndexModule } from "./search-index-cache.ts";

export const searchRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // One index and one store of answers per pool, each read from and keyed by the versions of its own database.
  const pools = new ReadPools(app.db, searchPool);

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
      return searchAnswer(pools.for(request), query, request.query.limit);
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
      const [index, code] = await Promise.all([currentSearchIndex(pools.for(request)), loadSearchIndexModule()]);
      return { names: code.placeNamePinyin(index) };
    },
  );
};
