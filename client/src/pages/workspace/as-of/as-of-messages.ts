/**
 * Words of the workspace's as-of view (the day the map and lists show), Chinese first; the English dictionary has the
 * same keys. Registered by view-date-control.tsx when its module loads.
 */
// Brings lib/i18n.ts into this module's graph, so that the augmentation at the end finds it.
import type {} from "../../../lib/i18n.ts";

export const AS_OF_ZH = {
  "workspace.asOf.label": "查看日期",
  "workspace.asOf.today": "回到今天",
  "workspace.asOf.past": "正在查看 {date} 的状态，只读",
} as const;

export const AS_OF_EN: Record<keyof typeof AS_OF_ZH, string> = {
  "workspace.asOf.label": "View as of",
  "workspace.asOf.today": "Back to today",
  "workspace.asOf.past": "Showing {date}: read-only",
};

declare module "../../../lib/i18n.ts" {
  interface PageDictionaries {
    workspaceAsOf: typeof AS_OF_ZH;
  }
}
