import { classifyRings, VectorTile, type VectorTileFeature } from "@mapbox/vector-tile";
import type { Geometry, Position } from "geojson";
import { PbfReader } from "pbf";
import { describe, expect, it } from "vitest";
import { encodeTile, type TileFeature, type TileLayer } from "../../server/src/tiles/mvt-encoder.ts";

type XY = [number, number];

function decode(bytes: Uint8Array): VectorTile {
  return new VectorTile(new PbfReader(bytes));
}

/** Encodes one feature in a layer named "test" and decodes it back. */
function roundTrip(geometry: Geometry, feature: Partial<TileFeature> = {}): VectorTileFeature {
  const tile = decode(encodeTile([{ name: "test", features: [{ properties: {}, ...feature, geometry }] }]));
  const layer = tile.layers.test;
  expect(layer?.length).toBe(1);
  return layer!.feature(0);
}

/** The decoded parts as [x, y] pairs; rings end with their first vertex repeated, as loadGeometry adds it. */
function parts(feature: VectorTileFeature): XY[][] {
  return feature.loadGeometry().map((part) => part.map((point): XY => [point.x, point.y]));
}

/** Twice the signed area, sum(x1*y2 - x2*y1): positive is the MVT exterior winding (clockwise with y down). */
function signedArea(ring: readonly XY[]): number {
  let sum = 0;
  for (let index = 0; index < ring.length; index++) {
    const [x1, y1] = ring[index]!;
    const [x2, y2] = ring[(index + 1) % ring.length]!;
    sum += x1 * y2 - x2 * y1;
  }
  return sum;
}

function close(ring: readonly XY[]): XY[] {
  return [...ring, ring[0]!];
}

/** The same ring wound the other way, starting from the same vertex. */
function reverseKeepingStart(ring: readonly XY[]): XY[] {
  return [ring[0]!, ...ring.slice(1).reverse()];
}

interface RawValue {
  field: number;
  value: unknown;
}
interface RawLayer {
  name: string;
  keys: string[];
  values: RawValue[];
}

/** Reads the layers' keys and values with their protobuf field numbers, which vector-tile hides. */
function readRawLayers(bytes: Uint8Array): RawLayer[] {
  return new PbfReader(bytes).readFields((tag, layers: RawLayer[], pbf) => {
    if (tag === 3) layers.push(pbf.readMessage(readLayerField, { name: "", keys: [], values: [] }));
  }, []);
}

function readLayerField(tag: number, layer: RawLayer, pbf: PbfReader): void {
  if (tag === 1) layer.name = pbf.readString();
  else if (tag === 3) layer.keys.push(pbf.readString());
  else if (tag === 4) layer.values.push(pbf.readMessage(readValueField, { field: 0, value: undefined }));
}

function readValueField(tag: number, value: RawValue, pbf: PbfReader): void {
  value.field = tag;
  if (tag === 1) value.value = pbf.readString();
  else if (tag === 3) value.value = pbf.readDouble();
  else if (tag === 5) value.value = pbf.readVarint();
  else if (tag === 6) value.value = pbf.readSVarint();
  else if (tag === 7) value.value = pbf.readBoolean();
}

/** The raw command integers of the first feature of the first layer. */
function readRawGeometry(bytes: Uint8Array): number[] {
  return new PbfReader(bytes).readFields((tag, commands: number[], pbf) => {
    if (tag === 3 && commands.length === 0) pbf.readMessage(readFirstFeatureGeometry, commands);
  }, []);
}

function readFirstFeatureGeometry(tag: number, commands: number[], pbf: PbfReader): void {
  if (tag !== 2 || commands.length > 0) return;
  pbf.readMessage((featureTag, featureCommands: number[], feature) => {
    if (featureTag === 4) feature.readPackedVarint(featureCommands);
  }, commands);
}

const VALUE_FIELD = { string: 1, double: 3, uint: 5, sint: 6, bool: 7 };

