/**
 * OGC API – Features Part 1 (Core, GeoJSON, OpenAPI 3.0) at /ogc: landing page, conformance, the service's own
 * OpenAPI document, collections, items and single features. Items come from the database as GeoJSON text and are
 * sent unparsed (application/geo+json); everything else is application/json; errors are problem+json.
 *
 * Each collection has its own routes so that its query schema lists exactly the property filters it allows: an
 * unknown parameter fails validation (400), and the OpenAPI document tells GIS clients which filters exist.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest, FastifySchema } from "fastify";
import type { Static, TSchema } from "typebox";
import {
  AreasItemsQuery,
  BeltsItemsQuery,
  CollectionIdParams,
  Collection,
  Collections,
  Conformance,
  DivisionsItemsQuery,
  FeatureIdParams,
  ItemQuery,
  LandingPage,
  OGC_CONFORMANCE_CLASSES,
  OGC_FEATURE_COLLECTION_SCHEMAS,
  OGC_FEATURE_SCHEMAS,
  OgcFormatQuery,
  Problem,
  ProjectsItemsQuery,
  UnknownFeatureParams,
  type OgcCollectionId,
} from "../contracts/ogc.ts";
import { ProblemError } from "../http/problem.ts";
import { ReadPools } from "../http/replica-reads.ts";
import { openApiSubset, type OpenApiDocument } from "../openapi/openapi-subset.ts";
import { DOCS_PREFIX, OPENAPI_PATH } from "../openapi/openapi.plugin.ts";
import { COLLECTION_DEFINITIONS, describeCollection, type CollectionDefinition } from "./ogc-collections.ts";
import { MEDIA_GEOJSON, MEDIA_HTML, MEDIA_JSON, MEDIA_OPENAPI, pageLinks, serviceRoot } from "./ogc-links.ts";
import { parseBbox, parseDatetime, servedLimit, type DateRange } from "./ogc-params.ts";
import { collectionExtents, item, itemsPage } from "./ogc.repo.ts";

const TAGS = ["OGC API – Features"];

const ITEMS_QUERIES = {
  divisions: DivisionsItemsQuery,
  areas: AreasItemsQuery,
  belts: BeltsItemsQuery,
  projects: ProjectsItemsQuery,
} as const satisfies Record<OgcCollectionId, unknown>;

const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: Problem } } });
const json = <T>(description: string, schema: T) => ({ description, content: { [MEDIA_JSON]: { schema } } });
const BAD_REQUEST = problem("a parameter is malformed or unknown; `errors` names it");

/** A 400 problem naming one query parameter, shaped like the schema validation failures. */
function invalidParameter(name: string, message: string): ProblemError {
  return new ProblemError("validation-failed", `querystring.${name} ${message}`, { errors: [{ path: `querystring.${name}`, message }] });
}

/**
 * Sends JSON text built by the database (or serialised once) as it is. The route's response schema documents the
 * body for OpenAPI; a string payload is never passed through the schema serialiser.
 */
function sendText(reply: FastifyReply, mediaType: string, text: string): FastifyReply {
  // With a charset given, Fastify leaves the header as written; without, it re-prints the media type and quotes
  // version="3.0", which GDAL does not recognise as the OpenAPI media type.
  return reply.type(`${mediaType}; charset=utf-8`).send(text);
}

function requestedDates(datetime: string | undefined): DateRange | null {
  if (datetime === undefined) return null;
  const parsed = parseDatetime(datetime);
  if (!parsed.ok) throw invalidParameter("datetime", parsed.reason);
  return parsed.value;
}

/** What the items route reads from its query: the common parameters, and the collection's property filters. */
type ItemsRequestQuery = Record<string, string | number | undefined> & { bbox?: string; datetime?: string; limit?: number; offset?: number };

