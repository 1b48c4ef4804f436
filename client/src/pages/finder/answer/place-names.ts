/**
 * Message keys of the API's codes as the finder shows them (kinds, titles, statuses), so each is named one way; and
 * place names with their pinyin beside them in English (北石店镇 (Beishidian Zhen)), the pinyin made by the server.
 */
import { useCallback, useEffect, useMemo, useSyncExternalStore } from "react";
import type { PublicPlanner, UnitPost } from "../../../api/lookup.ts";
import { getPlaceNames } from "../../../api/search.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import type { MessageKey, Translate } from "../../../lib/i18n.ts";

const KIND_KEYS: Readonly<Record<string, MessageKey>> = {
  市: "finder.kind.市",
  区: "finder.kind.区",
  县: "finder.kind.县",
  县级市: "finder.kind.县级市",
  街道: "finder.kind.街道",
  镇: "finder.kind.镇",
  乡: "finder.kind.乡",
  村: "finder.kind.村",
  居: "finder.kind.居",
};

export const TITLE_KEYS: Record<NonNullable<PublicPlanner["title"]>, MessageKey> = {
  intermediate: "finder.planner.title.intermediate",
  senior: "finder.planner.title.senior",
  full_senior: "finder.planner.title.full_senior",
};

export const UNIT_STATUS_KEYS: Record<UnitPost["status"], MessageKey> = {
  covered: "finder.status.covered",
  vacant: "finder.status.vacant",
  not_required: "finder.status.not_required",
};

/** A division kind (街道 → subdistrict) in the current language; a kind the finder does not know is shown as written. */
export function kindText(t: Translate, kind: string): string {
  const key = KIND_KEYS[kind];
  return key ? t(key) : kind;
}

const ROLE_KEYS: Readonly<Record<string, MessageKey>> = {
  chief_city: "finder.role.chief_city",
  chief_county_seconded: "finder.role.chief_county_seconded",
  chief_county_hired: "finder.role.chief_county_hired",
  unit: "finder.role.unit",
  project: "finder.role.project",
};

const PROJECT_TYPE_KEYS: Readonly<Record<string, MessageKey>> = {
  城市更新: "finder.projectType.城市更新",
  公共空间: "finder.projectType.公共空间",
  村庄规划: "finder.projectType.村庄规划",
  污水治理: "finder.projectType.污水治理",
  海绵城市: "finder.projectType.海绵城市",
};

const STAGE_KEYS: Readonly<Record<string, MessageKey>> = {
  proposed: "finder.stage.proposed",
  planning: "finder.stage.planning",
  design: "finder.stage.design",
  approval: "finder.stage.approval",
  construction: "finder.stage.construction",
  completed: "finder.stage.completed",
  suspended: "finder.stage.suspended",
};

/** A planner role (unit, chief_city …); an unknown role is shown as written. */
export function roleText(t: Translate, role: string): string {
  const key = ROLE_KEYS[role];
  return key ? t(key) : role;
}

/** "村庄规划 · 设计" in the current language; unknown types and stages are shown as written. */
export function projectText(t: Translate, projectType: string, stage: string): string {
  const typeKey = PROJECT_TYPE_KEYS[projectType];
  const stageKey = STAGE_KEYS[stage];
  return `${typeKey ? t(typeKey) : projectType} · ${stageKey ? t(stageKey) : stage}`;
}

/** Pinyin of place names by Chinese name: the city, counties and townships (GET /api/place-names) and search results. */
const PINYIN = new Map<string, string>();
const pinyinListeners = new Set<() => void>();
let pinyinVersion = 0;
let placeNamesRequest: Promise<void> | undefined;

/** Adds place names and their pinyin (from a search result, or the server's list); components showing names redraw. */
export function rememberPinyin(entries: Iterable<readonly [name: string, pinyin: string]>): void {
  let changed = false;
  for (const [name, pinyin] of entries) {
    if (pinyin === "" || PINYIN.get(name) === pinyin) continue;
    PINYIN.set(name, pinyin);
    changed = true;
  }
  if (!changed) return;
  pinyinVersion += 1;
  for (const listener of pinyinListeners) listener();
}

/** Asks the server once for the pinyin of the city's, counties' and townships' names; a failure is retried next time. */
function loadPlaceNamePinyin(): void {
  placeNamesRequest ??= getPlaceNames().then(
    (response) => rememberPinyin(Object.entries(response.names)),
    (error: unknown) => {
      placeNamesRequest = undefined;
      console.warn("the pinyin of place names could not be read", error);
    },
  );
}

const subscribePinyin = (listener: () => void) => {
  pinyinListeners.add(listener);
  return () => pinyinListeners.delete(listener);
};

/** A place name as shown: in English with its pinyin in brackets when known (北石店镇 (Beishidian Zhen)); else as given. */
export type PlaceName = (name: string) => string;

/** The pinyin of a place name in English, null in Chinese or when not known; for names laid out apart from their pinyin. */
export type PlacePinyin = (name: string) => string | null;

/** Whether the page is in English (the pinyin table then loads once) and the table's version, which moves as pinyin arrives. */
function usePinyinVersion(): { english: boolean; version: number } {
  const { language } = useLanguage();
  const english = language === "en";
  useEffect(() => {
    if (english) loadPlaceNamePinyin();
  }, [english]);
  return { english, version: useSyncExternalStore(subscribePinyin, () => pinyinVersion) };
}

/**
 * The current language's way of writing place names: in English each known name gets its pinyin, loaded from the
 * server on first use (pinyin-pro stays on the server: its dictionary would weigh on the page); in Chinese, as given.
 */
export function usePlaceNames(): { placeName: PlaceName; placePinyin: PlacePinyin } {
  const { english, version } = usePinyinVersion();
  // version: new pinyin arrived, so the function changes and what uses it redraws.
  const placePinyin = useCallback<PlacePinyin>((name) => (english ? (PINYIN.get(name) ?? null) : null), [english, version]);
  const placeName = useCallback<PlaceName>(
    (name) => {
      const pinyin = placePinyin(name);
      return pinyin ? `${name} (${pinyin})` : name;
    },
    [placePinyin],
  );
  return { placeName, placePinyin };
}

/**
 * The pinyin table of the names known so far, for the map's labels: in English a new object whenever pinyin arrives,
 * in Chinese null (labels as they are).
 */
export function useNamePinyinTable(): Readonly<Record<string, string>> | null {
  const { english, version } = usePinyinVersion();
  // version: a new table when new pinyin arrived, so that the map relabels.
  return useMemo(() => (english ? Object.fromEntries(PINYIN) : null), [english, version]);
}
