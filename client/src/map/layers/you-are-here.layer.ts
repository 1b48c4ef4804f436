/**
 * The visitor's own position, as phone map apps draw it: a blue dot, and around it a pale circle as wide as the
 * position's accuracy, so a resident sees how sure the browser is (a network fix can be off by a kilometre). The
 * circle is a circle layer whose radius follows the zoom (twice the pixels per zoom level, as Web Mercator scales
 * at one latitude), so it needs no polygon and no work when the map moves.
 */
import type * as maplibregl from "maplibre-gl";
import type { LayerContext, LngLatTuple, MapLayer, StyleParts } from "../map-layer.ts";
import type { YouAreHereTestHook } from "../map-test-hook.ts";
import type { ExpressionSpecification, LayerSpecification } from "../style-types.ts";

/** A position from the browser: where, and within how many metres (the radius of 95% confidence it reports). */
interface YouAreHere {
  position: LngLatTuple;
  accuracyMetres: number;
}

export interface YouAreHereLayer extends MapLayer {
  /** Draws the dot and its accuracy circle there, or removes them (null). Same object: no-op. */
  setPosition(position: YouAreHere | null): void;
}

const SOURCE_ID = "you-are-here";
const LAYER = { youAreHereAccuracy: "you-are-here-accuracy", youAreHereDot: "you-are-here-dot" } as const;
const DOT_COLOR = "#1d4ed8";
/** Metres across the equator; with MapLibre's 512-pixel world at zoom 0 it gives metres per pixel. */
const EARTH_CIRCUMFERENCE_M = 40_075_016.686;
const MAX_ZOOM = 24;

/** The accuracy circle's radius in pixels at every zoom, for a circle of `metres` at latitude `latitude`. */
function accuracyRadius(metres: number, latitude: number): ExpressionSpecification {
  const metresPerPixelAtZoom0 = (EARTH_CIRCUMFERENCE_M * Math.cos((latitude * Math.PI) / 180)) / 512;
  const atZoom0 = metres / metresPerPixelAtZoom0;
  return ["interpolate", ["exponential", 2], ["zoom"], 0, atZoom0, MAX_ZOOM, atZoom0 * 2 ** MAX_ZOOM];
}

function layers(): LayerSpecification[] {
  return [
    {
      id: LAYER.youAreHereAccuracy,
      type: "circle",
      source: SOURCE_ID,
      paint: {
        "circle-radius": 0,
        "circle-color": DOT_COLOR,
        "circle-opacity": 0.12,
        "circle-stroke-color": DOT_COLOR,
        "circle-stroke-opacity": 0.45,
        "circle-stroke-width": 1,
      },
    },
    {
      id: LAYER.youAreHereDot,
      type: "circle",
      source: SOURCE_ID,
      paint: { "circle-radius": 7, "circle-color": DOT_COLOR, "circle-stroke-color": "#ffffff", "circle-stroke-width": 2.5 },
    },
  ];
}

/** The layer; empty until setPosition gives it a position. */
export function youAreHereLayer(): YouAreHereLayer {
  let context: LayerContext | null = null;
  let current: YouAreHere | null = null;

  const apply = (at: LayerContext): void => {
    at.map.getSource<maplibregl.GeoJSONSource>(SOURCE_ID)?.setData({
      type: "FeatureCollection",
      features: current ? [{ type: "Feature", properties: {}, geometry: { type: "Point", coordinates: current.position } }] : [],
    });
    if (current) at.map.setPaintProperty(LAYER.youAreHereAccuracy, "circle-radius", accuracyRadius(current.accuracyMetres, current.position[1]));
  };

  return {
    style: (): StyleParts => ({ sources: { [SOURCE_ID]: { type: "geojson", data: { type: "FeatureCollection", features: [] } } }, layers: layers() }),

    attach(at) {
      context = at;
      at.whenLoaded(() => apply(at));
    },

    detach() {
      context = null;
    },

    setPosition(next) {
      if (next === current) return;
      current = next;
      const at = context;
      at?.whenLoaded(() => apply(at));
    },

    testHook: (): YouAreHereTestHook => ({
      layerIds: { ...LAYER },
      youAreHere: () => (current ? { position: [...current.position], accuracyMetres: current.accuracyMetres } : null),
    }),
  };
}
