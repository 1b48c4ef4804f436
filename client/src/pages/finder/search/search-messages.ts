/** The search box's own words: the placeholder, the nearest names when nothing matches, where a village is shown. */
import { addMessages } from "../../../lib/i18n.ts";

const SEARCH_ZH = {
  "finder.searchBox.placeholder": "地名、规划师、项目",
  "finder.searchBox.didYouMean": "您是不是要找：",
  "finder.searchBox.didYouMeanStatus": "没有找到与“{query}”相符的结果。您是不是要找：{names}。用上下方向键浏览，回车选择。",
  "finder.searchBox.placedAtTownshipSeat": "位置为所在乡镇驻地",
  "finder.searchBox.placedInTownship": "位置为所在乡镇内一点",
  "finder.searchBox.type.city": "市",
  "finder.searchBox.wholeCity": "全市",
  "finder.searchBox.wholeCityShown": "地图显示全市范围。",
  "finder.searchBox.cityNext": "在地图上点选具体位置，或者搜索所在的街道、乡镇、村或社区，查看那里的责任规划师。",
};
const SEARCH_EN: typeof SEARCH_ZH = {
  // Short enough for the search field of a 390 px phone beside the locate button.
  "finder.searchBox.placeholder": "Place or planner",
  "finder.searchBox.didYouMean": "Did you mean:",
  "finder.searchBox.didYouMeanStatus": "Nothing matches “{query}”. Did you mean: {names}? Use the up and down arrow keys to browse, Enter to choose.",
  "finder.searchBox.placedAtTownshipSeat": "placed at its township seat",
  "finder.searchBox.placedInTownship": "placed inside its township",
  "finder.searchBox.type.city": "city",
  "finder.searchBox.wholeCity": "the whole city",
  "finder.searchBox.wholeCityShown": "The map shows the whole city.",
  "finder.searchBox.cityNext": "Tap a place on the map, or search your subdistrict, township, village or community, to see its planners.",
};

declare module "../../../lib/i18n.ts" {
  interface PageDictionaries {
    finderSearch: typeof SEARCH_ZH;
  }
}

addMessages(SEARCH_ZH, SEARCH_EN);
