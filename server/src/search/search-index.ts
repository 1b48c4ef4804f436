/**
 * The in-memory search index: about 1,850 names (the city, counties, townships, villages and communities, planners,
 * projects) with their pinyin, matched by Chinese substring, full pinyin and pinyin initials, and a division also by
 * the generic parts people say instead of the official one (北石店镇政府, 北石店村, 晋城). Pure: no database, no HTTP. The
 * documents come from api.search_names (search.repo.ts) and hold names only: the routes rebuild the index when a name
 * changes, and read the results of the few that matched from the database (api.search_results).
 *
 * Why in Node: pinyin needs a dictionary that neither PostgreSQL backend has, and 2,000 short strings match in well
 * under a millisecond in memory.
 */
import { pinyin } from "pinyin-pro";
import type { SearchMatch } from "../contracts/search.ts";

/** One searchable thing, as api.search_names returns it. */
export interface SearchDocument {
  kind: string;
  key: string;
  /** The official name, shown to the user. */
  name: string;
  /** The name people use, matched as well (东街村委会 → 东街村). */
  commonName: string;
  /** Order among equal matches: city 0, county 1, township 2, village 3, planner 4, project 5. */
  rank: number;
  /** A division's level (city, county, township, village); null for planners and projects. */
  level: string | null;
  /** A division's official kind (市, 镇, 村 …); null for planners and projects. */
  divisionKind: string | null;
}

/** A division's name split into its proper part and its generic part, and the other generic parts people use for it. */
export interface NameVariants {
  /** The proper part: 北石店 of 北石店镇, 东街 of 东街村委会; the whole name when stripping would leave one character (城区). */
  core: string;
  /** Whether the proper part alone names the place (晋城 → 晋城市); false when it is the whole name already. */
  coreAlone: boolean;
  /** What may follow the core: 镇, 镇政府, 乡政府 … for a town; 村, 村委会, 社区, 居委会 … for a village or community. */
  suffixes: string[];
}

interface Reading {
  /** Full pinyin, syllables joined: 东街村 → dongjiecun. */
  pinyin: string;
  /** First letter of each syllable: 东街街道 → djjd. */
  initials: string;
}

interface IndexedVariants extends NameVariants, Reading {
  suffixReadings: Reading[];
}

interface IndexedDocument {
  document: SearchDocument;
  /** A division's name romanised (romanisedName), shown beside the Chinese in English; null for planners and projects. */
  romanised: string | null;
  /** Normalised official and common names. */
  names: string[];
  /** Full pinyin of the common name, syllables joined: 东街村 → dongjiecun. */
  pinyin: string;
  /** Where each syllable starts in `pinyin`: pinyin matches start only there (jie matches 东街, ongj does not). */
  syllableStarts: number[];
  /** First letter of each syllable: 东街街道 → djjd. */
  initials: string;
  /** A division's other forms (镇政府, 村委会 …), matched from the start only; null for planners and projects. */
  variants: IndexedVariants | null;
}

export interface SearchIndex {
  documents: IndexedDocument[];
}

export interface SearchHit {
  document: SearchDocument;
  /** A division's name romanised; null for planners and projects. */
  romanised: string | null;
  match: SearchMatch;
}

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const TIER_ORDER = { exact: 0, prefix: 1, substring: 2, similar: 3 } as const;
const SOURCE_ORDER = { name: 0, pinyin: 0, initials: 1 } as const;

const GOVERNMENT = ["", "政府", "人民政府"];
const withGovernment = (generic: string) => GOVERNMENT.map((tail) => generic + tail);
const VILLAGE_SUFFIXES = ["村", "村委会", "村民委员会", "社区", "居委会", "居民委员会", "社区居委会", "社区居民委员会"];
const TOWN_SUFFIXES = [...withGovernment("镇"), ...withGovernment("乡")];
/**
 * The generic parts people put after a division's proper name, by level and kind: a resident says 北石店镇政府 for
 * 北石店镇, 北石店村 for 北石店社区 (its old name form), 晋城 for 晋城市. A town and a township (乡) are told apart
 * by few, and many 乡 became 镇: each accepts both.
 */
