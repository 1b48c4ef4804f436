/**
 * The dashboard's map: with map/flat-map.ts (what it shares with the finder's map), the only module of the dashboard
 * that imports maplibre-gl and deck.gl, loaded on demand by dashboard-map-view.tsx, so deck.gl never reaches the
 * public page's bundle. Like map/map-controller.ts it is one
 * imperative object fed through idempotent setters (same input: no work), so React re-renders never rebuild the map,
 * the deck overlay or the project layer's GPU buffers.
 *
 * What it draws, bottom to top: counties filled by the share of their required units that are covered (or by county
 * chief posts filled); township-level units filled by their status on the chosen date (feature state keyed by code,
 * so a new date restyles without touching the geometry); township and county outlines (dashed where approximate);
 * the three belts as coloured outlines; the selected unit; and the project sites as a deck.gl ScatterplotLayer,
 * interleaved into MapLibre's own WebGL2 context (one context, one canvas: cheaper on software WebGL than an overlay).
 * The style has no glyphs, sprites or remote tiles, so nothing is requested from another host unless the optional
 * official basemap is configured. County names are HTML markers, because symbol layers would need a glyph server.
 */
import { MapLibreOverlay } from "@deck.gl/maplibre";
import { ScatterplotLayer } from "@deck.gl/layers";
import type { Feature, FeatureCollection, Geometry } from "geojson";
import * as maplibregl from "maplibre-gl";
import type { UnitStatus } from "../../api/dashboard-coverage.ts";
import { boundsOf, JINCHENG_BOUNDS, labelPointOf, type Bounds } from "../../lib/polygon-geometry.ts";
import type { BasemapStyleParts } from "../../map/basemap.ts";
import { createFlatMap, loadQueue } from "../../map/flat-map.ts";
import type { ExpressionSpecification, LayerSpecification, StyleSpecification } from "../../map/style-types.ts";
import {
  BELT_COLORS,
  CHIEF_POST_COLORS,
  OUTLINE_COLORS,
  projectTypeColor,
  rgbOf,
  SHARE_NONE,
  SHARE_STOPS,
  STATUS_COLORS,
  stageMark,
  SUSPENDED_PROJECT_COLOR,
} from "./dashboard-colors.ts";
import { dayNumber } from "./dashboard-dates.ts";
import type { MapEmphasis } from "./dashboard-filters.ts";
import { DASHBOARD_MAP_TEST_HOOK_NAME, type DashboardMapTestHook } from "./dashboard-test-hook.ts";
import type { ProjectSite } from "./project-sites.ts";

/** What the map needs of a boundary feature (the API's boundary collections fit this shape). */
export interface DivisionFeatureProperties {
  code: string;
  name: string;
  provenance: string;
}
export type DivisionFeatures = FeatureCollection<Geometry, DivisionFeatureProperties>;

/** A belt outline; features without geometry are skipped. */
export type BeltFeatures = FeatureCollection<Geometry | null, { code: string; name: string; provenance: string | null }>;

/** A county's figures on the chosen date: share of required units covered (null: none required) and chief posts filled. */
export interface CountyFigures {
  percent: number | null;
  chiefPostsFilled: number;
}

/** What the filters ask the map to show. county/belt null: no such filter; beltMembers: unit codes of that belt. */
export interface MapView {
  county: string | null;
  belt: string | null;
  beltMembers: ReadonlySet<string> | null;
  emphasis: MapEmphasis;
}

export interface DashboardMapLabels {
  /** Accessible name of the map canvas. */
  map: string;
  /** Shown on a touch screen when one finger tries to move the map (the page scrolls instead). */
  twoFingers: string;
}

export interface DashboardMapOptions {
  container: HTMLElement;
  labels: DashboardMapLabels;
  /** The optional official basemap (basemapStyleParts); empty parts for none. */
  basemap: BasemapStyleParts;
  /** A township-level unit was clicked on the map. Never called for changes made through the setters. */
  onUnitClick(code: string): void;
  /** A county was clicked where no unit polygon is drawn (e.g. without township boundaries). */
  onCountyClick(code: string): void;
  /** A project site was clicked. */
  onProjectClick(site: ProjectSite): void;
  exposeTestHook?: boolean;
}

