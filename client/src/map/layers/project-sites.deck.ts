/**
 * The deck.gl half of the project-sites layer, the only module that imports deck.gl. project-sites.layer.ts loads it
 * on demand, so deck.gl comes as a chunk of its own when the dashboard's map starts, never with the public page.
 * The sites are a ScatterplotLayer interleaved into MapLibre's own WebGL2 context (one context, one canvas: cheaper on
 * software WebGL than an overlay canvas on top).
 */
import { MapLibreOverlay } from "@deck.gl/maplibre";
import { ScatterplotLayer } from "@deck.gl/layers";
import type * as maplibregl from "maplibre-gl";

type Rgba = [number, number, number, number];

/** One deck.gl layer of sites: its own buffers, shown or hidden. */
export interface SiteLayerProps<Site> {
  id: string;
  data: readonly Site[];
  visible: boolean;
  pickable: boolean;
}

export interface SitesOverlay<Site> {
  /** Replaces the drawn layers; deck.gl keeps the buffers of a layer whose data array is the same. */
  draw(layers: readonly SiteLayerProps<Site>[]): void;
  /** The site under a point of the canvas (CSS pixels) in the layer `layerId`, or null. */
  pick(point: { x: number; y: number }, layerId: string): Site | null;
  remove(): void;
}

/** Adds an interleaved deck.gl overlay to `map` that draws sites as outlined dots, `position` and colours from the accessors. */
export function createSitesOverlay<Site>(
  map: maplibregl.Map,
  accessors: { position(site: Site): [number, number]; fill(site: Site): Rgba; line(site: Site): Rgba },
): SitesOverlay<Site> {
  // interleaved: deck.gl draws into MapLibre's own context, between its layers, instead of a second canvas on top.
  const overlay = new MapLibreOverlay({ interleaved: true, layers: [] });
  map.addControl(overlay);
  return {
    draw(layers) {
      overlay.setProps({
        layers: layers.map(
          ({ id, data, visible, pickable }) =>
            new ScatterplotLayer<Site>({
              id,
              data,
              visible,
              getPosition: accessors.position,
              getFillColor: accessors.fill,
              getLineColor: accessors.line,
              radiusUnits: "pixels",
              getRadius: 4.5,
              stroked: true,
              lineWidthUnits: "pixels",
              getLineWidth: 1.5,
              pickable,
              autoHighlight: pickable,
              highlightColor: [17, 24, 39, 200],
            }),
        ),
      });
    },
    pick(point, layerId) {
      return (overlay.pickObject({ ...point, radius: 4, layerIds: [layerId] })?.object as Site | undefined) ?? null;
    },
    remove: () => map.removeControl(overlay),
  };
}
