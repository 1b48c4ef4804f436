/**
 * What one layer of the map is to the map controller (map-controller.ts): its part of the style, and what it does
 * once the map exists. Every page's map is the one controller with its own list of layers (divisions + belts on the
 * public finder; coverage + project sites on the dashboard); a new drawing tool is one more layer, not a controller.
 * Layer modules import MapLibre as types only: the controller hands them the map and a way to place HTML labels, so a
 * legend can import a layer's colours without pulling MapLibre into the page's first chunk.
 */
import type * as maplibregl from "maplibre-gl";
import type { Bounds } from "../lib/polygon-geometry.ts";
import type { LayerSpecification, SourceSpecification } from "./style-types.ts";

/** [longitude, latitude] in WGS84 degrees. */
export type LngLatTuple = [number, number];

/** Sources and style layers that a layer puts into the map's first style, bottom to top. */
export interface StyleParts {
  sources: Record<string, SourceSpecification>;
  layers: LayerSpecification[];
}

/** What the controller gives a layer when the map is created. */
export interface LayerContext {
  readonly map: maplibregl.Map;
  /**
   * Adds style layers in this layer's place in the page's list: above those of the layers before it, under those of
   * the layers after it. Their sources must be added first.
   */
  addStyleLayers(layers: readonly LayerSpecification[]): void;
  /** Removes these style layers where they exist. */
  removeStyleLayers(ids: readonly string[]): void;
  /** Runs `action` once the style has loaded (now, if it has); dropped once the map is being removed. */
  whenLoaded(action: () => void): void;
  /** Moves the camera to `bounds`; maxZoom defaults to the page's fit zoom, animate to true. */
  fit(bounds: Bounds, options?: { maxZoom?: number; animate?: boolean }): void;
  /** Flies to a point (no animation when the visitor prefers reduced motion). */
  flyTo(center: LngLatTuple, zoom: number): void;
  /** An HTML label at a point, visual only (screen readers get the same names elsewhere on the page). */
  addLabel(point: LngLatTuple, text: string, className: string): maplibregl.Marker;
  /** True when the visitor asked the system for less motion. */
  prefersReducedMotion(): boolean;
}

export interface MapLayer {
  /** Its sources and style layers, put into the first style in the order of the controller's layer list. */
  style?(): StyleParts;
  /** Called once the map exists (before its style has loaded); the layer applies what its setters were given so far. */
  attach(context: LayerContext): void;
  /** Called before the map is removed: markers, overlays and timers go. The layer may be attached again later. */
  detach?(): void;
  /**
   * A click or tap on the map, offered to the layers from the top down: true when this layer answered it, so that
   * neither the layers below nor the page's onMapClick are asked.
   */
  click?(event: maplibregl.MapMouseEvent): boolean;
  /** Whether the layer's first data is drawn (see MapTestHook.ready); absent: never holds the map back. */
  isReady?(): boolean;
  /** The extent of the layer's data, which "show the whole city" fits; null or absent: Jincheng's extent. */
  bounds?(): Bounds | null;
  /** Members of the browser tests' window hook (map-test-hook.ts); only called when the hook was asked for. */
  testHook?(): object;
}
