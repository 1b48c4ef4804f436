/**
 * Planning project sites as dots, coloured by project type and marked by stage, drawn by deck.gl
 * (project-sites.deck.ts, loaded on demand when the layer is attached, so deck.gl reaches only the pages that draw
 * sites). Its colours are exported for the legend. The layer keeps the same arrays while the drawn sites do not change,
 * so deck.gl does not rebuild its GPU buffers on a re-render.
 */
import type { ProjectFeature } from "@contracts/ogc.ts";
import type { LayerContext, MapLayer } from "../map-layer.ts";
import type { ProjectSitesTestHook } from "../map-test-hook.ts";
import type { SitesOverlay } from "./project-sites.deck.ts";

type ProjectStage = ProjectFeature["properties"]["stage"];

/** One project as drawn: a position (a polygon site is drawn at a point inside it), its type, stage and start day. */
export interface ProjectSite {
  id: string;
  name: string;
  projectType: string;
  stage: ProjectStage;
  startedOn: string | null;
  /** Day number of the start (days since 1970-01-01); -Infinity when unknown, so an undated project always shows. */
  startDay: number;
  position: [number, number];
}

/** Project site colours by type; any type not listed is drawn in OTHER_PROJECT_TYPE_COLOR. */
const PROJECT_TYPE_COLORS: Readonly<Record<string, string>> = {
  城市更新: "#c2410c",
  公共空间: "#2563eb",
  村庄规划: "#15803d",
  污水治理: "#0e7490",
  海绵城市: "#7c3aed",
};
export const OTHER_PROJECT_TYPE_COLOR = "#57534e";
export const SUSPENDED_PROJECT_COLOR = "#9ca3af";

/** How a stage is drawn: a hollow ring before building starts, a solid dot from construction on, grey when suspended. */
type StageMark = "hollow" | "solid" | "suspended";

function stageMark(stage: ProjectStage): StageMark {
  if (stage === "suspended") return "suspended";
  return stage === "construction" || stage === "completed" ? "solid" : "hollow";
}

export function projectTypeColor(projectType: string): string {
  return PROJECT_TYPE_COLORS[projectType] ?? OTHER_PROJECT_TYPE_COLOR;
}

/** "#rrggbb" → [r, g, b] for deck.gl. */
function rgbOf(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

const HOLLOW_FILL: [number, number, number, number] = [255, 255, 255, 235];
const SUSPENDED_RGB = rgbOf(SUSPENDED_PROJECT_COLOR);

function siteFillColor(site: ProjectSite): [number, number, number, number] {
  const mark = stageMark(site.stage);
  if (mark === "hollow") return HOLLOW_FILL;
  if (mark === "suspended") return [...SUSPENDED_RGB, 220];
  return [...rgbOf(projectTypeColor(site.projectType)), 235];
}

function siteLineColor(site: ProjectSite): [number, number, number, number] {
  const mark = stageMark(site.stage);
  if (mark === "solid") return [255, 255, 255, 255];
  if (mark === "suspended") return [...SUSPENDED_RGB, 255];
  return [...rgbOf(projectTypeColor(site.projectType)), 255];
}

const PROJECT_LAYER_ID = "dashboard-projects";
const MOVING_PROJECT_LAYER_ID = "dashboard-projects-moving";
/**
 * Software WebGL (SwiftShader, llvmpipe: virtual desktops and PCs without a GPU driver, common in offices) pays a
 * fixed cost per instance of an instanced draw, which every deck.gl point layer is. Measured here with a bare WebGL2
 * page: 10,000 instanced quads 370-420 ms a frame, the same quads as one plain draw 67-83 ms. So on such a renderer
 * only a sample of at most this many sites is drawn while the camera moves, and every site once it stops.
 */
const MOVING_SITE_LIMIT = 500;
/** How long the camera must rest before every site is drawn again. */
const SETTLE_MS = 200;

/** True when WebGL runs in software; such renderers name themselves in the RENDERER string. */
function isSoftwareRenderer(canvas: HTMLCanvasElement): boolean {
  // getContext with the type the map created returns the map's own context, not a new one.
  const gl = canvas.getContext("webgl2") ?? canvas.getContext("webgl");
  if (!gl) return false;
  let renderer = String(gl.getParameter(gl.RENDERER));
  if (/^webkit webgl$/i.test(renderer)) {
    // Chromium masks RENDERER; the debug extension still tells, where the browser offers it.
    const debug = gl.getExtension("WEBGL_debug_renderer_info");
    if (debug) renderer = String(gl.getParameter(debug.UNMASKED_RENDERER_WEBGL));
  }
  return /swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer);
}

