/**
 * The dashboard's coverage layer, from the API's GeoJSON boundaries (a handful of polygons, restyled on every date):
 * counties filled by the share of their required units that are covered (or by county chief posts filled);
 * township-level units filled by their status on the chosen date (feature state keyed by code, so a new date restyles
 * without touching the geometry); township and county outlines (dashed where approximate); the three belts as
 * coloured outlines; and the selected unit. County names are HTML labels. Its colours are exported for the legend and
 * the chart, so that they cannot drift apart. Coverage uses teal (covered) against orange (vacant) rather than green
 * against red, which readers with red-green colour blindness cannot tell apart; every status is also written out in
 * the tables, so colour is never the only cue.
 */
import type * as maplibregl from "maplibre-gl";
import type { Feature, FeatureCollection, Geometry } from "geojson";
import type { UnitCoverageList } from "@contracts/coverage.ts";
import { boundsOf, labelPointOf, type Bounds } from "../../lib/polygon-geometry.ts";
import type { LayerContext, MapLayer } from "../map-layer.ts";
import type { CoverageTestHook } from "../map-test-hook.ts";
import type { ExpressionSpecification, LayerSpecification, SourceSpecification } from "../style-types.ts";
import { APPROXIMATE_DASH, IS_APPROXIMATE, stateFlag } from "./boundary-style.ts";

export type UnitStatus = UnitCoverageList["units"][number]["status"];

export const STATUS_COLORS: Record<UnitStatus, string> = {
  covered: "#1f7a6d",
  vacant: "#e0812b",
  not_required: "#c9cdc5",
};

/** County fill by the share of its required units that are covered: stops at 0, 50 and 100 %. */
export const SHARE_STOPS: readonly [number, string][] = [
  [0, "#f7e4cf"],
  [50, "#8cc3b5"],
  [100, "#1f7a6d"],
];
/** A county with no unit required yet (share unknown). */
export const SHARE_NONE = "#e4e6e1";

/** County fill by county chief posts filled (0, 1 or 2 of 2). */
export const CHIEF_POST_COLORS: readonly [string, string, string] = ["#e0812b", "#f3cf95", "#1f7a6d"];

export const OUTLINE_COLORS = { county: "#24453a", township: "#ffffff", selected: "#111827", casing: "#ffffff" } as const;

/**
 * Belt outlines, by position in the list of belts (ordered by code); more belts than colours reuse them. Dark hues far
 * from the teal and orange of the statuses (a brown vanished on orange), each drawn over a white casing.
 */
export const BELT_PALETTE: readonly string[] = ["#5b21b6", "#0b3d91", "#be185d", "#111827"];

/** What the layer needs of a boundary feature (the API's boundary collections fit this shape). */
interface DivisionFeatureProperties {
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
  /** The county's label on the map (its name and coverage, in the page's words); absent: the name alone. */
  label?: string;
}

/** What the map colours by: units (and counties) by coverage, or counties by chief posts filled; neither: quiet. */
interface CoverageEmphasis {
  unitCoverage: boolean;
  chiefPosts: boolean;
}

/** What the filters ask the layer to show. county/belt null: no such filter; beltMembers: unit codes of that belt. */
export interface CoverageView {
  county: string | null;
  belt: string | null;
  beltMembers: ReadonlySet<string> | null;
  emphasis: CoverageEmphasis;
}

export interface CoverageLayerOptions {
  /** A township-level unit was clicked on the map. Never called for changes made through the setters. */
  onUnitClick(code: string): void;
  /** A county was clicked where no unit polygon is drawn (e.g. without township boundaries). */
  onCountyClick(code: string): void;
}

export interface CoverageLayer extends MapLayer {
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
  setView(view: CoverageView): void;
  /** Outlines one unit (null: none). Same code: no-op. */
  setSelectedUnit(code: string | null): void;
  /** Labels of the units drawn, by code (their name and status, in the page's words), shown when zoomed in. Same map: no-op. */
  setUnitLabels(texts: ReadonlyMap<string, string>): void;
  /** The map as drawn now, drawn synchronously into a 2D canvas (which prints, unlike WebGL's); null before the map. */
  drawStill(target: HTMLCanvasElement): boolean;
}

