/**
 * The viewport session: map views of simulated visitors of the public map over Jincheng, and the hit rate of the
 * server's in-process tile cache on it. Each visitor opens the whole city (zoom 10), goes to a place (drawn with a
 * skew towards a few popular ones, as visitors crowd on the centre), looks around it at zoom 12, 14 and 16 with two
 * half-screen pans at 12 and 14, and zooms back out to 13. Each view of 1280 × 1024 pixels asks for every tile it
 * shows of the layers the public page draws (divisions, belts, opinions, within their zooms), each tile once per
 * visitor: the browser keeps the rest (tile URLs carry the data revision and a long max-age).
 *
 * Hits are counted in the database, not guessed: the server under test runs with track_functions = pl on its own
 * sessions (a startup parameter in its DATABASE_URL), so pg_stat_user_functions counts the tiles it rendered; what a
 * start and stop of the same server renders alone (warm-up, probe) is measured first and taken off.
 */
import type { Sql } from "../../server/src/db/database.ts";
import { TILE_LAYERS } from "../../server/src/tiles/tile-layers.ts";
import { httpGet, keepAliveAgent } from "./http-client.ts";
import { sleep } from "./processes.ts";
import { seededRandom } from "./seeded-random.ts";
import { tileKey, tileOf, type TileAddress } from "./tile-math.ts";
import { CITY_CODE } from "./tile-lists.ts";

/** The layers of the public page (client/src/api/tiles.ts FinderTileLayer). */
const SESSION_LAYERS = ["divisions", "belts", "opinions"] as const;
const VIEW_WIDTH = 1280;
const VIEW_HEIGHT = 1024;
/** A browser's connections per host: the tiles of one view are fetched over this many. */
const BROWSER_CONNECTIONS = 6;
const PLACES = 200;
/** The application_name of the tracked server's sessions, to know when they have ended (and flushed their counts). */
export const SESSION_APPLICATION_NAME = "bench-cache-session";

interface SessionRequest {
  layer: string;
  tile: TileAddress;
}

/** One view of one visitor: the tiles new to that visitor. */
export type SessionView = SessionRequest[];

export interface SessionSummary {
  visitors: number;
  views: number;
  requests: number;
  distinctTiles: number;
  /** Tiles the server rendered during the session (the cache's misses) and requests it answered from the cache. */
  rendered: number;
  hits: number;
  hitRate: number;
  /** The hit rate of an unbounded cache: every repeat of a tile a hit. */
  unboundedHitRate: number;
  errors: number;
  seconds: number;
  cacheMaxBytes: number;
}

/** The tiles a view of VIEW_WIDTH × VIEW_HEIGHT pixels centred on (lon, lat) at zoom z shows. */
function viewTiles(lon: number, lat: number, z: number): TileAddress[] {
  // A tile's address at z + 8 is the pixel position at z (256 pixels a tile).
  const centre = tileOf(lon, lat, z + 8);
  const n = 2 ** z;
  const tiles: TileAddress[] = [];
  for (let y = Math.floor((centre.y - VIEW_HEIGHT / 2) / 256); y <= Math.floor((centre.y + VIEW_HEIGHT / 2 - 1) / 256); y++) {
    for (let x = Math.floor((centre.x - VIEW_WIDTH / 2) / 256); x <= Math.floor((centre.x + VIEW_WIDTH / 2 - 1) / 256); x++) {
      if (y >= 0 && y < n) tiles.push({ z, x: ((x % n) + n) % n, y });
    }
  }
  return tiles;
}

