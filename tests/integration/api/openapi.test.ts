import fs from "node:fs";
import path from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { describe, expect, it } from "vitest";
import { buildApp } from "../../../server/src/app.ts";
import { ITEMS_LIMIT_ACCEPTED, ITEMS_LIMIT_DEFAULT } from "../../../server/src/contracts/ogc.ts";
import { registeredRoutes, useFreshApp } from "../../helpers/app.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { useTemporaryFolder } from "../../helpers/temporary-folder.ts";

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema: Record<string, unknown>;
}
interface Operation {
  summary?: string;
  parameters?: Parameter[];
  responses: Record<string, unknown>;
  security?: Record<string, string[]>[];
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  servers?: { url: string }[];
  components?: { securitySchemes?: Record<string, { type: string; in?: string; name?: string }> };
}

/**
 * Routes that are not API operations, with the reason. Anything else that is registered must be in the document.
 * The docs page and its files are Swagger UI's own (it hides them from the document on purpose).
 */
const NOT_API_ROUTES: { prefix: string; reason: string }[] = [{ prefix: "/api/docs", reason: "the docs page and its static files" }];

/** Where the operations live: every path of the document starts here; the rest are the web client's pages and files. */
const API_PATH = /^\/(api|tiles|ogc)(\/|$)/;


/** /ogc/collections/:collectionId → /ogc/collections/{collectionId}; /tiles/:layer.json → /tiles/{layer}.json. */
const openApiPath = (path: string) => path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, "{$1}");

describe.each(enabledBackends())("OpenAPI document and docs page on %s", (backend) => {
  let app: FastifyInstance;
  let document: Document;
  useFreshApp(backend, async (built) => {
    app = built;
    // A route registered after everything else, as another engineer's plugin would be.
    app.get(
      "/api/registered-late/:thingId",
      { schema: { summary: "registered after buildApp", params: Type.Object({ thingId: Type.Integer() }), querystring: Type.Object({ q: Type.Optional(Type.String()) }) } },
      async () => ({}),
    );
    const response = await app.inject("/api/openapi.json");
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
    document = response.json<Document>();
  });

  it("is a valid OpenAPI 3.0 document", async () => {
    expect(document.openapi).toMatch(/^3\.0\.\d+$/);
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeTruthy();
  });

  it("documents every registered route, including one registered after the others", () => {
    const routes = registeredRoutes(app).filter(([method]) => method !== "HEAD");
    expect(routes.length).toBeGreaterThan(20);
    const missing = routes
      .filter(([, path]) => API_PATH.test(path))
      .filter(([, path]) => !NOT_API_ROUTES.some((exempt) => path === exempt.prefix || path.startsWith(`${exempt.prefix}/`)))
      .filter(([method, path]) => !document.paths[openApiPath(path)]?.[method.toLowerCase()])
      .map(([method, path]) => `${method} ${path}`);
    expect(missing, "routes missing from /api/openapi.json: give each a schema, or list it in NOT_API_ROUTES with a reason").toEqual([]);
    expect(document.paths["/api/registered-late/{thingId}"]?.get?.parameters?.map((parameter) => `${parameter.in}:${parameter.name}`).sort()).toEqual([
      "path:thingId",
      "query:q",
    ]);
  });

  it("documents the session cookie and asks for it on exactly the operations that declare roles", () => {
    expect(document.components?.securitySchemes?.session).toMatchObject({ type: "apiKey", in: "cookie", name: "planner_atlas_session" });
    const guarded = new Set(app.routeAccess.filter((route) => route.roles !== undefined).map((route) => `${route.method.toLowerCase()} ${openApiPath(route.url)}`));
    expect(guarded.size).toBeGreaterThan(5);
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const expected = guarded.has(`${method} ${path}`) ? [{ session: [] }] : undefined;
        expect(operation.security, `${method} ${path}`).toEqual(expected);
      }
    }
  });

  it("documents nothing that is not registered", () => {
    const registered = new Set(registeredRoutes(app).filter(([method]) => method !== "HEAD").map(([method, path]) => `${method.toLowerCase()} ${openApiPath(path)}`));
    const extra = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((method) => !registered.has(`${method} ${path}`))
        .map((method) => `${method} ${path}`),
    );
    expect(extra).toEqual([]);
  });

  it("takes the parameters from the schemas that validate the requests", async () => {
    const divisions = document.paths["/api/divisions"]!.get!;
    expect(divisions.parameters!.find((parameter) => parameter.name === "level")!.schema).toMatchObject({ enum: ["city", "county", "township", "village"] });
    const items = document.paths["/ogc/collections/divisions/items"]!.get!;
    const limit = items.parameters!.find((parameter) => parameter.name === "limit")!;
    expect(limit).toMatchObject({ in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: ITEMS_LIMIT_ACCEPTED, default: ITEMS_LIMIT_DEFAULT } });
    expect(items.parameters!.map((parameter) => parameter.name).sort()).toEqual(
      ["bbox", "code", "datetime", "f", "kind", "level", "limit", "offset", "parentCode", "provenance"],
    );
    expect(Object.keys(items.responses)).toEqual(expect.arrayContaining(["200", "400"]));
    // What the document says is what the server enforces.
    expect((await app.inject(`/ogc/collections/divisions/items?limit=${ITEMS_LIMIT_ACCEPTED + 1}`)).statusCode).toBe(400);
  });

  it("serves the docs page from local files only", async () => {
    const page = await app.inject("/api/docs");
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(assets.length).toBeGreaterThan(3);
    for (const asset of assets) {
      expect(asset, "no asset from another host").toMatch(/^\/api\/docs\//);
      const response = await app.inject(asset);
      expect(response.statusCode, asset).toBe(200);
    }
    // Swagger UI loads the document from beside the page.
    const ui = await app.inject("/api/docs/json");
    expect(ui.json()).toEqual(document);
  });
});

describe("OpenAPI document of an app serving the built web client", () => {
  let app: FastifyInstance;
  // A small client of the shape vite builds: its pages and files are routes of the app, but not operations.
  const clientDir = useTemporaryFolder("planner-atlas-openapi-client-", (folder) => {
    fs.mkdirSync(path.join(folder, "assets"));
    fs.writeFileSync(path.join(folder, "index.html"), "<!doctype html><title>责任规划师一张图</title>");
    for (const name of ["app-1a2b.js", "dashboard-3c4d.js", "style-5e6f.css"]) fs.writeFileSync(path.join(folder, "assets", name), "/* built */\n");
  });
  useFreshApp("pglite", (built) => {
    app = built;
  }, { config: () => ({ clientDir: clientDir.path }) });

  it("lists no path outside /api, /tiles and /ogc, while the client's files are served", async () => {
    expect((await app.inject("/assets/app-1a2b.js")).statusCode).toBe(200);
    expect((await app.inject("/dashboard")).statusCode).toBe(200);
    const document = (await app.inject("/api/openapi.json")).json<Document>();
    expect(Object.keys(document.paths).length).toBeGreaterThan(20);
    expect(Object.keys(document.paths).filter((documented) => !API_PATH.test(documented))).toEqual([]);
  });
});
