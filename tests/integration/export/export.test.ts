/**
 * The bureau's export (GET /api/export/{dataset}) through the whole app: every format parses back with the data in
 * it (Chinese names, private contacts), the date chooses the appointments, downloads are attachments that are never
 * cached, personal fields reach bureau and leader only, and bad requests are problems.
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import shp from "shpjs";
import { beforeAll, describe, expect, it } from "vitest";
import { enabledBackends } from "../../helpers/backends.ts";
import { useSignedInApp } from "../auth/accounts.ts";

const PASSWORD = "export password 123";
// Holds every character RFC 4180 quoting is about.
const AWKWARD_ORGANISATION = '晋城市"规划",设计院\n二部';
const PRIVATE_PHONE = "0356-555-0199";
const END_REASON = "导出测试：任期届满";
const AREA_CODE = "export-test-area";

/** A sheet's rows as objects keyed by the header row. */
function sheetRecords(sheet: ExcelJS.Worksheet): Record<string, unknown>[] {
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const records: Record<string, unknown>[] = [];
  sheet.eachRow((row, number) => {
    if (number > 1) records.push(Object.fromEntries(header.map((column, index) => [column, row.getCell(index + 1).value])));
  });
  return records;
}

describe.each(enabledBackends())("the bureau's export on %s", (backend) => {
  const session = useSignedInApp(backend, "export", ["bureau", "leader", "planner"], PASSWORD);
  const download = (url: string, as: "bureau" | "leader" | "planner" | "anonymous" = "leader") =>
    session.send(as === "anonymous" ? undefined : as, "GET", url);
  let plannerId: number;
  beforeAll(async () => {
    const sql = session.app.db.sql;
    // A planner whose phone is private (no publish consent) and who held a post of their own area through 2020 only.
    [{ id: plannerId }] = await sql<[{ id: number }]>`
      insert into planners (name, organisation, contacts) values ('导出测试规划师', ${AWKWARD_ORGANISATION}, ${sql.json({ phone: PRIVATE_PHONE })})
      returning id`;
    // Retired in mid-2021, after its only appointment ended.
    const [{ id: areaId }] = await sql<[{ id: number }]>`
      insert into areas (code, name, kind, retired_on, retire_reason) values (${AREA_CODE}, '导出测试责任区', 'township', '2021-06-01', '导出测试')
      returning id`;
    await sql`
      insert into appointments (planner_id, area_id, role, valid_from, valid_to, status, end_reason)
      values (${plannerId}, ${areaId}, 'unit', '2020-01-01', '2021-01-01', 'ended', ${END_REASON})`;
  });

  it("exports divisions as a GeoJSON FeatureCollection of the OGC collection's features", async () => {
    const response = await download("/api/export/divisions?format=geojson&date=2024-01-01");
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers["content-type"]).toBe("application/geo+json; charset=utf-8");
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(response.headers["content-disposition"]).toBe(
      `attachment; filename="divisions-2024-01-01.geojson"; filename*=UTF-8''${encodeURIComponent("行政区划-divisions-2024-01-01.geojson")}`,
    );
    const collection = JSON.parse(response.body);
    const [{ count }] = await session.app.db.sql<[{ count: number }]>`
      select count(*)::int as count from divisions where level in ('county', 'township') and geom is not null`;
    expect(collection.type).toBe("FeatureCollection");
    expect(collection.features).toHaveLength(count);
    const chengqu = collection.features.find((feature: { properties: { name: string } }) => feature.properties.name === "城区");
    expect(chengqu).toMatchObject({ type: "Feature", id: chengqu.properties.code, properties: { level: "county" } });
    expect(chengqu.geometry.type).toBe("MultiPolygon");
    // The same feature as OGC API – Features gives it (here with rings turned anticlockwise, as RFC 7946 asks).
    const ogc = await session.app.inject(`/ogc/collections/divisions/items/${chengqu.id}`);
    expect(ogc.statusCode, ogc.body).toBe(200);
    expect(ogc.json()).toMatchObject({ id: chengqu.id, geometry: { type: "MultiPolygon" }, properties: chengqu.properties });
  });

  it("exports planners as CSV with a BOM, Chinese intact, private contacts and RFC 4180 quoting", async () => {
    const response = await download("/api/export/planners?format=csv", "bureau");
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers["content-type"]).toBe("text/csv; charset=utf-8; header=present");
    expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const text = response.rawPayload.toString("utf8");
    const header = text.split("\r\n")[0]!;
    expect(header).toMatch(/^\uFEFFid,name,nameEn,/);
    expect(header.split(",")).toEqual(expect.arrayContaining(["contacts", "publishConsent", "areaCodes"]));
    expect(text).toContain("导出测试规划师");
    expect(text).toContain('"晋城市""规划"",设计院\n二部"');
    expect(text).toContain(PRIVATE_PHONE);
    expect(response.headers["content-disposition"]).toMatch(/filename="planners-\d{4}-\d{2}-\d{2}\.csv"/);
  });

  it("exports appointments in force as an XLSX sheet that exceljs reads back, end reasons included", async () => {
    const response = await download("/api/export/appointments?format=xlsx&date=2020-06-01");
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers["content-type"]).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const [{ count }] = await session.app.db.sql<[{ count: number }]>`
      select count(*)::int as count from appointments where api.in_force(valid_from, valid_to, '2020-06-01')`;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["appointments"]);
    const records = sheetRecords(workbook.worksheets[0]!);
    expect(records).toHaveLength(count);
    expect(records.find((record) => record.areaCode === AREA_CODE)).toMatchObject({
      plannerId,
      plannerName: "导出测试规划师",
      areaName: "导出测试责任区",
      validFrom: "2020-01-01",
      validTo: "2021-01-01",
      status: "ended",
      endReason: END_REASON,
    });
  });

  it("leaves out an appointment that ended before the date, the area from its planner, and a retired area", async () => {
    const csv = async (dataset: string, date: string) => {
      const response = await download(`/api/export/${dataset}?format=csv&date=${date}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.rawPayload.toString("utf8");
    };
    expect(await csv("appointments", "2020-12-31")).toContain(END_REASON);
    expect(await csv("appointments", "2021-01-01")).not.toContain(END_REASON);
    const plannerLine = (text: string) => text.split("\r\n").find((line) => line.startsWith(`${plannerId},`));
    expect(plannerLine(await csv("planners", "2020-06-01"))).toContain(AREA_CODE);
    expect(plannerLine(await csv("planners", "2022-06-01"))).not.toContain(AREA_CODE);
    expect(await csv("areas", "2020-06-01")).toMatch(new RegExp(`^${AREA_CODE},导出测试责任区,.*导出测试规划师`, "m"));
    expect(await csv("areas", "2021-03-01")).toMatch(new RegExp(`^${AREA_CODE},导出测试责任区,[^\r\n]*$`, "m"));
    expect(await csv("areas", "2021-03-01")).not.toContain("导出测试规划师");
    expect(await csv("areas", "2021-06-01")).not.toContain(AREA_CODE);
  });

  it("exports areas as a zipped Shapefile with a WGS84 .prj and a UTF-8 .cpg that shpjs reads back", async () => {
    // A drawn belt of two separate squares in 城区: both parts must come back.
    const twoParts = "MULTIPOLYGON(((112.84 35.49,112.85 35.49,112.85 35.50,112.84 35.50,112.84 35.49)),((112.86 35.49,112.87 35.49,112.87 35.50,112.86 35.50,112.86 35.49)))";
    await session.app.db.sql`
      insert into areas (code, name, kind, geom, provenance)
      values ('export-test-belt', '导出测试两段带', 'belt', ST_GeomFromText(${twoParts}, 4326), 'imported')`;
    const response = await download("/api/export/areas?format=shp&date=2024-06-01");
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers["content-type"]).toBe("application/zip");
    const zip = await JSZip.loadAsync(response.rawPayload);
    const base = "areas-2024-06-01";
    expect(Object.keys(zip.files).sort()).toEqual([".cpg", ".dbf", ".prj", ".shp", ".shx"].map((extension) => base + extension));
    expect(await zip.file(`${base}.cpg`)!.async("string")).toBe("UTF-8");
    expect(await zip.file(`${base}.prj`)!.async("string")).toMatch(/^GEOGCS\["GCS_WGS_1984"/);
    const read = await shp(response.rawPayload);
    const collection = Array.isArray(read) ? read[0]! : read;
    // The area made above has no divisions, so no geometry: it is left out.
    const names = await session.app.db.sql<{ name: string }[]>`
      select g.name from api.area_geometries as g join areas as a on a.id = g.id
      where g.geom is not null and api.area_in_force(a.retired_on, '2024-06-01') order by g.code`;
    expect(names.length).toBeGreaterThan(0);
    expect(collection.features.map((feature) => String(feature.properties?.name).trim())).toEqual(names.map(({ name }) => name));
    expect(collection.features.every((feature) => feature.geometry?.type === "Polygon" || feature.geometry?.type === "MultiPolygon")).toBe(true);
    const belt = collection.features.find((feature) => feature.properties?.code === "export-test-belt")!;
    expect(belt.geometry).toMatchObject({ type: "MultiPolygon", coordinates: [[expect.any(Array)], [expect.any(Array)]] });
    const [{ same }] = await session.app.db.sql<[{ same: boolean }]>`
      select ST_Equals(ST_GeomFromGeoJSON(${JSON.stringify(belt.geometry)}), ST_GeomFromText(${twoParts}, 4326)) as same`;
    expect(same).toBe(true);
  });

  it("gives personal fields to bureau and leader only: anonymous callers 401, a planner 403", async () => {
    for (const dataset of ["areas", "divisions", "appointments", "planners"]) {
      for (const [as, status] of [["anonymous", 401], ["planner", 403]] as const) {
        const response = await download(`/api/export/${dataset}?format=csv&date=2020-06-01`, as);
        expect(response.statusCode, `${dataset} ${status}`).toBe(status);
        expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
        expect(response.body).not.toContain(PRIVATE_PHONE);
        expect(response.body).not.toContain(END_REASON);
      }
    }
  });

  it("refuses GeoJSON and Shapefile for datasets without geometry", async () => {
    for (const url of ["/api/export/planners?format=geojson", "/api/export/appointments?format=shp"]) {
      const response = await download(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    }
  });

  it("answers 404 for an unknown dataset and a 400 problem for a bad date or format", async () => {
    const unknown = await download("/api/export/projects?format=csv");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ status: 404 });
    for (const query of ["date=2023-02-29", "date=yesterday", "format=pdf", "format=csv&extra=1"]) {
      const response = await download(`/api/export/areas?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ type: "/problems/validation-failed", status: 400 });
    }
  });
});