/** Unit labels show from this zoom on; below it only the counties are labelled, so that the labels stay readable. */
const UNIT_LABEL_MIN_ZOOM = 9.5;

const SOURCE = { counties: "dashboard-counties", townships: "dashboard-townships", belts: "dashboard-belts" } as const;

const LAYER = {
  countyFill: "dashboard-county-fill",
  townshipFill: "dashboard-township-fill",
  townshipLine: "dashboard-township-line",
  townshipApproximateLine: "dashboard-township-line-approximate",
  countyLine: "dashboard-county-line",
  countyApproximateLine: "dashboard-county-line-approximate",
  beltCasing: "dashboard-belt-casing",
  beltLine: "dashboard-belt-line",
  selectedCasing: "dashboard-selected-unit-casing",
  selectedUnit: "dashboard-selected-unit",
} as const;

const DIMMED = stateFlag("dimmed");
/** The selected unit's outline, in px, over a white casing 4 px wider: it must stand out at a glance. */
export const SELECTED_WIDTH = 5;
const FULL_EMPHASIS: CoverageEmphasis = { unitCoverage: true, chiefPosts: false };

function emptySource(): SourceSpecification {
  return { type: "geojson", data: { type: "FeatureCollection", features: [] }, promoteId: "code" };
}

/** County fill colour for the emphasis: share of units covered, chief posts filled, or a quiet neutral. */
function countyFillColor(emphasis: CoverageEmphasis): ExpressionSpecification | string {
  if (emphasis.chiefPosts) {
    const [none, one, both] = CHIEF_POST_COLORS;
    return ["match", ["coalesce", ["feature-state", "chiefPosts"], 0], 2, both, 1, one, none];
  }
  if (!emphasis.unitCoverage) return "#eceee8";
  const share: ExpressionSpecification = ["to-number", ["coalesce", ["feature-state", "share"], -1]];
  return ["case", ["<", share, 0], SHARE_NONE, ["interpolate", ["linear"], share, ...SHARE_STOPS.flat()]] as ExpressionSpecification;
}

function townshipFillOpacity(emphasis: CoverageEmphasis): ExpressionSpecification | number {
  if (!emphasis.unitCoverage) return 0;
  return ["case", DIMMED, 0.18, 0.92];
}