export interface ProjectSitesLayerOptions {
  /** A project site was clicked. */
  onSiteClick(site: ProjectSite): void;
}

export interface ProjectSitesLayer extends MapLayer {
  /** Every project site; setStartedBy chooses those drawn. Same array: no-op. */
  setSites(sites: readonly ProjectSite[]): void;
  /** Draws only the sites started by this day number (see ProjectSite.startDay). Same day: no-op. */
  setStartedBy(day: number): void;
  /** Shows or hides the sites (hidden sites cannot be clicked). */
  setVisible(visible: boolean): void;
}

/** The project-sites layer; it draws once deck.gl has arrived and the style has loaded. */
export function projectSitesLayer(options: ProjectSitesLayerOptions): ProjectSitesLayer {
  let context: LayerContext | null = null;
  let overlay: SitesOverlay<ProjectSite> | null = null;
  let sites: readonly ProjectSite[] = [];
  let day = Number.POSITIVE_INFINITY;
  let visible = true;
  let drawnSites: readonly ProjectSite[] = [];
  /** The sites drawn while the camera moves on a software renderer: every k-th, at most MOVING_SITE_LIMIT. */
  let movingSites: readonly ProjectSite[] = [];
  let cameraMoving = false;
  let settleTimer: number | undefined;
  let softwareRenderer = false;
  let adaptiveDetail = true;
  const thinsWhileMoving = (): boolean => softwareRenderer && adaptiveDetail;

  const update = (): void => {
    const next = sites.filter((site) => site.startDay <= day);
    // Keep the same arrays when nothing changed, so deck.gl does not rebuild its buffers.
    if (next.length !== drawnSites.length || next.some((site, index) => site !== drawnSites[index])) {
      drawnSites = next;
      const stride = Math.max(1, Math.ceil(next.length / MOVING_SITE_LIMIT));
      movingSites = stride === 1 ? next : next.filter((_site, index) => index % stride === 0);
    }
    const thinned = cameraMoving && thinsWhileMoving();
    // Two layers with their own buffers, switched by visibility: switching costs nothing, re-uploading would.
    overlay?.draw([
      { id: PROJECT_LAYER_ID, data: drawnSites, visible: visible && !thinned, pickable: true },
      { id: MOVING_PROJECT_LAYER_ID, data: movingSites, visible: visible && thinned, pickable: false },
    ]);
  };

  return {
    attach(at) {
      context = at;
      const { map } = at;
      const deck = import("./project-sites.deck.ts");
      at.whenLoaded(() => {
        softwareRenderer = isSoftwareRenderer(map.getCanvas());
        deck.then(
          ({ createSitesOverlay }) => {
            if (context !== at) return;
            overlay = createSitesOverlay<ProjectSite>(map, { position: (site) => site.position, fill: siteFillColor, line: siteLineColor });
            update();
          },
          (error: unknown) => console.warn("the project sites could not be drawn", error),
        );
      });
      // On a software renderer, draw a sample of the sites while the camera moves and all of them once it has settled.
      // jumpTo and every animation step fire movestart/moveend, so "settled" means no movement for SETTLE_MS.
      map.on("movestart", () => {
        window.clearTimeout(settleTimer);
        if (cameraMoving || !thinsWhileMoving()) return;
        cameraMoving = true;
        update();
      });
      map.on("moveend", () => {
        if (!cameraMoving) return;
        window.clearTimeout(settleTimer);
        settleTimer = window.setTimeout(() => {
          cameraMoving = false;
          update();
        }, SETTLE_MS);
      });
    },

    detach() {
      window.clearTimeout(settleTimer);
      overlay?.remove();
      overlay = null;
      cameraMoving = false;
      context = null;
    },

    click(event) {
      const site = visible ? overlay?.pick(event.point, PROJECT_LAYER_ID) : null;
      if (!site) return false;
      options.onSiteClick(site);
      return true;
    },

    setSites(next) {
      if (next === sites) return;
      sites = next;
      update();
    },

    setStartedBy(next) {
      if (next === day) return;
      day = next;
      update();
    },

    setVisible(next) {
      if (next === visible) return;
      visible = next;
      update();
    },

    testHook: (): ProjectSitesTestHook => ({
      projects: () => ({
        loaded: sites.length,
        drawn: drawnSites.length,
        visible,
        softwareRenderer,
        drawnWhileMoving: thinsWhileMoving() ? movingSites.length : drawnSites.length,
      }),
      setAdaptiveDetail: (enabled) => {
        adaptiveDetail = enabled;
        cameraMoving = false;
        update();
      },
    }),
  };
}