export interface DashboardMap {
  /** County polygons; the first non-empty collection also fits the map to them. Same object: no-op. */
  setCountyBoundaries(collection: DivisionFeatures): void;
  /** Township-level unit polygons (an empty collection draws none). Same object: no-op. */
  setTownshipBoundaries(collection: DivisionFeatures): void;
  /** Belt outlines (features without geometry are left out). Same object: no-op. */
  setBelts(collection: BeltFeatures): void;
  /** Unit statuses on `date`, keyed by unit code; units not in the map are drawn as unknown. Same map: no-op. */
  setUnitStatuses(date: string, statuses: ReadonlyMap<string, UnitStatus>): void;
  /** County figures on the chosen date, keyed by county code. Same map: no-op. */
  setCountyFigures(figures: ReadonlyMap<string, CountyFigures>): void;
  /** Filters and emphasis; a new county filter also moves the map to that county. Equal view: no-op. */
  setView(view: MapView): void;
  /** Every project site; the date given to setProjectDate chooses those drawn. Same array: no-op. */
  setProjects(sites: readonly ProjectSite[]): void;
  /** Draws only the sites started by this date (YYYY-MM-DD). Same date: no-op. */
  setProjectDate(date: string): void;
  /** Outlines one unit (null: none). Same code: no-op. */
  setSelectedUnit(code: string | null): void;
  setLabels(labels: DashboardMapLabels): void;
  zoomIn(): void;
  zoomOut(): void;
  /** Fits the map to the counties, or to Jincheng's extent when there are none. */
  showWholeCity(): void;
  /** Removes the map, the overlay, the markers and the test hook. Calling it twice is harmless. */
  destroy(): void;
}

const SOURCE = { counties: "dashboard-counties", townships: "dashboard-townships", belts: "dashboard-belts" } as const;

const LAYER = {
  countyFill: "dashboard-county-fill",
  townshipFill: "dashboard-township-fill",
  townshipLine: "dashboard-township-line",
  townshipApproximateLine: "dashboard-township-line-approximate",
  countyLine: "dashboard-county-line",
  countyApproximateLine: "dashboard-county-line-approximate",
  beltLine: "dashboard-belt-line",
  selectedUnit: "dashboard-selected-unit",
} as const;

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
/** Dash pattern of an approximate outline, in line widths (as on the public map). */
const APPROXIMATE_DASH: [number, number] = [3, 2];
const IS_APPROXIMATE: ExpressionSpecification = ["==", ["get", "provenance"], "approximate"];
const DIMMED: ExpressionSpecification = ["boolean", ["feature-state", "dimmed"], false];

function emptySource(): StyleSpecification["sources"][string] {
  return { type: "geojson", data: { type: "FeatureCollection", features: [] }, promoteId: "code" };
}

/** County fill colour for the emphasis: share of units covered, chief posts filled, or a quiet neutral. */
function countyFillColor(emphasis: MapEmphasis): ExpressionSpecification | string {
  if (emphasis.chiefPosts) {
    const [none, one, both] = CHIEF_POST_COLORS;
    return ["match", ["coalesce", ["feature-state", "chiefPosts"], 0], 2, both, 1, one, none];
  }
  if (!emphasis.unitCoverage) return "#eceee8";
  const share: ExpressionSpecification = ["to-number", ["coalesce", ["feature-state", "share"], -1]];
  return ["case", ["<", share, 0], SHARE_NONE, ["interpolate", ["linear"], share, ...SHARE_STOPS.flat()]] as ExpressionSpecification;
}

function townshipFillOpacity(emphasis: MapEmphasis): ExpressionSpecification | number {
  if (!emphasis.unitCoverage) return 0;
  return ["case", DIMMED, 0.18, 0.92];
}