function coverageLayers(): LayerSpecification[] {
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
  const townshipWidth: ExpressionSpecification = ["interpolate", ["linear"], ["zoom"], 7, 0.5, 12, 1.4];
  const countyWidth: ExpressionSpecification = ["case", stateFlag("focused"), 3.2, 1.6];
  const outline = (id: string, source: string, approximate: boolean, color: string, width: ExpressionSpecification): LayerSpecification => ({
    id,
    type: "line",
    source,
    filter: approximate ? IS_APPROXIMATE : ["!", IS_APPROXIMATE],
    ...(source === SOURCE.counties && !approximate ? { layout: { "line-join": "round" } } : {}),
    paint: { "line-color": color, "line-width": width, ...(approximate ? { "line-dasharray": APPROXIMATE_DASH } : {}) },
  });
  return [
    {
      id: LAYER.countyFill,
      type: "fill",
      source: SOURCE.counties,
      paint: { "fill-color": countyFillColor(FULL_EMPHASIS), "fill-opacity": ["case", DIMMED, 0.3, 0.85] },
    },
    {
      id: LAYER.townshipFill,
      type: "fill",
      source: SOURCE.townships,
      paint: { "fill-color": statusColor, "fill-opacity": townshipFillOpacity(FULL_EMPHASIS) },
    },
    outline(LAYER.townshipLine, SOURCE.townships, false, OUTLINE_COLORS.township, townshipWidth),
    outline(LAYER.townshipApproximateLine, SOURCE.townships, true, OUTLINE_COLORS.township, townshipWidth),
    outline(LAYER.countyLine, SOURCE.counties, false, OUTLINE_COLORS.county, countyWidth),
    outline(LAYER.countyApproximateLine, SOURCE.counties, true, OUTLINE_COLORS.county, countyWidth),
    {
      // A white casing under each belt, so that its colour stands out on covered, vacant and grey units alike.
      id: LAYER.beltCasing,
      type: "line",
      source: SOURCE.belts,
      layout: { "line-join": "round" },
      paint: {
        "line-color": OUTLINE_COLORS.casing,
        "line-width": 6,
        "line-offset": ["to-number", ["coalesce", ["feature-state", "offset"], 0]],
        "line-opacity": ["case", stateFlag("hidden"), 0, 0.9],
      },
    },
    {
      id: LAYER.beltLine,
      type: "line",
      source: SOURCE.belts,
      layout: { "line-join": "round" },
      paint: {
        "line-color": ["to-color", ["coalesce", ["feature-state", "color"], BELT_PALETTE[0]!]],
        "line-width": 3,
        // Belts share member townships: each belt is offset a little so that overlapping outlines stay visible.
        "line-offset": ["to-number", ["coalesce", ["feature-state", "offset"], 0]],
        "line-opacity": ["case", stateFlag("hidden"), 0, 0.9],
      },
    },
    {
      id: LAYER.selectedCasing,
      type: "line",
      source: SOURCE.townships,
      layout: { "line-join": "round" },
      paint: { "line-color": OUTLINE_COLORS.casing, "line-width": SELECTED_WIDTH + 4, "line-opacity": ["case", stateFlag("selected"), 1, 0] },
    },
    {
      id: LAYER.selectedUnit,
      type: "line",
      source: SOURCE.townships,
      layout: { "line-join": "round" },
      paint: { "line-color": OUTLINE_COLORS.selected, "line-width": SELECTED_WIDTH, "line-opacity": ["case", stateFlag("selected"), 1, 0] },
    },
  ];
}

function sameSet(a: ReadonlySet<string> | null, b: ReadonlySet<string> | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.size !== b.size) return false;
  for (const value of a) if (!b.has(value)) return false;
  return true;
}

function sameView(a: CoverageView | undefined, b: CoverageView): boolean {
  return (
    a !== undefined &&
    a.county === b.county &&
    a.belt === b.belt &&
    sameSet(a.beltMembers, b.beltMembers) &&
    a.emphasis.unitCoverage === b.emphasis.unitCoverage &&
    a.emphasis.chiefPosts === b.emphasis.chiefPosts
  );
}

