/**
 * The passes that fetch tiles one at a time rather than under load:
 * - bytes: every tile of every list from a server, once: sizes per layer and zoom, statuses, unloaded latency;
 * - correctness: sample tiles decoded with @mapbox/vector-tile and compared with the database (feature counts from
 *   the boundaries themselves, the raw tile SQL's bytes, MapServer's features);
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

export interface DecodedTile {
  features: number;
  codes: string[];
  /** Features whose geometry failed to decode or had no rings/points. */
  broken: number;
}

/** Decodes one layer of an MVT body; an empty body is a tile without features. */
export function decodeLayer(body: Buffer, layerName: string): DecodedTile {
  if (body.byteLength === 0) return { features: 0, codes: [], broken: 0 };
  let tile: VectorTile;
  try {
    tile = new VectorTile(new PbfReader(body));
  } catch {
    // Not a vector tile at all (an error page): one broken "feature" so that the check fails.
    return { features: 0, codes: [], broken: 1 };
  }
  const layer = tile.layers[layerName];
  if (!layer) return { features: 0, codes: [], broken: 0 };
  const codes: string[] = [];
  let broken = 0;
  for (let i = 0; i < layer.length; i++) {
    const feature = layer.feature(i);
    try {
      const geometry = feature.loadGeometry();
      if (geometry.length === 0 || geometry.every((part) => part.length === 0)) broken++;
    } catch {
      broken++;
    }
    codes.push(String(feature.properties.code ?? feature.id ?? i));
  }
  return { features: layer.length, codes, broken };
}

export interface CorrectnessCheck {
  list: string;
  tile: string;
  status: number;
  /** Features in the server's tile. */
  served: number;
  /** Boundaries (by the layer's zoom rule) that intersect the tile itself / the tile grown by its 64-unit buffer. */
  sqlInside: number;
  sqlBuffered: number;
  /** The server's body is byte for byte what the tile function returns in the database. */
  sameAsRawSql: boolean;
  /** Features in MapServer's tile of the same address, when MapServer runs. */
  mapServer: number | null;
  broken: number;
  verdict: "ok" | "dropped-small" | "mismatch";
}

/**
 * Checks sample tiles of the divisions layer: the served tile must hold every boundary that intersects the tile and
 * nothing that misses the buffered tile (features between the two are the buffer's, and ST_AsMVTGeom may drop
 * boundaries that shrink below one unit at low zoom: "dropped-small" when only such are missing).
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
        const decoded = decodeLayer(response.status === 200 ? response.body : Buffer.alloc(0), "divisions");
        // Counted from divisions.geom (EPSG:4326), not from the tile tables, so that the check also covers the
        // pre-projected copy the tiles are drawn from. The 64/4096 margin is the tiles' buffer.
        const [counts] = await sql<{ inside: number; buffered: number; raw: Buffer | null }[]>`
          with candidates as (
            select d.code, d.geom
            from divisions as d
            where d.geom && ST_Transform(ST_TileEnvelope(${tile.z}::int, ${tile.x}::int, ${tile.y}::int, margin => 64.0 / 4096), 4326)
              and (d.level = 'county' and ${tile.z}::int >= 5 or d.level = 'township' and ${tile.z}::int >= 6)
          )
          select
            count(*) filter (where ST_Intersects(geom, ST_Transform(ST_TileEnvelope(${tile.z}::int, ${tile.x}::int, ${tile.y}::int), 4326)))::int as inside,
            count(*) filter (where ST_Intersects(geom, ST_Transform(ST_TileEnvelope(${tile.z}::int, ${tile.x}::int, ${tile.y}::int, margin => 64.0 / 4096), 4326)))::int as buffered,
            (select tiles.divisions(${tile.z}::int, ${tile.x}::int, ${tile.y}::int)) as raw
          from candidates`;
        const raw = counts!.raw ?? Buffer.alloc(0);
        const body = response.status === 200 ? response.body : Buffer.alloc(0);
        let mapServer: number | null = null;
        if (options.mapServer) {
          const peer = await httpGet(options.mapServer.port, options.mapServer.pathOf(tile), agent);
          mapServer = decodeLayer(peer.status === 200 ? peer.body : Buffer.alloc(0), "divisions").features;
        }
        const inRange = decoded.features >= counts!.inside && decoded.features <= counts!.buffered;
        // At low zoom a township can be smaller than one tile unit and vanish; that is generalisation, not loss.
        const verdict = inRange && decoded.broken === 0 ? "ok" : decoded.features < counts!.inside && tile.z <= 9 && decoded.broken === 0 ? "dropped-small" : "mismatch";
        checks.push({
          list,
          tile: tileKey(tile),
          status: response.status,
          served: decoded.features,
          sqlInside: counts!.inside,
          sqlBuffered: counts!.buffered,
          sameAsRawSql: Buffer.compare(body, raw) === 0,
          mapServer,
          broken: decoded.broken,
          verdict,
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
          await sql`select tiles.data_revision() as revision, tiles.divisions(${tile.z}, ${tile.x}, ${tile.y}) as tile`;
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
