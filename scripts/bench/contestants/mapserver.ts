/**
 * MapServer 8 (Debian cgi-mapserver) as a peer tile server: mapserv FastCGI workers behind lighttpd on 127.0.0.1,
 * serving Mapbox Vector Tiles from the same PostGIS table the project's tiles read (division_geometries_3857, the
 * pre-projected boundaries of migration 0004 and their generalised bands of 0006, joined to divisions for the
 * attributes), with the same zoom rules (each level from its minzoom in tiles.division_level_zooms). The mapfile, MapServer config and lighttpd config are generated here into
 * scripts/bench/work/mapserver/, after the working set-up in ../shared/bench/mapserver/ (4 FastCGI workers, MVT
 * extent 4096, edge buffer 64 tile units).
 *
 * The database password never enters the mapfile: libpq reads it from a 0600 pgpass file named by PGPASSFILE, which
 * lighttpd hands to mapserv with every request.
 */
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { libpqParameters } from "../bench-config.ts";
import { spawnManaged, type ManagedProcess } from "../processes.ts";
import { httpGet, keepAliveAgent, waitForHttp } from "../http-client.ts";
import type { TileAddress } from "../tile-math.ts";

export const MAPSERVER_BINARY = "/usr/lib/cgi-bin/mapserv";
/** FastCGI workers, as in the shared set-up; on 2 cores more only queue in the kernel instead of in lighttpd. */
const FASTCGI_WORKERS = 4;
const LAYER = "divisions";

export interface MapServerInstance {
  port: number;
  process: ManagedProcess;
  path(tile: TileAddress): string;
  stop(): Promise<void>;
}

/** MapServer's tile URL: gmap tile mode numbers tiles exactly as XYZ does. */
function mapServerTilePath(tile: TileAddress): string {
  return `/mapserv?mode=tile&tilemode=gmap&layers=${LAYER}&map.imagetype=mvt&tile=${tile.x}+${tile.y}+${tile.z}`;
}

