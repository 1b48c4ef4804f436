/**
 * Words of the briefing (工作简报), Chinese only: it is a printed document of the bureau, so it has no English switch.
 * `{name}` placeholders are filled by `say`. Terms follow the dashboard's (已覆盖 / 空缺 / 暂未设置, 示范带, …).
 */
const BRIEFING_ZH = {
  title: "晋城市责任规划师工作简报",
  wholeCity: "全市",
  periodMonth: "{year}年{month}月",
  asOf: "覆盖情况截至 {date}",
  loading: "正在生成简报…",
  failed: "简报无法生成：{detail}",
  badPeriod: "期间应为 {first} 至本月之间的月份，写作 YYYY-MM（如 2022-12）。",
  unknownCounty: "没有代码为 {code} 的县（市、区）。",

  coverageHeading: "一、覆盖情况",
  coveragePercent: "{scope}覆盖率",
  mapCaption: "{scope}街道、镇、乡覆盖情况（{date}）",
  mapNoTownships: "尚未载入街道、镇、乡边界，图中仅示县（市、区）界。",
  mapApproximate: "示意边界（非法定界线）。",
  byCounty: "按县（市、区）",
  byBelt: "按示范带",
  byBeltInCounty: "按示范带（本县部分）",
  noBelts: "本范围内无示范带。",
  county: "县（市、区）",
  belt: "示范带",
  coveredOfRequired: "已覆盖 / 应设置",
  percent: "覆盖率",
  vacant: "空缺",
  notRequired: "暂未设置",
  covered: "已覆盖",
  required: "应设置",
  noData: "无数据",

  appointmentsHeading: "二、单元责任规划师聘任变动",
  appointmentsMade: "本期新聘 {count} 人次",
  appointmentsEnded: "本期离任 {count} 人次",
  appointmentsNone: "本期无聘任变动。",
  date: "日期",
  unit: "责任区域",
  planner: "责任规划师",
  change: "变动",
  changeMade: "新聘",
  changeEnded: "期满离任",
  changeDismissed: "解聘",

  workHeading: "三、工作记录",
  workTotal: "本期工作记录 {count} 条",
  kind: "类型",
  records: "条数",
  workByKindCityOnly: "分类型统计仅有全市数据，县级简报不列。",

  opinionsHeading: "四、征求意见办理",
  opinionsReceived: "收到意见",
  opinionsAcknowledged: "已受理",
  opinionsAnswered: "已答复",
  medianToAcknowledge: "受理用时中位数",
  medianToAnswer: "答复用时中位数",
  hours: "{hours} 小时",
  none: "—",

  notesHeading: "说明",
  noteAppointments: "聘任变动只计单元责任规划师；新聘按聘任起始日、离任按聘任终止日计入本期。",
  noteWork: "工作记录与意见按中国时间计入本期；意见不含已隐藏的内容，用时中位数只计已受理或已答复的意见。",
  noteEvaluation: "双向评估结果尚无公开汇总，本简报不列。",
  source: "数据来源：晋城市责任规划师一张图公开数据。",

  "kind.site_visit": "现场走访",
  "kind.opinion_solicitation": "征求意见",
  "kind.problem_sorting": "梳理问题",
  "kind.planning_feedback": "规划反馈",
  "kind.project_implementation": "项目实施",
  "kind.training": "培训",
  "kind.publicity": "宣传",
  "kind.review": "技术审查",
} as const;

type BriefingMessageKey = keyof typeof BRIEFING_ZH;

/** The text of a key with `{name}` placeholders filled; unknown placeholders stay as written. */
export function say(key: BriefingMessageKey, params: Record<string, string | number> = {}): string {
  return BRIEFING_ZH[key].replace(/\{(\w+)\}/g, (placeholder, name: string) => (name in params ? String(params[name]) : placeholder));
}

/** The Chinese name of a work record kind; a kind the briefing does not know is shown as the API names it. */
export function kindName(kind: string): string {
  const key = `kind.${kind}`;
  return key in BRIEFING_ZH ? BRIEFING_ZH[key as BriefingMessageKey] : kind;
}
