/**
 * The workspace's base layer: county and township outlines (the API's GeoJSON boundaries, which also give compose its
 * township polygons and the drawing its edges to snap to), the unit areas with their status today (the `areas` vector
 * tiles, whose feature id is the area id), the townships in no unit area highlighted (feature state `unassigned`,
 * keyed by code), and the selected area's shape as it is being edited (its own geometry or its member polygons).
 * On a past day the townships are coloured by their unit status then (feature state `status`) instead of the tiles.
 * Clicks and hovers are reported with what lies under the pointer; what they mean is the page's business (its mode).
 */
import type * as maplibregl from "maplibre-gl";
import type { FeatureCollection, Geometry } from "geojson";
import { boundsOf, labelPointOf, type Bounds } from "../../lib/polygon-geometry.ts";
import type { LayerContext, MapLayer } from "../map-layer.ts";
import type { WorkspaceAreasTestHook } from "../map-test-hook.ts";
import type { ExpressionSpecification, LayerSpecification, SourceSpecification } from "../style-types.ts";
import { stateFlag, type VectorTileSet } from "./boundary-style.ts";

/** A county or township boundary, as GET /api/boundaries gives it. */
type WorkspaceBoundaries = FeatureCollection<Geometry, { code: string; name: string }>;

/** What is under the pointer: the unit area drawn there (from the tiles) and the township; null where none. */
export interface WorkspaceMapHit {
  area: { id: number; name: string; status: string } | null;
  township: { code: string; name: string } | null;
}

export interface WorkspaceAreasLayerOptions {
  /** A click that hit an area or a township; not called for clicks on neither, nor while interaction is off. */
  onClick(hit: WorkspaceMapHit): void;
  /** The pointer moved onto something else (null: onto nothing), with its position in the map's container. */
  onHover(hit: (WorkspaceMapHit & { x: number; y: number }) | null): void;
}

export interface WorkspaceAreasLayer extends MapLayer {
  /** County and township outlines. Same objects: no-op. */
  setBoundaries(counties: WorkspaceBoundaries, townships: WorkspaceBoundaries): void;
  /** The `areas` tile set (a new TileJSON after a write carries a new revision); null draws none. Same object: no-op. */
  setAreaTiles(tileSet: VectorTileSet | null): void;
  /**
   * Township-level units' statuses on a past day (code → covered | vacant | not_required): they colour the townships
   * and the area tiles (today's) are hidden; null: today's view, from the tiles. Same object: no-op.
   */
  setUnitStatuses(statuses: ReadonlyMap<string, string> | null): void;
  /** Townships in no unit area, highlighted. Equal list: no-op. */
  setUnassigned(codes: readonly string[]): void;
  /** The selected area's shape to emphasise (features with a `code` property when they are member divisions). Same object: no-op. */
  setSelection(shape: FeatureCollection | null): void;
  /** Whether clicks and hovers are answered (off while drawing, which takes the pointer). */
  setInteractive(interactive: boolean): void;
  /** Fits the camera to `bounds`. */
  fitTo(bounds: Bounds): void;
}

const SOURCE = {
  counties: "workspace-counties",
  townships: "workspace-townships",
  areas: "workspace-areas",
  selection: "workspace-selection",
} as const;
/** The MVT layer inside the area tiles. */
const AREAS_SOURCE_LAYER = "areas";

const LAYER = {
  townshipFill: "workspace-township-fill",
  areaFill: "workspace-area-fill",
  areaLine: "workspace-area-line",
  townshipLine: "workspace-township-line",
  countyLine: "workspace-county-line",
  selectionFill: "workspace-selection-fill",
  selectionLine: "workspace-selection-line",
} as const;

/** Colours of the workspace map; status colours as the dashboard's (teal covered, orange vacant). */
const WORKSPACE_MAP_COLORS = {
  township: "#f4f3ee",
  unassigned: "#c026d3",
  covered: "#1f7a6d",
  vacant: "#e0812b",
  townshipLine: "#7c8a80",
  countyLine: "#24453a",
  selection: "#1d4ed8",
} as const;

const UNASSIGNED = stateFlag("unassigned");
/** A township's unit status on a past day (feature state `status`, unset on today's view). */
const hasStatus = (status: string): ExpressionSpecification => ["==", ["feature-state", "status"], status];
/** One value for the townships in no unit area, another for the rest. */
const ifUnassigned = (unassigned: string | number, otherwise: string | number): ExpressionSpecification => ["case", UNASSIGNED, unassigned, otherwise];
/** Only unit areas are filled: counties and the city would cover everything, belts and projects have layers of their own. */
const IS_UNIT_AREA: ExpressionSpecification = ["in", ["get", "kind"], ["literal", ["subdistrict", "township"]]];

const emptyCollection = (): FeatureCollection => ({ type: "FeatureCollection", features: [] });

function geojsonSource(promoteCode: boolean): SourceSpecification {
  return { type: "geojson", data: emptyCollection(), ...(promoteCode ? { promoteId: "code" } : {}) };
}

