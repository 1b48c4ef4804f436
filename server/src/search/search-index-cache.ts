/**
 * The search index of one pool (search.routes.ts), kept under the version of the names it holds
 * (search_names_version) and built on first use: a write that changes no name keeps it, one that does has it rebuilt
 * once, however many requests ask meanwhile. The previous index answers until the new one is ready.
 */
import type { Sql } from "../db/database.ts";
import type { SearchIndex } from "./search-index.ts";
import { loadSearchNames } from "./search.repo.ts";

/** The index code, loaded at the first search: its pinyin dictionary is large and nothing else needs it. */
let searchIndexModule: Promise<typeof import("./search-index.ts")> | undefined;
export const loadSearchIndexModule = () => (searchIndexModule ??= import("./search-index.ts"));

interface Kept {
  version: bigint;
  index: SearchIndex;
}

/** The index for names at `namesVersion` or newer; a newer version than the kept one has it rebuilt. */
export function searchIndexCache(sql: Sql): (namesVersion: string) => Promise<SearchIndex> {
  const syllableCache = new Map<string, string[]>();
  let kept: Kept | undefined;
  let building: Promise<Kept> | undefined;
  const build = async (): Promise<Kept> => {
    const [{ namesVersion, documents }, code] = await Promise.all([loadSearchNames(sql), loadSearchIndexModule()]);
    return { version: BigInt(namesVersion), index: code.buildSearchIndex(documents, syllableCache) };
  };
  return async (namesVersion) => {
    const wanted = BigInt(namesVersion);
    while (kept === undefined || kept.version < wanted) {
      if (building === undefined) {
        building = build();
        const done = () => (building = undefined);
        building.then(done, done);
      }
      const built = await building;
      if (kept === undefined || built.version > kept.version) kept = built;
    }
    return kept.index;
  };
}