/** A small seeded generator (mulberry32), so a failing random case can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A star-shaped ring of integer vertices around a centre, wound either way, without repeated consecutive vertices
 * and with non-zero area; open (no closing vertex).
 */
function randomRing(random: () => number, centre: XY, minRadius: number, maxRadius: number, maxVertices: number): XY[] {
  for (;;) {
    const vertexCount = 3 + Math.floor(random() * (maxVertices - 2));
    const angles = Array.from({ length: vertexCount }, () => random() * 2 * Math.PI).sort((a, b) => a - b);
    const ring: XY[] = [];
    for (const angle of angles) {
      const radius = minRadius + random() * (maxRadius - minRadius);
      // "+ 0" turns Math.round's -0 into the 0 that the decoder gives back.
      const vertex: XY = [Math.round(centre[0] + radius * Math.cos(angle)) + 0, Math.round(centre[1] + radius * Math.sin(angle)) + 0];
      const previous = ring.at(-1);
      if (!previous || previous[0] !== vertex[0] || previous[1] !== vertex[1]) ring.push(vertex);
    }
    const first = ring[0]!;
    const last = ring.at(-1)!;
    if (first[0] === last[0] && first[1] === last[1]) ring.pop();
    if (ring.length < 3 || signedArea(ring) === 0) continue;
    return random() < 0.5 ? ring : reverseKeepingStart(ring);
  }
}

