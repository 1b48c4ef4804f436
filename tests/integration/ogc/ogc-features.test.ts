import type { FastifyInstance } from "fastify";
import type { TSchema } from "typebox";
import { Value } from "typebox/value";
import { describe, expect, it } from "vitest";
import {
  Collection,
  Collections,
  Conformance,
  LandingPage,
  OGC_COLLECTION_IDS,
  OGC_CONFORMANCE_CLASSES,
  OGC_FEATURE_COLLECTION_SCHEMAS,
  OGC_FEATURE_SCHEMAS,
  type OgcCollectionId,
} from "../../../server/src/contracts/ogc.ts";
import type { Sql } from "../../../server/src/db/database.ts";
import { importBoundaries } from "../../../server/src/import/import-boundaries.ts";
import { useFreshApp } from "../../helpers/app.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { requireReferenceData } from "../../helpers/reference-data.ts";
import { get, link, walkPages, type Feature, type FeatureCollection } from "./ogc-client.ts";

const referenceFolder = requireReferenceData("OGC API – Features over imported township boundaries");

const INJECTION = "1' OR '1'='1'; DROP TABLE divisions; --";
/** Every query parameter of each items route, with the values that must not get past validation. */
const ITEMS_PARAMETERS: Record<OgcCollectionId, string[]> = {
  divisions: ["bbox", "datetime", "limit", "offset", "f", "level", "kind", "code", "parentCode", "provenance"],
  areas: ["bbox", "datetime", "limit", "offset", "f", "kind", "code", "provenance"],
  belts: ["bbox", "datetime", "limit", "offset", "f", "code", "provenance"],
  projects: ["bbox", "datetime", "limit", "offset", "f", "stage", "projectType"],
};
/** Free-text filters: an injection-looking value is a legal (bound) value that simply matches nothing. */
const FREE_TEXT = new Set(["projectType"]);

const DONGJIE = "township-140502001";

function expectProblem(answer: { status: number; contentType: string; body: unknown }, status: number, type: string): void {
  expect(answer.status).toBe(status);
  expect(answer.contentType).toMatch(/^application\/problem\+json/);
  expect(answer.body).toMatchObject({ type, status });
}

function expectValid(schema: TSchema, value: unknown): void {
  const errors = [...Value.Errors(schema, value)].slice(0, 5).map((error) => `${error.instancePath} ${error.message}`);
  expect(errors).toEqual([]);
}

async function tableCounts(sql: Sql): Promise<Record<string, number>> {
  const [row] = await sql<Record<string, number>[]>`
    select (select count(*) from divisions)::int as divisions, (select count(*) from areas)::int as areas,
           (select count(*) from projects)::int as projects, (select count(*) from appointments)::int as appointments`;
  return row!;
}

