/**
 * The passes that fetch tiles one at a time rather than under load:
 * - bytes: every tile of every list from a server, once: sizes per layer and zoom, statuses, unloaded latency;
 * - correctness: sample tiles decoded with @mapbox/vector-tile and compared by feature code with the boundaries in
 *   the database (each one left out measured against the tile grid), with the raw tile SQL's bytes, and MapServer's
 *   tile (every layer) judged the same way;
 * - viewport bursts: the ~20 neighbouring tiles of a map view fetched at once over 6 keep-alive connections, as a
 *   browser does, timed from the first request to the last byte.
 */
import { VectorTile } from "@mapbox/vector-tile";
import { PbfReader } from "pbf";
import type { Sql } from "../../server/src/db/database.ts";
import { httpGet, keepAliveAgent, mapConcurrent } from "./http-client.ts";
import type { TileAddress } from "./tile-math.ts";
import { tileKey } from "./tile-math.ts";

/** The size limit of the performance targets. */
export const MAX_TILE_BYTES = 500 * 1024;
export const TILE_LAYERS = ["divisions", "areas", "belts", "projects", "opinions"] as const;
const MVT_CONTENT_TYPE = "application/vnd.mapbox-vector-tile";
/** A browser's connection limit per host over HTTP/1.1. */
const BROWSER_CONNECTIONS = 6;

export interface BytesSummary {
  layer: string;
  list: string;
  tiles: number;
  /** Tiles answered 200 with a body. */
  nonEmpty: number;
  /** Tiles answered 204. */
  empty: number;
  /** Any other status, as "status × count". */
  otherStatuses: Record<string, number>;
  bytes: { total: number; p50: number; p95: number; max: number; maxTile: string | null };
  overLimit: number;
  /** Unloaded latency of one request at a time per connection, in ms. */
  latencyMs: { p50: number; p95: number; max: number };
}

function quantile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** Fetches every tile of `tiles` once (2 at a time: the machine has 2 cores) and summarises sizes and statuses. */
export async function bytesPass(
  port: number,
  layer: string,
  list: string,
  tiles: readonly TileAddress[],
  pathOf: (tile: TileAddress) => string,
): Promise<BytesSummary> {
  const agent = keepAliveAgent(2);
  try {
    const results = await mapConcurrent(tiles, 2, async (tile) => {
      const response = await httpGet(port, pathOf(tile), agent);
      // MapServer answers its errors with 200 and an HTML page: a 200 that is not a tile is not a tile.
      const isTile = response.status === 200 && response.headers["content-type"] === MVT_CONTENT_TYPE;
      const status = response.status === 200 && !isTile ? "200 not a tile" : String(response.status);
      return { tile, status, bytes: isTile ? response.body.byteLength : 0, ms: response.ms };
    });
    const sizes = results.filter((result) => result.status === "200" && result.bytes > 0).map((result) => result.bytes).sort((a, b) => a - b);
    const latencies = results.map((result) => result.ms).sort((a, b) => a - b);
    const otherStatuses: Record<string, number> = {};
    for (const result of results) {
      if (result.status !== "200" && result.status !== "204") otherStatuses[result.status] = (otherStatuses[result.status] ?? 0) + 1;
    }
    const largest = results.reduce<(typeof results)[number] | undefined>((best, result) => (!best || result.bytes > best.bytes ? result : best), undefined);
    return {
      layer,
      list,
      tiles: tiles.length,
      nonEmpty: sizes.length,
      empty: results.filter((result) => result.status === "204").length,
      otherStatuses,
      bytes: {
        total: sizes.reduce((sum, size) => sum + size, 0),
        p50: quantile(sizes, 0.5),
        p95: quantile(sizes, 0.95),
        max: sizes.at(-1) ?? 0,
        maxTile: largest && largest.bytes > 0 ? tileKey(largest.tile) : null,
      },
      overLimit: sizes.filter((size) => size > MAX_TILE_BYTES).length,
      latencyMs: { p50: round1(quantile(latencies, 0.5)), p95: round1(quantile(latencies, 0.95)), max: round1(latencies.at(-1) ?? 0) },
    };
  } finally {
    agent.destroy();
  }
}

interface DecodedTile {
  features: number;
  codes: string[];
  /** Features whose geometry failed to decode or had no rings/points. */
  broken: number;
  /** Codes of polygon features whose rings enclose no area (a ring flattened onto the buffer's edge by clipping). */
  zeroArea: string[];
}

