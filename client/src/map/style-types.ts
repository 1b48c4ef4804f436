/**
 * Style-spec types, taken through maplibre-gl's own MapOptions so that the map module depends on maplibre-gl only
 * (the style-spec package is a transitive dependency, not one of ours). Type-only: nothing here reaches the bundle.
 */
import type { MapOptions } from "maplibre-gl";

export type StyleSpecification = Exclude<NonNullable<MapOptions["style"]>, string>;
export type LayerSpecification = StyleSpecification["layers"][number];
export type SourceSpecification = StyleSpecification["sources"][string];
export type FillLayerSpecification = Extract<LayerSpecification, { type: "fill" }>;
export type LineLayerSpecification = Extract<LayerSpecification, { type: "line" }>;
/** A style expression such as ["get", "code"]: the array member of a data-driven property value. */
export type ExpressionSpecification = Extract<NonNullable<NonNullable<LineLayerSpecification["paint"]>["line-width"]>, unknown[]>;
export type SymbolLayerSpecification = Extract<LayerSpecification, { type: "symbol" }>;
