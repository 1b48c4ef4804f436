import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { TileJson, TileJsonParams, TileLayerList, TileParams, TileQuery } from "../contracts/tiles.ts";
import { ProblemError } from "../http/problem.ts";
import { publicOrigin } from "../http/public-origin.ts";
import { readsReplica } from "../http/replica-reads.ts";
import { compareDataRevisions } from "../revision/revision-cache.ts";
import { ifNoneMatchMatches, documentEtag, tileCacheControl, tileEtag } from "./tile-http.ts";
import { buildTileJson, summariseLayer } from "./tile-json.ts";
import { findTileLayer, TILE_LAYERS, type TileLayerDefinition } from "./tile-layers.ts";
import { DEFAULT_TILE_CACHE_BYTES, TileProvider } from "./tile-provider.ts";
import { prepareTileRendering, type TileRendering } from "./tiles.repo.ts";

export interface TilesRoutesOptions {
  /** Bound of the in-process hot-tile cache in bytes; 0 disables it. Default DEFAULT_TILE_CACHE_BYTES. */
  tileCacheMaxBytes?: number;
  /** Highest zoom served from the tile pyramid (PostgreSQL only); -1 or absent: none. */
  tilePyramidMaxZoom?: number;
  /** prepareTileRendering(app.db.sql), already sent by the caller; the plugin sends it itself when absent. */
  tileRendering?: Promise<TileRendering>;
}

const MVT_CONTENT_TYPE = "application/vnd.mapbox-vector-tile";
const NOT_MODIFIED = Type.Unsafe<void>({ description: "unchanged since the ETag in If-None-Match" });

/**
 * Vector tiles (MVT 2.1), their TileJSON 3.0.0 and the layer list. The tile encoding follows what the database can
 * do, detected once at start: ST_AsMVT where PostGIS has protobuf, the Node encoder where it has not (PGlite).
 * Detecting it also warms the database session up (prepareTileRendering). buildApp sends that statement once the
 * schema is checked and does not wait for it: the server listens, and its first requests build their validators,
 * while the database loads PostGIS; tile and TileJSON requests wait for it (and so run on the warmed connection).
 */