const SUFFIXES: Readonly<Record<string, readonly string[]>> = {
  市: withGovernment("市"),
  县级市: withGovernment("市"),
  县: withGovernment("县"),
  区: withGovernment("区"),
  镇: TOWN_SUFFIXES,
  乡: TOWN_SUFFIXES,
  街道: ["街道", "街道办", "街道办事处", "办事处"],
  村: VILLAGE_SUFFIXES,
  居: VILLAGE_SUFFIXES,
};

/**
 * How a division's name splits into core and generic part, and the generic parts that may replace it; null for a
 * kind without any. The longest generic part that ends the name is taken off, unless that leaves one character
 * (城区 stays whole, and then only what extends it, 城区政府, is a variant).
 */
export function nameVariants(name: string, kind: string): NameVariants | null {
  const suffixes = SUFFIXES[kind];
  if (!suffixes) return null;
  const ending = [...suffixes].sort((a, b) => b.length - a.length).find((suffix) => name.endsWith(suffix) && suffix !== "");
  if (!ending) return { core: name, coreAlone: false, suffixes: [...new Set(suffixes.filter((suffix) => suffix !== ""))] };
  const core = name.slice(0, -ending.length);
  if ([...core].length >= 2) return { core, coreAlone: true, suffixes: [...new Set(suffixes)] };
  const longer = suffixes.filter((suffix) => suffix.startsWith(ending) && suffix !== ending).map((suffix) => suffix.slice(ending.length));
  return { core: name, coreAlone: false, suffixes: [...new Set(longer)] };
}

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
 * A place name written in pinyin as Chinese place names are romanised (GB/T 16159): the proper part as one word, the
 * generic part after it, each capitalised, an apostrophe before a syllable that starts with a, o or e inside a word:
 * 北石店镇 → Beishidian Zhen, 东街村 → Dongjie Cun, 城区 → Chengqu. ü is written u.
 */
export function romanisedName(coreSyllables: string[], genericSyllables: string[]): string {
  const word = (syllables: string[]) => {
    const joined = syllables
      .map((syllable, index) => (index > 0 && /^[aoe]/.test(syllable) ? `'${syllable}` : syllable))
      .join("")
      .replaceAll("v", "u");
    return joined.charAt(0).toUpperCase() + joined.slice(1);
  };
  return [word(coreSyllables), word(genericSyllables)].filter((part) => part !== "").join(" ");
}

function readingOf(syllables: string[]): Reading {
  return { pinyin: syllables.join(""), initials: syllables.map((syllable) => syllable[0]).join("") };
}

/**
 * Builds the index; an empty index for no documents. `syllableCache` (name → syllables) may be kept between builds:
 * pinyin is most of a build's cost, and a write rarely renames anything. It is left holding the names of this build
 * only, so that renames over the years do not pile up in it. Each division gets its name romanised
 * (romanisedName), which the finder shows beside the Chinese in English.
 */
export function buildSearchIndex(documents: SearchDocument[], syllableCache: Map<string, string[]> = new Map()): SearchIndex {
  const used = new Map<string, string[]>();
  const syllablesOf = (text: string): string[] => {
    let syllables = used.get(text) ?? syllableCache.get(text);
    if (!syllables) syllables = pinyinSyllables(text);
    used.set(text, syllables);
    return syllables;
  };
  const index: SearchIndex = {
    documents: documents.map((document) => {
      const syllables = syllablesOf(document.commonName);
      const syllableStarts: number[] = [];
      let offset = 0;
      for (const syllable of syllables) {
        syllableStarts.push(offset);
        offset += syllable.length;
      }
      const kind = document.kind === "division" ? document.divisionKind : null;
      const split = kind === null ? null : nameVariants(normaliseText(document.name), kind);
      let variants: IndexedVariants | null = null;
      let romanised: string | null = null;
      if (split) {
        const coreSyllables = syllablesOf(split.core);
        variants = { ...split, ...readingOf(coreSyllables), suffixReadings: split.suffixes.map((suffix) => readingOf(syllablesOf(suffix))) };
        // Romanised from the common name (东街村, 建设路社区), the form people use, not the committee's full title.
        const common = normaliseText(document.commonName);
        const generic = common.startsWith(split.core) ? common.slice(split.core.length) : "";
        romanised = romanisedName(coreSyllables, generic ? syllablesOf(generic) : []);
      }
      return {
        document,
        romanised,
        names: [...new Set([normaliseText(document.name), normaliseText(document.commonName)])],
        pinyin: syllables.join(""),
        syllableStarts,
        initials: syllables.map((syllable) => syllable[0]).join(""),
        variants,
      };
    }),
  };
  syllableCache.clear();
  for (const [text, syllables] of used) syllableCache.set(text, syllables);
  return index;
}

