/**
 * Words of the history panel (who changed what and when, undo), Chinese first; the English dictionary has the same
 * keys. Registered by history-panel.tsx when its module loads.
 */
// Brings lib/i18n.ts into this module's graph, so that the augmentation at the end finds it.
import type {} from "../../../lib/i18n.ts";

export const HISTORY_ZH = {
  "workspace.history.heading": "修改记录",
  "workspace.history.none": "尚无修改记录。",
  "workspace.history.older": "更早的记录",
  "workspace.history.undo": "撤销最近一次修改",
  "workspace.history.undoing": "正在撤销…",
  "workspace.history.undoHint": "也可按 Ctrl+Z（⌘Z）撤销",
  "workspace.history.undone": "已撤销：{what}",
  "workspace.history.undoBlocked": "无法撤销：{actor} 于 {time} 的修改（{record}）又改动了其中的记录，请先撤销那次修改。",
  "workspace.history.undoMoved": "撤销前又有新的修改，记录已刷新，请确认后再撤销。",
  "workspace.history.undoRefused": "无法撤销：{detail}",
  "workspace.history.change": "{actor} · {time}",
  "workspace.history.created": "新建",
  "workspace.history.removed": "删除",
  "workspace.history.fields": "修改了{fields}",
  "workspace.history.membersAdded": "组成单元 +{count}（{names}）",
  "workspace.history.membersRemoved": "组成单元 −{count}（{names}）",
  "workspace.history.also": "同时改动其他记录 {count} 条",
  "workspace.history.nothing": "无可见改动",
  "workspace.history.asOf": "当时的样子",
  "workspace.history.asOfRecord": "当时：{name}",
  "workspace.history.asOfMembers": "组成单元 {count} 个",
  "workspace.history.separator": "；",
  "workspace.history.listSeparator": "、",
  "workspace.history.field.name": "名称",
  "workspace.history.field.nameEn": "英文名称",
  "workspace.history.field.description": "说明",
  "workspace.history.field.geom": "边界",
  "workspace.history.field.provenance": "边界来源",
  "workspace.history.field.geomSource": "边界出处",
  "workspace.history.field.locked": "锁定",
  "workspace.history.field.retiredOn": "撤销日期",
  "workspace.history.field.retireReason": "撤销原因",
  "workspace.history.field.code": "代码",
  "workspace.history.field.kind": "类型",
} as const;

export const HISTORY_EN: Record<keyof typeof HISTORY_ZH, string> = {
  "workspace.history.heading": "History",
  "workspace.history.none": "No change recorded yet.",
  "workspace.history.older": "Older changes",
  "workspace.history.undo": "Undo last change",
  "workspace.history.undoing": "Undoing…",
  "workspace.history.undoHint": "or press Ctrl+Z (⌘Z)",
  "workspace.history.undone": "Undone: {what}",
  "workspace.history.undoBlocked": "Cannot undo: the change by {actor} at {time} ({record}) wrote its records again; undo that change first.",
  "workspace.history.undoMoved": "Another change came first: the history is read again; look before undoing.",
  "workspace.history.undoRefused": "Cannot undo: {detail}",
  "workspace.history.change": "{actor} · {time}",
  "workspace.history.created": "created",
  "workspace.history.removed": "removed",
  "workspace.history.fields": "changed {fields}",
  "workspace.history.membersAdded": "members +{count} ({names})",
  "workspace.history.membersRemoved": "members −{count} ({names})",
  "workspace.history.also": "{count} other records changed with it",
  "workspace.history.nothing": "nothing visible changed",
  "workspace.history.asOf": "As it was",
  "workspace.history.asOfRecord": "Then: {name}",
  "workspace.history.asOfMembers": "{count} members",
  "workspace.history.separator": "; ",
  "workspace.history.listSeparator": ", ",
  "workspace.history.field.name": "name",
  "workspace.history.field.nameEn": "English name",
  "workspace.history.field.description": "description",
  "workspace.history.field.geom": "boundary",
  "workspace.history.field.provenance": "boundary provenance",
  "workspace.history.field.geomSource": "boundary source",
  "workspace.history.field.locked": "lock",
  "workspace.history.field.retiredOn": "retirement date",
  "workspace.history.field.retireReason": "retirement reason",
  "workspace.history.field.code": "code",
  "workspace.history.field.kind": "kind",
};

declare module "../../../lib/i18n.ts" {
  interface PageDictionaries {
    workspaceHistory: typeof HISTORY_ZH;
  }
}
