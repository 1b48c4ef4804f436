/**
 * Hex-encoded EWKB for COPY: PostGIS parses hex EWKB faster than WKT and without rounding, and a shared vertex
 * written by two neighbouring polygons stays bit-identical, so the synthetic townships share their borders exactly.
 */

const WKB_POINT = 1;
const WKB_POLYGON = 3;
const WKB_MULTIPOLYGON = 6;
const EWKB_SRID_FLAG = 0x20000000;
const LITTLE_ENDIAN = 1;

/** A MultiPolygon of one polygon with one ring; `ring` is flat [x0, y0, x1, y1, …] and must already be closed. */
export function singleRingMultiPolygonHex(ring: Float64Array | number[], srid: number): string {
  const points = ring.length / 2;
  const buffer = Buffer.allocUnsafe(13 + 9 + 4 + 16 * points);
  let offset = 0;
  offset = buffer.writeUInt8(LITTLE_ENDIAN, offset);
  offset = buffer.writeUInt32LE(WKB_MULTIPOLYGON | EWKB_SRID_FLAG, offset);
  offset = buffer.writeUInt32LE(srid, offset);
  offset = buffer.writeUInt32LE(1, offset);
  offset = buffer.writeUInt8(LITTLE_ENDIAN, offset);
  offset = buffer.writeUInt32LE(WKB_POLYGON, offset);
  offset = buffer.writeUInt32LE(1, offset);
  offset = buffer.writeUInt32LE(points, offset);
  for (let i = 0; i < ring.length; i++) offset = buffer.writeDoubleLE(ring[i]!, offset);
  return buffer.toString("hex");
}

export function pointHex(x: number, y: number, srid: number): string {
  const buffer = Buffer.allocUnsafe(25);
  let offset = buffer.writeUInt8(LITTLE_ENDIAN, 0);
  offset = buffer.writeUInt32LE(WKB_POINT | EWKB_SRID_FLAG, offset);
  offset = buffer.writeUInt32LE(srid, offset);
  offset = buffer.writeDoubleLE(x, offset);
  buffer.writeDoubleLE(y, offset);
  return buffer.toString("hex");
}