export const ogcRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Features are read from the replica for visitors without a session (http/replica-reads.ts).
  const reads = new ReadPools(app.db, (sql) => sql);
  /** A JSON document of the service: only `f` in its query, a 400 for anything else. */
  function documentRoute<T extends TSchema>(
    url: string,
    schema: { summary: string; description?: string; body: T; bodyDescription: string },
    answer: (request: FastifyRequest, reply: FastifyReply) => Promise<Static<T>>,
  ): void {
    const { body, bodyDescription, ...words } = schema;
    // Typed as a plain FastifySchema: the answer's type is held to the body schema by the signature above instead.
    const routeSchema: FastifySchema = { ...words, tags: TAGS, querystring: OgcFormatQuery, response: { 200: json(bodyDescription, body), 400: BAD_REQUEST } };
    app.get(url, { schema: routeSchema }, answer);
  }

  documentRoute(
    "/ogc",
    {
      summary: "OGC API – Features landing page",
      description: "Links to the service description (OpenAPI 3.0), the docs page, the conformance classes and the collections.",
      body: LandingPage,
      bodyDescription: "the landing page",
    },
    async (request, reply) => {
      const base = serviceRoot(request, reply);
      const origin = base.slice(0, -"/ogc".length);
      return {
        title: "Planner Atlas · 责任规划师一张图 — OGC API – Features",
        description:
          "Divisions, responsibility areas, belts and planning projects of Jincheng's responsible planner programme, " +
          "with the planners appointed on any date, as GeoJSON for GIS tools.",
        links: [
          { href: base, rel: "self", type: MEDIA_JSON, title: "this document" },
          { href: `${base}/api`, rel: "service-desc", type: MEDIA_OPENAPI, title: "the API definition (OpenAPI 3.0)" },
          { href: `${origin}${DOCS_PREFIX}`, rel: "service-doc", type: MEDIA_HTML, title: "the API documentation" },
          { href: `${base}/conformance`, rel: "conformance", type: MEDIA_JSON, title: "conformance classes" },
          { href: `${base}/collections`, rel: "data", type: MEDIA_JSON, title: "the collections" },
        ],
      };
    },
  );

  documentRoute("/ogc/conformance", { summary: "Conformance classes the service implements", body: Conformance, bodyDescription: "the conformance classes" }, async () => ({
    conformsTo: [...OGC_CONFORMANCE_CLASSES],
  }));

  app.get(
    "/ogc/api",
    {
      schema: {
        summary: "The OpenAPI 3.0 definition of this OGC API (the service-desc)",
        description: `The /ogc operations of ${OPENAPI_PATH}, with paths relative to the service root, as OGC clients expect.`,
        tags: TAGS,
        querystring: OgcFormatQuery,
        response: { 200: { description: "an OpenAPI 3.0 document", content: { [MEDIA_OPENAPI]: { schema: { type: "object", additionalProperties: true } } } }, 400: BAD_REQUEST },
      },
    },
    async (request, reply) => {
      const document = openApiSubset(app.swagger() as unknown as OpenApiDocument, "/ogc", serviceRoot(request, reply), "Planner Atlas — OGC API – Features");
      return sendText(reply, MEDIA_OPENAPI, JSON.stringify(document));
    },
  );

  documentRoute("/ogc/collections", { summary: "The collections: divisions, areas, belts, projects", body: Collections, bodyDescription: "the collections with their extents" }, async (request, reply) => {
    const base = serviceRoot(request, reply);
    const extents = await collectionExtents(reads.for(request));
    return {
      links: [{ href: `${base}/collections`, rel: "self", type: MEDIA_JSON, title: "this document" }],
      collections: COLLECTION_DEFINITIONS.map((definition) => describeCollection(base, definition, extents.get(definition.id))),
    };
  });

  /** The description of one collection. */
  const collectionHandler = (definition: CollectionDefinition) => async (request: FastifyRequest, reply: FastifyReply) => {
    const extents = await collectionExtents(reads.for(request));
    return describeCollection(serviceRoot(request, reply), definition, extents.get(definition.id));
  };

  /** One page of a collection's items, with links that carry the request's filters. */
  const itemsHandler = (id: OgcCollectionId) => async (request: FastifyRequest, reply: FastifyReply) => {
    // What is left after the common parameters are the collection's property filters (its schema allows no
    // others); f only ever asks for the one representation served.
    const { bbox, datetime, limit, offset, f: _format, ...rest } = request.query as ItemsRequestQuery;
    const filters = rest as Record<string, string | undefined>;
    let box = null;
    if (bbox !== undefined) {
      const parsed = parseBbox(bbox);
      if (!parsed.ok) throw invalidParameter("bbox", parsed.reason);
      box = parsed.value;
    }
    const dates = requestedDates(datetime);
    const served = servedLimit(limit);
    const pageOffset = offset ?? 0;
    const { links, next } = pageLinks(serviceRoot(request, reply), id, { bbox, datetime, ...filters }, served, pageOffset);
    const text = await itemsPage(reads.for(request), id, { bbox: box, dates, filters, limit: served, offset: pageOffset, links, next });
    return sendText(reply, MEDIA_GEOJSON, text);
  };

  /** One feature of a collection, or a 404 problem. */
  const itemHandler = (id: OgcCollectionId) => async (request: FastifyRequest, reply: FastifyReply) => {
    const { featureId } = request.params as FeatureIdParams;
    const { datetime } = request.query as ItemQuery;
    const base = serviceRoot(request, reply);
    const self = `${base}/collections/${id}/items/${encodeURIComponent(featureId)}`;
    const text = await item(reads.for(request), id, featureId, requestedDates(datetime), [
      { href: datetime ? `${self}?${new URLSearchParams({ datetime })}` : self, rel: "self", type: MEDIA_GEOJSON, title: "this feature" },
      { href: `${base}/collections/${id}`, rel: "collection", type: MEDIA_JSON, title: "the collection" },
    ]);
    if (text === null) throw new ProblemError("not-found", `collection ${id} has no feature ${JSON.stringify(featureId)}`);
    return sendText(reply, MEDIA_GEOJSON, text);
  };

  // Each collection's routes are its own so that its query schema lists exactly its property filters.
  for (const definition of COLLECTION_DEFINITIONS) {
    const { id } = definition;
    documentRoute(`/ogc/collections/${id}`, { summary: `Collection ${id}: ${definition.title}`, description: definition.description, body: Collection, bodyDescription: "the collection" }, collectionHandler(definition));
    app.get(
      `/ogc/collections/${id}/items`,
      {
        schema: {
          summary: `Features of ${id}, a page at a time`,
          description: `${definition.description} Pages follow the next links; numberMatched counts all pages.`,
          tags: TAGS,
          querystring: ITEMS_QUERIES[id],
          response: {
            200: { description: "one page of features", content: { [MEDIA_GEOJSON]: { schema: OGC_FEATURE_COLLECTION_SCHEMAS[id] } } },
            400: BAD_REQUEST,
          },
        },
      },
      itemsHandler(id),
    );
    app.get(
      `/ogc/collections/${id}/items/:featureId`,
      {
        schema: {
          summary: `One feature of ${id}`,
          description: "An unknown or malformed id answers 404.",
          tags: TAGS,
          params: FeatureIdParams,
          querystring: ItemQuery,
          response: {
            200: { description: "the feature", content: { [MEDIA_GEOJSON]: { schema: OGC_FEATURE_SCHEMAS[id] } } },
            400: BAD_REQUEST,
            404: problem("no feature with that id"),
          },
        },
      },
      itemHandler(id),
    );
  }

  // Any other collection id: a 404 that names the collections, rather than the generic "no route".
  const unknownCollection = async (request: FastifyRequest): Promise<never> => {
    const { collectionId } = request.params as { collectionId: string };
    throw new ProblemError("not-found", `no collection ${JSON.stringify(collectionId)}; the collections are ${COLLECTION_DEFINITIONS.map((c) => c.id).join(", ")}`);
  };
  for (const [url, summary, params] of [
    ["/ogc/collections/:collectionId", "Any other collection", CollectionIdParams],
    ["/ogc/collections/:collectionId/items", "Features of any other collection", CollectionIdParams],
    ["/ogc/collections/:collectionId/items/:featureId", "A feature of any other collection", UnknownFeatureParams],
  ] as const) {
    app.get(
      url,
      {
        schema: {
          summary,
          description: "Answers 404 for any collection id other than those listed.",
          tags: TAGS,
          params,
          response: { 404: problem("no such collection") },
        },
      },
      unknownCollection,
    );
  }
};