/** The coverage layer: empty sources until the setters give it boundaries, statuses and figures. */
export function coverageLayer(options: CoverageLayerOptions): CoverageLayer {
  let context: LayerContext | null = null;
  let counties: DivisionFeatures | undefined;
  let townships: DivisionFeatures | undefined;
  let belts: BeltFeatures | undefined;
  let statuses: ReadonlyMap<string, UnitStatus> | undefined;
  /** The date of the statuses given, and of those the map shows now (null before the first). */
  let givenStatusDate: string | null = null;
  let statusDate: string | null = null;
  let countyFigures: ReadonlyMap<string, CountyFigures> | undefined;
  let view: CoverageView | undefined;
  /** The emphasis the style shows now; undefined until the first view is applied. */
  let styledEmphasis: CoverageEmphasis | undefined;
  let selectedUnit: string | null = null;
  let countyBounds: Bounds | null = null;
  let fittedToData = false;
  let labels: maplibregl.Marker[] = [];
  const countyLabels = new Map<string, HTMLElement>();
  let unitLabelTexts: ReadonlyMap<string, string> | undefined;
  let unitLabels: maplibregl.Marker[] = [];
  /** What has reached the map so far: the layer is ready once boundaries and the first statuses are drawn. */
  const applied = { counties: false, townships: false, statuses: false };

  const setState = (map: maplibregl.Map, source: string, code: string, state: Record<string, unknown>): void => {
    map.setFeatureState({ source, id: code }, state);
  };
  const setData = (map: maplibregl.Map, source: string, data: FeatureCollection): void => {
    map.getSource<maplibregl.GeoJSONSource>(source)?.setData(data);
  };
  const clearLabels = (): void => {
    for (const label of labels) label.remove();
    labels = [];
    countyLabels.clear();
  };
  const clearUnitLabels = (): void => {
    for (const label of unitLabels) label.remove();
    unitLabels = [];
  };
  /** `idle` fires once every source has loaded and drawn what it was given; make sure one comes after the last data. */
  const noteApplied = (map: maplibregl.Map, part: keyof typeof applied): void => {
    applied[part] = true;
    map.triggerRepaint();
  };

  const applyStatuses = (map: maplibregl.Map): void => {
    if (!townships || !statuses) return;
    for (const feature of townships.features) setState(map, SOURCE.townships, feature.properties.code, { status: statuses.get(feature.properties.code) ?? null });
  };

  const applyCountyFigures = (map: maplibregl.Map): void => {
    if (!counties || !countyFigures) return;
    for (const feature of counties.features) {
      const figures = countyFigures.get(feature.properties.code);
      setState(map, SOURCE.counties, feature.properties.code, { share: figures?.percent ?? null, chiefPosts: figures?.chiefPostsFilled ?? 0 });
      const label = countyLabels.get(feature.properties.code);
      if (label) label.textContent = figures?.label ?? feature.properties.name;
    }
  };

  const applyBeltStyles = (map: maplibregl.Map): void => {
    const features = belts?.features ?? [];
    features.forEach((feature, index) => {
      setState(map, SOURCE.belts, feature.properties.code, {
        color: BELT_PALETTE[index % BELT_PALETTE.length],
        offset: (index - (features.length - 1) / 2) * 3,
        hidden: view?.belt != null && view.belt !== feature.properties.code,
      });
    });
  };

  const applyDimming = (map: maplibregl.Map): void => {
    const county = view?.county ?? null;
    const members = view?.beltMembers ?? null;
    for (const feature of townships?.features ?? []) {
      const code = feature.properties.code;
      const outside = (county !== null && !code.startsWith(county)) || (members !== null && !members.has(code));
      setState(map, SOURCE.townships, code, { dimmed: outside });
    }
    for (const feature of counties?.features ?? []) {
      const code = feature.properties.code;
      setState(map, SOURCE.counties, code, { dimmed: county !== null && code !== county, focused: code === county });
    }
  };

  const applyEmphasis = (map: maplibregl.Map): void => {
    const emphasis = view?.emphasis;
    if (!emphasis || (styledEmphasis && styledEmphasis.unitCoverage === emphasis.unitCoverage && styledEmphasis.chiefPosts === emphasis.chiefPosts)) return;
    styledEmphasis = emphasis;
    map.setPaintProperty(LAYER.countyFill, "fill-color", countyFillColor(emphasis));
    map.setPaintProperty(LAYER.townshipFill, "fill-opacity", townshipFillOpacity(emphasis));
  };

  const applyCounties = (at: LayerContext, collection: DivisionFeatures): void => {
    setData(at.map, SOURCE.counties, collection);
    clearLabels();
    for (const feature of collection.features) {
      const point = labelPointOf(feature.geometry);
      // The county table names every county for screen readers; the labels are visual only.
      if (!point) continue;
      const label = at.addLabel(point, feature.properties.name, "dashboard-map-label");
      label.getElement().dataset.code = feature.properties.code;
      labels.push(label);
      countyLabels.set(feature.properties.code, label.getElement());
    }
    applyCountyFigures(at.map);
    applyDimming(at.map);
    // Fit once, to the first data: later updates must not yank the view away from where the user is looking.
    if (!fittedToData && countyBounds) {
      at.fit(countyBounds, { animate: false });
      fittedToData = true;
    }
    noteApplied(at.map, "counties");
  };

  /** One label per drawn unit with the text the page gave; the container's class shows them only when zoomed in. */
  const applyUnitLabels = (at: LayerContext): void => {
    clearUnitLabels();
    if (!townships || !unitLabelTexts) return;
    for (const feature of townships.features) {
      const text = unitLabelTexts.get(feature.properties.code);
      const point = text ? labelPointOf(feature.geometry) : null;
      if (!text || !point) continue;
      const label = at.addLabel(point, text, "dashboard-map-label dashboard-map-label--unit");
      label.getElement().dataset.code = feature.properties.code;
      unitLabels.push(label);
    }
  };
  const applyLabelZoom = (map: maplibregl.Map): void => {
    map.getContainer().classList.toggle("dashboard-map--units-labelled", map.getZoom() >= UNIT_LABEL_MIN_ZOOM);
  };

  const applyTownships = (map: maplibregl.Map, collection: DivisionFeatures): void => {
    setData(map, SOURCE.townships, collection);
    applyStatuses(map);
    applyDimming(map);
    if (selectedUnit !== null) setState(map, SOURCE.townships, selectedUnit, { selected: true });
    noteApplied(map, "townships");
  };

  const applyBelts = (map: maplibregl.Map): void => {
    if (!belts) return;
    setData(map, SOURCE.belts, belts as FeatureCollection);
    applyBeltStyles(map);
  };

  /** The whole state at once: on attach, after what the setters were given before the map existed. */
  const applyAll = (at: LayerContext): void => {
    if (counties) applyCounties(at, counties);
    if (townships) applyTownships(at.map, townships);
    applyUnitLabels(at);
    applyBelts(at.map);
    if (statuses) {
      statusDate = givenStatusDate;
      noteApplied(at.map, "statuses");
    }
    applyEmphasis(at.map);
  };

  return {
    style: () => ({
      sources: { [SOURCE.counties]: emptySource(), [SOURCE.townships]: emptySource(), [SOURCE.belts]: emptySource() },
      layers: coverageLayers(),
    }),

    attach(at) {
      context = at;
      styledEmphasis = undefined;
      fittedToData = false;
      for (const part of Object.keys(applied) as (keyof typeof applied)[]) applied[part] = false;
      at.whenLoaded(() => applyAll(at));
      at.map.on("zoomend", () => applyLabelZoom(at.map));
      at.whenLoaded(() => applyLabelZoom(at.map));
      at.map.on("mousemove", (event) => {
        const overUnit = at.map.queryRenderedFeatures(event.point, { layers: [LAYER.townshipFill, LAYER.countyFill] }).length > 0;
        at.map.getCanvas().style.cursor = overUnit ? "pointer" : "";
      });
    },

    detach() {
      clearLabels();
      clearUnitLabels();
      context = null;
    },

    click(event) {
      const map = context?.map;
      if (!map) return false;
      const unitCode: unknown = map.queryRenderedFeatures(event.point, { layers: [LAYER.townshipFill] })[0]?.properties.code;
      if (typeof unitCode === "string") {
        options.onUnitClick(unitCode);
        return true;
      }
      const countyCode: unknown = map.queryRenderedFeatures(event.point, { layers: [LAYER.countyFill] })[0]?.properties.code;
      if (typeof countyCode !== "string") return false;
      options.onCountyClick(countyCode);
      return true;
    },

    isReady: () => applied.counties && applied.townships && applied.statuses,

    bounds: () => countyBounds,

    setCountyBoundaries(collection) {
      if (collection === counties) return;
      counties = collection;
      countyBounds = boundsOf(collection.features.map((feature) => feature.geometry));
      const at = context;
      at?.whenLoaded(() => applyCounties(at, collection));
    },

    setTownshipBoundaries(collection) {
      if (collection === townships) return;
      townships = collection;
      const at = context;
      at?.whenLoaded(() => {
        applyTownships(at.map, collection);
        applyUnitLabels(at);
      });
    },

    setBelts(collection) {
      if (collection === belts) return;
      const drawable = collection.features.filter((feature): feature is Feature<Geometry, (typeof feature)["properties"]> => feature.geometry !== null);
      belts = { type: "FeatureCollection", features: drawable };
      const at = context;
      at?.whenLoaded(() => applyBelts(at.map));
    },

    setUnitStatuses(date, next) {
      if (next === statuses) return;
      statuses = next;
      givenStatusDate = date;
      const at = context;
      at?.whenLoaded(() => {
        applyStatuses(at.map);
        statusDate = date;
        noteApplied(at.map, "statuses");
      });
    },

    setCountyFigures(next) {
      if (next === countyFigures) return;
      countyFigures = next;
      const at = context;
      at?.whenLoaded(() => applyCountyFigures(at.map));
    },

    setView(next) {
      if (sameView(view, next)) return;
      const previousCounty = view?.county ?? null;
      view = next;
      const at = context;
      at?.whenLoaded(() => {
        applyEmphasis(at.map);
        applyDimming(at.map);
        applyBeltStyles(at.map);
        if (next.county !== previousCounty) {
          const feature = counties?.features.find((candidate) => candidate.properties.code === next.county);
          const bounds = next.county === null ? countyBounds : feature ? boundsOf([feature.geometry]) : null;
          if (bounds) at.fit(bounds);
        }
      });
    },

    setSelectedUnit(code) {
      if (code === selectedUnit) return;
      const previous = selectedUnit;
      selectedUnit = code;
      const at = context;
      at?.whenLoaded(() => {
        if (previous !== null) setState(at.map, SOURCE.townships, previous, { selected: false });
        if (code !== null) setState(at.map, SOURCE.townships, code, { selected: true });
      });
    },

    setUnitLabels(texts) {
      if (texts === unitLabelTexts) return;
      unitLabelTexts = texts;
      const at = context;
      at?.whenLoaded(() => applyUnitLabels(at));
    },

    drawStill(target) {
      const map = context?.map;
      if (!map) return false;
      // A synchronous redraw, read before the browser composites it: WebGL keeps no drawing buffer to read later.
      map.redraw();
      const canvas = map.getCanvas();
      target.width = canvas.width;
      target.height = canvas.height;
      const drawing = target.getContext("2d");
      if (!drawing) return false;
      drawing.drawImage(canvas, 0, 0);
      // The HTML labels are not in the canvas: write the visible ones where they stand, so the still is whole.
      const ratio = canvas.width / Math.max(1, canvas.clientWidth);
      drawing.font = `700 ${12 * ratio}px sans-serif`;
      drawing.textAlign = "center";
      drawing.textBaseline = "middle";
      const unitsShown = map.getZoom() >= UNIT_LABEL_MIN_ZOOM;
      for (const label of [...labels, ...(unitsShown ? unitLabels : [])]) {
        const text = label.getElement().textContent ?? "";
        const point = map.project(label.getLngLat());
        const width = drawing.measureText(text).width + 10 * ratio;
        drawing.fillStyle = "rgba(255, 255, 255, 0.85)";
        drawing.fillRect(point.x * ratio - width / 2, point.y * ratio - 9 * ratio, width, 18 * ratio);
        drawing.fillStyle = "#1e2a23";
        drawing.fillText(text, point.x * ratio, point.y * ratio);
      }
      return true;
    },

    testHook: (): CoverageTestHook => ({
      layerIds: {
        countyFill: LAYER.countyFill,
        townshipFill: LAYER.townshipFill,
        beltLine: LAYER.beltLine,
        beltCasing: LAYER.beltCasing,
        selectedUnit: LAYER.selectedUnit,
      },
      statusDate: () => statusDate,
    }),
  };
}
