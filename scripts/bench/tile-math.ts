/** Web Mercator tile arithmetic (XYZ scheme, y down from the north), as ST_TileEnvelope and MapLibre count tiles. */

/** Web Mercator stops here: beyond ±85.0511° latitude there are no tiles. */
const MAX_LATITUDE = 85.0511287798066;

export interface TileAddress {
  z: number;
  x: number;
  y: number;
}

/** The tile that holds a WGS84 point at zoom z; points on the far edge fall into the last tile. */
export function tileOf(lon: number, lat: number, z: number): TileAddress {
  const n = 2 ** z;
  const clampedLat = Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, lat));
  const x = Math.floor(((lon + 180) / 360) * n);
  const radians = (clampedLat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(radians) + 1 / Math.cos(radians)) / Math.PI) / 2) * n);
  return { z, x: Math.min(n - 1, Math.max(0, x)), y: Math.min(n - 1, Math.max(0, y)) };
}

/** The tile range [xMin..xMax] × [yMin..yMax] covering a WGS84 bounding box at zoom z. */
export function tileRange(bbox: readonly [number, number, number, number], z: number): { xMin: number; xMax: number; yMin: number; yMax: number } {
  const [west, south, east, north] = bbox;
  const northWest = tileOf(west, north, z);
  const southEast = tileOf(east, south, z);
  return { xMin: northWest.x, xMax: southEast.x, yMin: northWest.y, yMax: southEast.y };
}

export function tileKey(tile: TileAddress): string {
  return `${tile.z}/${tile.x}/${tile.y}`;
}

/** A tile's bounds in WGS84: [west, south, east, north]. */
export function tileBounds(tile: TileAddress): [number, number, number, number] {
  const n = 2 ** tile.z;
  const lon = (x: number) => (x / n) * 360 - 180;
  const lat = (y: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / n))) * 180) / Math.PI;
  return [lon(tile.x), lat(tile.y + 1), lon(tile.x + 1), lat(tile.y)];
}
