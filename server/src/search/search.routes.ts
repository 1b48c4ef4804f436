import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { SearchQuery, SearchResponse } from "../contracts/search.ts";
import type { Sql } from "../db/database.ts";
import { invalidParameter } from "../lookup/query-errors.ts";
import { loadSearchDocuments, readSearchVersion } from "./search.repo.ts";
import type { SearchIndex } from "./search-index.ts";

/** The index code, loaded at the first search: its pinyin dictionary is large and nothing else needs it. */
let searchIndexModule: Promise<typeof import("./search-index.ts")> | undefined;
const loadSearchIndexModule = () => (searchIndexModule ??= import("./search-index.ts"));

/**
 * max(audit_log.id) can miss a write whose transaction took its id before another's but committed after it, so an
 * index is also rebuilt once it is this old, which bounds how long such a write can stay unsearchable.
 */
const INDEX_MAX_AGE_MS = 5 * 60_000;

/** One app's index, rebuilt when the data revision or the day changes; concurrent requests share one rebuild. */
function searchIndexCache(sql: Sql): () => Promise<SearchIndex> {
  let current: { key: string; builtAt: number; index: Promise<SearchIndex> } | undefined;
  const syllableCache = new Map<string, string[]>();
  return async () => {
    const version = await readSearchVersion(sql);
    const key = `${version.revision}|${version.today}`;
    if (!current || current.key !== key || Date.now() - current.builtAt > INDEX_MAX_AGE_MS) {
      const building = Promise.all([loadSearchDocuments(sql, version.today), loadSearchIndexModule()]).then(([documents, code]) =>
        code.buildSearchIndex(documents, syllableCache),
      );
      const entry = { key, builtAt: Date.now(), index: building };
      current = entry;
      // A failed build must not stay cached: the next request tries again.
      building.catch(() => {
        if (current === entry) current = undefined;
      });
    }
    return current.index;
  };
}

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
