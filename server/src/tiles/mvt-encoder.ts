/**
 * Mapbox Vector Tile 2.1 encoder for the embedded PGlite backend, which has no ST_AsMVT (its PostGIS build lacks
 * protobuf). SQL still does the spatial work: it clips, simplifies and transforms each feature to integer tile
 * coordinates and hands over GeoJSON geometry plus flat properties; this module only packs the bytes, applying the
 * clean-up the spec asks of an encoder (rounding, repeated points, ring winding, degenerate parts). Pure, no I/O.
 *
 * Protobuf goes through `pbf`, the writer MapLibre itself depends on: the time goes into walking and cleaning the
 * coordinates, not into the varints.
 *
 * Spec: https://github.com/mapbox/vector-tile-spec/tree/master/2.1
 */
import type { Geometry, Position } from "geojson";
import { PbfWriter } from "pbf";

/** A property value. `null` and `undefined` are left out of the tile, as ST_AsMVT leaves out SQL nulls. */
type TilePropertyValue = string | number | boolean | null | undefined;

/** One feature, with its geometry already in integer tile coordinates (0..extent, y down, buffer allowed). */
export interface TileFeature {
  /** Written as the MVT feature id when it is a non-negative safe integer; otherwise the feature has no id. */
  id?: number | null;
  /**
   * Flat properties. Strings, booleans and numbers are written; safe integers as uint (≥ 0) or sint (< 0, down to
   * -2^52), other numbers as double. Null and undefined are omitted; so are nested objects and arrays, as ST_AsMVT
   * does with jsonb.
   */
  properties: Readonly<Record<string, TilePropertyValue>>;
  /**
   * Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon or GeometryCollection; a collection keeps
   * only its highest-dimension members that survive encoding, like ST_AsMVTGeom. A null, empty or fully degenerate
   * geometry drops the feature.
   */
  geometry: Geometry | null;
}

/** One named layer of a tile. */
export interface TileLayer {
  /** Layer name, unique within the tile. */
  name: string;
  /** Tile extent in tile-coordinate units; 4096 when absent. */
  extent?: number;
  features: readonly TileFeature[];
}

/**
 * Encodes layers as one Mapbox Vector Tile (version 2). Layers left without features are omitted, so the result is an
 * empty Uint8Array when no layer has a feature that survives encoding, matching ST_AsMVT's empty bytea.
 *
 * Coordinates are rounded to integers; consecutive repeated points are dropped; polygon exterior rings are written
 * with positive shoelace area in tile coordinates (clockwise on screen) and holes with negative area, reversing rings
 * that arrive the other way round; lines of fewer than 2 distinct points and rings of fewer than 3 or with zero area
 * are dropped, and a polygon whose exterior ring is dropped loses its holes too.
 *
 * @throws {Error} when two layers share a name, an extent is not a positive 32-bit integer, a coordinate is not
 *   finite or lies beyond ±2^29, or a geometry has an unknown type: all signs of a bug in the caller's SQL or code.
 */
export function encodeTile(layers: readonly TileLayer[]): Uint8Array {
  const pbf = new PbfWriter();
  const geometryEncoder = new GeometryEncoder();
  const layerNames = new Set<string>();
  for (const layer of layers) {
    if (layerNames.has(layer.name)) throw new Error(`mvt-encoder: duplicate layer name "${layer.name}"`);
    layerNames.add(layer.name);
    const extent = layer.extent ?? DEFAULT_EXTENT;
    if (!Number.isInteger(extent) || extent <= 0 || extent > 0xffffffff) {
      throw new RangeError(`mvt-encoder: layer "${layer.name}" has extent ${extent}, not a positive 32-bit integer`);
    }
    const layerStart = pbf.pos;
    const state: LayerState = { layer, extent, geometryEncoder, table: new LayerTable(), featureCount: 0 };
    pbf.writeMessage(TILE_LAYERS, writeLayer, state);
    // Whether any feature survives is known only after encoding them; take back the layer header if none did.
    if (state.featureCount === 0) pbf.pos = layerStart;
  }
  // A copy, so that a cached tile does not pin pbf's working buffer, which can be up to twice as large.
  return pbf.finish().slice();
}

const DEFAULT_EXTENT = 4096;
const MVT_VERSION = 2;

// Field numbers from vector_tile.proto (2.1).
const TILE_LAYERS = 3;
const LAYER_NAME = 1;
const LAYER_FEATURES = 2;
const LAYER_KEYS = 3;
const LAYER_VALUES = 4;
const LAYER_EXTENT = 5;
const LAYER_VERSION = 15;
const FEATURE_ID = 1;
const FEATURE_TAGS = 2;
const FEATURE_TYPE = 3;
const FEATURE_GEOMETRY = 4;
const VALUE_STRING = 1;
const VALUE_DOUBLE = 3;
const VALUE_UINT = 5;
const VALUE_SINT = 6;
const VALUE_BOOL = 7;

