/** The words of the finder's map controls (part of the finder's first chunk: the controls are on the first screen). */
import { addMessages } from "../../../lib/i18n.ts";

const FINDER_MAP_ZH = {
  "finderMap.wholeCity": "全市",
  "finderMap.locate": "定位到我的位置",
  "finderMap.locating": "正在定位…",
  "finderMap.askCentre": "查询地图中心（十字处）的责任规划师",
  "finderMap.noStreetMap": "未显示街道底图",
  "finderMap.streetMap": "街道底图",
  "finderMap.streetMapHint": "显示天地图的街道和地名（向天地图请求图片）",
};
const FINDER_MAP_EN: typeof FINDER_MAP_ZH = {
  "finderMap.wholeCity": "Whole city",
  "finderMap.locate": "Show where I am",
  "finderMap.locating": "Locating…",
  "finderMap.askCentre": "Find the responsible planner at the centre of the map (the cross)",
  "finderMap.noStreetMap": "No street map shown",
  "finderMap.streetMap": "Street map",
  "finderMap.streetMapHint": "Show Tianditu's streets and place names (images requested from Tianditu)",
};

declare module "../../../lib/i18n.ts" {
  interface PageDictionaries {
    finderMap: typeof FINDER_MAP_ZH;
  }
}

addMessages(FINDER_MAP_ZH, FINDER_MAP_EN);
