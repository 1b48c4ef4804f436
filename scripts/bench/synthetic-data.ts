/**
 * The seeded synthetic national-scale data set of the tile benchmark: township-like polygons over mainland China
 * under synthetic counties and cities, and points (projects, work records, opinions). Pure: it yields rows, and
 * load-synthetic.ts writes them. The same options always give the same rows, bit for bit.
 *
 * Shape of the polygons: a hexagonal grid in a sinusoidal (equal-area) plane centred on 105°E, so every cell covers
 * about the same ground (~240 km², 15-19 km across, like a Chinese township); each grid vertex is jittered and each
 * edge is replaced by a wiggly polyline (3-40 interior points, denser in some regions than others). A vertex or an edge
 * takes its randomness from a hash of its own grid key, so the two or three cells that share it compute the very same
 * coordinates: the cells tile the plane with no overlap and no gap, as real township boundaries do.
 *
 * Why the wiggles stay valid: interior points are displaced perpendicular to their edge, by at most 15% of its length
 * and scaled by sin(πt), so each edge stays inside a thin lens whose half-angle at either end is atan(0.15π) ≈ 25°,
 * and is a function graph over its chord (no self-crossing). Grid vertices move by at most 20% of the cell radius,
 * which keeps the angle between two edges at a vertex above ~73°, more than two lenses (50°) need.
 */
import { CHINA_OUTLINE, insideChina } from "./china-outline.ts";
import { pointHex, singleRingMultiPolygonHex } from "./ewkb.ts";
import { hashedUnit, seededRandom } from "./seeded-random.ts";

/** Bump when the generated rows change for the same options, so that an existing bench database is rebuilt. */
export const SYNTHETIC_GENERATOR_VERSION = 1;

export type BoundingBox = readonly [number, number, number, number];

export interface SyntheticOptions {
  seed: number;
  /** At least this many townships are generated (the grid is refined until the outline holds that many cells). */
  townships: number;
  projects: number;
  workRecords: number;
  opinions: number;
  /** Kept free of synthetic cells (the real Jincheng data sits here), but given its share of points. */
  hole: BoundingBox;
}

interface DivisionRow {
  code: string;
  name: string;
  level: "city" | "county" | "township";
  kind: string;
  parentCode: string | null;
  /** Hex EWKB MultiPolygon (townships only; counties and cities get the union of their members in SQL). */
  geomHex: string | null;
  seatHex: string | null;
}

interface PointRow {
  serial: number;
  lon: number;
  lat: number;
  pointHex: string;
}

export interface SyntheticPlan {
  /** Circumradius of a grid cell in metres. */
  cellRadiusM: number;
  cities: DivisionRow[];
  counties: DivisionRow[];
  townshipCount: number;
  /** Yields the townships one by one (each polygon is built as it is asked for, to keep memory flat). */
  townships(): Generator<DivisionRow & { vertices: number }>;
  /** Yields `count` points; `stream` separates the sequences so projects and work records do not coincide. */
  points(count: number, stream: number): Generator<PointRow>;
}

const EARTH_RADIUS_M = 6_371_008.8;
const CENTRAL_MERIDIAN = 105;
const DEGREES = 180 / Math.PI;
const SQRT3 = Math.sqrt(3);
/** Vertex jitter, as a fraction of the cell radius. */
const VERTEX_JITTER = 0.2;
/** Largest perpendicular displacement of an edge's interior points, as a fraction of the edge's length. */
const EDGE_AMPLITUDE = 0.15;
const MIN_EDGE_POINTS = 3;
const MAX_EDGE_POINTS = 40;
/** Wavelengths of the value noise that sets how detailed the edges of a region are. */
const DETAIL_WAVELENGTHS_M = [400_000, 90_000];
/** Hex cells per county block side and county blocks per city block (columns × rows). */
const COUNTY_BLOCK = 4;
const CITY_BLOCK_COLUMNS = 4;
const CITY_BLOCK_ROWS = 3;
/**
 * Synthetic codes live under the non-existent province prefixes 91-99, so they can never collide with an NBS code;
 * that leaves 9 × 99 city codes.
 */
const FIRST_PROVINCE = 91;
const LAST_PROVINCE = 99;

export const SYNTHETIC_CODE_PATTERN = "^9[1-9]";

function toLonLat(x: number, y: number): [number, number] {
  const latRadians = y / EARTH_RADIUS_M;
  return [CENTRAL_MERIDIAN + (x / (EARTH_RADIUS_M * Math.cos(latRadians))) * DEGREES, latRadians * DEGREES];
}