const GEOMETRY_NONE = 0;
const GEOMETRY_POINT = 1;
const GEOMETRY_LINESTRING = 2;
const GEOMETRY_POLYGON = 3;
type GeometryType = typeof GEOMETRY_NONE | typeof GEOMETRY_POINT | typeof GEOMETRY_LINESTRING | typeof GEOMETRY_POLYGON;
/** The order in which a GeometryCollection's members are tried: the highest dimension that yields anything wins. */
const COLLECTION_TYPES = [GEOMETRY_POLYGON, GEOMETRY_LINESTRING, GEOMETRY_POINT] as const;

const COMMAND_MOVE_TO = 1;
const COMMAND_LINE_TO = 2;
const COMMAND_CLOSE_PATH = 7;

/**
 * Largest coordinate magnitude accepted. It keeps every delta within ±2^30, so the 32-bit zigzag below cannot
 * overflow; real tile coordinates (extent plus a buffer) are around 2^12.
 */
const COORDINATE_LIMIT = 2 ** 29;

/**
 * Integers in this range are written as uint or sint. Below it the sint zigzag (-2v-1) passes 2^53, which neither a
 * double here nor JavaScript decoders hold exactly, while a double keeps such a value exactly.
 */
const MIN_SINT = -(2 ** 52);

type PropertyScalar = string | number | boolean;

interface LayerState {
  layer: TileLayer;
  extent: number;
  geometryEncoder: GeometryEncoder;
  table: LayerTable;
  featureCount: number;
}

interface FeatureState {
  feature: TileFeature;
  type: GeometryType;
  table: LayerTable;
  geometryEncoder: GeometryEncoder;
}

function writeLayer(state: LayerState, pbf: PbfWriter): void {
  const { layer, geometryEncoder, table } = state;
  pbf.writeStringField(LAYER_NAME, layer.name);
  for (const feature of layer.features) {
    if (feature.geometry == null) continue;
    const type = geometryEncoder.encode(feature.geometry);
    if (type === GEOMETRY_NONE) continue;
    pbf.writeMessage(LAYER_FEATURES, writeFeature, { feature, type, table, geometryEncoder });
    state.featureCount++;
  }
  if (state.featureCount === 0) return;
  for (const key of table.keys) pbf.writeStringField(LAYER_KEYS, key);
  for (const value of table.values) pbf.writeMessage(LAYER_VALUES, writeValue, value);
  pbf.writeVarintField(LAYER_EXTENT, state.extent);
  pbf.writeVarintField(LAYER_VERSION, MVT_VERSION);
}

function writeFeature({ feature, type, table, geometryEncoder }: FeatureState, pbf: PbfWriter): void {
  const id = feature.id;
  if (id != null && Number.isSafeInteger(id) && id >= 0) pbf.writeVarintField(FEATURE_ID, id);
  pbf.writePackedVarint(FEATURE_TAGS, table.tagsOf(feature.properties));
  pbf.writeVarintField(FEATURE_TYPE, type);
  pbf.writeMessage(FEATURE_GEOMETRY, writeCommands, geometryEncoder);
}

function writeCommands(geometryEncoder: GeometryEncoder, pbf: PbfWriter): void {
  const { commands, length } = geometryEncoder;
  for (let index = 0; index < length; index++) pbf.writeVarint(commands[index]!);
}

function writeValue(value: PropertyScalar, pbf: PbfWriter): void {
  if (typeof value === "string") pbf.writeStringField(VALUE_STRING, value);
  else if (typeof value === "boolean") pbf.writeBooleanField(VALUE_BOOL, value);
  else if (!Number.isSafeInteger(value) || value < MIN_SINT) pbf.writeDoubleField(VALUE_DOUBLE, value);
  else if (value >= 0) pbf.writeVarintField(VALUE_UINT, value);
  else pbf.writeSVarintField(VALUE_SINT, value);
}

/** A layer's keys and values tables, each distinct key and value stored once. */
class LayerTable {
  readonly keys: string[] = [];
  readonly values: PropertyScalar[] = [];
  private readonly keyIndex = new Map<string, number>();
  private readonly stringIndex = new Map<string, number>();
  // Map compares numbers by SameValueZero, so 0 and -0 share an entry (both are written as uint 0), as do NaNs.
  private readonly numberIndex = new Map<number, number>();
  private trueIndex = -1;
  private falseIndex = -1;