/** Twice the signed area of a ring (shoelace). */
function ringArea(ring: readonly { x: number; y: number }[]): number {
  let area = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) area += (ring[j]!.x - ring[i]!.x) * (ring[j]!.y + ring[i]!.y);
  return area;
}

/**
 * Decodes one layer of an MVT body, or every layer when layerName is undefined (MapServer writes one layer per level
 * and zoom band: county_z5, township_z7…); an empty body is a tile without features.
 */
function decodeLayer(body: Buffer, layerName: string | undefined): DecodedTile {
  if (body.byteLength === 0) return { features: 0, codes: [], broken: 0, zeroArea: [] };
  let tile: VectorTile;
  try {
    tile = new VectorTile(new PbfReader(body));
  } catch {
    // Not a vector tile at all (an error page): one broken "feature" so that the check fails.
    return { features: 0, codes: [], broken: 1, zeroArea: [] };
  }
  const layers = layerName === undefined ? Object.values(tile.layers) : tile.layers[layerName] ? [tile.layers[layerName]] : [];
  const codes: string[] = [];
  const zeroArea: string[] = [];
  let broken = 0;
  for (const layer of layers) {
    for (let i = 0; i < layer.length; i++) {
      const feature = layer.feature(i);
      // The boundaries are compared; a division's label point (a point feature of the same code) is not one.
      if (feature.type === 1) continue;
      const code = String(feature.properties.code ?? feature.id ?? i);
      try {
        const geometry = feature.loadGeometry();
        if (geometry.length === 0 || geometry.every((part) => part.length === 0)) broken++;
        else if (feature.type === 3 && geometry.every((ring) => ringArea(ring) === 0)) zeroArea.push(code);
      } catch {
        broken++;
      }
      codes.push(code);
    }
  }
  return { features: codes.length, codes, broken, zeroArea };
}

/** Web Mercator's width, in metres. */
const WORLD_METRES = 40075016.68557849;
const TILE_EXTENT = 4096;

/**
 * The cell of the grid a tile's geometry lands on at zoom z, in metres: up to zoom 12 the stored band of migration
 * 0007, snapped to the grid of the band's lowest zoom (zoom 5, 7, 9 or 11; see sql/functions/tiles/divisions.sql);
 * beyond, one tile unit (ST_AsMVTGeom). A part narrower than this may vanish from the tile: the size rule.
 */
function tileGridMetres(z: number): number {
  const gridZoom = z <= 6 ? 5 : z <= 8 ? 7 : z <= 10 ? 9 : z <= 12 ? 11 : z;
  return WORLD_METRES / 2 ** gridZoom / TILE_EXTENT;
}

/** One tile's features compared by code with the boundaries the database has in and around the tile. */
export interface FeatureComparison {
  /** Features in the tile. */
  served: number;
  /** Boundaries that intersect the tile itself but are not in it… */
  leftOut: number;
  /** …and how many of those are narrower than the tile grid within the tile (the size rule explains them). */
  leftOutSmall: number;
  /** Features that miss even the buffered tile, and codes that appear more than once. */
  extra: number;
  duplicated: number;
  /** Features whose geometry failed to decode or had no rings/points (or a body that is not a tile). */
  broken: number;
  /** Up to 3 examples of what the rules do not explain: a left-out boundary with its width in the tile (m), or an extra feature. */
  unexplained: string[];
  verdict: "ok" | "dropped-small" | "mismatch";
}

const EXAMPLES = 3;

/**
 * Compares a decoded tile with the boundaries of the database. Each boundary left out is measured: the widest part of
 * what lies inside the tile (the diameter of its largest inscribed circle, from divisions.geom projected here), which
 * must be under the tile grid for the size rule to explain it.
 */