function toPlane(lon: number, lat: number): [number, number] {
  const latRadians = lat / DEGREES;
  return [EARTH_RADIUS_M * ((lon - CENTRAL_MERIDIAN) / DEGREES) * Math.cos(latRadians), EARTH_RADIUS_M * latRadians];
}

function inBox(lon: number, lat: number, box: BoundingBox): boolean {
  return lon >= box[0] && lon <= box[2] && lat >= box[1] && lat <= box[3];
}

interface Cell {
  q: number;
  r: number;
  lon: number;
  lat: number;
  countyKey: string;
  cityKey: string;
}

/** Cells of a pointy-top hex grid of circumradius `radius` whose centres fall inside the outline and outside the hole. */
function gridCells(radius: number, hole: BoundingBox): Cell[] {
  const projected = CHINA_OUTLINE.map(([lon, lat]) => toPlane(lon, lat));
  const margin = 2 * radius;
  const xMin = Math.min(...projected.map((p) => p[0])) - margin;
  const xMax = Math.max(...projected.map((p) => p[0])) + margin;
  const yMin = Math.min(...projected.map((p) => p[1])) - margin;
  const yMax = Math.max(...projected.map((p) => p[1])) + margin;
  const cells: Cell[] = [];
  for (let r = Math.floor(yMin / (1.5 * radius)); r <= Math.ceil(yMax / (1.5 * radius)); r++) {
    const qMin = Math.floor(xMin / (SQRT3 * radius) - r / 2);
    const qMax = Math.ceil(xMax / (SQRT3 * radius) - r / 2);
    for (let q = qMin; q <= qMax; q++) {
      const [lon, lat] = toLonLat(SQRT3 * radius * (q + r / 2), 1.5 * radius * r);
      if (!insideChina(lon, lat) || inBox(lon, lat, hole)) continue;
      const column = q + Math.floor(r / 2);
      const countyColumn = Math.floor(column / COUNTY_BLOCK);
      const countyRow = Math.floor(r / COUNTY_BLOCK);
      cells.push({
        q,
        r,
        lon,
        lat,
        countyKey: `${countyColumn}:${countyRow}`,
        cityKey: `${Math.floor(countyColumn / CITY_BLOCK_COLUMNS)}:${Math.floor(countyRow / CITY_BLOCK_ROWS)}`,
      });
    }
  }
  return cells;
}

/** Area of the outline in the equal-area plane, in m² (shoelace over projected vertices). */
function outlineAreaM2(): number {
  const projected = CHINA_OUTLINE.map(([lon, lat]) => toPlane(lon, lat));
  let twice = 0;
  for (let i = 0, j = projected.length - 1; i < projected.length; j = i++) {
    twice += projected[j]![0] * projected[i]![1] - projected[i]![0] * projected[j]![1];
  }
  return Math.abs(twice) / 2;
}

function smoothstep(t: number): number {
  return t * t * (3 - 2 * t);
}

/** Value noise in [0, 1): hashed lattice values, smoothly interpolated; two octaves. */
function detailNoise(seed: number, x: number, y: number): number {
  let total = 0;
  let weights = 0;
  DETAIL_WAVELENGTHS_M.forEach((wavelength, octave) => {
    const gx = x / wavelength;
    const gy = y / wavelength;
    const ix = Math.floor(gx);
    const iy = Math.floor(gy);
    const fx = smoothstep(gx - ix);
    const fy = smoothstep(gy - iy);
    const at = (i: number, j: number) => hashedUnit(seed, i, j, 1000 + octave);
    const top = at(ix, iy) * (1 - fx) + at(ix + 1, iy) * fx;
    const bottom = at(ix, iy + 1) * (1 - fx) + at(ix + 1, iy + 1) * fx;
    const weight = octave === 0 ? 0.7 : 0.3;
    total += weight * (top * (1 - fy) + bottom * fy);
    weights += weight;
  });
  return total / weights;
}

/**
 * Builds the plan: picks the cell size so that the outline holds at least `options.townships` cells, groups cells
 * into counties and cities, and numbers them. Throws if the grid needs more cities than the code space holds.
 */