  /** The feature's tags: key index, value index, ... for every property that is written; empty when none is. */
  tagsOf(properties: Readonly<Record<string, TilePropertyValue>>): number[] {
    const tags: number[] = [];
    for (const key in properties) {
      if (!Object.hasOwn(properties, key)) continue;
      const valueIndex = this.valueIndexOf(properties[key]);
      if (valueIndex >= 0) tags.push(this.keyIndexOf(key), valueIndex);
    }
    return tags;
  }

  private keyIndexOf(key: string): number {
    let index = this.keyIndex.get(key);
    if (index === undefined) {
      index = this.keys.push(key) - 1;
      this.keyIndex.set(key, index);
    }
    return index;
  }

  /** Index of the value in the values table, adding it if new; -1 for values that are not written. */
  private valueIndexOf(value: unknown): number {
    switch (typeof value) {
      case "string":
        return this.indexIn(this.stringIndex, value);
      case "number":
        return this.indexIn(this.numberIndex, value);
      case "boolean":
        if (value) {
          if (this.trueIndex < 0) this.trueIndex = this.values.push(true) - 1;
          return this.trueIndex;
        }
        if (this.falseIndex < 0) this.falseIndex = this.values.push(false) - 1;
        return this.falseIndex;
      default:
        return -1;
    }
  }

  private indexIn<T extends string | number>(index: Map<T, number>, value: T): number {
    let found = index.get(value);
    if (found === undefined) {
      found = this.values.push(value) - 1;
      index.set(value, found);
    }
    return found;
  }
}

/**
 * Turns one GeoJSON geometry into the MVT command stream (`commands[0..length)`), reusing its buffers from feature to
 * feature. Parameters are zigzag-encoded deltas from a cursor that runs through the whole geometry.
 */
class GeometryEncoder {
  commands = new Uint32Array(1024);
  length = 0;
  /** Rounded, de-duplicated x,y pairs of the path (or point set) being encoded. */
  private vertices = new Float64Array(1024);
  private vertexCount = 0;
  private cursorX = 0;
  private cursorY = 0;

  /** Encodes the geometry and returns its MVT type; GEOMETRY_NONE when nothing survived. */
  encode(geometry: Geometry): GeometryType {
    this.length = 0;
    this.cursorX = 0;
    this.cursorY = 0;
    if (geometry.type === "GeometryCollection") {
      for (const type of COLLECTION_TYPES) {
        this.vertexCount = 0;
        this.encodeMembers(geometry, type);
        if (type === GEOMETRY_POINT) this.emitPoints();
        if (this.length > 0) return type;
      }
      return GEOMETRY_NONE;
    }
    const type = basicTypeOf(geometry);
    this.vertexCount = 0;
    this.encodeMembers(geometry, type);
    if (type === GEOMETRY_POINT) this.emitPoints();
    return this.length > 0 ? type : GEOMETRY_NONE;
  }

  /** Encodes the parts of `geometry` (recursing into collections) whose basic type is `type`. */
  private encodeMembers(geometry: Geometry, type: GeometryType): void {
    switch (geometry.type) {
      case "Point":
        if (type === GEOMETRY_POINT) this.appendVertex(geometry.coordinates);
        return;
      case "MultiPoint":
        if (type === GEOMETRY_POINT) for (const position of geometry.coordinates) this.appendVertex(position);
        return;
      case "LineString":
        if (type === GEOMETRY_LINESTRING) this.encodeLine(geometry.coordinates);
        return;
      case "MultiLineString":
        if (type === GEOMETRY_LINESTRING) for (const line of geometry.coordinates) this.encodeLine(line);
        return;
      case "Polygon":
        if (type === GEOMETRY_POLYGON) this.encodePolygon(geometry.coordinates);
        return;
      case "MultiPolygon":
        if (type === GEOMETRY_POLYGON) for (const polygon of geometry.coordinates) this.encodePolygon(polygon);
        return;
      case "GeometryCollection":
        for (const member of geometry.geometries) this.encodeMembers(member, type);
        return;
      default:
        throw new TypeError(`mvt-encoder: unknown geometry type "${(geometry as { type: unknown }).type}"`);
    }
  }

  private encodeLine(positions: readonly Position[]): void {
    this.vertexCount = 0;
    for (const position of positions) this.appendVertex(position);
    if (this.vertexCount >= 2) this.emitPath(false, false);
  }

  private encodePolygon(rings: readonly Position[][]): void {
    for (let ringIndex = 0; ringIndex < rings.length; ringIndex++) {
      this.vertexCount = 0;
      for (const position of rings[ringIndex]!) this.appendVertex(position);
      // GeoJSON repeats the first vertex at the end; MVT closes the ring with ClosePath instead.
      while (this.vertexCount > 1 && this.isRepeatOfFirst(this.vertexCount - 1)) this.vertexCount--;
      const area = this.vertexCount >= 3 ? this.doubleSignedArea() : 0;
      if (area === 0) {
        // Holes mean nothing without their exterior ring, so a degenerate exterior drops the whole polygon.
        if (ringIndex === 0) return;
        continue;
      }
      const isExterior = ringIndex === 0;
      this.emitPath(isExterior ? area < 0 : area > 0, true);
    }
  }

