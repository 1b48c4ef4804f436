/**
 * Words of the split and merge actions of the selected area, Chinese first; the English dictionary has the same
 * keys. Registered by split-merge.tsx when its module loads.
 */
// Brings lib/i18n.ts into this module's graph, so that the augmentation at the end finds it.
import type {} from "../../../lib/i18n.ts";

export const SPLIT_MERGE_ZH = {
  "workspace.splitMerge.split": "拆分",
  "workspace.splitMerge.splitHint": "勾选划入新责任区的成员，其余留在本区。",
  "workspace.splitMerge.splitMembers": "划入新责任区的成员",
  "workspace.splitMerge.splitTooFew": "本区成员不足两个，无法在此按成员拆分（自绘范围可通过接口按切割线拆分）。",
  "workspace.splitMerge.code": "新责任区代码",
  "workspace.splitMerge.name": "新责任区名称",
  "workspace.splitMerge.splitSubmit": "拆分",
  "workspace.splitMerge.splitDone": "已从「{kept}」拆分出「{created}」",
  "workspace.splitMerge.merge": "合并",
  "workspace.splitMerge.mergeHint": "另一个同类责任区并入本区：其成员（及自绘范围）归入本区，它今天撤销，其任职今天结束。",
  "workspace.splitMerge.other": "并入本区的责任区",
  "workspace.splitMerge.choose": "请选择",
  "workspace.splitMerge.noOther": "没有可合并的同类责任区（未锁定、未撤销）。",
  "workspace.splitMerge.mergeSubmit": "合并…",
  "workspace.splitMerge.mergeConfirm": "确认：「{other}」并入「{name}」，今天撤销，其任职今天结束。",
  "workspace.splitMerge.mergeConfirmSubmit": "确认合并",
  "workspace.splitMerge.cancel": "取消",
  "workspace.splitMerge.mergeDone": "「{other}」已并入「{name}」",
  "workspace.splitMerge.stale": "本区或另一责任区已被他人修改，已重新读取；请核对后再试。",
  "workspace.splitMerge.locked": "其中一个责任区已锁定，请先解锁。",
  "workspace.splitMerge.rejected": "检查未通过，未作任何修改：",
  "workspace.splitMerge.refused": "未执行：{detail}",
};

export const SPLIT_MERGE_EN: typeof SPLIT_MERGE_ZH = {
  "workspace.splitMerge.split": "Split",
  "workspace.splitMerge.splitHint": "Tick the members that go to the new area; the rest stay in this one.",
  "workspace.splitMerge.splitMembers": "Members that go to the new area",
  "workspace.splitMerge.splitTooFew": "This area has fewer than two members, so it does not split by members here (a drawn outline splits along a line through the API).",
  "workspace.splitMerge.code": "Code of the new area",
  "workspace.splitMerge.name": "Name of the new area",
  "workspace.splitMerge.splitSubmit": "Split",
  "workspace.splitMerge.splitDone": "Split “{created}” off “{kept}”",
  "workspace.splitMerge.merge": "Merge",
  "workspace.splitMerge.mergeHint": "Another area of the same kind joins this one: its members (and drawn outline) come here, it is retired today and its posts end today.",
  "workspace.splitMerge.other": "Area to merge into this one",
  "workspace.splitMerge.choose": "Choose",
  "workspace.splitMerge.noOther": "No other area of this kind (unlocked, in force) to merge.",
  "workspace.splitMerge.mergeSubmit": "Merge…",
  "workspace.splitMerge.mergeConfirm": "Confirm: “{other}” joins “{name}”, is retired today, and its posts end today.",
  "workspace.splitMerge.mergeConfirmSubmit": "Confirm merge",
  "workspace.splitMerge.cancel": "Cancel",
  "workspace.splitMerge.mergeDone": "“{other}” merged into “{name}”",
  "workspace.splitMerge.stale": "This area or the other one was changed by someone else and has been read again; check and try again.",
  "workspace.splitMerge.locked": "One of the areas is locked: unlock it first.",
  "workspace.splitMerge.rejected": "The checks refused it; nothing was changed:",
  "workspace.splitMerge.refused": "Not done: {detail}",
};

declare module "../../../lib/i18n.ts" {
  interface PageDictionaries {
    workspaceSplitMerge: typeof SPLIT_MERGE_ZH;
  }
}