/** Seeded views of `visitors` visitors, interleaved as visitors arrive one after another: views[i] is the i-th burst. */
export async function buildViewportSession(sql: Sql, visitors: number, seed: number): Promise<SessionView[]> {
  const [city] = await sql<{ lon: number; lat: number }[]>`
    select ST_X(ST_Centroid(ST_Envelope(geom))) as lon, ST_Y(ST_Centroid(ST_Envelope(geom))) as lat from divisions where code = ${CITY_CODE}`;
  if (!city) throw new Error(`the city ${CITY_CODE} has no geometry in the bench database`);
  const places = await sql<{ lon: number; lat: number }[]>`
    select ST_X(point) as lon, ST_Y(point) as lat
    from (
      select (ST_Dump(ST_GeneratePoints(geom, 1, ${seed}::int))).geom as point
      from divisions
      where level = 'township' and geom is not null and code like ${`${CITY_CODE.slice(0, 4)}%`}
      order by md5(code || ${String(seed)}::text)
      limit ${PLACES}
    ) as sampled`;
  if (places.length === 0) throw new Error("no township of the city has a boundary: no viewport session");
  const layers = TILE_LAYERS.filter((layer) => (SESSION_LAYERS as readonly string[]).includes(layer.name));
  const random = seededRandom(seed + 17);
  // Half a screen, in degrees of longitude/latitude at zoom z (near enough at Jincheng's latitude for a pan).
  const pan = (z: number) => ({ lon: (VIEW_WIDTH / 2 / 256) * (360 / 2 ** z), lat: (VIEW_HEIGHT / 2 / 256) * (360 / 2 ** z) * Math.cos((city.lat * Math.PI) / 180) });
  const perVisitor: SessionView[][] = [];
  for (let visitor = 0; visitor < visitors; visitor++) {
    // u² skews the choice towards the first places of the (seeded) order: a few popular places, a long tail.
    const place = places[Math.floor(random() ** 2 * places.length)]!;
    const stops: { lon: number; lat: number; z: number }[] = [{ ...city, z: 10 }];
    let at = { lon: place.lon, lat: place.lat };
    for (const z of [12, 14]) {
      stops.push({ ...at, z });
      for (let step = 0; step < 2; step++) {
        const angle = random() * 2 * Math.PI;
        at = { lon: at.lon + Math.cos(angle) * pan(z).lon, lat: at.lat + Math.sin(angle) * pan(z).lat };
        stops.push({ ...at, z });
      }
    }
    stops.push({ ...at, z: 16 }, { ...at, z: 13 });
    const seen = new Set<string>();
    perVisitor.push(
      stops.map((stop) => {
        const view: SessionView = [];
        for (const tile of viewTiles(stop.lon, stop.lat, stop.z)) {
          for (const layer of layers) {
            const key = `${layer.name}/${tileKey(tile)}`;
            if (tile.z < layer.minzoom || tile.z > layer.maxzoom || seen.has(key)) continue;
            seen.add(key);
            view.push({ layer: layer.name, tile });
          }
        }
        return view;
      }),
    );
  }
  // Visitor v starts at step v: each step, every visitor already there takes their next view.
  const views: SessionView[] = [];
  const steps = perVisitor[0]?.length ?? 0;
  for (let step = 0; step < visitors + steps - 1; step++) {
    for (let visitor = 0; visitor < visitors; visitor++) {
      const view = perVisitor[visitor]![step - visitor];
      if (view && view.length > 0) views.push(view);
    }
  }
  return views;
}

/** Calls of the session layers' tile functions that ended sessions have reported (track_functions = pl). */
async function renderedCount(sql: Sql): Promise<number> {
  const [row] = await sql<{ calls: number }[]>`
    select coalesce(sum(calls), 0)::int as calls from pg_stat_user_functions
    where schemaname = 'tiles' and funcname = any(${[...SESSION_LAYERS]}::text[])`;
  return row!.calls;
}

/** Waits until no session of the tracked server is left (each flushes its counts as it ends). */
async function trackedSessionsGone(sql: Sql): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const [row] = await sql<{ sessions: number }[]>`select count(*)::int as sessions from pg_stat_activity where application_name = ${SESSION_APPLICATION_NAME}`;
    if (row!.sessions === 0) return;
    await sleep(100);
  }
  throw new Error("the tracked server's database sessions did not end within 10 s");
}

/**
 * The cache's hit rate on the session: `start` starts the server under test (tile cache at its default size, its
 * sessions tracked) and returns its port and a stop function. Run once without requests, for what start-up renders.
 */
export async function sessionHitRate(options: {
  sql: Sql;
  visitors: number;
  views: SessionView[];
  cacheMaxBytes: number;
  start: () => Promise<{ port: number; stop(): Promise<void> }>;
}): Promise<SessionSummary> {
  const { sql, views } = options;
  const measureRenders = async (run: (port: number) => Promise<void>) => {
    const before = await renderedCount(sql);
    const server = await options.start();
    try {
      await run(server.port);
    } finally {
      await server.stop();
    }
    await trackedSessionsGone(sql);
    // The counts are flushed while a session ends, a moment before it leaves pg_stat_activity.
    await sleep(200);
    return (await renderedCount(sql)) - before;
  };
  const startUp = await measureRenders(async () => {});
  let errors = 0;
  let seconds = 0;
  const rendered =
    (await measureRenders(async (port) => {
      const agent = keepAliveAgent(BROWSER_CONNECTIONS);
      const started = performance.now();
      try {
        for (const view of views) {
          const answers = await Promise.all(view.map((request) => httpGet(port, `/tiles/${request.layer}/${tileKey(request.tile)}.mvt`, agent)));
          errors += answers.filter((answer) => answer.status !== 200 && answer.status !== 204).length;
        }
      } finally {
        seconds = (performance.now() - started) / 1000;
        agent.destroy();
      }
    })) - startUp;
  const requests = views.reduce((sum, view) => sum + view.length, 0);
  const distinct = new Set(views.flatMap((view) => view.map((request) => `${request.layer}/${tileKey(request.tile)}`))).size;
  return {
    visitors: options.visitors,
    views: views.length,
    requests,
    distinctTiles: distinct,
    rendered,
    hits: requests - rendered,
    hitRate: Math.round(((requests - rendered) / requests) * 1000) / 1000,
    unboundedHitRate: Math.round(((requests - distinct) / requests) * 1000) / 1000,
    errors,
    seconds: Math.round(seconds * 10) / 10,
    cacheMaxBytes: options.cacheMaxBytes,
  };
}
