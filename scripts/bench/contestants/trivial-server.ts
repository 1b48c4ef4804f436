/**
 * The HTTP ceiling of the tile benchmark: Fastify with the project's logger settings and a tile route that validates
 * nothing and answers every request with the same bytes, as fast as Fastify on this machine can answer anything.
 * Usage: node --import tsx trivial-server.ts <port> <body bytes>. Stops on SIGTERM.
 */
import Fastify from "fastify";

const port = Number(process.argv[2]);
const bodyBytes = Number(process.argv[3] ?? 4096);
if (!Number.isInteger(port) || !Number.isInteger(bodyBytes)) throw new Error("usage: trivial-server.ts <port> <body bytes>");
// Not zeros: a body of one repeated byte could be special-cased somewhere on the way (it is not today).
const body = Buffer.alloc(bodyBytes, "planner-atlas");

const app = Fastify({ logger: { level: "warn" }, disableRequestLogging: true });
app.get("/tiles/:layer/:z/:x/:y.mvt", async (_request, reply) => reply.type("application/vnd.mapbox-vector-tile").send(body));
process.on("SIGTERM", () => void app.close().then(() => process.exit(0)));
await app.listen({ host: "127.0.0.1", port });
