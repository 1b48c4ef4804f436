/** Words of the QR code sheet and the poster, added when their chunk loads (addMessages). */
import { addMessages } from "../../../lib/i18n.ts";

const SHARE_ZH = {
  "finder.shareSheet.qrLabel": "本页链接的二维码：{url}",
  "finder.shareSheet.scan": "用手机扫码，打开这个查询结果",
  "finder.shareSheet.link": "链接",
  "finder.shareSheet.poster": "打印张贴海报（A4）",
  "finder.poster.heading": "{area}的责任规划师",
  "finder.poster.intro": "对身边的规划和建设有疑问或建议，请联系：",
  "finder.poster.noContact": "未公开联系方式，请扫码查看。",
  "finder.poster.vacant": "这里的责任规划师岗位目前空缺，请扫码查看最新情况。",
  "finder.poster.scan": "扫码查看最新的责任规划师和联系方式",
  "finder.poster.asOf": "信息截至 {date}，以扫码查看的内容为准。",
  "finder.poster.print": "打印",
  "finder.poster.back": "返回地图",
  "finder.poster.loading": "正在准备海报…",
  "finder.poster.failed": "无法生成海报：{title}",
  "finder.poster.noPlace": "这个链接没有指明地点，无法生成海报。",
};
const SHARE_EN: typeof SHARE_ZH = {
  "finder.shareSheet.qrLabel": "QR code of this page's link: {url}",
  "finder.shareSheet.scan": "Scan with a phone to open this answer",
  "finder.shareSheet.link": "Link",
  "finder.shareSheet.poster": "Print a poster for a noticeboard (A4)",
  "finder.poster.heading": "The responsible planner of {area}",
  "finder.poster.intro": "For questions or suggestions about planning and building near you, contact:",
  "finder.poster.noContact": "No public contact published; scan the code for more.",
  "finder.poster.vacant": "The responsible planner posts here are vacant at present; scan the code for the latest.",
  "finder.poster.scan": "Scan for the current responsible planner and how to reach them",
  "finder.poster.asOf": "As of {date}; what the link shows prevails.",
  "finder.poster.print": "Print",
  "finder.poster.back": "Back to the map",
  "finder.poster.loading": "Preparing the poster…",
  "finder.poster.failed": "The poster cannot be made: {title}",
  "finder.poster.noPlace": "This link names no place, so no poster can be made.",
};

addMessages(SHARE_ZH, SHARE_EN);

declare module "../../../lib/i18n.ts" {
  interface PageDictionaries {
    finderShare: typeof SHARE_ZH;
  }
}
