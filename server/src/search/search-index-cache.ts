/** The search index of an app, kept per data revision and loaded on first use (search.routes.ts). */
import type { Sql } from "../db/database.ts";
import { RevisionCache } from "../revision/revision-cache.ts";
import type { SearchIndex } from "./search-index.ts";
import { loadSearchDocuments, readSearchVersion } from "./search.repo.ts";

/** The index code, loaded at the first search: its pinyin dictionary is large and nothing else needs it. */
let searchIndexModule: Promise<typeof import("./search-index.ts")> | undefined;
export const loadSearchIndexModule = () => (searchIndexModule ??= import("./search-index.ts"));

/** One app's index, rebuilt when the data revision (which holds the day) changes; concurrent requests share one rebuild. */
export function searchIndexCache(sql: Sql): () => Promise<SearchIndex> {
  const indexes = new RevisionCache<SearchIndex>({ maxCost: 1 });
  const syllableCache = new Map<string, string[]>();
  return async () => {
    const { revision, today } = await readSearchVersion(sql);
    const built = await indexes.load(revision, "index", async () => {
      const [documents, code] = await Promise.all([loadSearchDocuments(sql, today), loadSearchIndexModule()]);
      return { revision, value: code.buildSearchIndex(documents, syllableCache) };
    });
    return built.value;
  };
}
