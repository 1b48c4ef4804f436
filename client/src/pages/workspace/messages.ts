/**
 * Words of the bureau's workspace, Chinese first; the English dictionary has exactly the same keys (the type says so).
 * Added to lib/i18n.ts's dictionary by the workspace's chunk when it loads, so every key has the "workspace." prefix.
 * Each part of the workspace keeps its words under its own prefix (workspace.area.*, workspace.planners.*, …).
 */
// Brings lib/i18n.ts into this module's graph, so that the augmentation at the end finds it.
import type {} from "../../lib/i18n.ts";

export const WORKSPACE_ZH = {
  "workspace.title": "工作台",
  "workspace.loading": "正在加载…",
  "workspace.loadFailed": "数据加载失败：{title}",
  "workspace.publicPageLink": "返回一张图",
  "workspace.readOnly": "只读",
  "workspace.signedInAs": "{name}（{role}）",
  "workspace.signOut": "退出登录",
  "workspace.role.admin": "管理员",
  "workspace.role.bureau": "规划局",
  "workspace.role.leader": "领导",
  "workspace.role.planner": "责任规划师",

  "workspace.signIn.intro": "规划和自然资源局工作人员与领导登录后使用。",
  "workspace.signIn.name": "用户名",
  "workspace.signIn.password": "密码",
  "workspace.signIn.submit": "登录",
  "workspace.signIn.busy": "正在登录…",
  "workspace.signIn.wrong": "用户名或密码不正确。",
  "workspace.signIn.locked": "失败次数过多，账户已暂时锁定，请稍后再试。",
  "workspace.signIn.tooMany": "尝试过于频繁，请稍后再试。",

  "workspace.tab.area": "责任区",
  "workspace.tab.planners": "责任规划师",
  "workspace.tab.import": "导入与导出",

  "workspace.areas.heading": "责任区",
  "workspace.areas.search": "查找",
  "workspace.areas.kind": "类型",
  "workspace.areas.allKinds": "全部",
  "workspace.areas.unassigned": "未纳入任何责任区的街道、镇、乡：{count} 个",
  "workspace.areas.locked": "已锁定",
  "workspace.areas.retired": "{date} 起撤销",
  "workspace.areas.vacant": "空缺",
  "workspace.kind.city": "市级",
  "workspace.kind.county": "县（市、区）",
  "workspace.kind.subdistrict": "街道",
  "workspace.kind.township": "镇、乡",
  "workspace.kind.belt": "示范带",
  "workspace.kind.project": "项目",

  "workspace.area.none": "在左侧列表或地图上选择一个责任区。",
} as const;

export const WORKSPACE_EN: Record<keyof typeof WORKSPACE_ZH, string> = {
  "workspace.title": "Workspace",
  "workspace.loading": "Loading…",
  "workspace.loadFailed": "Could not load the data: {title}",
  "workspace.publicPageLink": "Back to the map",
  "workspace.readOnly": "Read-only",
  "workspace.signedInAs": "{name} ({role})",
  "workspace.signOut": "Sign out",
  "workspace.role.admin": "administrator",
  "workspace.role.bureau": "planning bureau",
  "workspace.role.leader": "leader",
  "workspace.role.planner": "responsible planner",

  "workspace.signIn.intro": "For the planning bureau's staff and the leadership.",
  "workspace.signIn.name": "User name",
  "workspace.signIn.password": "Password",
  "workspace.signIn.submit": "Sign in",
  "workspace.signIn.busy": "Signing in…",
  "workspace.signIn.wrong": "The name or the password is not right.",
  "workspace.signIn.locked": "Too many failed attempts: the account is locked for a while. Try again later.",
  "workspace.signIn.tooMany": "Too many attempts. Try again later.",

  "workspace.tab.area": "Area",
  "workspace.tab.planners": "Planners",
  "workspace.tab.import": "Import and export",

  "workspace.areas.heading": "Responsibility areas",
  "workspace.areas.search": "Find",
  "workspace.areas.kind": "Kind",
  "workspace.areas.allKinds": "All",
  "workspace.areas.unassigned": "Subdistricts, towns and townships in no area: {count}",
  "workspace.areas.locked": "locked",
  "workspace.areas.retired": "retired from {date}",
  "workspace.areas.vacant": "vacant",
  "workspace.kind.city": "city",
  "workspace.kind.county": "county",
  "workspace.kind.subdistrict": "subdistrict",
  "workspace.kind.township": "town or township",
  "workspace.kind.belt": "belt",
  "workspace.kind.project": "project",

  "workspace.area.none": "Choose an area in the list on the left or on the map.",
};

declare module "../../lib/i18n.ts" {
  interface PageDictionaries {
    workspace: typeof WORKSPACE_ZH;
  }
}