/** A mapfile string literal: MapServer strings are double-quoted with backslash escapes. */
function quoted(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/**
 * MapServer's scale denominator of a 256-pixel XYZ tile at zoom z (72 dpi, as MapServer computes it), and the scale
 * halfway (geometrically) between zoom z and z + 1, where one band of layers hands over to the next.
 */
const tileScale = (z: number) => (2 * Math.PI * 6378137 * 39.3701 * 72) / 256 / 2 ** z;
const scaleBetween = (z: number) => Math.round(tileScale(z) / Math.SQRT2);

/**
 * The layers of the tile: the same rows, zoom rules and generalisation as tiles.divisions_features (each level from
 * the minzoom the database gives it; each zoom band reads the generalised column of migration 0006 it serves),
 * written the way a MapServer set-up does it, as one layer per level and band with scale limits, all in the group "divisions" that
 * the tile URL asks for. Each subquery filters with !BOX! on geom, whose GiST index serves it (the band columns have
 * none); MapServer adds its own bounding-box test on the band column around it.
 */
function mapLayers(connection: string, levels: readonly DivisionLevel[]): string {
  const bands = [
    { column: "geom_z6", minZoom: 0, maxZoom: 6 },
    { column: "geom_z8", minZoom: 7, maxZoom: 8 },
    { column: "geom_z10", minZoom: 9, maxZoom: 10 },
    { column: "geom_z12", minZoom: 11, maxZoom: 12 },
    { column: "geom", minZoom: 13, maxZoom: 30 },
  ];
  let text = "";
  for (const { level, minzoom: fromZoom } of levels) {
    for (const band of bands) {
      const minZoom = Math.max(band.minZoom, fromZoom);
      if (minZoom > band.maxZoom) continue;
      const data =
        `${band.column} from (select g.${band.column}, g.division_code as code, d.name, g.level ` +
        `from division_geometries_3857 as g join divisions as d on d.code = g.division_code ` +
        `where g.level = '${level}' and g.geom && !BOX!) as divisions using unique code using srid=3857`;
      text += `  LAYER
    NAME "${level}_z${minZoom}"
    GROUP "${LAYER}"
    TYPE POLYGON
    STATUS ON
    MAXSCALEDENOM ${scaleBetween(minZoom - 1)}
${band.maxZoom < 30 ? `    MINSCALEDENOM ${scaleBetween(band.maxZoom)}\n` : ""}    CONNECTIONTYPE POSTGIS
    CONNECTION ${quoted(connection)}
    DATA ${quoted(data)}
    PROCESSING "CLOSE_CONNECTION=DEFER"
    PROJECTION "init=epsg:3857" END
    TEMPLATE "dummy"
    METADATA
      "gml_include_items" "code,name,level"
      "gml_types" "auto"
      "gml_featureid" "code"
    END
  END
`;
    }
  }
  return text;
}

function writeConfiguration(folder: string, databaseUrl: string, port: number, levels: readonly DivisionLevel[]): string {
  const db = libpqParameters(databaseUrl);
  const pgpass = path.join(folder, "pgpass");
  // pgpass fields escape ':' and '\' with a backslash.
  const escape = (value: string) => value.replace(/\\/g, "\\\\").replace(/:/g, "\\:");
  fs.writeFileSync(pgpass, `${escape(db.host)}:${escape(db.port)}:${escape(db.database)}:${escape(db.user)}:${escape(db.password)}\n`, { mode: 0o600 });
  fs.chmodSync(pgpass, 0o600);
  const connection = `host=${db.host} port=${db.port} dbname=${db.database} user=${db.user} application_name=bench-mapserver`;
  const mapfile = path.join(folder, "bench.map");
  fs.writeFileSync(
    mapfile,
    `MAP
  NAME "bench"
  EXTENT 8000000 2000000 15500000 7200000
  SIZE 256 256
  UNITS METERS
  PROJECTION "init=epsg:3857" END
  OUTPUTFORMAT
    NAME "mvt"
    DRIVER MVT
    FORMATOPTION "EXTENT=4096"
    # EDGE_BUFFER counts pixels of the 256-pixel map: 4 px = 64 of the 4096 tile units, the project's buffer.
    FORMATOPTION "EDGE_BUFFER=4"
  END
${mapLayers(connection, levels)}END
`,
  );
  const config = path.join(folder, "mapserver.conf");
  fs.writeFileSync(
    config,
    `CONFIG
  ENV
    MS_MAP_PATTERN ${quoted(`^${folder}/`)}
    MS_MAPFILE ${quoted(mapfile)}
  END
  MAPS
    BENCH ${quoted(mapfile)}
  END
END
`,
  );
  const www = path.join(folder, "www");
  fs.mkdirSync(www, { recursive: true });
  const lighttpd = path.join(folder, "lighttpd.conf");
  fs.writeFileSync(
    lighttpd,
    `server.modules = ("mod_fastcgi", "mod_setenv")
server.bind = "127.0.0.1"
server.port = ${port}
server.document-root = ${quoted(www)}
server.errorlog = ${quoted(path.join(folder, "lighttpd-error.log"))}
server.max-keep-alive-requests = 1000000
server.max-keep-alive-idle = 60
# mapserv's FastCGI loop replaces its process environment with each request's, so libpq finds PGPASSFILE only
# when it travels with the request.
setenv.add-environment = ( "PGPASSFILE" => ${quoted(pgpass)} )
fastcgi.server = ( "/mapserv" => ((
    "socket" => ${quoted(path.join(folder, "mapserv.sock"))},
    "bin-path" => ${quoted(MAPSERVER_BINARY)},
    "max-procs" => ${FASTCGI_WORKERS},
    "bin-environment" => ( "MAPSERVER_CONFIG_FILE" => ${quoted(config)}, "PGPASSFILE" => ${quoted(pgpass)} ),
    "check-local" => "disable"
)) )
`,
  );
  return lighttpd;
}

interface DivisionLevel {
  level: string;
  minzoom: number;
}

/** Each division level with the zoom the project's tiles draw it from (tiles.division_level_zooms), counties first. */
async function readDivisionLevels(databaseUrl: string): Promise<DivisionLevel[]> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    return await sql<DivisionLevel[]>`select level, minzoom from tiles.division_level_zooms() order by minzoom, level`;
  } finally {
    await sql.end();
  }
}

/** Writes the configuration and starts lighttpd in the foreground; resolves once a tile answers. */
export async function startMapServer(workDir: string, databaseUrl: string, port: number, probe: TileAddress): Promise<MapServerInstance> {
  const folder = path.join(workDir, "mapserver");
  fs.rmSync(folder, { recursive: true, force: true });
  fs.mkdirSync(folder, { recursive: true });
  const lighttpdConfig = writeConfiguration(folder, databaseUrl, port, await readDivisionLevels(databaseUrl));
  const process = spawnManaged("lighttpd", "/usr/sbin/lighttpd", ["-D", "-f", lighttpdConfig], {
    output: { file: path.join(folder, "lighttpd.out") },
    env: { PATH: "/usr/sbin:/usr/bin:/bin" },
  });
  try {
    await waitForHttp(port, mapServerTilePath(probe), 20_000, (status) => status === 200 || status === 204);
    // MapServer reports errors (a refused database connection…) as 200 text/html pages.
    const agent = keepAliveAgent(1);
    try {
      const answer = await httpGet(port, mapServerTilePath(probe), agent);
      if (answer.headers["content-type"] !== "application/vnd.mapbox-vector-tile") {
        throw new Error(`MapServer answered ${answer.headers["content-type"]}: ${answer.body.toString("utf8").replace(/<[^>]*>|\s+/g, " ").trim().slice(0, 300)}`);
      }
    } finally {
      agent.destroy();
    }
  } catch (error) {
    await process.stop();
    const log = fs.existsSync(path.join(folder, "lighttpd-error.log")) ? fs.readFileSync(path.join(folder, "lighttpd-error.log"), "utf8").slice(-1500) : "";
    throw new Error(`MapServer did not serve a tile: ${(error as Error).message}\n${log}`);
  }
  return { port, process, path: mapServerTilePath, stop: () => process.stop() };
}
