/**
 * Words of the finder page, Chinese first; the English dictionary must have exactly the same keys (the type says so).
 * Merged into the one dictionary in lib/i18n.ts, so every key needs the "finder." prefix.
 */
export const FINDER_ZH = {
  "finder.title": "找到我的责任规划师",
} as const;

export const FINDER_EN: Record<keyof typeof FINDER_ZH, string> = {
  "finder.title": "Find my responsible planner",
};