/** The romanised names of the city, counties and townships (name → Beishidian Zhen), for the answer's place names. */
export function placeNamePinyin(index: SearchIndex): Record<string, string> {
  const names: Record<string, string> = {};
  for (const { document, romanised } of index.documents) {
    if (document.kind === "division" && document.level !== "village" && romanised !== null) names[document.name] = romanised;
  }
  return names;
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

/**
 * How `query` reads as `core` followed by one of `suffixes`: exact for a whole form (北石店 + 镇政府), prefix for
 * the start of one (北石店镇政); the core alone is exact only where it names the place by itself (晋城).
 */
function variantTier(query: string, core: string, coreAlone: boolean, suffixes: readonly string[]): "exact" | "prefix" | undefined {
  if (core === "" || !query.startsWith(core)) return undefined;
  const rest = query.slice(core.length);
  if (rest === "") return coreAlone ? "exact" : undefined;
  let tier: "prefix" | undefined;
  for (const suffix of suffixes) {
    if (suffix === rest) return "exact";
    if (suffix.startsWith(rest)) tier = "prefix";
  }
  return tier;
}

/** The best way `entry` matches; undefined when it does not. */
function matchDocument(entry: IndexedDocument, text: string, pinyinQuery: string): SearchMatch | undefined {
  let best: SearchMatch | undefined;
  for (const name of entry.names) {
    const tier = tierOf(name, text);
    if (tier) best = better(best, { tier, via: "name" });
  }
  const variants = entry.variants;
  if (variants && best?.tier !== "exact") {
    const tier = variantTier(text, variants.core, variants.coreAlone, variants.suffixes);
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
  if (variants) {
    const suffixes = variants.suffixReadings;
    const pinyinTier = variantTier(pinyinQuery, variants.pinyin, variants.coreAlone, suffixes.map((reading) => reading.pinyin));
    if (pinyinTier) best = better(best, { tier: pinyinTier, via: "pinyin" });
    const initialsVariantTier = variantTier(pinyinQuery, variants.initials, variants.coreAlone, suffixes.map((reading) => reading.initials));
    if (initialsVariantTier) best = better(best, { tier: initialsVariantTier, via: "initials" });
  }
  return best;
}

/** What the nearest-name ranking compares a query with: one text per entry, and the division it stands for. */
export interface NearestCandidates {
  texts: string[];
  places: Pick<SearchHit, "document" | "romanised">[];
  /** name: Chinese names and their cores; pinyin: their full pinyin. */
  via: "name" | "pinyin";
}

/**
 * The divisions' names to rank against a query that matched nothing (search.repo.ts nearestNames): for a query with
 * Chinese characters, each division's names and core (北石店镇, 北石店); otherwise their full pinyin. Empty for a
 * query that normalises to nothing.
 */
export function nearestCandidates(index: SearchIndex, query: string): { query: string; candidates: NearestCandidates } {
  const text = normaliseText(query);
  const han = HAN.test(text);
  const candidates: NearestCandidates = { texts: [], places: [], via: han ? "name" : "pinyin" };
  const add = (value: string, entry: IndexedDocument) => {
    if (value === "") return;
    candidates.texts.push(value);
    candidates.places.push(entry);
  };
  for (const entry of index.documents) {
    if (entry.document.kind !== "division") continue;
    const forms = han ? [...entry.names, entry.variants?.core ?? ""] : [entry.pinyin, entry.variants?.pinyin ?? ""];
    for (const form of new Set(forms)) add(form, entry);
  }
  return { query: han ? text : normalisePinyinQuery(text), candidates };
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
    if (match) hits.push({ document: entry.document, romanised: entry.romanised, match });
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
