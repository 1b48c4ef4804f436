/**
 * Words of the dashboard page, Chinese first; the English dictionary must have exactly the same keys (the type says so).
 * Merged into the one dictionary in lib/i18n.ts, so every key needs the "dashboard." prefix.
 */
export const DASHBOARD_ZH = {
  "dashboard.title": "责任规划师覆盖情况",
} as const;

export const DASHBOARD_EN: Record<keyof typeof DASHBOARD_ZH, string> = {
  "dashboard.title": "Responsible planner coverage",
};