export function planSyntheticData(options: SyntheticOptions): SyntheticPlan {
  const { seed, hole } = options;
  // Hexagon area is (3√3/2)·radius²; start from the size that fits the count exactly, then shrink until it does.
  let radius = Math.sqrt(outlineAreaM2() / (options.townships * 1.5 * SQRT3));
  let cells = gridCells(radius, hole);
  while (cells.length < options.townships) {
    radius *= 0.99;
    cells = gridCells(radius, hole);
  }
  const u = (SQRT3 / 2) * radius;
  const v = radius / 2;

  // Numbering in row-major order of the blocks, so that codes read across the map like real ones do.
  const blockOrder = (a: string, b: string) => {
    const [ax, ay] = a.split(":").map(Number) as [number, number];
    const [bx, by] = b.split(":").map(Number) as [number, number];
    return by - ay || ax - bx;
  };
  const cityKeys = [...new Set(cells.map((cell) => cell.cityKey))].sort(blockOrder);
  const maxCities = (LAST_PROVINCE - FIRST_PROVINCE + 1) * 99;
  if (cityKeys.length > maxCities) throw new Error(`the synthetic grid needs ${cityKeys.length} cities; codes allow ${maxCities}`);
  const cityCode = new Map(cityKeys.map((key, index) => [key, `${FIRST_PROVINCE + Math.floor(index / 99)}${String((index % 99) + 1).padStart(2, "0")}00`]));
  const countyKeys = [...new Set(cells.map((cell) => `${cell.cityKey}|${cell.countyKey}`))].sort((a, b) => {
    const [aCity, aCounty] = a.split("|") as [string, string];
    const [bCity, bCounty] = b.split("|") as [string, string];
    return cityKeys.indexOf(aCity) - cityKeys.indexOf(bCity) || blockOrder(aCounty, bCounty);
  });
  const countyCode = new Map<string, string>();
  const countiesPerCity = new Map<string, number>();
  for (const key of countyKeys) {
    const city = key.split("|")[0]!;
    const serial = (countiesPerCity.get(city) ?? 0) + 1;
    countiesPerCity.set(city, serial);
    countyCode.set(key, `${cityCode.get(city)!.slice(0, 4)}${String(serial).padStart(2, "0")}`);
  }

  const random = seededRandom(seed);
  const cities: DivisionRow[] = cityKeys.map((key, index) => ({
    code: cityCode.get(key)!,
    name: `合成${String(index + 1).padStart(4, "0")}市`,
    level: "city",
    kind: "市",
    parentCode: null,
    geomHex: null,
    seatHex: null,
  }));
  const counties: DivisionRow[] = countyKeys.map((key, index) => {
    const kind = random() < 0.25 ? "区" : "县";
    return {
      code: countyCode.get(key)!,
      name: `合成${String(index + 1).padStart(5, "0")}${kind}`,
      level: "county",
      kind,
      parentCode: cityCode.get(key.split("|")[0]!)!,
      geomHex: null,
      seatHex: null,
    };
  });

  const vertexPosition = (X: number, Y: number): [number, number] => {
    const angle = 2 * Math.PI * hashedUnit(seed, X, Y, 1);
    const distance = VERTEX_JITTER * radius * Math.sqrt(hashedUnit(seed, X, Y, 2));
    return [X * u + distance * Math.cos(angle), Y * v + distance * Math.sin(angle)];
  };

  /** Interior points of the edge from vertex A to vertex B, in that direction (flat x, y in the plane). */
  const edgeCache = new Map<string, Float64Array>();
  const edgeInterior = (aX: number, aY: number, bX: number, bY: number): Float64Array => {
    const forward = aX < bX || (aX === bX && aY < bY);
    const [sX, sY, eX, eY] = forward ? [aX, aY, bX, bY] : [bX, bY, aX, aY];
    const key = `${sX},${sY},${eX},${eY}`;
    let points = edgeCache.get(key);
    if (!points) {
      const [x0, y0] = vertexPosition(sX, sY);
      const [x1, y1] = vertexPosition(eX, eY);
      const dx = x1 - x0;
      const dy = y1 - y0;
      const length = Math.hypot(dx, dy);
      const detail = Math.min(1, Math.max(0, (detailNoise(seed, (x0 + x1) / 2, (y0 + y1) / 2) - 0.3) / 0.4));
      const count = MIN_EDGE_POINTS + Math.round((MAX_EDGE_POINTS - MIN_EDGE_POINTS) * detail * detail);
      points = new Float64Array(2 * count);
      let wave = 2 * hashedUnit(seed, sX, sY, eX, eY, 3) - 1;
      for (let j = 1; j <= count; j++) {
        const t = (j + 0.6 * (hashedUnit(seed, sX, sY, eX, eY, 4, j) - 0.5)) / (count + 1);
        wave = Math.max(-1, Math.min(1, wave + hashedUnit(seed, sX, sY, eX, eY, 5, j) - 0.5));
        const offset = EDGE_AMPLITUDE * length * Math.sin(Math.PI * t) * wave;
        points[2 * (j - 1)] = x0 + t * dx - (offset * dy) / length;
        points[2 * (j - 1) + 1] = y0 + t * dy + (offset * dx) / length;
      }
      edgeCache.set(key, points);
    }
    if (forward) return points;
    const reversed = new Float64Array(points.length);
    for (let i = 0; i < points.length; i += 2) {
      reversed[points.length - 2 - i] = points[i]!;
      reversed[points.length - 1 - i] = points[i + 1]!;
    }
    return reversed;
  };

  // Corners of a pointy-top hexagon in (u, v) units, counter-clockwise from 30°.
  const CORNERS: readonly (readonly [number, number])[] = [[1, 1], [0, 2], [-1, 1], [-1, -1], [0, -2], [1, -1]];

  function* townships(): Generator<DivisionRow & { vertices: number }> {
    const townshipRandom = seededRandom(seed ^ 0x5eed);
    const perCounty = new Map<string, number>();
    for (const cell of cells) {
      const county = countyCode.get(`${cell.cityKey}|${cell.countyKey}`)!;
      const serial = (perCounty.get(county) ?? 0) + 1;
      perCounty.set(county, serial);
      const centreX = 2 * cell.q + cell.r;
      const centreY = 3 * cell.r;
      const ring: number[] = [];
      for (let corner = 0; corner < 6; corner++) {
        const [ax, ay] = CORNERS[corner]!;
        const [bx, by] = CORNERS[(corner + 1) % 6]!;
        const aX = centreX + ax;
        const aY = centreY + ay;
        ring.push(...toLonLat(...vertexPosition(aX, aY)));
        const interior = edgeInterior(aX, aY, centreX + bx, centreY + by);
        for (let i = 0; i < interior.length; i += 2) ring.push(...toLonLat(interior[i]!, interior[i + 1]!));
      }
      ring.push(ring[0]!, ring[1]!);
      const draw = townshipRandom();
      const kind = draw < 0.1 ? "街道" : draw < 0.6 ? "镇" : "乡";
      yield {
        code: `${county}${String(serial).padStart(3, "0")}`,
        name: `合成${county.slice(2)}${String(serial).padStart(3, "0")}${kind}`,
        level: "township",
        kind,
        parentCode: county,
        geomHex: singleRingMultiPolygonHex(ring, 4326),
        seatHex: pointHex(cell.lon, cell.lat, 4326),
        vertices: ring.length / 2,
      };
    }
  }

  // Points favour the east (as China's population does) and the first township of each county, its "town".
  const cumulative = new Float64Array(cells.length);
  const seen = new Set<string>();
  let sum = 0;
  cells.forEach((cell, index) => {
    const first = !seen.has(cell.countyKey);
    seen.add(cell.countyKey);
    sum += Math.exp((cell.lon - CENTRAL_MERIDIAN) / 12) * (first ? 25 : 1);
    cumulative[index] = sum;
  });
  /** Share of the points put into the hole, so that the real city's tiles carry points too. */
  const HOLE_SHARE = 0.03;

  function* points(count: number, stream: number): Generator<PointRow> {
    const pointRandom = seededRandom(seed * 31 + stream);
    for (let serial = 1; serial <= count; serial++) {
      let lon: number;
      let lat: number;
      if (pointRandom() < HOLE_SHARE) {
        lon = hole[0] + (0.1 + 0.8 * pointRandom()) * (hole[2] - hole[0]);
        lat = hole[1] + (0.1 + 0.8 * pointRandom()) * (hole[3] - hole[1]);
      } else {
        const target = pointRandom() * sum;
        let low = 0;
        let high = cells.length - 1;
        while (low < high) {
          const middle = (low + high) >> 1;
          if (cumulative[middle]! < target) low = middle + 1;
          else high = middle;
        }
        const cell = cells[low]!;
        const angle = 2 * Math.PI * pointRandom();
        // Within 0.4 radius of the centre: inside the cell whatever the jitter and wiggles did to its border.
        const distance = 0.4 * radius * Math.sqrt(pointRandom());
        const [x, y] = toPlane(cell.lon, cell.lat);
        [lon, lat] = toLonLat(x + distance * Math.cos(angle), y + distance * Math.sin(angle));
      }
      yield { serial, lon, lat, pointHex: pointHex(lon, lat, 4326) };
    }
  }

  return { cellRadiusM: radius, cities, counties, townshipCount: cells.length, townships, points };
}
