/**
 * The in-memory search index: about 1,850 names (counties, townships, villages and communities, planners, projects)
 * with their pinyin, matched by Chinese substring, full pinyin and pinyin initials. Pure: no database, no HTTP. The
 * documents come from api.search_documents (search.repo.ts); the routes rebuild the index when the data changes.
 *
 * Why in Node: pinyin needs a dictionary that neither PostgreSQL backend has, and 2,000 short strings match in well
 * under a millisecond in memory.
 */
import { pinyin } from "pinyin-pro";
import type { SearchMatch } from "../contracts/search.ts";

/** One searchable thing, as api.search_documents returns it. */
export interface SearchDocument {
  kind: string;
  key: string;
  /** The official name, shown to the user. */
  name: string;
  /** The name people use, matched as well (东街村委会 → 东街村). */
  commonName: string;
  /** Order among equal matches: county 0, township 1, village 2, planner 3, project 4. */
  rank: number;
  /** The result object sent to the client, without its match. */
  result: Record<string, unknown>;
}

interface IndexedDocument {
  document: SearchDocument;
  /** Normalised official and common names. */
  names: string[];
  /** Full pinyin of the common name, syllables joined: 东街村 → dongjiecun. */
  pinyin: string;
  /** Where each syllable starts in `pinyin`: pinyin matches start only there (jie matches 东街, ongj does not). */
  syllableStarts: number[];
  /** First letter of each syllable: 东街街道 → djjd. */
  initials: string;
}

export interface SearchIndex {
  documents: IndexedDocument[];
}

export interface SearchHit {
  document: SearchDocument;
  match: SearchMatch;
}

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const TIER_ORDER = { exact: 0, prefix: 1, substring: 2 } as const;
const SOURCE_ORDER = { name: 0, pinyin: 0, initials: 1 } as const;

/** Full-width to half-width, lower case, no white space: how names and queries are compared. */
export function normaliseText(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, "");
}

/** A query as pinyin: letters and digits only, ü typed as v (as pinyin-pro writes it), so "dong jie" and "xi'an" match. */
export function normalisePinyinQuery(text: string): string {
  return normaliseText(text).replaceAll("ü", "v").replace(/[^a-z0-9]/g, "");
}

/** The pinyin syllables of a name; characters that are not letters or digits (spaces, ：, —) are dropped. */
export function pinyinSyllables(name: string): string[] {
  return pinyin(name, { toneType: "none", type: "array", v: true })
    .map((syllable) => syllable.toLowerCase().replace(/[^a-z0-9]/g, ""))
    .filter((syllable) => syllable.length > 0);
}

/**
 * Builds the index; an empty index for no documents. `syllableCache` (name → syllables) may be kept between builds:
 * pinyin is most of a build's cost, and a write rarely renames anything.
 */
export function buildSearchIndex(documents: SearchDocument[], syllableCache: Map<string, string[]> = new Map()): SearchIndex {
  return {
    documents: documents.map((document) => {
      let syllables = syllableCache.get(document.commonName);
      if (!syllables) {
        syllables = pinyinSyllables(document.commonName);
        syllableCache.set(document.commonName, syllables);
      }
      const syllableStarts: number[] = [];
      let offset = 0;
      for (const syllable of syllables) {
        syllableStarts.push(offset);
        offset += syllable.length;
      }
      return {
        document,
        names: [...new Set([normaliseText(document.name), normaliseText(document.commonName)])],
        pinyin: syllables.join(""),
        syllableStarts,
        initials: syllables.map((syllable) => syllable[0]).join(""),
      };
    }),
  };
}

function tierOf(haystack: string, needle: string): SearchMatch["tier"] | undefined {
  const at = haystack.indexOf(needle);
  if (at < 0) return undefined;
  if (at > 0) return "substring";
  return needle.length === haystack.length ? "exact" : "prefix";
}

function better(a: SearchMatch | undefined, b: SearchMatch): SearchMatch {
  if (!a) return b;
  const byTier = TIER_ORDER[b.tier] - TIER_ORDER[a.tier];
  if (byTier !== 0) return byTier < 0 ? b : a;
  return SOURCE_ORDER[b.via] < SOURCE_ORDER[a.via] ? b : a;
}

/** The best way `entry` matches; undefined when it does not. */
function matchDocument(entry: IndexedDocument, text: string, pinyinQuery: string): SearchMatch | undefined {
  let best: SearchMatch | undefined;
  for (const name of entry.names) {
    const tier = tierOf(name, text);
    if (tier) best = better(best, { tier, via: "name" });
  }
  if (pinyinQuery.length === 0 || best?.tier === "exact") return best;
  for (const start of entry.syllableStarts) {
    if (!entry.pinyin.startsWith(pinyinQuery, start)) continue;
    const tier = start > 0 ? "substring" : pinyinQuery.length === entry.pinyin.length ? "exact" : "prefix";
    best = better(best, { tier, via: "pinyin" });
    break;
  }
  const initialsTier = tierOf(entry.initials, pinyinQuery);
  if (initialsTier) best = better(best, { tier: initialsTier, via: "initials" });
  return best;
}

/**
 * The best `limit` matches of `query` and how many matched in all. A query with Chinese characters matches names
 * only; any other matches names, full pinyin and initials. Empty hits (total 0) for a query that normalises to
 * nothing or matches nothing.
 */
export function searchIndex(index: SearchIndex, query: string, limit: number): { total: number; hits: SearchHit[] } {
  const text = normaliseText(query);
  if (text.length === 0) return { total: 0, hits: [] };
  const pinyinQuery = HAN.test(text) ? "" : normalisePinyinQuery(text);
  const hits: SearchHit[] = [];
  for (const entry of index.documents) {
    const match = matchDocument(entry, text, pinyinQuery);
    if (match) hits.push({ document: entry.document, match });
  }
  hits.sort(
    (a, b) =>
      TIER_ORDER[a.match.tier] - TIER_ORDER[b.match.tier] ||
      SOURCE_ORDER[a.match.via] - SOURCE_ORDER[b.match.via] ||
      a.document.rank - b.document.rank ||
      a.document.name.length - b.document.name.length ||
      (a.document.key < b.document.key ? -1 : a.document.key > b.document.key ? 1 : 0),
  );
  return { total: hits.length, hits: hits.slice(0, limit) };
}
