/**
 * A minimal tile server: Fastify, the project's one postgres.js client (same options: max_pipeline 1, pool size from
 * DB_POOL_MAX) and one route that runs the project's tile statement for the divisions layer (the same tagged
 * template as server/src/tiles/tiles.repo.ts), answering 200 with the bytes or 204 when empty. No validation, cache,
 * ETag or problem handling: the least a Node tile server does. Configuration through the project's loadConfig.
 * Usage: node --import tsx fastify-sql-server.ts <port>. Stops on SIGTERM.
 */
import Fastify from "fastify";
import { loadConfig } from "../../../server/src/config.ts";
import { openDatabase } from "../../../server/src/db/database.ts";

const port = Number(process.argv[2]);
if (!Number.isInteger(port)) throw new Error("usage: fastify-sql-server.ts <port>");
const database = await openDatabase(loadConfig());
const { sql } = database;

const app = Fastify({ logger: { level: "warn" }, disableRequestLogging: true });
app.get<{ Params: { z: string; x: string; y: string } }>("/tiles/divisions/:z/:x/:y.mvt", async (request, reply) => {
  const z = Number(request.params.z);
  const x = Number(request.params.x);
  const y = Number(request.params.y);
  const [row] = await sql<{ revision: string; tile: string | null }[]>`select api.data_revision() as revision, encode(tiles.divisions(${z}, ${x}, ${y}), 'base64') as tile`;
  const tile = row?.tile;
  if (!tile) return reply.code(204).send();
  return reply.type("application/vnd.mapbox-vector-tile").send(Buffer.from(tile, "base64"));
});
app.addHook("onClose", () => database.close());
process.on("SIGTERM", () => void app.close().then(() => process.exit(0)));
await app.listen({ host: "127.0.0.1", port });