function baseStyle(basemap: BasemapStyleParts): StyleSpecification {
  const statusColor: ExpressionSpecification = [
    "match",
    ["coalesce", ["feature-state", "status"], "unknown"],
    "covered",
    STATUS_COLORS.covered,
    "vacant",
    STATUS_COLORS.vacant,
    "not_required",
    STATUS_COLORS.not_required,
    SHARE_NONE,
  ];
  const lineWidth: ExpressionSpecification = ["interpolate", ["linear"], ["zoom"], 7, 0.5, 12, 1.4];
  const countyWidth: ExpressionSpecification = ["case", ["boolean", ["feature-state", "focused"], false], 3.2, 1.6];
  const layers: LayerSpecification[] = [
    { id: "dashboard-background", type: "background", paint: { "background-color": "#f3f1ea" } },
    ...basemap.layers,
    {
      id: LAYER.countyFill,
      type: "fill",
      source: SOURCE.counties,
      paint: { "fill-color": countyFillColor({ unitCoverage: true, chiefPosts: false, projects: true }), "fill-opacity": ["case", DIMMED, 0.3, 0.85] },
    },
    {
      id: LAYER.townshipFill,
      type: "fill",
      source: SOURCE.townships,
      paint: { "fill-color": statusColor, "fill-opacity": townshipFillOpacity({ unitCoverage: true, chiefPosts: false, projects: true }) },
    },
    {
      id: LAYER.townshipLine,
      type: "line",
      source: SOURCE.townships,
      filter: ["!", IS_APPROXIMATE],
      paint: { "line-color": OUTLINE_COLORS.township, "line-width": lineWidth },
    },
    {
      id: LAYER.townshipApproximateLine,
      type: "line",
      source: SOURCE.townships,
      filter: IS_APPROXIMATE,
      paint: { "line-color": OUTLINE_COLORS.township, "line-width": lineWidth, "line-dasharray": APPROXIMATE_DASH },
    },
    {
      id: LAYER.countyLine,
      type: "line",
      source: SOURCE.counties,
      filter: ["!", IS_APPROXIMATE],
      layout: { "line-join": "round" },
      paint: { "line-color": OUTLINE_COLORS.county, "line-width": countyWidth },
    },
    {
      id: LAYER.countyApproximateLine,
      type: "line",
      source: SOURCE.counties,
      filter: IS_APPROXIMATE,
      paint: { "line-color": OUTLINE_COLORS.county, "line-width": countyWidth, "line-dasharray": APPROXIMATE_DASH },
    },
    {
      id: LAYER.beltLine,
      type: "line",
      source: SOURCE.belts,
      layout: { "line-join": "round" },
      paint: {
        "line-color": ["to-color", ["coalesce", ["feature-state", "color"], BELT_COLORS[0]!]],
        "line-width": 3,
        // Belts share member townships: each belt is offset a little so that overlapping outlines stay visible.
        "line-offset": ["to-number", ["coalesce", ["feature-state", "offset"], 0]],
        "line-opacity": ["case", ["boolean", ["feature-state", "hidden"], false], 0, 0.9],
      },
    },
    {
      id: LAYER.selectedUnit,
      type: "line",
      source: SOURCE.townships,
      paint: {
        "line-color": OUTLINE_COLORS.selected,
        "line-width": 3.5,
        "line-opacity": ["case", ["boolean", ["feature-state", "selected"], false], 1, 0],
      },
    },
  ];
  return {
    version: 8,
    sources: {
      ...basemap.sources,
      [SOURCE.counties]: emptySource(),
      [SOURCE.townships]: emptySource(),
      [SOURCE.belts]: emptySource(),
    },
    layers,
  };
}

/** A phone or tablet: the map then needs two fingers, so that one finger scrolls the page past it. */
function isTouchScreen(): boolean {
  return typeof window.matchMedia === "function" && window.matchMedia("(pointer: coarse)").matches;
}