describe("encodeTile", () => {
  it("returns an empty buffer when no layer has a feature that survives encoding", () => {
    expect(encodeTile([])).toEqual(new Uint8Array(0));
    expect(encodeTile([{ name: "empty", features: [] }])).toHaveLength(0);
    const onlyDegenerate: TileLayer = {
      name: "degenerate",
      features: [
        { properties: { a: 1 }, geometry: null },
        { properties: { a: 1 }, geometry: { type: "Polygon", coordinates: [[[0, 0], [10, 0], [20, 0], [0, 0]]] } },
      ],
    };
    expect(encodeTile([onlyDegenerate])).toHaveLength(0);
  });

  it("writes each layer with its name, extent, version 2 and features, and omits layers left empty", () => {
    const point: Geometry = { type: "Point", coordinates: [1, 2] };
    const bytes = encodeTile([
      { name: "townships", features: [1, 2, 3].map((id) => ({ id, properties: {}, geometry: point })) },
      { name: "planners", extent: 512, features: [{ properties: {}, geometry: point }] },
      { name: "vacant", features: [{ properties: {}, geometry: null }] },
    ]);
    const tile = decode(bytes);
    expect(Object.keys(tile.layers).sort()).toEqual(["planners", "townships"]);
    expect(readRawLayers(bytes).map((layer) => layer.name)).toEqual(["townships", "planners"]);
    expect(tile.layers.townships).toMatchObject({ name: "townships", extent: 4096, version: 2, length: 3 });
    expect(tile.layers.planners).toMatchObject({ name: "planners", extent: 512, version: 2, length: 1 });
  });

  it("writes each property type with the matching value field and omits null, undefined and nested values", () => {
    const properties = {
      name: "泽州县 Zezhou",
      count: 42,
      zero: 0,
      delta: -7,
      ratio: 0.25,
      largest: Number.MAX_SAFE_INTEGER,
      smallest: -Number.MAX_SAFE_INTEGER,
      huge: 1e300,
      visible: true,
      archived: false,
      missing: null,
      unset: undefined,
      // Outside the declared type, but what JSON from SQL can hold; ST_AsMVT skips nested jsonb the same way.
      nested: { a: 1 } as unknown as string,
    };
    const bytes = encodeTile([{ name: "test", features: [{ properties, geometry: { type: "Point", coordinates: [0, 0] } }] }]);

    const written = Object.fromEntries(Object.entries(properties).filter(([, value]) => value != null && typeof value !== "object"));
    expect(decode(bytes).layers.test!.feature(0).properties).toEqual(written);

    const fieldOf = new Map(readRawLayers(bytes)[0]!.values.map(({ field, value }) => [value, field]));
    expect(Object.fromEntries(Object.entries(written).map(([key, value]) => [key, fieldOf.get(value)]))).toEqual({
      name: VALUE_FIELD.string,
      count: VALUE_FIELD.uint,
      zero: VALUE_FIELD.uint,
      delta: VALUE_FIELD.sint,
      ratio: VALUE_FIELD.double,
      largest: VALUE_FIELD.uint,
      // Its sint zigzag would pass 2^53; a double holds it exactly.
      smallest: VALUE_FIELD.double,
      huge: VALUE_FIELD.double,
      visible: VALUE_FIELD.bool,
      archived: VALUE_FIELD.bool,
    });
  });

  it("stores each distinct key and value once per layer", () => {
    const geometry: Geometry = { type: "Point", coordinates: [5, 5] };
    const features: TileFeature[] = [
      { properties: { kind: "town", rank: 1 }, geometry },
      { properties: { kind: "town", rank: 2, label: "1" }, geometry },
      { properties: { kind: "village", rank: 1, label: 1 }, geometry },
    ];
    const [layer] = readRawLayers(encodeTile([{ name: "test", features }]));
    expect(layer!.keys).toEqual(["kind", "rank", "label"]);
    expect(layer!.values.map(({ value }) => value)).toEqual(["town", 1, 2, "1", "village"]);

    const decoded = decode(encodeTile([{ name: "test", features }])).layers.test!;
    expect([0, 1, 2].map((index) => decoded.feature(index).properties)).toEqual(features.map((f) => f.properties));
  });

  it("writes ids that are non-negative integers and leaves out the rest", () => {
    const ids = [0, 7, Number.MAX_SAFE_INTEGER, -1, 1.5, Number.NaN, null, undefined];
    const features = ids.map((id): TileFeature => ({ id, properties: {}, geometry: { type: "Point", coordinates: [1, 1] } }));
    const layer = decode(encodeTile([{ name: "test", features }])).layers.test!;
    expect(ids.map((_, index) => layer.feature(index).id)).toEqual([0, 7, Number.MAX_SAFE_INTEGER, ...Array(5).fill(undefined)]);
  });

  const square: XY[] = [[10, 10], [20, 10], [20, 20], [10, 20]];
  const hole: XY[] = [[12, 12], [12, 18], [18, 18], [18, 12]];
  const farSquare: XY[] = [[100, 100], [130, 100], [130, 130], [100, 130]];
  it.each<{ geometry: Geometry; type: number; expected: XY[][] }>([
    { geometry: { type: "Point", coordinates: [25, 17] }, type: 1, expected: [[[25, 17]]] },
    {
      geometry: { type: "MultiPoint", coordinates: [[1, 2], [3, 4], [1, 2]] },
      type: 1,
      expected: [[[1, 2]], [[3, 4]], [[1, 2]]],
    },
    { geometry: { type: "LineString", coordinates: [[0, 0], [10, 5], [3, 9]] }, type: 2, expected: [[[0, 0], [10, 5], [3, 9]]] },
    {
      geometry: { type: "MultiLineString", coordinates: [[[0, 0], [10, 0]], [[5, 5], [5, 15], [0, 20]]] },
      type: 2,
      expected: [[[0, 0], [10, 0]], [[5, 5], [5, 15], [0, 20]]],
    },
    {
      geometry: { type: "Polygon", coordinates: [close(square), close(hole)] },
      type: 3,
      expected: [close(square), close(hole)],
    },
    {
      geometry: { type: "MultiPolygon", coordinates: [[close(square), close(hole)], [close(farSquare)]] },
      type: 3,
      expected: [close(square), close(hole), close(farSquare)],
    },
  ])("round-trips a $geometry.type", ({ geometry, type, expected }) => {
    const feature = roundTrip(geometry);
    expect(feature.type).toBe(type);
    expect(parts(feature)).toEqual(expected);
  });

  // The worked examples of the spec's section 4.3.5, command integer for command integer.
  it.each<{ geometry: Geometry; commands: number[] }>([
    { geometry: { type: "Point", coordinates: [25, 17] }, commands: [9, 50, 34] },
    { geometry: { type: "MultiPoint", coordinates: [[5, 7], [3, 2]] }, commands: [17, 10, 14, 3, 9] },
    { geometry: { type: "LineString", coordinates: [[2, 2], [2, 10], [10, 10]] }, commands: [9, 4, 4, 18, 0, 16, 16, 0] },
    {
      geometry: { type: "MultiLineString", coordinates: [[[2, 2], [2, 10], [10, 10]], [[1, 1], [3, 5]]] },
      commands: [9, 4, 4, 18, 0, 16, 16, 0, 9, 17, 17, 10, 4, 8],
    },
    { geometry: { type: "Polygon", coordinates: [[[3, 6], [8, 12], [20, 34], [3, 6]]] }, commands: [9, 6, 12, 18, 10, 12, 24, 44, 15] },
    {
      geometry: {
        type: "MultiPolygon",
        coordinates: [
          [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]],
          [[[11, 11], [20, 11], [20, 20], [11, 20], [11, 11]], [[13, 13], [13, 17], [17, 17], [17, 13], [13, 13]]],
        ],
      },
      commands: [9, 0, 0, 26, 20, 0, 0, 20, 19, 0, 15, 9, 22, 2, 26, 18, 0, 0, 18, 17, 0, 15, 9, 4, 13, 26, 0, 8, 8, 0, 0, 7, 15],
    },
  ])("writes the spec's example $geometry.type command for command", ({ geometry, commands }) => {
    expect(readRawGeometry(encodeTile([{ name: "test", features: [{ properties: {}, geometry }] }]))).toEqual(commands);
  });

  it("keeps coordinates in the buffer beyond the tile edges, negative ones included", () => {
    const line: XY[] = [[-64, -64], [4160, 2048], [2048, 4160]];
    expect(parts(roundTrip({ type: "LineString", coordinates: line }))).toEqual([line]);
  });

  it("rounds fractional coordinates and drops the repeats that rounding makes", () => {
    const feature = roundTrip({ type: "LineString", coordinates: [[0.4, 0.4], [0.2, -0.3], [9.6, 0.5], [10.4, 1.49]] });
    expect(parts(feature)).toEqual([[[0, 0], [10, 1]]]);
  });

  it("drops consecutive repeated points from lines and rings, and a ring's repeated closing vertex", () => {
    const line = roundTrip({ type: "LineString", coordinates: [[0, 0], [0, 0], [5, 5], [5, 5], [5, 5], [0, 0]] });
    expect(parts(line)).toEqual([[[0, 0], [5, 5], [0, 0]]]);
    const ring = [[10, 10], [10, 10], [20, 10], [20, 20], [20, 20], [10, 20], [10, 10], [10, 10]];
    expect(parts(roundTrip({ type: "Polygon", coordinates: [ring] }))).toEqual([close(square)]);
  });

  it("winds a counter-clockwise exterior clockwise and a clockwise hole counter-clockwise", () => {
    const wrongExterior = reverseKeepingStart(square);
    const wrongHole = reverseKeepingStart(hole);
    expect(signedArea(wrongExterior)).toBeLessThan(0);
    expect(signedArea(wrongHole)).toBeGreaterThan(0);

    const feature = roundTrip({ type: "Polygon", coordinates: [close(wrongExterior), close(wrongHole)] });
    const [exterior, interior] = parts(feature);
    expect(exterior).toEqual(close(square));
    expect(interior).toEqual(close(hole));
    expect(signedArea(exterior!)).toBeGreaterThan(0);
    expect(signedArea(interior!)).toBeLessThan(0);

    expect(classifyRings(feature.loadGeometry())).toHaveLength(1);
    const geoJson = feature.toGeoJSON(0, 0, 0).geometry;
    expect(geoJson.type).toBe("Polygon");
    expect((geoJson as { coordinates: Position[][] }).coordinates).toHaveLength(2);
  });

  it("keeps the polygons of a wrongly wound multipolygon apart", () => {
    const feature = roundTrip({
      type: "MultiPolygon",
      coordinates: [[close(reverseKeepingStart(square))], [close(reverseKeepingStart(farSquare))]],
    });
    expect(parts(feature).map(signedArea).map(Math.sign)).toEqual([1, 1]);
    expect(classifyRings(feature.loadGeometry())).toHaveLength(2);
    expect(feature.toGeoJSON(0, 0, 0).geometry.type).toBe("MultiPolygon");
  });

  it("drops degenerate rings, and with a degenerate exterior its holes too", () => {
    const sliverHole: XY[] = [[12, 12], [14, 12], [12, 12]];
    const collinearHole: XY[] = [[12, 12], [14, 14], [16, 16]];
    const keptPolygon = roundTrip({ type: "Polygon", coordinates: [close(square), sliverHole, close(collinearHole), close(hole)] });
    expect(parts(keptPolygon)).toEqual([close(square), close(hole)]);

    const flatExterior: XY[] = [[0, 0], [50, 0], [100, 0]];
    const multiPolygon = roundTrip({
      type: "MultiPolygon",
      coordinates: [[close(flatExterior), close(hole)], [close(farSquare)]],
    });
    expect(parts(multiPolygon)).toEqual([close(farSquare)]);
  });

  it("drops features whose geometry is null, empty or degenerate, and writes none of their properties", () => {
    const dropped: Geometry[] = [
      { type: "Point", coordinates: [] },
      { type: "MultiPoint", coordinates: [] },
      { type: "LineString", coordinates: [[3, 3], [3, 3]] },
      { type: "MultiLineString", coordinates: [] },
      { type: "Polygon", coordinates: [] },
      { type: "MultiPolygon", coordinates: [[[[0, 0], [1, 1], [0, 0]]]] },
      { type: "GeometryCollection", geometries: [] },
    ];
    const features: TileFeature[] = [
      { properties: { dropped: "null" }, geometry: null },
      ...dropped.map((geometry) => ({ properties: { dropped: geometry.type }, geometry })),
      { id: 9, properties: { kept: true }, geometry: { type: "Point", coordinates: [1, 1] } },
    ];
    const bytes = encodeTile([{ name: "test", features }]);
    const layer = decode(bytes).layers.test!;
    expect(layer.length).toBe(1);
    expect(layer.feature(0).id).toBe(9);
    expect(readRawLayers(bytes)[0]!.keys).toEqual(["kept"]);
  });

  it("flattens a geometry collection to its highest-dimension members that survive", () => {
    const mixed = roundTrip({
      type: "GeometryCollection",
      geometries: [
        { type: "Point", coordinates: [1, 1] },
        { type: "LineString", coordinates: [[0, 0], [5, 5]] },
        { type: "GeometryCollection", geometries: [{ type: "Polygon", coordinates: [close(square)] }] },
      ],
    });
    expect(mixed.type).toBe(3);
    expect(parts(mixed)).toEqual([close(square)]);

    const points = roundTrip({
      type: "GeometryCollection",
      geometries: [
        { type: "Point", coordinates: [1, 1] },
        { type: "GeometryCollection", geometries: [{ type: "MultiPoint", coordinates: [[2, 2], [3, 3]] }] },
      ],
    });
    expect(points.type).toBe(1);
    expect(parts(points)).toEqual([[[1, 1]], [[2, 2]], [[3, 3]]]);

    const collapsedPolygon = roundTrip({
      type: "GeometryCollection",
      geometries: [
        { type: "Polygon", coordinates: [[[0, 0], [9, 0], [0, 0]]] },
        { type: "LineString", coordinates: [[0, 0], [5, 5]] },
      ],
    });
    expect(collapsedPolygon.type).toBe(2);
    expect(parts(collapsedPolygon)).toEqual([[[0, 0], [5, 5]]]);
  });

  it("throws on input that only a bug produces", () => {
    const point: Geometry = { type: "Point", coordinates: [1, 1] };
    const layerWith = (geometry: Geometry): TileLayer[] => [{ name: "test", features: [{ properties: {}, geometry }] }];
    expect(() => encodeTile(layerWith({ type: "Point", coordinates: [Number.NaN, 1] }))).toThrow(RangeError);
    expect(() => encodeTile(layerWith({ type: "LineString", coordinates: [[0, 0], [Infinity, 0]] }))).toThrow(RangeError);
    expect(() => encodeTile(layerWith({ type: "Feature" } as unknown as Geometry))).toThrow(TypeError);
    expect(() => encodeTile([{ name: "test", extent: 0, features: [] }])).toThrow(RangeError);
    expect(() => encodeTile([{ name: "test", extent: 4096.5, features: [] }])).toThrow(RangeError);
    expect(() =>
      encodeTile([
        { name: "twice", features: [{ properties: {}, geometry: point }] },
        { name: "twice", features: [] },
      ]),
    ).toThrow(/duplicate layer name/);
  });

  it("preserves the vertex sequence of random polygons up to winding, and winds them as the spec requires", () => {
    const random = seededRandom(20240601);
    const polygons = Array.from({ length: 400 }, () => {
      const centre: XY = [Math.round(-64 + random() * 4224), Math.round(-64 + random() * 4224)];
      const exterior = randomRing(random, centre, 40, 200, 60);
      return random() < 0.5 ? [exterior] : [exterior, randomRing(random, centre, 4, 30, 12)];
    });
    const features = polygons.map(
      (rings, index): TileFeature => ({ id: index, properties: {}, geometry: { type: "Polygon", coordinates: rings.map(close) } }),
    );
    const layer = decode(encodeTile([{ name: "random", features }])).layers.random!;
    expect(layer.length).toBe(polygons.length);

    polygons.forEach((rings, index) => {
      const decoded = parts(layer.feature(index)).map((ring) => ring.slice(0, -1));
      expect(decoded).toHaveLength(rings.length);
      rings.forEach((ring, ringIndex) => {
        const wantSign = ringIndex === 0 ? 1 : -1;
        const expected = Math.sign(signedArea(ring)) === wantSign ? ring : reverseKeepingStart(ring);
        expect(decoded[ringIndex], `polygon ${index} ring ${ringIndex}`).toEqual(expected);
        expect(Math.sign(signedArea(decoded[ringIndex]!))).toBe(wantSign);
      });
    });
  });

  it("encodes 2,000 polygons of 100 vertices (timing printed, not asserted)", () => {
    const features = Array.from({ length: 2000 }, (_, index): TileFeature => {
      const centre: XY = [(index * 97) % 4096, (index * 61) % 4096];
      const ring = Array.from({ length: 100 }, (_, vertex): XY => {
        const angle = (vertex / 100) * 2 * Math.PI;
        const radius = 120 + ((index * 31 + vertex * 17) % 40);
        return [Math.round(centre[0] + radius * Math.cos(angle)), Math.round(centre[1] + radius * Math.sin(angle))];
      });
      return {
        id: index,
        properties: { name: `township ${index % 50}`, area: index * 1.5, plannerId: index % 7 },
        geometry: { type: "Polygon", coordinates: [close(ring)] },
      };
    });
    const layers: TileLayer[] = [{ name: "townships", features }];
    // V8 needs a couple of dozen runs to reach its optimised code; time only after that.
    for (let run = 0; run < 25; run++) encodeTile(layers);
    const timings: number[] = [];
    let bytes: Uint8Array = new Uint8Array(0);
    for (let run = 0; run < 30; run++) {
      const start = performance.now();
      bytes = encodeTile(layers);
      timings.push(performance.now() - start);
    }
    timings.sort((a, b) => a - b);
    console.log(
      `mvt-encoder: 2,000 polygons × 100 vertices: median ${timings[15]!.toFixed(1)} ms, ` +
        `best ${timings[0]!.toFixed(1)} ms over 30 runs, ${bytes.length} bytes`,
    );
    expect(decode(bytes).layers.townships!.length).toBe(2000);
  });
});