function areaSource(tileSet: VectorTileSet): SourceSpecification {
  return { type: "vector", tiles: tileSet.tiles, minzoom: tileSet.minzoom, maxzoom: tileSet.maxzoom, attribution: tileSet.attribution };
}

function baseLayers(): LayerSpecification[] {
  return [
    {
      id: LAYER.townshipFill,
      type: "fill",
      source: SOURCE.townships,
      paint: {
        "fill-color": [
          "case",
          UNASSIGNED,
          WORKSPACE_MAP_COLORS.unassigned,
          hasStatus("covered"),
          WORKSPACE_MAP_COLORS.covered,
          hasStatus("vacant"),
          WORKSPACE_MAP_COLORS.vacant,
          WORKSPACE_MAP_COLORS.township,
        ],
        "fill-opacity": ["case", UNASSIGNED, 0.35, ["any", hasStatus("covered"), hasStatus("vacant")], 0.3, 0.6],
      },
    },
  ];
}

function areaLayers(): LayerSpecification[] {
  const source = { source: SOURCE.areas, "source-layer": AREAS_SOURCE_LAYER } as const;
  const statusColor: ExpressionSpecification = ["match", ["get", "status"], "covered", WORKSPACE_MAP_COLORS.covered, WORKSPACE_MAP_COLORS.vacant];
  return [
    { id: LAYER.areaFill, type: "fill", ...source, filter: IS_UNIT_AREA, paint: { "fill-color": statusColor, "fill-opacity": 0.22, "fill-antialias": false } },
    { id: LAYER.areaLine, type: "line", ...source, filter: IS_UNIT_AREA, paint: { "line-color": statusColor, "line-width": 1.2 } },
  ];
}