/** Less room around fitted data on a narrow map (a phone), where every pixel counts. */
function fitPadding(container: HTMLElement): { top: number; bottom: number; left: number; right: number } {
  return container.clientWidth < 520 ? { top: 8, bottom: 8, left: 8, right: 44 } : { top: 24, bottom: 24, left: 24, right: 56 };
}

function prefersReducedMotion(): boolean {
  return typeof window.matchMedia === "function" && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
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

function sameSet(a: ReadonlySet<string> | null, b: ReadonlySet<string> | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.size !== b.size) return false;
  for (const value of a) if (!b.has(value)) return false;
  return true;
}

function sameView(a: MapView | undefined, b: MapView): boolean {
  return (
    a !== undefined &&
    a.county === b.county &&
    a.belt === b.belt &&
    sameSet(a.beltMembers, b.beltMembers) &&
    a.emphasis.unitCoverage === b.emphasis.unitCoverage &&
    a.emphasis.chiefPosts === b.emphasis.chiefPosts &&
    a.emphasis.projects === b.emphasis.projects
  );
}

export function createDashboardMap(options: DashboardMapOptions): DashboardMap {
  const map = createFlatMap({
    container: options.container,
    style: baseStyle(options.basemap),
    attributionControl: options.basemap.layers.length > 0 ? { compact: true } : false,
    maxZoom: 16,
    // The dashboard is a long page: on a touch screen one finger must scroll it, not get caught by the map.
    cooperativeGestures: isTouchScreen(),
    locale: { "Map.Title": options.labels.map, "CooperativeGesturesHandler.MobileHelpText": options.labels.twoFingers },
  });

  // interleaved: deck.gl draws into MapLibre's own context, between its layers, instead of a second canvas on top.
  const overlay = new MapLibreOverlay({ interleaved: true, layers: [] });

  const queue = loadQueue(map, () => {
    softwareRenderer = isSoftwareRenderer(map.getCanvas());
    map.addControl(overlay);
  });
  const whenLoaded = queue.whenLoaded;

  let counties: DivisionFeatures | undefined;
  let townships: DivisionFeatures | undefined;
  let belts: BeltFeatures | undefined;
  let statuses: ReadonlyMap<string, UnitStatus> | undefined;
  let statusDate: string | null = null;
  let countyFigures: ReadonlyMap<string, CountyFigures> | undefined;
  let view: MapView | undefined;
  let sites: readonly ProjectSite[] = [];
  let projectDate: string | null = null;
  let drawnSites: readonly ProjectSite[] = [];
  let selectedUnit: string | null = null;
  let countyBounds: Bounds | null = null;
  let fittedToData = false;
  let canvasLabel = options.labels.map;
  let labelMarkers: maplibregl.Marker[] = [];

  let isReady = false;
  let waitingForIdle = false;
  let resolveReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });
  const noteDataApplied = (): void => {
    if (isReady || waitingForIdle || counties === undefined || townships === undefined || statuses === undefined) return;
    waitingForIdle = true;
    // setData is processed in the worker; `idle` fires once every source has loaded and drawn what it was given.
    map.once("idle", () => {
      isReady = true;
      resolveReady();
    });
    map.triggerRepaint();
  };

  const geoJsonSource = (id: string): maplibregl.GeoJSONSource | undefined => map.getSource<maplibregl.GeoJSONSource>(id);
  const setState = (source: string, code: string, state: Record<string, unknown>): void => {
    map.setFeatureState({ source, id: code }, state);
  };

  const fit = (bounds: Bounds, animate: boolean): void => {
    map.fitBounds(bounds, { padding: fitPadding(options.container), duration: animate && !prefersReducedMotion() ? 500 : 0, maxZoom: 11 });
  };

  const renderCountyLabels = (collection: DivisionFeatures): void => {
    for (const marker of labelMarkers) marker.remove();
    labelMarkers = [];
    for (const feature of collection.features) {
      const point = labelPointOf(feature.geometry);
      if (!point) continue;
      const element = document.createElement("div");
      element.className = "dashboard-map-label";
      element.textContent = feature.properties.name;
      labelMarkers.push(new maplibregl.Marker({ element, anchor: "center" }).setLngLat(point).addTo(map));
      // The county table names every county for screen readers; the labels are visual only.
      element.removeAttribute("role");
      element.removeAttribute("aria-label");
      element.setAttribute("aria-hidden", "true");
    }
  };

  const applyStatuses = (): void => {
    if (!townships || !statuses) return;
    for (const feature of townships.features) {
      setState(SOURCE.townships, feature.properties.code, { status: statuses.get(feature.properties.code) ?? null });
    }
  };

  const applyCountyFigures = (): void => {
    if (!counties || !countyFigures) return;
    for (const feature of counties.features) {
      const figures = countyFigures.get(feature.properties.code);
      setState(SOURCE.counties, feature.properties.code, { share: figures?.percent ?? null, chiefPosts: figures?.chiefPostsFilled ?? 0 });
    }
  };

  const applyBeltStyles = (): void => {
    if (!belts) return;
    belts.features.forEach((feature, index) => {
      const offset = (index - (belts!.features.length - 1) / 2) * 3;
      setState(SOURCE.belts, feature.properties.code, {
        color: BELT_COLORS[index % BELT_COLORS.length],
        offset,
        hidden: view?.belt != null && view.belt !== feature.properties.code,
      });
    });
  };

  const applyDimming = (): void => {
    const county = view?.county ?? null;
    const members = view?.beltMembers ?? null;
    for (const feature of townships?.features ?? []) {
      const code = feature.properties.code;
      const outside = (county !== null && !code.startsWith(county)) || (members !== null && !members.has(code));
      setState(SOURCE.townships, code, { dimmed: outside });
    }
    for (const feature of counties?.features ?? []) {
      const code = feature.properties.code;
      setState(SOURCE.counties, code, { dimmed: county !== null && code !== county, focused: code === county });
    }
  };

  /** The sites drawn while the camera moves on a software renderer: every k-th, at most MOVING_SITE_LIMIT. */
  let movingSites: readonly ProjectSite[] = [];
  let cameraMoving = false;
  let settleTimer: number | undefined;
  let softwareRenderer = false;
  let adaptiveDetail = true;
  const thinsWhileMoving = (): boolean => softwareRenderer && adaptiveDetail;

  const projectLayer = (id: string, data: readonly ProjectSite[], visible: boolean, pickable: boolean) =>
    new ScatterplotLayer<ProjectSite>({
      id,
      data,
      visible,
      getPosition: (site) => site.position,
      getFillColor: siteFillColor,
      getLineColor: siteLineColor,
      radiusUnits: "pixels",
      getRadius: 4.5,
      stroked: true,
      lineWidthUnits: "pixels",
      getLineWidth: 1.5,
      pickable,
      autoHighlight: pickable,
      highlightColor: [17, 24, 39, 200],
    });

  const updateProjectLayer = (): void => {
    const visible = view?.emphasis.projects ?? true;
    const day = projectDate === null ? Number.POSITIVE_INFINITY : dayNumber(projectDate);
    const next = sites.filter((site) => site.startDay <= day);
    // Keep the same arrays when nothing changed, so deck.gl does not rebuild its buffers.
    if (next.length !== drawnSites.length || next.some((site, index) => site !== drawnSites[index])) {
      drawnSites = next;
      const stride = Math.max(1, Math.ceil(next.length / MOVING_SITE_LIMIT));
      movingSites = stride === 1 ? next : next.filter((_site, index) => index % stride === 0);
    }
    const thinned = cameraMoving && thinsWhileMoving();
    // Two layers with their own buffers, switched by visibility: switching costs nothing, re-uploading would.
    overlay.setProps({
      layers: [
        projectLayer(PROJECT_LAYER_ID, drawnSites, visible && !thinned, true),
        projectLayer(MOVING_PROJECT_LAYER_ID, movingSites, visible && thinned, false),
      ],
    });
  };

  // On a software renderer, draw a sample of the sites while the camera moves and all of them once it has settled.
  // jumpTo and every animation step fire movestart/moveend, so "settled" means no movement for SETTLE_MS.
  map.on("movestart", () => {
    window.clearTimeout(settleTimer);
    if (cameraMoving || !thinsWhileMoving()) return;
    cameraMoving = true;
    updateProjectLayer();
  });
  map.on("moveend", () => {
    if (!cameraMoving) return;
    window.clearTimeout(settleTimer);
    settleTimer = window.setTimeout(() => {
      cameraMoving = false;
      updateProjectLayer();
    }, SETTLE_MS);
  });

  map.on("click", (event) => {
    const { x, y } = event.point;
    const picked = view?.emphasis.projects === false ? null : overlay.pickObject({ x, y, radius: 4, layerIds: [PROJECT_LAYER_ID] });
    if (picked?.object) {
      options.onProjectClick(picked.object as ProjectSite);
      return;
    }
    const unit = map.queryRenderedFeatures(event.point, { layers: [LAYER.townshipFill] })[0];
    const unitCode: unknown = unit?.properties.code;
    if (typeof unitCode === "string") {
      options.onUnitClick(unitCode);
      return;
    }
    const county = map.queryRenderedFeatures(event.point, { layers: [LAYER.countyFill] })[0];
    const countyCode: unknown = county?.properties.code;
    if (typeof countyCode === "string") options.onCountyClick(countyCode);
  });
  map.on("mousemove", (event) => {
    const overUnit = map.queryRenderedFeatures(event.point, { layers: [LAYER.townshipFill, LAYER.countyFill] }).length > 0;
    map.getCanvas().style.cursor = overUnit ? "pointer" : "";
  });

  if (options.exposeTestHook) {
    const hook: DashboardMapTestHook = {
      ready,
      get isReady() {
        return isReady;
      },
      layerIds: { countyFill: LAYER.countyFill, townshipFill: LAYER.townshipFill, beltLine: LAYER.beltLine },
      statusDate: () => statusDate,
      queryRenderedFeatures(layerIds) {
        return map.queryRenderedFeatures(layerIds ? { layers: layerIds } : {}).map((feature) => ({
          layerId: feature.layer.id,
          id: feature.id,
          properties: { ...feature.properties },
          state: { ...feature.state },
        }));
      },
      clientPointOf(lngLat) {
        const point = map.project(lngLat);
        const box = map.getCanvas().getBoundingClientRect();
        return { x: box.left + point.x, y: box.top + point.y };
      },
      isMoving: () => map.isMoving(),
      projects: () => ({
        loaded: sites.length,
        drawn: drawnSites.length,
        visible: view?.emphasis.projects ?? true,
        softwareRenderer,
        drawnWhileMoving: thinsWhileMoving() ? movingSites.length : drawnSites.length,
      }),
      setAdaptiveDetail: (enabled) => {
        adaptiveDetail = enabled;
        cameraMoving = false;
        updateProjectLayer();
      },
      jumpTo: (center, zoom) => {
        map.jumpTo({ center, zoom });
      },
      camera: () => {
        const center = map.getCenter();
        return { center: [center.lng, center.lat], zoom: map.getZoom() };
      },
    };
    (window as unknown as Record<string, unknown>)[DASHBOARD_MAP_TEST_HOOK_NAME] = hook;
  }

  return {
    setCountyBoundaries(collection) {
      if (collection === counties) return;
      counties = collection;
      countyBounds = boundsOf(collection.features.map((feature) => feature.geometry));
      whenLoaded(() => {
        geoJsonSource(SOURCE.counties)?.setData(collection);
        renderCountyLabels(collection);
        applyCountyFigures();
        applyDimming();
        // Fit once, to the first data: later updates must not yank the view away from where the user is looking.
        if (!fittedToData && countyBounds) {
          fit(countyBounds, false);
          fittedToData = true;
        }
        noteDataApplied();
      });
    },

    setTownshipBoundaries(collection) {
      if (collection === townships) return;
      townships = collection;
      whenLoaded(() => {
        geoJsonSource(SOURCE.townships)?.setData(collection);
        applyStatuses();
        applyDimming();
        if (selectedUnit !== null) setState(SOURCE.townships, selectedUnit, { selected: true });
        noteDataApplied();
      });
    },

    setBelts(collection) {
      if (collection === belts) return;
      const drawable = collection.features.filter((feature): feature is Feature<Geometry, (typeof feature)["properties"]> => feature.geometry !== null);
      belts = { type: "FeatureCollection", features: drawable };
      whenLoaded(() => {
        geoJsonSource(SOURCE.belts)?.setData(belts as FeatureCollection);
        applyBeltStyles();
      });
    },

    setUnitStatuses(date, next) {
      if (next === statuses) return;
      statuses = next;
      whenLoaded(() => {
        applyStatuses();
        statusDate = date;
        noteDataApplied();
      });
    },

    setCountyFigures(next) {
      if (next === countyFigures) return;
      countyFigures = next;
      whenLoaded(applyCountyFigures);
    },

    setView(next) {
      if (sameView(view, next)) return;
      const previousCounty = view?.county ?? null;
      const previousEmphasis = view?.emphasis;
      view = next;
      whenLoaded(() => {
        if (
          !previousEmphasis ||
          previousEmphasis.unitCoverage !== next.emphasis.unitCoverage ||
          previousEmphasis.chiefPosts !== next.emphasis.chiefPosts
        ) {
          map.setPaintProperty(LAYER.countyFill, "fill-color", countyFillColor(next.emphasis));
          map.setPaintProperty(LAYER.townshipFill, "fill-opacity", townshipFillOpacity(next.emphasis));
        }
        applyDimming();
        applyBeltStyles();
        updateProjectLayer();
        if (next.county !== previousCounty) {
          const feature = counties?.features.find((candidate) => candidate.properties.code === next.county);
          const bounds = next.county === null ? countyBounds : feature ? boundsOf([feature.geometry]) : null;
          if (bounds) fit(bounds, true);
        }
      });
    },

    setProjects(next) {
      if (next === sites) return;
      sites = next;
      whenLoaded(updateProjectLayer);
    },

    setProjectDate(date) {
      if (date === projectDate) return;
      projectDate = date;
      whenLoaded(updateProjectLayer);
    },

    setSelectedUnit(code) {
      if (code === selectedUnit) return;
      const previous = selectedUnit;
      selectedUnit = code;
      whenLoaded(() => {
        if (previous !== null) setState(SOURCE.townships, previous, { selected: false });
        if (code !== null) setState(SOURCE.townships, code, { selected: true });
      });
    },

    setLabels(labels) {
      // The two-finger hint is read once, when the map is made; only the canvas name follows the language.
      if (labels.map === canvasLabel) return;
      canvasLabel = labels.map;
      map.getCanvas().setAttribute("aria-label", labels.map);
    },

    zoomIn: () => map.zoomIn({ duration: prefersReducedMotion() ? 0 : 250 }),
    zoomOut: () => map.zoomOut({ duration: prefersReducedMotion() ? 0 : 250 }),
    showWholeCity: () => fit(countyBounds ?? JINCHENG_BOUNDS, true),

    destroy() {
      if (queue.closed) return;
      queue.close();
      for (const marker of labelMarkers) marker.remove();
      window.clearTimeout(settleTimer);
      if (queue.loaded) map.removeControl(overlay);
      map.remove();
      if (options.exposeTestHook) delete (window as unknown as Record<string, unknown>)[DASHBOARD_MAP_TEST_HOOK_NAME];
    },
  };
}