describe.each(enabledBackends())("OGC API – Features on %s", (backend) => {
  let app: FastifyInstance;
  let sql: Sql;
  useFreshApp(backend, async (built) => {
    app = built;
    sql = app.db.sql;
    if (referenceFolder) await importBoundaries(sql, referenceFolder);
  });

  describe("landing page, conformance and collections", () => {
    it("links the landing page to itself, the OpenAPI 3.0 service-desc, the docs page, conformance and the collections", async () => {
      const landing = await get<LandingPage>(app, "/ogc");
      expect(landing.status).toBe(200);
      expect(landing.contentType).toMatch(/^application\/json/);
      expectValid(LandingPage, landing.body);
      const expected: Record<string, RegExp> = {
        self: /^application\/json/,
        "service-desc": /^application\/vnd\.oai\.openapi\+json;version=3\.0/,
        "service-doc": /^text\/html/,
        conformance: /^application\/json/,
        data: /^application\/json/,
      };
      for (const [rel, contentType] of Object.entries(expected)) {
        const target = link(landing.body.links, rel);
        expect(target?.href, rel).toMatch(/^http:\/\//);
        const response = await app.inject(new URL(target!.href).pathname);
        expect(response.statusCode, rel).toBe(200);
        expect(response.headers["content-type"], rel).toMatch(contentType);
      }
    });

    it("declares the core, GeoJSON and OpenAPI 3.0 conformance classes", async () => {
      const answer = await get<Conformance>(app, "/ogc/conformance");
      expect(answer.status).toBe(200);
      expect(answer.body.conformsTo).toEqual(expect.arrayContaining([...OGC_CONFORMANCE_CLASSES]));
    });

    it("serves a service-desc holding exactly the /ogc operations, relative to the service root", async () => {
      const answer = await get<{ openapi: string; servers: { url: string }[]; paths: Record<string, unknown> }>(app, "/ogc/api");
      expect(answer.status).toBe(200);
      expect(answer.body.openapi).toMatch(/^3\.0\.\d+$/);
      expect(answer.body.servers).toEqual([{ url: "http://localhost:80/ogc" }]);
      expect(Object.keys(answer.body.paths)).toEqual(expect.arrayContaining(["/", "/conformance", "/collections", "/collections/areas/items", "/collections/divisions/items/{featureId}"]));
      expect(Object.keys(answer.body.paths).filter((path) => path.startsWith("/ogc") || path.startsWith("/api/"))).toEqual([]);
    });

    it("lists the four collections, each described the same way on its own page, with its items link and extent", async () => {
      const answer = await get<Collections>(app, "/ogc/collections");
      expect(answer.status).toBe(200);
      expectValid(Collections, answer.body);
      expect(answer.body.collections.map((collection) => collection.id)).toEqual([...OGC_COLLECTION_IDS]);
      for (const collection of answer.body.collections) {
        const own = await get<Collection>(app, `/ogc/collections/${collection.id}`);
        expect(own.status).toBe(200);
        expect(own.body).toEqual(collection);
        expect(link(collection.links, "items")).toMatchObject({ type: "application/geo+json", href: `http://localhost:80/ogc/collections/${collection.id}/items` });
        expect(collection.crs).toEqual(["http://www.opengis.net/def/crs/OGC/1.3/CRS84"]);
      }
      const byId = new Map(answer.body.collections.map((collection) => [collection.id, collection]));
      // County polygons are built in, so divisions always have a spatial extent around Jincheng.
      const [west, south, east, north] = byId.get("divisions")!.extent!.spatial!.bbox[0]!;
      expect(west).toBeGreaterThan(111.5);
      expect(east).toBeLessThan(114);
      expect(south).toBeGreaterThan(35);
      expect(north).toBeLessThan(36.5);
      // Areas carry appointments from the pilot on, still open.
      expect(byId.get("areas")!.extent!.temporal!.interval).toEqual([["2022-06-01T00:00:00Z", null]]);
    });
  });

  describe("items", () => {
    it.each(OGC_COLLECTION_IDS.map((id) => [id]))("serves every feature of %s as GeoJSON matching the documented schema", async (collectionId) => {
      const answer = await get<FeatureCollection>(app, `/ogc/collections/${collectionId}/items?limit=1000`);
      expect(answer.status).toBe(200);
      expect(answer.contentType).toMatch(/^application\/geo\+json/);
      expectValid(OGC_FEATURE_COLLECTION_SCHEMAS[collectionId], answer.body);
      expect(answer.body.timeStamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(answer.body.numberReturned).toBe(answer.body.numberMatched);
      expect(link(answer.body.links, "next")).toBeUndefined();
      const one = answer.body.features[0]!;
      const single = await get<Feature>(app, `/ogc/collections/${collectionId}/items/${encodeURIComponent(String(one.id))}`);
      expect(single.status).toBe(200);
      expect(single.contentType).toMatch(/^application\/geo\+json/);
      expectValid(OGC_FEATURE_SCHEMAS[collectionId], single.body);
      expect({ ...single.body, links: undefined }).toEqual({ ...one, links: undefined });
      expect(link(single.body.links!, "self")!.href).toBe(`http://localhost:80/ogc/collections/${collectionId}/items/${encodeURIComponent(String(one.id))}`);
      expect(link(single.body.links!, "collection")!.href).toBe(`http://localhost:80/ogc/collections/${collectionId}`);
    });

    it("matches the database's own counts", async () => {
      const [counts] = await sql<{ divisions: number; areas: number; belts: number; projects: number }[]>`
        select (select count(*) from divisions where level in ('county', 'township') and geom is not null)::int as divisions,
               (select count(*) from areas)::int as areas,
               (select count(*) from areas where kind = 'belt')::int as belts,
               (select count(*) from projects)::int as projects`;
      for (const collectionId of OGC_COLLECTION_IDS) {
        const answer = await get<FeatureCollection>(app, `/ogc/collections/${collectionId}/items?limit=1`);
        expect(answer.body.numberMatched, collectionId).toBe(counts![collectionId]);
      }
    });

    it.each(OGC_COLLECTION_IDS.map((id) => [id]))("walks the next links of %s page by page to exactly numberMatched distinct features", async (collectionId) => {
      const { pages, features } = await walkPages(app, `/ogc/collections/${collectionId}/items?limit=7`);
      const matched = pages[0]!.numberMatched;
      expect(features).toHaveLength(matched);
      expect(new Set(features.map((feature) => feature.id)).size).toBe(matched);
      expect(pages).toHaveLength(Math.max(1, Math.ceil(matched / 7)));
      for (const page of pages.slice(0, -1)) expect(page.numberReturned).toBe(7);
    });

    it("keeps the filters on every paging link, in the order of the request's pages", async () => {
      const { pages, features } = await walkPages(app, "/ogc/collections/areas/items?kind=township&datetime=2023-01-01&limit=10&offset=3");
      for (const page of pages) {
        for (const rel of ["self", "next", "prev"]) {
          const target = link(page.links, rel);
          if (!target) continue;
          const parameters = new URL(target.href).searchParams;
          expect(parameters.get("kind")).toBe("township");
          expect(parameters.get("datetime")).toBe("2023-01-01");
          expect(parameters.get("limit")).toBe("10");
        }
      }
      expect(features.every((feature) => feature.properties.kind === "township")).toBe(true);
      expect(features).toHaveLength(pages[0]!.numberMatched - 3);
      const codes = features.map((feature) => String(feature.id));
      expect(codes).toEqual([...codes].sort());
    });

    it("serves a limit above 1000 as 1000 and says so in its links", async () => {
      const answer = await get<FeatureCollection>(app, "/ogc/collections/areas/items?limit=5000");
      expect(answer.status).toBe(200);
      expect(answer.body.numberReturned).toBeLessThanOrEqual(1000);
      expect(new URL(link(answer.body.links, "self")!.href).searchParams.get("limit")).toBe("1000");
    });

    it("answers an offset past the end with an empty page that links back", async () => {
      const answer = await get<FeatureCollection>(app, "/ogc/collections/projects/items?offset=500&limit=10");
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ numberReturned: 0, features: [] });
      expect(answer.body.numberMatched).toBeGreaterThan(0);
      expect(link(answer.body.links, "next")).toBeUndefined();
      expect(new URL(link(answer.body.links, "prev")!.href).searchParams.get("offset")).toBe("490");
    });

    it("filters by allowlisted properties", async () => {
      const belts = await get<FeatureCollection>(app, "/ogc/collections/areas/items?kind=belt");
      expect(belts.body.features.map((feature) => feature.id).sort()).toEqual(["belt-danqin", "belt-qinhe", "belt-taihang-1"]);
      const one = await get<FeatureCollection>(app, `/ogc/collections/areas/items?code=${DONGJIE}`);
      expect(one.body.features.map((feature) => feature.id)).toEqual([DONGJIE]);
      const counties = await get<FeatureCollection>(app, "/ogc/collections/divisions/items?level=county");
      expect(counties.body.features.map((feature) => feature.id)).toEqual(["140502", "140521", "140522", "140524", "140525", "140581"]);
      const stage = await get<FeatureCollection>(app, "/ogc/collections/projects/items?stage=construction");
      expect(stage.body.features.map((feature) => feature.properties.stage)).toEqual(["construction"]);
      const type = await get<FeatureCollection>(app, `/ogc/collections/projects/items?projectType=${encodeURIComponent("城市更新")}`);
      expect(type.body.features.map((feature) => feature.properties.projectType)).toEqual(["城市更新"]);
    });

    it("answers a bbox far from Jincheng with no features", async () => {
      const answer = await get<FeatureCollection>(app, "/ogc/collections/divisions/items?bbox=0,0,1,1");
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ numberMatched: 0, numberReturned: 0, features: [] });
    });

    it("selects by bbox exactly the features whose geometry intersects it", async () => {
      const bbox = [112.8, 35.45, 112.9, 35.55] as const;
      for (const collectionId of ["divisions", "projects"] as const) {
        const { features } = await walkPages(app, `/ogc/collections/${collectionId}/items?bbox=${bbox.join(",")}&limit=5`);
        const envelope = sql`ST_MakeEnvelope(${bbox[0]}, ${bbox[1]}, ${bbox[2]}, ${bbox[3]}, 4326)`;
        const expected =
          collectionId === "divisions"
            ? await sql<{ id: string }[]>`select code as id from divisions where level in ('county', 'township') and ST_Intersects(geom, ${envelope}) order by code`
            : await sql<{ id: number }[]>`select id from projects where ST_Intersects(site, ${envelope}) order by id`;
        expect(features.map((feature) => feature.id), collectionId).toEqual(expected.map((row) => row.id));
        expect(features.length, collectionId).toBeGreaterThan(0);
      }
    });

    it.runIf(referenceFolder)("finds 东街街道 among the townships of a bbox around it, with its approximate boundary", async () => {
      const answer = await get<FeatureCollection>(app, "/ogc/collections/divisions/items?bbox=112.84,35.49,112.85,35.50&level=township");
      expect(answer.body.features.map((feature) => feature.id)).toContain("140502001");
      const dongjie = answer.body.features.find((feature) => feature.id === "140502001")!;
      expect(dongjie.properties).toMatchObject({ name: "东街街道", level: "township", kind: "街道", parentCode: "140502", provenance: "approximate" });
      expect(dongjie.geometry?.type).toBe("MultiPolygon");
    });

    it.runIf(referenceFolder)("derives belt geometries from their member townships", async () => {
      const answer = await get<FeatureCollection>(app, "/ogc/collections/belts/items");
      expect(answer.body.numberMatched).toBe(3);
      for (const belt of answer.body.features) {
        expect(belt.geometry?.type, String(belt.id)).toBe("MultiPolygon");
        expect(belt.properties).toMatchObject({ geometryDerived: true, provenance: "approximate" });
        expect((belt.properties.members as unknown[]).length).toBe(belt.properties.membersTotal);
      }
    });
  });

  describe("datetime", () => {
    const plannersOf = async (query: string) => {
      const answer = await get<FeatureCollection>(app, `/ogc/collections/areas/items?code=${DONGJIE}${query}`);
      expect(answer.status).toBe(200);
      const [area] = answer.body.features;
      return (area!.properties.planners as { name: string; role: string; validFrom: string; validTo: string | null }[]).map((planner) => planner.name);
    };

    it("shows at 东街街道 the planner appointed on each date around the 2023-06-01 reassignment", async () => {
      expect(await plannersOf("&datetime=2022-05-31")).toEqual([]);
      expect(await plannersOf("&datetime=2022-06-01")).toEqual(["示例规划师 09"]);
      expect(await plannersOf("&datetime=2023-05-31")).toEqual(["示例规划师 09"]);
      // valid_to is exclusive: on the day of the reassignment only the new planner holds the post.
      expect(await plannersOf("&datetime=2023-06-01")).toEqual(["示例规划师 10"]);
      expect(await plannersOf("&datetime=2023-05-31T23:30:00%2B08:00")).toEqual(["示例规划师 09"]);
      expect(await plannersOf("&datetime=2023-05-01/2023-07-01")).toEqual(["示例规划师 09", "示例规划师 10"]);
      expect(await plannersOf("&datetime=../2022-12-31")).toEqual(["示例规划师 09"]);
      expect(await plannersOf("&datetime=2024-01-01/..")).toEqual(["示例规划师 10"]);
      // Without datetime: today's planner.
      expect(await plannersOf("")).toEqual(["示例规划师 10"]);
    });

    it("gives the appointment dates and joins the names for labels", async () => {
      const answer = await get<FeatureCollection>(app, `/ogc/collections/areas/items?code=${DONGJIE}&datetime=2023-01-01/2023-12-31`);
      const properties = answer.body.features[0]!.properties;
      expect(properties.planners).toEqual([
        { name: "示例规划师 09", nameEn: "Example planner 09", isTeam: false, role: "unit", validFrom: "2022-06-01", validTo: "2023-06-01" },
        { name: "示例规划师 10", nameEn: "Example planner 10", isTeam: false, role: "unit", validFrom: "2023-06-01", validTo: null },
      ]);
      expect(properties.plannerNames).toBe("示例规划师 09、示例规划师 10");
      const vacant = await get<FeatureCollection>(app, `/ogc/collections/areas/items?code=${DONGJIE}&datetime=2021-01-01`);
      expect(vacant.body.features[0]!.properties).toMatchObject({ planners: [], plannerNames: null });
    });

    it("applies datetime to a single feature too", async () => {
      const before = await get<Feature>(app, `/ogc/collections/areas/items/${DONGJIE}?datetime=2023-01-01`);
      expect((before.body.properties.planners as { name: string }[]).map((planner) => planner.name)).toEqual(["示例规划师 09"]);
      expect(new URL(link(before.body.links!, "self")!.href).searchParams.get("datetime")).toBe("2023-01-01");
    });

    it("lists only projects started by the end of the interval, with the project planners of then", async () => {
      const early = await get<FeatureCollection>(app, "/ogc/collections/projects/items?datetime=2023-05-01");
      expect(early.body.features.map((feature) => feature.properties.name).sort()).toEqual(["示例：丹河北石店—金村段农村生活污水治理", "示例：凤城镇口袋公园"]);
      const later = await get<FeatureCollection>(app, "/ogc/collections/projects/items?datetime=2024-06-01");
      expect(later.body.numberMatched).toBe(4);
      const park = later.body.features.find((feature) => feature.properties.name === "示例：凤城镇口袋公园")!;
      // Its project planner's appointment ended on 2024-03-20, when the park was completed.
      expect(park.properties.planners).toEqual([]);
      const all = await get<FeatureCollection>(app, "/ogc/collections/projects/items");
      expect(all.body.numberMatched).toBe(4);
    });

    it("accepts datetime on divisions without filtering them (they carry no dates)", async () => {
      const dated = await get<FeatureCollection>(app, "/ogc/collections/divisions/items?datetime=1999-01-01&limit=1");
      const undated = await get<FeatureCollection>(app, "/ogc/collections/divisions/items?limit=1");
      expect(dated.body.numberMatched).toBe(undated.body.numberMatched);
    });
  });

  describe("bad input", () => {
    it.each([
      ["bbox=1,2,3", "bbox"],
      ["bbox=1,2,3,4,5,6", "bbox"],
      ["bbox=a,b,c,d", "bbox"],
      ["bbox=0x10,1,2,3", "bbox"],
      ["bbox=NaN,1,2,3", "bbox"],
      ["bbox=1e999,0,1,1", "bbox"],
      ["bbox=113,35,112,36", "bbox"],
      ["bbox=112,36,113,35", "bbox"],
      ["bbox=-200,0,0,10", "bbox"],
      ["bbox=0,-91,1,0", "bbox"],
      ["bbox=0,0,181,1", "bbox"],
      ["bbox=1,2,3,4&bbox=1,2,3,4", "bbox"],
      ["limit=0", "limit"],
      ["limit=-1", "limit"],
      ["limit=1.5", "limit"],
      ["limit=abc", "limit"],
      ["limit=1000001", "limit"],
      ["limit=99999999999999999999", "limit"],
      ["offset=-1", "offset"],
      ["offset=abc", "offset"],
      ["datetime=yesterday", "datetime"],
      ["datetime=2023-02-30", "datetime"],
      ["datetime=2023-13-01", "datetime"],
      ["datetime=2023-01-01T25:00:00Z", "datetime"],
      ["datetime=2023-12-31/2023-01-01", "datetime"],
      ["datetime=2023-01-01/2023-02-01/2023-03-01", "datetime"],
      ["f=html", "f"],
      ["level=village", "level"],
      ["kind=belt", "kind"],
      ["code=1405", "code"],
      ["color=red", "color"],
    ])("refuses divisions items with %s: 400 problem naming %s", async (query, parameter) => {
      const answer = await get<{ errors: { path: string }[] }>(app, `/ogc/collections/divisions/items?${query}`);
      expectProblem(answer, 400, "/problems/validation-failed");
      expect(answer.body.errors.map((error) => error.path)).toContain(`querystring.${parameter}`);
    });

    it("refuses a property filter that another collection allows", async () => {
      expectProblem(await get(app, "/ogc/collections/areas/items?level=township"), 400, "/problems/validation-failed");
      expectProblem(await get(app, "/ogc/collections/belts/items?kind=belt"), 400, "/problems/validation-failed");
      expectProblem(await get(app, "/ogc/collections/projects/items?code=project-1"), 400, "/problems/validation-failed");
    });

    it("keeps SQL-injection-looking values in every parameter away from SQL, leaving the data intact", async () => {
      const before = await tableCounts(sql);
      for (const collectionId of OGC_COLLECTION_IDS) {
        for (const parameter of ITEMS_PARAMETERS[collectionId]) {
          const url = `/ogc/collections/${collectionId}/items?${parameter}=${encodeURIComponent(INJECTION)}`;
          const answer = await get<FeatureCollection>(app, url);
          if (FREE_TEXT.has(parameter)) {
            expect(answer.status, url).toBe(200);
            expect(answer.body.numberMatched, url).toBe(0);
          } else {
            expectProblem(answer, 400, "/problems/validation-failed");
          }
        }
        expectProblem(await get(app, `/ogc/collections/${collectionId}/items/${encodeURIComponent(INJECTION)}`), 404, "/problems/not-found");
        expectProblem(await get(app, `/ogc/collections/${collectionId}/items/x?datetime=${encodeURIComponent(INJECTION)}`), 400, "/problems/validation-failed");
        expectProblem(await get(app, `/ogc/collections/${collectionId}?f=${encodeURIComponent(INJECTION)}`), 400, "/problems/validation-failed");
      }
      expectProblem(await get(app, `/ogc/collections/${encodeURIComponent(INJECTION)}/items`), 404, "/problems/not-found");
      expectProblem(await get(app, `/ogc?f=${encodeURIComponent(INJECTION)}`), 400, "/problems/validation-failed");
      expect(await tableCounts(sql)).toEqual(before);
    });

    it.each([
      ["/ogc/collections/nowhere"],
      ["/ogc/collections/nowhere/items"],
      ["/ogc/collections/nowhere/items/1"],
      ["/ogc/collections/Divisions/items"],
    ])("answers the unknown collection %s with a 404 problem naming the collections", async (url) => {
      const answer = await get<{ detail: string }>(app, url);
      expectProblem(answer, 404, "/problems/not-found");
      expect(answer.body.detail).toContain("divisions, areas, belts, projects");
    });

    it.each([
      ["divisions", "140599"],
      ["divisions", "140502001001"],
      ["divisions", "abc"],
      ["areas", "township-999999999"],
      ["areas", "UPPER-case"],
      ["belts", "township-140502001"],
      ["projects", "999999"],
      ["projects", "0"],
      ["projects", "abc"],
      ["projects", "99999999999999999999"],
    ])("answers the unknown feature %s/%s with a 404 problem", async (collectionId, featureId) => {
      expectProblem(await get(app, `/ogc/collections/${collectionId}/items/${featureId}`), 404, "/problems/not-found");
    });

    it("guards the SQL functions against direct callers too (22023 invalid_parameter_value)", async () => {
      await expect(sql`select ogc.bbox_envelope(113, 35, 112, 36)`).rejects.toMatchObject({ code: "22023" });
      await expect(sql`select ogc.bbox_envelope(0, 0, 181, 1)`).rejects.toMatchObject({ code: "22023" });
      await expect(sql`select ogc.bbox_envelope('NaN'::float8, 0, 1, 1)`).rejects.toMatchObject({ code: "22023" });
      await expect(sql`select ogc.bbox_envelope(1, 2, null, 3)`).rejects.toMatchObject({ code: "22023" });
      await expect(sql`select ogc.divisions_items(null, null, null, null, '{}', null, null, 1001, 0, '[]', null)`).rejects.toMatchObject({ code: "22023" });
      await expect(sql`select ogc.areas_items(null, null, null, null, '{}', null, null, 10, -1, '[]', null)`).rejects.toMatchObject({ code: "22023" });
      const [row] = await sql<{ isNull: boolean }[]>`select ogc.bbox_envelope(null, null, null, null) is null as is_null`;
      expect(row!.isNull).toBe(true);
    });
  });
});