function topLayers(): LayerSpecification[] {
  return [
    {
      id: LAYER.townshipLine,
      type: "line",
      source: SOURCE.townships,
      paint: { "line-color": ifUnassigned(WORKSPACE_MAP_COLORS.unassigned, WORKSPACE_MAP_COLORS.townshipLine), "line-width": ifUnassigned(2, 0.8) },
    },
    { id: LAYER.countyLine, type: "line", source: SOURCE.counties, layout: { "line-join": "round" }, paint: { "line-color": WORKSPACE_MAP_COLORS.countyLine, "line-width": 1.8 } },
    { id: LAYER.selectionFill, type: "fill", source: SOURCE.selection, paint: { "fill-color": WORKSPACE_MAP_COLORS.selection, "fill-opacity": 0.28 } },
    {
      id: LAYER.selectionLine,
      type: "line",
      source: SOURCE.selection,
      layout: { "line-join": "round" },
      paint: { "line-color": WORKSPACE_MAP_COLORS.selection, "line-width": 3 },
    },
  ];
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

/** The workspace's base layer; its sources stay empty until the setters give them data. */
export function workspaceAreasLayer(options: WorkspaceAreasLayerOptions): WorkspaceAreasLayer {
  let context: LayerContext | null = null;
  let counties: WorkspaceBoundaries | null = null;
  let townships: WorkspaceBoundaries | null = null;
  let tiles: VectorTileSet | null = null;
  let unassigned: readonly string[] = [];
  let statuses: ReadonlyMap<string, string> | null = null;
  /** The township codes whose `status` state is set on the map now. */
  let coloured = new Set<string>();
  let selection: FeatureCollection | null = null;
  let interactive = true;
  let hoverKey: string | null = null;
  /** The township codes whose `unassigned` state is set on the map now. */
  let flagged = new Set<string>();
  const labelPoints = new Map<string, [number, number]>();

  const setData = (map: maplibregl.Map, source: string, data: FeatureCollection): void => {
    map.getSource<maplibregl.GeoJSONSource>(source)?.setData(data);
  };

  const applyUnassigned = (map: maplibregl.Map): void => {
    const next = new Set(unassigned);
    for (const code of flagged) if (!next.has(code)) map.setFeatureState({ source: SOURCE.townships, id: code }, { unassigned: false });
    for (const code of next) map.setFeatureState({ source: SOURCE.townships, id: code }, { unassigned: true });
    flagged = next;
  };

  const applyStatuses = (map: maplibregl.Map): void => {
    for (const code of coloured) if (!statuses?.has(code)) map.removeFeatureState({ source: SOURCE.townships, id: code }, "status");
    for (const [code, status] of statuses ?? []) map.setFeatureState({ source: SOURCE.townships, id: code }, { status });
    coloured = new Set(statuses?.keys() ?? []);
    for (const id of [LAYER.areaFill, LAYER.areaLine]) if (map.getLayer(id)) map.setLayoutProperty(id, "visibility", statuses ? "none" : "visible");
  };

  const applyTiles = (at: LayerContext): void => {
    const { map } = at;
    at.removeStyleLayers([LAYER.areaFill, LAYER.areaLine]);
    if (map.getSource(SOURCE.areas)) map.removeSource(SOURCE.areas);
    if (!tiles) return;
    map.addSource(SOURCE.areas, areaSource(tiles));
    // Between the township fill and the outlines, so that every outline stays visible over the area colours.
    const [beforeId] = topLayers();
    for (const layer of areaLayers()) map.addLayer(layer, beforeId!.id);
    applyStatuses(map);
  };

  const hitAt = (map: maplibregl.Map, point: maplibregl.PointLike): WorkspaceMapHit => {
    const layers = [LAYER.townshipFill, LAYER.areaFill].filter((id) => map.getLayer(id));
    let area: WorkspaceMapHit["area"] = null;
    let township: WorkspaceMapHit["township"] = null;
    for (const feature of map.queryRenderedFeatures(point, { layers })) {
      if (feature.layer.id === LAYER.areaFill && !area && typeof feature.id === "number") {
        area = { id: feature.id, name: String(feature.properties.name ?? ""), status: String(feature.properties.status ?? "") };
      }
      if (feature.layer.id === LAYER.townshipFill && !township) {
        township = { code: String(feature.properties.code), name: String(feature.properties.name ?? "") };
      }
    }
    return { area, township };
  };

  return {
    style: () => ({
      sources: { [SOURCE.counties]: geojsonSource(true), [SOURCE.townships]: geojsonSource(true), [SOURCE.selection]: geojsonSource(false) },
      layers: [...baseLayers(), ...topLayers()],
    }),

    attach(at) {
      context = at;
      const { map } = at;
      at.whenLoaded(() => {
        if (counties) setData(map, SOURCE.counties, counties);
        if (townships) setData(map, SOURCE.townships, townships);
        if (selection) setData(map, SOURCE.selection, selection);
        applyUnassigned(map);
        applyTiles(at);
        applyStatuses(map);
      });
      map.on("mousemove", (event) => {
        if (context !== at) return;
        const hit = interactive ? hitAt(map, event.point) : { area: null, township: null };
        const key = hit.area || hit.township ? `${hit.area?.id ?? ""}:${hit.township?.code ?? ""}` : null;
        map.getCanvas().style.cursor = key && interactive ? "pointer" : "";
        if (key === null) {
          if (hoverKey !== null) options.onHover(null);
        } else {
          options.onHover({ ...hit, x: event.point.x, y: event.point.y });
        }
        hoverKey = key;
      });
      map.on("mouseout", () => {
        if (hoverKey !== null) options.onHover(null);
        hoverKey = null;
      });
    },

    detach() {
      context = null;
      flagged = new Set();
      coloured = new Set();
    },

    click(event) {
      if (!interactive || !context) return false;
      const hit = hitAt(context.map, event.point);
      if (!hit.area && !hit.township) return false;
      options.onClick(hit);
      return true;
    },

    isReady: () =>
      context !== null && townships !== null && context.map.getSource(SOURCE.townships) !== undefined && context.map.isSourceLoaded(SOURCE.townships),

    bounds: () => boundsOf((townships?.features.length ? townships : counties)?.features.map((feature) => feature.geometry) ?? []),

    setBoundaries(nextCounties, nextTownships) {
      if (nextCounties === counties && nextTownships === townships) return;
      counties = nextCounties;
      townships = nextTownships;
      labelPoints.clear();
      for (const feature of nextTownships.features) {
        const point = labelPointOf(feature.geometry);
        if (point) labelPoints.set(feature.properties.code, point);
      }
      const at = context;
      at?.whenLoaded(() => {
        setData(at.map, SOURCE.counties, nextCounties);
        setData(at.map, SOURCE.townships, nextTownships);
        // New data drops nothing of the feature state, but a township new to the map needs its flag.
        flagged = new Set();
        coloured = new Set();
        applyUnassigned(at.map);
        applyStatuses(at.map);
        at.map.triggerRepaint();
      });
    },

    setAreaTiles(tileSet) {
      if (tileSet === tiles) return;
      tiles = tileSet;
      const at = context;
      at?.whenLoaded(() => applyTiles(at));
    },

    setUnitStatuses(next) {
      if (next === statuses) return;
      statuses = next;
      const at = context;
      at?.whenLoaded(() => applyStatuses(at.map));
    },

    setUnassigned(codes) {
      if (sameList(codes, unassigned)) return;
      unassigned = [...codes];
      const at = context;
      at?.whenLoaded(() => applyUnassigned(at.map));
    },

    setSelection(shape) {
      if (shape === selection) return;
      selection = shape;
      const at = context;
      at?.whenLoaded(() => setData(at.map, SOURCE.selection, shape ?? emptyCollection()));
    },

    setInteractive(value) {
      interactive = value;
      if (!value && hoverKey !== null) options.onHover(null);
      if (!value) hoverKey = null;
    },

    fitTo(bounds) {
      const at = context;
      at?.whenLoaded(() => at.fit(bounds, { maxZoom: 13 }));
    },

    testHook: (): WorkspaceAreasTestHook => ({
      layerIds: { ...LAYER },
      townshipLabelPoint: (code) => labelPoints.get(code) ?? null,
      unassignedCodes: () => [...unassigned].sort(),
      unitStatus: (code) => statuses?.get(code) ?? null,
      selectionCodes: () =>
        [...new Set((selection?.features ?? []).map((feature) => feature.properties?.code).filter((code): code is string => typeof code === "string"))].sort(),
    }),
  };
}
