/**
 * Words of the workspace's map and its modes (keys "workspace.map.*"), Chinese first; registered by
 * workspace-map-view.tsx when its module loads.
 */
// Brings lib/i18n.ts into this module's graph, so that the augmentation at the end finds it.
import type {} from "../../../lib/i18n.ts";

export const WORKSPACE_MAP_ZH = {
  "workspace.map.label": "责任区地图",
  "workspace.map.unavailable": "地图无法显示（浏览器不支持 WebGL2），其余功能仍可使用。",
  "workspace.map.controls": "地图操作",
  "workspace.map.zoomIn": "放大",
  "workspace.map.zoomOut": "缩小",
  "workspace.map.showWholeCity": "显示全市",
  "workspace.map.modes": "地图模式",
  "workspace.map.mode.select": "选择",
  "workspace.map.mode.compose": "组合",
  "workspace.map.mode.draw": "绘制",
  "workspace.map.mode.import": "导入",
  "workspace.map.status.covered": "已配备",
  "workspace.map.status.vacant": "空缺",
  "workspace.map.unassigned": "未纳入任何责任区",
  "workspace.map.noAreaHere": "{township}不在任何责任区内。",
  "workspace.map.needArea": "请先在左侧列表或地图上选择一个责任区。",
  "workspace.map.loadingArea": "正在读取所选责任区…",
  "workspace.map.locked": "{area}已锁定：请先在右侧解锁再修改。",
  "workspace.map.compose.hint": "点击街道、镇、乡，将其加入或移出{area}。",
  "workspace.map.compose.notComposable": "{area}不由街道、镇、乡组成，请用“绘制”修改其范围。",
  "workspace.map.compose.taken": "{township}已属于{area}，不能同时纳入两个责任区。",
  "workspace.map.compose.notTownship": "只能加入街道、镇、乡。",
  "workspace.map.compose.added": "已加入{township}（未保存）。",
  "workspace.map.compose.removed": "已移出{township}（未保存）。",
  "workspace.map.compose.members": "成员 {count} 个",
  "workspace.map.compose.free": "仍未纳入责任区的街道、镇、乡 {count} 个",
  "workspace.map.draw.hint": "在地图上依次点击各顶点，再点击起点完成；拖动顶点可修改形状，靠近已有边界时自动吸附。按 Esc 退出。",
  "workspace.map.draw.area": "面积 {km2} km²",
  "workspace.map.draw.kinks": "轮廓自相交 {count} 处（红点），保存前请修正。",
  "workspace.map.draw.new": "新增多边形",
  "workspace.map.draw.clear": "清除重画",
  "workspace.map.draw.unavailable": "绘制工具无法加载。",
  "workspace.map.draw.drawn": "已绘制新的范围（未保存）。",
} as const;

export const WORKSPACE_MAP_EN: Record<keyof typeof WORKSPACE_MAP_ZH, string> = {
  "workspace.map.label": "Map of the responsibility areas",
  "workspace.map.unavailable": "The map cannot be shown (this browser has no WebGL2); everything else still works.",
  "workspace.map.controls": "Map controls",
  "workspace.map.zoomIn": "Zoom in",
  "workspace.map.zoomOut": "Zoom out",
  "workspace.map.showWholeCity": "Show the whole city",
  "workspace.map.modes": "Map mode",
  "workspace.map.mode.select": "Select",
  "workspace.map.mode.compose": "Compose",
  "workspace.map.mode.draw": "Draw",
  "workspace.map.mode.import": "Import",
  "workspace.map.status.covered": "covered",
  "workspace.map.status.vacant": "vacant",
  "workspace.map.unassigned": "in no area",
  "workspace.map.noAreaHere": "{township} is in no area.",
  "workspace.map.needArea": "Select an area first, in the list or on the map.",
  "workspace.map.loadingArea": "Reading the selected area…",
  "workspace.map.locked": "{area} is locked: unlock it on the right before changing it.",
  "workspace.map.compose.hint": "Click subdistricts, towns and townships to add them to {area} or take them out.",
  "workspace.map.compose.notComposable": "{area} is not made of subdistricts, towns and townships: use Draw to change it.",
  "workspace.map.compose.taken": "{township} already belongs to {area}; it cannot be in two areas.",
  "workspace.map.compose.notTownship": "Only subdistricts, towns and townships can be added.",
  "workspace.map.compose.added": "Added {township} (not saved).",
  "workspace.map.compose.removed": "Took out {township} (not saved).",
  "workspace.map.compose.members": "{count} members",
  "workspace.map.compose.free": "{count} subdistricts, towns and townships still in no area",
  "workspace.map.draw.hint": "Click each corner on the map, then the first one to finish; drag a corner to reshape. Corners snap to nearby boundaries. Esc leaves.",
  "workspace.map.draw.area": "Area {km2} km²",
  "workspace.map.draw.kinks": "The outline crosses itself in {count} places (red dots): correct it before saving.",
  "workspace.map.draw.new": "Add a polygon",
  "workspace.map.draw.clear": "Clear and redraw",
  "workspace.map.draw.unavailable": "The drawing tools could not be loaded.",
  "workspace.map.draw.drawn": "Drew a new outline (not saved).",
};

declare module "../../../lib/i18n.ts" {
  interface PageDictionaries {
    workspaceMap: typeof WORKSPACE_MAP_ZH;
  }
}