export const tilesRoutes: FastifyPluginAsyncTypebox<TilesRoutesOptions> = async (app, options) => {
  let provider: TileProvider | undefined;
  // With a replica, a provider of its own: its hot tiles and revisions come from the replica only.
  let replicaProvider: TileProvider | undefined;
  const providerFrom = (preparing: Promise<TileRendering>) =>
    preparing.then(
      (rendering) => {
        const cacheMaxBytes = options.tileCacheMaxBytes ?? DEFAULT_TILE_CACHE_BYTES;
        const pyramidMaxZoom = options.tilePyramidMaxZoom ?? -1;
        if (app.db.replica !== undefined) replicaProvider = new TileProvider({ sql: app.db.replica, ...rendering, cacheMaxBytes, pyramidMaxZoom });
        return (provider = new TileProvider({ sql: app.db.sql, ...rendering, cacheMaxBytes, pyramidMaxZoom }));
      },
      (error: unknown) => {
        // The database was lost while preparing (a restart): the next tile request prepares again.
        preparingProvider = undefined;
        throw error;
      },
    );
  let preparingProvider: Promise<TileProvider> | undefined = providerFrom(options.tileRendering ?? prepareTileRendering(app.db.sql));
  // A failure is reported by the tile requests that await it; until one comes it must not count as unhandled.
  preparingProvider.catch(() => {});
  const providerReady = (): Promise<TileProvider> => (preparingProvider ??= providerFrom(prepareTileRendering(app.db.sql)));
  const maxAgeS = app.config.tileMaxAgeS;
  /** The primary's provider, and the one this request reads from (the replica's for a visitor without a session). */
  const providersFor = async (request: FastifyRequest): Promise<{ primary: TileProvider; source: TileProvider }> => {
    const primary = provider ?? (await providerReady());
    return { primary, source: replicaProvider !== undefined && readsReplica(app.db, request) ? replicaProvider : primary };
  };

  const knownLayer = (name: string): TileLayerDefinition => {
    const layer = findTileLayer(name);
    if (!layer) throw new ProblemError("not-found", `there is no tile layer "${name.slice(0, 100)}"; GET /tiles lists them`);
    return layer;
  };

  app.get(
    "/tiles",
    { schema: { summary: "The vector tile layers, each with the URL of its TileJSON", response: { 200: TileLayerList } } },
    async (request, reply) => {
      const origin = publicOrigin(request, reply);
      reply.header("cache-control", "public, max-age=300");
      return { layers: TILE_LAYERS.map((layer) => summariseLayer(layer, origin)) };
    },
  );

  app.get(
    "/tiles/:layer.json",
    {
      schema: {
        summary: "TileJSON 3.0.0 of a tile layer; its tiles URL carries the current data revision",
        params: TileJsonParams,
        response: { 200: TileJson, 304: NOT_MODIFIED },
      },
    },
    async (request, reply) => {
      const layer = knownLayer(request.params.layer);
      const ready = (await providersFor(request)).source;
      const { revision, layers } = await ready.layerMetadata();
      const origin = publicOrigin(request, reply);
      const etag = documentEtag(`tilejson-${layer.name}`, revision, origin);
      // Revalidated on every use: the revision in the tiles URL is what keeps map clients from stale tiles.
      reply.header("etag", etag).header("cache-control", "no-cache");
      if (ifNoneMatchMatches(request.headers["if-none-match"], etag)) return reply.code(304).send();
      const metadata = layers.find((entry) => entry.layer === layer.name);
      const levels = layer.name === "divisions" ? ready.divisionLevels : undefined;
      return buildTileJson({ layer, bounds: metadata?.bounds ?? null, sources: metadata?.sources ?? [], origin, revision, levels });
    },
  );

  app.get(
    "/tiles/:layer/:z/:x/:y.mvt",
    {
      schema: {
        summary: "One vector tile (Mapbox Vector Tile 2.1); 204 when the tile is empty",
        params: TileParams,
        querystring: TileQuery,
        response: {
          200: Type.Unsafe<Buffer>({ type: "string", format: "binary", description: `the tile, as ${MVT_CONTENT_TYPE}` }),
          204: Type.Unsafe<void>({ description: "no feature in this tile" }),
          304: NOT_MODIFIED,
        },
      },
    },
    async (request, reply) => {
      const { z, x, y } = request.params;
      // A malformed address is a 400 whatever the layer, as the schema's own checks are.
      const size = 2 ** z;
      if (x >= size || y >= size) {
        const field = x >= size ? "x" : "y";
        const message = `must be less than 2^z (${size} at zoom ${z})`;
        throw new ProblemError("validation-failed", `params.${field} ${message}`, { errors: [{ path: `params.${field}`, message }] });
      }
      const layer = knownLayer(request.params.layer);
      if (z < layer.minzoom || z > layer.maxzoom) {
        throw new ProblemError("not-found", `layer ${layer.name} has tiles from zoom ${layer.minzoom} to ${layer.maxzoom}, not ${z}`);
      }
      const requestedVersion = request.query.v;
      const conditional = request.headers["if-none-match"];
      // A revalidation needs only the revision, not the tile: one cheap query answers it.
      const { primary, source } = await providersFor(request);
      if (conditional !== undefined) {
        const revision = await source.revision();
        const etag = tileEtag(layer.name, z, x, y, revision);
        if (ifNoneMatchMatches(conditional, etag)) {
          return reply.code(304).header("etag", etag).header("cache-control", tileCacheControl(requestedVersion, revision, maxAgeS)).send();
        }
      }
      let tile = await source.tile(layer.name, z, x, y);
      // The URL names a revision the replica has not replayed yet: the primary's tile, never an older one under it.
      if (source !== primary && requestedVersion !== undefined && compareDataRevisions(tile.revision, requestedVersion) < 0) {
        tile = await primary.tile(layer.name, z, x, y);
      }
      reply
        .header("etag", tileEtag(layer.name, z, x, y, tile.revision))
        .header("cache-control", tileCacheControl(requestedVersion, tile.revision, maxAgeS));
      if (tile.bytes.byteLength === 0) return reply.code(204).send();
      return reply.type(MVT_CONTENT_TYPE).send(tile.bytes);
    },
  );
};