async function compareFeatures(sql: Sql, tile: TileAddress, decoded: DecodedTile, inside: ReadonlySet<string>, buffered: ReadonlySet<string>): Promise<FeatureComparison> {
  const served = new Set(decoded.codes);
  const missing = [...inside].filter((code) => !served.has(code)).sort();
  const extra = [...served].filter((code) => !buffered.has(code)).sort();
  const gridMetres = tileGridMetres(tile.z);
  const widths = new Map<string, number>();
  if (missing.length > 0) {
    const rows = await sql<{ code: string; widthM: number }[]>`
      select d.code, coalesce(max((ST_MaximumInscribedCircle(part.geom)).radius) * 2, 0)::float8 as width_m
      from divisions as d
      left join lateral ST_Dump(ST_Intersection(ST_Transform(d.geom, 3857), ST_TileEnvelope(${tile.z}::int, ${tile.x}::int, ${tile.y}::int))) as part
        on ST_Dimension(part.geom) = 2
      where d.code = any(${missing}::text[])
      group by d.code`;
    for (const row of rows) widths.set(row.code, row.widthM);
  }
  const wide = missing.filter((code) => (widths.get(code) ?? 0) >= gridMetres);
  const duplicated = decoded.codes.length - served.size;
  const flat = new Set(decoded.zeroArea);
  const unexplained = [
    ...wide.map((code) => `${code} left out (${Math.round(widths.get(code)!)} m wide in the tile)`),
    ...extra.map((code) => `${code} outside the buffered tile${flat.has(code) ? " (a zero-area ring)" : ""}`),
  ];
  const verdict = wide.length === 0 && extra.length === 0 && duplicated === 0 && decoded.broken === 0 ? (missing.length === 0 ? "ok" : "dropped-small") : "mismatch";
  return {
    served: decoded.features,
    leftOut: missing.length,
    leftOutSmall: missing.length - wide.length,
    extra: extra.length,
    duplicated,
    broken: decoded.broken,
    unexplained: unexplained.slice(0, EXAMPLES),
    verdict,
  };
}

export interface CorrectnessCheck {
  list: string;
  tile: string;
  status: number;
  /** Boundaries (by the layer's zoom rule) that intersect the tile itself / the tile grown by its 64-unit buffer. */
  sqlInside: number;
  sqlBuffered: number;
  /** The tile grid at this zoom, m: left-out boundaries narrower than this are the size rule's. */
  gridM: number;
  /** The server's body is byte for byte what the tile function returns in the database. */
  sameAsRawSql: boolean;
  server: FeatureComparison;
  /** MapServer's tile of the same address (every layer), when MapServer runs. */
  mapServer: FeatureComparison | null;
  /** Feature codes in only one of the two tiles, when MapServer runs (the buffer's features may differ). */
  onlyServer: number | null;
  onlyMapServer: number | null;
  /** The server's verdict. */
  verdict: FeatureComparison["verdict"];
}

/**
 * Checks sample tiles of the divisions layer by feature code: the served tile must hold every boundary that
 * intersects the tile and nothing that misses the buffered tile (features between the two are the buffer's). A
 * boundary left out passes only when what lies of it in the tile is narrower than the tile grid ("dropped-small");
 * any other shortfall, extra or repeated feature is a mismatch.
 */
