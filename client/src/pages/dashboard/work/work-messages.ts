/**
 * Words of the dashboard's work and opinions section and of its map layer, Chinese first; the English dictionary has
 * the same keys (the type says so). Added by the section's module when the dashboard's chunk loads.
 */
import type {} from "../../../lib/i18n.ts";

export const DASHBOARD_WORK_ZH = {
  "dashboard.work.headingOf": "工作记录与意见办理：{scope}",
  "dashboard.work.scopeCity": "全市",
  "dashboard.work.countyOnly": "本节只按县（市、区）筛选，示范带和规划师类型筛选不适用。",
  "dashboard.work.period": "{from}至{to}（截至所选日期的 12 个月）",
  "dashboard.work.total": "工作记录 {total} 条",
  "dashboard.work.byKind": "按类型",
  "dashboard.work.byCounty": "按县（市、区）",
  "dashboard.work.byMonth": "按月",
  "dashboard.work.kind": "类型",
  "dashboard.work.county": "县（市、区）",
  "dashboard.work.records": "工作记录",
  "dashboard.work.monthChart": "每月工作记录数",
  "dashboard.work.monthSummary": "共 {total} 条，最多的月份 {peak} 条。",
  "dashboard.work.kind.site_visit": "现场走访",
  "dashboard.work.kind.opinion_solicitation": "征求意见",
  "dashboard.work.kind.problem_sorting": "梳理问题",
  "dashboard.work.kind.planning_feedback": "规划反馈",
  "dashboard.work.kind.project_implementation": "项目实施",
  "dashboard.work.kind.training": "培训",
  "dashboard.work.kind.publicity": "宣传",
  "dashboard.work.kind.review": "技术审查",
  "dashboard.work.opinions": "公众意见办理",
  "dashboard.work.opinionsSummary": "收到 {received} 条，已受理 {acknowledged} 条，已答复 {answered} 条",
  "dashboard.work.opinionsByCounty": "意见办理：按县（市、区）",
  "dashboard.work.opinionsByPlanner": "意见办理：按责任规划师",
  "dashboard.work.planner": "责任规划师",
  "dashboard.work.received": "收到",
  "dashboard.work.answered": "已答复",
  "dashboard.work.hoursToAcknowledge": "受理用时中位数（小时）",
  "dashboard.work.hoursToAnswer": "答复用时中位数（小时）",
  "dashboard.work.noPlanner": "这段时间没有转给责任规划师的意见。",
  "dashboard.work.city": "全市",
  "dashboard.work.cells": "工作记录分布（约 2 公里六边形）",
  "dashboard.work.cellsScale": "每格工作记录数",
  "dashboard.work.cellsNote": "少于 {minimum} 条的格子不显示（{leftOut} 条），不显示单条记录的位置。",
};

export const DASHBOARD_WORK_EN: Record<keyof typeof DASHBOARD_WORK_ZH, string> = {
  "dashboard.work.headingOf": "Work and opinions: {scope}",
  "dashboard.work.scopeCity": "the whole city",
  "dashboard.work.countyOnly": "This section is filtered by county only: the belt and planner-role filters do not apply to it.",
  "dashboard.work.period": "{from} to {to} (the 12 months up to the chosen date)",
  "dashboard.work.total": "{total} work records",
  "dashboard.work.byKind": "By kind",
  "dashboard.work.byCounty": "By county",
  "dashboard.work.byMonth": "By month",
  "dashboard.work.kind": "Kind",
  "dashboard.work.county": "County",
  "dashboard.work.records": "Work records",
  "dashboard.work.monthChart": "Work records per month",
  "dashboard.work.monthSummary": "{total} in all, {peak} in the busiest month.",
  "dashboard.work.kind.site_visit": "Site visit",
  "dashboard.work.kind.opinion_solicitation": "Opinion solicitation",
  "dashboard.work.kind.problem_sorting": "Problem sorting",
  "dashboard.work.kind.planning_feedback": "Planning feedback",
  "dashboard.work.kind.project_implementation": "Project implementation",
  "dashboard.work.kind.training": "Training",
  "dashboard.work.kind.publicity": "Publicity",
  "dashboard.work.kind.review": "Technical review",
  "dashboard.work.opinions": "Public opinions",
  "dashboard.work.opinionsSummary": "{received} received, {acknowledged} acknowledged, {answered} answered",
  "dashboard.work.opinionsByCounty": "Opinions by county",
  "dashboard.work.opinionsByPlanner": "Opinions by planner",
  "dashboard.work.planner": "Planner",
  "dashboard.work.received": "Received",
  "dashboard.work.answered": "Answered",
  "dashboard.work.hoursToAcknowledge": "Median hours to acknowledge",
  "dashboard.work.hoursToAnswer": "Median hours to answer",
  "dashboard.work.noPlanner": "No opinion was routed to a planner in this period.",
  "dashboard.work.city": "City",
  "dashboard.work.cells": "Where work was recorded (hexagons of about 2 km)",
  "dashboard.work.cellsScale": "work records per cell",
  "dashboard.work.cellsNote": "Cells with fewer than {minimum} records are not shown ({leftOut} records); no single record's place is shown.",
};

declare module "../../../lib/i18n.ts" {
  interface PageDictionaries {
    dashboardWork: typeof DASHBOARD_WORK_ZH;
  }
}
