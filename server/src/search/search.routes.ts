import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { SearchQuery, SearchResponse } from "../contracts/search.ts";
import { invalidParameter } from "../lookup/query-errors.ts";
import { loadSearchIndexModule, searchIndexCache } from "./search-index-cache.ts";

export const searchRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const currentIndex = searchIndexCache(app.db.sql);

  app.get(
    "/api/search",
    {
      schema: {
        summary: "Find places (county, township, village or community), planners and projects by Chinese name or pinyin",
        description:
          "Chinese substring, full pinyin (dongjie, dong jie) or initials (djjd). Ranked exact > prefix > substring; " +
          "each village or township answers with its township's unit planner today.",
        querystring: SearchQuery,
        response: { 200: SearchResponse },
      },
    },
    async (request) => {
      const query = request.query.q.trim();
      if (query.length === 0) throw invalidParameter("q", "must contain something other than white space");
      const [index, code] = await Promise.all([currentIndex(), loadSearchIndexModule()]);
      const { total, hits } = code.searchIndex(index, query, request.query.limit);
      return {
        query,
        total,
        results: hits.map((hit) => ({ ...hit.document.result, match: hit.match }) as SearchResponse["results"][number]),
      };
    },
  );
};