export async function correctnessPass(options: {
  sql: Sql;
  port: number;
  pathOf: (tile: TileAddress) => string;
  samples: { list: string; tiles: TileAddress[] }[];
  mapServer?: { port: number; pathOf: (tile: TileAddress) => string };
}): Promise<CorrectnessCheck[]> {
  const { sql } = options;
  const agent = keepAliveAgent(1);
  const checks: CorrectnessCheck[] = [];
  try {
    for (const { list, tiles } of options.samples) {
      for (const tile of tiles) {
        const response = await httpGet(options.port, options.pathOf(tile), agent);
        const body = response.status === 200 ? response.body : Buffer.alloc(0);
        // Any status but a tile (200) or an empty tile (204) counts as a broken feature: the check fails.
        const decoded = response.status === 200 || response.status === 204 ? decodeLayer(body, "divisions") : { features: 0, codes: [], broken: 1, zeroArea: [] };
        // Listed from divisions.geom (EPSG:4326), not from the tile tables, so that the check also covers the
        // pre-projected copy the tiles are drawn from. The 64/4096 margin is the tiles' buffer.
        const [counts] = await sql<{ inside: string[]; buffered: string[]; raw: Buffer | null }[]>`
          with candidates as (
            select d.code, d.geom
            from divisions as d
            join tiles.division_level_zooms() as zooms on zooms.level = d.level
            where d.geom && ST_Transform(ST_TileEnvelope(${tile.z}::int, ${tile.x}::int, ${tile.y}::int, margin => 64.0 / 4096), 4326)
              and ${tile.z}::int between zooms.minzoom and zooms.maxzoom
          )
          select
            coalesce(array_agg(code) filter (where ST_Intersects(geom, ST_Transform(ST_TileEnvelope(${tile.z}::int, ${tile.x}::int, ${tile.y}::int), 4326))), '{}') as inside,
            coalesce(array_agg(code) filter (where ST_Intersects(geom, ST_Transform(ST_TileEnvelope(${tile.z}::int, ${tile.x}::int, ${tile.y}::int, margin => 64.0 / 4096), 4326))), '{}') as buffered,
            (select tiles.divisions(${tile.z}::int, ${tile.x}::int, ${tile.y}::int)) as raw
          from candidates`;
        const raw = counts!.raw ?? Buffer.alloc(0);
        const inside = new Set(counts!.inside);
        const buffered = new Set(counts!.buffered);
        const server = await compareFeatures(sql, tile, decoded, inside, buffered);
        let mapServer: FeatureComparison | null = null;
        let onlyServer: number | null = null;
        let onlyMapServer: number | null = null;
        if (options.mapServer) {
          const peer = await httpGet(options.mapServer.port, options.mapServer.pathOf(tile), agent);
          const peerDecoded = decodeLayer(peer.status === 200 ? peer.body : Buffer.alloc(0), undefined);
          mapServer = await compareFeatures(sql, tile, peerDecoded, inside, buffered);
          const ours = new Set(decoded.codes);
          const theirs = new Set(peerDecoded.codes);
          onlyServer = [...ours].filter((code) => !theirs.has(code)).length;
          onlyMapServer = [...theirs].filter((code) => !ours.has(code)).length;
        }
        checks.push({
          list,
          tile: tileKey(tile),
          status: response.status,
          sqlInside: inside.size,
          sqlBuffered: buffered.size,
          gridM: Math.round(tileGridMetres(tile.z) * 100) / 100,
          sameAsRawSql: Buffer.compare(body, raw) === 0,
          server,
          mapServer,
          onlyServer,
          onlyMapServer,
          verdict: server.verdict,
        });
      }
    }
  } finally {
    agent.destroy();
  }
  return checks;
}

export interface BurstSummary {
  bursts: number;
  /** Wall time of a whole burst (first request out to last byte in), ms. */
  burstMs: { p50: number; max: number };
  /** Latency of one tile within a burst, ms. */
  tileMs: { p50: number; p90: number };
  errors: number;
}

/** `bursts` viewport bursts against an HTTP contestant, reusing one browser-like agent (6 keep-alive sockets). */
export async function viewportBursts(port: number, tiles: readonly TileAddress[], pathOf: (tile: TileAddress) => string, bursts: number): Promise<BurstSummary> {
  const agent = keepAliveAgent(BROWSER_CONNECTIONS);
  try {
    return await timeBursts(bursts, async () => {
      const results = await Promise.all(tiles.map((tile) => httpGet(port, pathOf(tile), agent)));
      return results.map((result) => ({ ms: result.ms, ok: result.status === 200 || result.status === 204 }));
    });
  } finally {
    agent.destroy();
  }
}

/** The same bursts straight to the database: the tile statement over a pool of 6 connections. */
export async function viewportBurstsSql(sql: Sql, tiles: readonly TileAddress[], bursts: number): Promise<BurstSummary> {
  return timeBursts(bursts, async () =>
    Promise.all(
      tiles.map(async (tile) => {
        const started = performance.now();
        try {
          await sql`select api.data_revision() as revision, tiles.divisions(${tile.z}, ${tile.x}, ${tile.y}) as tile`;
          return { ms: performance.now() - started, ok: true };
        } catch {
          return { ms: performance.now() - started, ok: false };
        }
      }),
    ),
  );
}

async function timeBursts(bursts: number, burst: () => Promise<{ ms: number; ok: boolean }[]>): Promise<BurstSummary> {
  const burstTimes: number[] = [];
  const tileTimes: number[] = [];
  let errors = 0;
  for (let i = 0; i < bursts; i++) {
    const started = performance.now();
    const results = await burst();
    burstTimes.push(performance.now() - started);
    for (const result of results) {
      tileTimes.push(result.ms);
      if (!result.ok) errors++;
    }
  }
  burstTimes.sort((a, b) => a - b);
  tileTimes.sort((a, b) => a - b);
  return {
    bursts,
    burstMs: { p50: round1(quantile(burstTimes, 0.5)), max: round1(burstTimes.at(-1) ?? 0) },
    tileMs: { p50: round1(quantile(tileTimes, 0.5)), p90: round1(quantile(tileTimes, 0.9)) },
    errors,
  };
}