  /** Rounds and appends a vertex unless it repeats the previous one. Empty positions (`[]`) are skipped. */
  private appendVertex(position: Position): void {
    const rawX = position[0];
    const rawY = position[1];
    if (rawX === undefined || rawY === undefined) return;
    const x = Math.round(rawX);
    const y = Math.round(rawY);
    // Written so that NaN fails too.
    if (!(Math.abs(x) <= COORDINATE_LIMIT && Math.abs(y) <= COORDINATE_LIMIT)) {
      throw new RangeError(`mvt-encoder: coordinate [${rawX}, ${rawY}] is not a finite tile coordinate`);
    }
    let offset = this.vertexCount * 2;
    if (offset > 0 && this.vertices[offset - 2] === x && this.vertices[offset - 1] === y) return;
    if (offset + 2 > this.vertices.length) this.vertices = grow(this.vertices, offset + 2);
    this.vertices[offset++] = x;
    this.vertices[offset] = y;
    this.vertexCount++;
  }

  private isRepeatOfFirst(vertexIndex: number): boolean {
    return this.vertices[vertexIndex * 2] === this.vertices[0] && this.vertices[vertexIndex * 2 + 1] === this.vertices[1];
  }

  /**
   * Twice the ring's signed area by the shoelace formula, sum(x1*y2 - x2*y1), taken relative to the first vertex to
   * keep the products small: positive means clockwise on screen with y down, the MVT exterior winding.
   */
  private doubleSignedArea(): number {
    const vertices = this.vertices;
    const originX = vertices[0]!;
    const originY = vertices[1]!;
    let sum = 0;
    for (let offset = 2, end = this.vertexCount * 2 - 2; offset < end; offset += 2) {
      sum +=
        (vertices[offset]! - originX) * (vertices[offset + 3]! - originY) -
        (vertices[offset + 2]! - originX) * (vertices[offset + 1]! - originY);
    }
    return sum;
  }

  /** Emits the buffered vertices as one MoveTo and one LineTo, plus ClosePath for a ring. */
  private emitPath(reverse: boolean, close: boolean): void {
    const count = this.vertexCount;
    this.reserveCommands(count * 2 + 3);
    this.commands[this.length++] = command(COMMAND_MOVE_TO, 1);
    this.emitVertex(0);
    this.commands[this.length++] = command(COMMAND_LINE_TO, count - 1);
    // Reversing keeps the first vertex first: v0, vn-1, …, v1.
    if (reverse) for (let index = count - 1; index > 0; index--) this.emitVertex(index);
    else for (let index = 1; index < count; index++) this.emitVertex(index);
    if (close) this.commands[this.length++] = command(COMMAND_CLOSE_PATH, 1);
  }

  /** Emits the buffered points as a single MoveTo, as the spec requires of (multi)points. */
  private emitPoints(): void {
    const count = this.vertexCount;
    if (count === 0) return;
    this.reserveCommands(count * 2 + 1);
    this.commands[this.length++] = command(COMMAND_MOVE_TO, count);
    for (let index = 0; index < count; index++) this.emitVertex(index);
  }

  private emitVertex(index: number): void {
    const x = this.vertices[index * 2]!;
    const y = this.vertices[index * 2 + 1]!;
    const dx = x - this.cursorX;
    const dy = y - this.cursorY;
    this.commands[this.length++] = (dx << 1) ^ (dx >> 31);
    this.commands[this.length++] = (dy << 1) ^ (dy >> 31);
    this.cursorX = x;
    this.cursorY = y;
  }

  private reserveCommands(extra: number): void {
    if (this.length + extra > this.commands.length) this.commands = grow(this.commands, this.length + extra);
  }
}

function basicTypeOf(geometry: Geometry): GeometryType {
  switch (geometry.type) {
    case "Point":
    case "MultiPoint":
      return GEOMETRY_POINT;
    case "LineString":
    case "MultiLineString":
      return GEOMETRY_LINESTRING;
    case "Polygon":
    case "MultiPolygon":
      return GEOMETRY_POLYGON;
    default:
      throw new TypeError(`mvt-encoder: unknown geometry type "${(geometry as { type: unknown }).type}"`);
  }
}

function command(id: number, count: number): number {
  return (id & 0x7) | (count << 3);
}

function grow<T extends Uint32Array | Float64Array>(array: T, minimumLength: number): T {
  const grown = new (array.constructor as new (length: number) => T)(Math.max(array.length * 2, minimumLength));
  grown.set(array);
  return grown;
}
