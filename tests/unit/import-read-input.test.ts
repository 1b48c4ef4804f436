import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { indexDivisions, matchDivision, planImport, type DivisionRef } from "../../server/src/import/match-divisions.ts";
import { parseCsv, parseTownshipCsv } from "../../server/src/import/read-csv.ts";
import { parseGeoJson } from "../../server/src/import/read-geojson.ts";
import { checkCoordinates, normaliseCode, readInput, type InputFile } from "../../server/src/import/read-input.ts";

const SQUARE = [[[112.80, 35.45], [112.86, 35.45], [112.86, 35.52], [112.80, 35.52], [112.80, 35.45]]];

function collection(features: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ type: "FeatureCollection", ...extra, features });
}
function polygonFeature(properties: Record<string, unknown>, coordinates: unknown = SQUARE): unknown {
  return { type: "Feature", properties, geometry: { type: "Polygon", coordinates } };
}
function reasonOf(result: { ok: boolean; reason?: string }): string {
  expect(result.ok).toBe(false);
  return result.reason ?? "";
}
function valueOf<T>(result: { ok: true; value: T } | { ok: false; reason: string }): T {
  if (!result.ok) throw new Error(`expected success, got: ${result.reason}`);
  return result.value;
}

const HEADER = "code9,code12,name,kind,county_code,county_name,city_code,villages_cun,communities_ju,seat_lon_wgs84,seat_lat_wgs84,seat_method";

describe("normaliseCode", () => {
  it("shortens 12-digit township and county codes to the form the database keeps", () => {
    expect(normaliseCode("140502001000")).toBe("140502001");
    expect(normaliseCode("140502000000")).toBe("140502");
    expect(normaliseCode("140502001201")).toBe("140502001201");
    expect(normaliseCode("140502")).toBe("140502");
  });

  it("refuses what is not 6, 9 or 12 digits", () => {
    for (const raw of ["14050", "1405020010", "14050a", ""]) expect(normaliseCode(raw)).toBeUndefined();
  });
});

describe("parseGeoJson", () => {
  it("reads codes, names, county, declared provenance and the dataset's source", () => {
    const file = valueOf(
      parseGeoJson(
        collection(
          [
            polygonFeature({ code: "140502001", name: "东街街道", county_code: "140502", boundary: "approximate" }),
            polygonFeature({ adcode: 140502, name: "城区", parent_adcode: "140500", source: "Amap" }),
            { type: "Feature", properties: { code12: "140502002000" }, geometry: { type: "Point", coordinates: [112.82, 35.49] } },
          ],
          { metadata: { source: "test data" } },
        ),
        "areas.geojson",
      ),
    );
    expect(file).toMatchObject({ name: "areas.geojson", format: "geojson", source: "test data", coordinates: { system: "EPSG:4326 WGS 84", how: "assumed" } });
    expect(file.records[0]).toMatchObject({ position: "feature 1", codes: ["140502001"], within: { code: "140502" }, provenance: "approximate" });
    expect(file.records[0]!.boundary?.type).toBe("Polygon");
    expect(file.records[1]).toMatchObject({ codes: ["140502"], within: { code: "140500" }, source: "Amap" });
    expect(file.records[1]!.provenance).toBeUndefined();
    expect(file.records[2]).toMatchObject({ codes: ["140502002"], seat: { type: "Point", coordinates: [112.82, 35.49] } });
  });

  it("accepts a single Feature and skips a feature without geometry", () => {
    const single = valueOf(parseGeoJson(JSON.stringify(polygonFeature({ name: "东街街道" })), "one.json"));
    expect(single.records).toHaveLength(1);
    const withNull = valueOf(parseGeoJson(collection([{ type: "Feature", properties: { code: "140502001" }, geometry: null }]), "x.geojson"));
    expect(withNull.records[0]!.skip).toBe("no geometry");
  });

  it("gives the line and column of a JSON syntax error", () => {
    const reason = reasonOf(parseGeoJson('{"type": "FeatureCollection",\n  "features": [\n    {"type": "Feature" "properties": {}}\n]}', "broken.geojson"));
    expect(reason).toMatch(/^broken\.geojson: invalid JSON at line 3, column \d+/);
  });

  it("names the feature that geojson-validation refuses", () => {
    const reason = reasonOf(parseGeoJson(collection([polygonFeature({ name: "东街街道" }, [[[112.8, 35.4], [112.9, 35.4], [112.9, 35.5]]])]), "open.geojson"));
    expect(reason).toContain("open.geojson: invalid GeoJSON");
    expect(reason).toContain("feature 1 东街街道");
    expect(reason).toContain("first and last positions must be equivalent");
  });

  it.each([
    ["first", [null, [112.9, 35.4], [112.9, 35.5], [112.8, 35.5], [112.8, 35.4]]],
    ["last", [[112.8, 35.4], [112.9, 35.4], [112.9, 35.5], [112.8, 35.5], null]],
  ])("names the feature whose ring's %s position is null, which geojson-validation itself trips over", (_which, ring) => {
    const text = collection([polygonFeature({ name: "东街街道" }), polygonFeature({ name: "西街街道" }, [ring])]);
    const reason = reasonOf(parseGeoJson(text, "holes.geojson"));
    expect(reason).toContain("holes.geojson: invalid GeoJSON");
    expect(reason).toContain("feature 2 西街街道: a ring holds a position that is null or not an array of numbers");
    expect(reason).not.toContain("东街街道");
  });

  it("refuses empty files, empty collections, bare geometries and features with neither code nor name", () => {
    expect(reasonOf(parseGeoJson("  \n", "empty.geojson"))).toBe("empty.geojson: the file is empty");
    expect(reasonOf(parseGeoJson(collection([]), "none.geojson"))).toContain("has no features");
    expect(reasonOf(parseGeoJson(JSON.stringify({ type: "Polygon", coordinates: SQUARE }), "bare.geojson"))).toContain("bare Polygon geometry");
    expect(reasonOf(parseGeoJson(collection([polygonFeature({ area: 3 })]), "anon.geojson"))).toContain("feature 1: has neither a code");
    expect(reasonOf(parseGeoJson(collection([polygonFeature({ code: "1405" })]), "short.geojson"))).toContain('code "1405" is not a division code');
    expect(reasonOf(parseGeoJson(collection([polygonFeature({ code9: "140502001", code12: "140502002000" })]), "two.geojson"))).toContain("codes disagree");
  });

  it("refuses lines, which are neither boundaries nor seats", () => {
    const line = { type: "Feature", properties: { code: "140502001" }, geometry: { type: "LineString", coordinates: [[112.8, 35.4], [112.9, 35.5]] } };
    expect(reasonOf(parseGeoJson(collection([line]), "line.geojson"))).toContain("a LineString is neither a boundary");
  });

  it("refuses a crs member that names a system it does not convert, saying how to reproject", () => {
    const reason = reasonOf(
      parseGeoJson(collection([polygonFeature({ code: "140502001" })], { crs: { type: "name", properties: { name: "urn:ogc:def:crs:EPSG::2383" } } }), "xian.geojson"),
    );
    expect(reason).toContain("xian.geojson: declares the coordinate system urn:ogc:def:crs:EPSG::2383, which the import does not convert");
    expect(reason).toContain("ogr2ogr -f GeoJSON -t_srs EPSG:4326");
    const wgs84 = parseGeoJson(collection([polygonFeature({ code: "140502001" })], { crs: { type: "name", properties: { name: "urn:ogc:def:crs:OGC:1.3:CRS84" } } }), "ok.geojson");
    expect(valueOf(wgs84).coordinates).toEqual({ system: "EPSG:4326 WGS 84", how: "crs" });
  });

  it("lists every bad feature of a file once, with one hint", () => {
    const swapped = [[[35.45, 112.8], [35.45, 112.86], [35.52, 112.86], [35.45, 112.8]]];
    const reason = reasonOf(parseGeoJson(collection([polygonFeature({ code: "140502001" }, swapped), polygonFeature({ code: "140502002" }, swapped)]), "swapped.geojson"));
    expect(reason).toContain("swapped.geojson: 2 problems");
    expect(reason.match(/Swap the axes/g)).toHaveLength(1);
  });
});

describe("checkCoordinates", () => {
  it("accepts Jincheng in degrees", () => {
    expect(checkCoordinates([112.8, 35.45, 112.86, 35.52])).toBeUndefined();
  });

  it("recognises swapped axes before the degree range", () => {
    expect(checkCoordinates([35.45, 112.8, 35.52, 112.86])?.problem).toContain("look swapped");
  });

  it("says metres are not degrees, and how to name their system", () => {
    const problem = checkCoordinates([37_580_000, 3_930_000, 37_590_000, 3_940_000]);
    expect(problem?.problem).toContain("coordinates are not degrees");
    expect(problem?.hint).toContain("--coordinates");
  });

  it("refuses a place far from Jincheng but accepts one just beyond its extent", () => {
    expect(checkCoordinates([116.3, 39.9, 116.4, 40.0])?.problem).toContain("far outside Jincheng");
    expect(checkCoordinates([113.7, 35.5, 113.9, 35.6])).toBeUndefined();
  });
});

describe("parseCsv", () => {
  it("handles quoted commas, doubled quotes, CRLF and line breaks in quotes, keeping each row's first line", () => {
    const rows = valueOf(parseCsv('a,b\r\n"x, y","say ""hi"""\r\n"two\nlines",z\n\nlast,1\n'));
    expect(rows).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["x, y", 'say "hi"'] },
      { line: 3, fields: ["two\nlines", "z"] },
      { line: 6, fields: ["last", "1"] },
    ]);
  });

  it("refuses an unterminated quote", () => {
    expect(reasonOf(parseCsv('a,b\n"open,1\n'))).toContain("Quote Not Closed");
  });
});

describe("parseTownshipCsv", () => {
  it("reads seats and skips rows without coordinates", () => {
    const file = valueOf(
      parseTownshipCsv(
        `\uFEFF${HEADER}\n140502001,140502001000,东街街道,街道,140502,城区,140500,0,11,112.846381,35.495141,"mean of 4 points, Amap"\n` +
          "140502009,140502009000,开发区街道,街道,140502,城区,140500,0,10,,,NOT FOUND\n",
        "townships.csv",
      ),
    );
    expect(file.records[0]).toMatchObject({
      position: "line 2",
      codes: ["140502001"],
      name: "东街街道",
      within: { code: "140502", name: "城区" },
      seat: { type: "Point", coordinates: [112.846381, 35.495141] },
      source: "mean of 4 points, Amap",
    });
    expect(file.records[1]).toMatchObject({ codes: ["140502009"], skip: "no seat coordinates" });
  });

  it("names missing columns and the expected layout", () => {
    const reason = reasonOf(parseTownshipCsv("code,name\n140502001,东街街道\n", "list.csv"));
    expect(reason).toContain("list.csv: missing columns code9 or code12, seat_lon_wgs84, seat_lat_wgs84");
    expect(reason).toContain("expected the layout of townships.csv");
  });

  it("checks numbers, code formats, field counts and seat coordinates row by row", () => {
    const reason = reasonOf(
      parseTownshipCsv(
        `${HEADER}\n` +
          "14050200x,,东街街道,街道,140502,城区,140500,0,11,112.8,abc,\n" +
          "140502002,140502002000,西街街道,街道,140502,城区,140500,x,14,35.49,112.81,\n" +
          "140502003,140502003000,南街街道,街道,140502,城区,140500,0,8,112.83\n",
        "bad.csv",
      ),
    );
    expect(reason).toContain("bad.csv: 3 problems");
    expect(reason).toContain('line 2 东街街道: code9 "14050200x" is not 9 digits; seat_lat_wgs84 "abc" is not a number');
    expect(reason).toContain('line 3 西街街道: villages_cun "x" is not a whole number; the seat latitude and longitude look swapped');
    expect(reason).toContain("line 4 南街街道: 10 fields where the header has 12");
  });

  it("refuses a file with a header and no rows", () => {
    expect(reasonOf(parseTownshipCsv(`${HEADER}\n`, "head.csv"))).toBe("head.csv: no rows under the header");
  });
});

describe("readInput", () => {
  let folder: string;
  beforeAll(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), "planner-atlas-read-input-"));
  });
  afterAll(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it("reads a folder's top level and mentions what it leaves out", async () => {
    const dataset = path.join(folder, "dataset");
    fs.mkdirSync(path.join(dataset, "reference"), { recursive: true });
    fs.writeFileSync(path.join(dataset, "areas.geojson"), collection([polygonFeature({ code: "140502001" })]));
    fs.writeFileSync(path.join(dataset, "README.md"), "notes");
    fs.writeFileSync(path.join(dataset, "reference", "other.geojson"), "not even read");
    const input = valueOf(await readInput(dataset));
    expect(input.files.map((file) => file.name)).toEqual(["areas.geojson"]);
    expect(input.ignored).toEqual(["README.md (not .geojson, .json, .csv, .zip (Shapefile), .kml or .kmz)", "reference/ (sub-folders are not read)"]);
  });

  it("refuses a missing path, an unsupported extension and a folder with nothing to import", async () => {
    expect(reasonOf(await readInput(path.join(folder, "missing.geojson")))).toContain("missing.geojson: no such file or folder");
    fs.writeFileSync(path.join(folder, "counties.gpkg"), "binary");
    expect(reasonOf(await readInput(path.join(folder, "counties.gpkg")))).toContain('counties.gpkg: unsupported file type ".gpkg"');
    const emptyFolder = path.join(folder, "nothing");
    fs.mkdirSync(emptyFolder);
    expect(reasonOf(await readInput(emptyFolder))).toContain("no .geojson, .json, .csv, .zip (Shapefile), .kml or .kmz file");
  });
});

describe("matching divisions", () => {
  const DIVISIONS: DivisionRef[] = [
    { code: "140500", name: "晋城市", level: "city", parentCode: null },
    { code: "140502", name: "城区", level: "county", parentCode: "140500" },
    { code: "140581", name: "高平市", level: "county", parentCode: "140500" },
    { code: "140502001", name: "东街街道", level: "township", parentCode: "140502" },
    { code: "140581001", name: "东城街道", level: "township", parentCode: "140581" },
    { code: "140502001001", name: "东城社区", level: "village", parentCode: "140502001" },
  ];
  const index = indexDivisions(DIVISIONS);

  it("matches by code first, then by exact name within the county given", () => {
    expect(matchDivision(index, { codes: ["140502001"], name: "别的名字", within: {} })).toMatchObject({ ok: true, by: "code", division: { code: "140502001" } });
    expect(matchDivision(index, { codes: [], name: "东城街道", within: { name: "高平市" } })).toMatchObject({ ok: true, by: "name", division: { code: "140581001" } });
    expect(matchDivision(index, { codes: [], name: "东城街道", within: { code: "140502" } })).toMatchObject({ ok: false });
    expect(matchDivision(index, { codes: ["140502999"], name: "东街街道", within: {} })).toMatchObject({ ok: true, by: "name" });
  });

  it("plans writes, refuses polygons for villages and duplicates, and lists the unmatched", () => {
    const file: InputFile = {
      name: "mixed.geojson",
      format: "geojson",
      coordinates: { system: "EPSG:4326 WGS 84", how: "assumed" },
      records: [
        { position: "feature 1", codes: ["140502001"], name: "东街街道", within: {}, boundary: { type: "Polygon", coordinates: SQUARE } },
        { position: "feature 2", codes: ["140502001"], name: undefined, within: {}, boundary: { type: "Polygon", coordinates: SQUARE } },
        { position: "feature 3", codes: ["140502001001"], name: undefined, within: {}, boundary: { type: "Polygon", coordinates: SQUARE } },
        { position: "feature 4", codes: ["140599999"], name: undefined, within: {}, boundary: { type: "Polygon", coordinates: SQUARE } },
      ],
    };
    const plan = planImport({ path: "mixed.geojson", files: [file], ignored: [] }, index);
    expect(plan.writes).toHaveLength(1);
    expect(plan.problems.join("\n")).toContain("feature 2 (140502001): 140502001 东街街道 already gets its boundary from mixed.geojson feature 1");
    expect(plan.problems.join("\n")).toContain("matches the village 140502001001 东城社区, and villages have no boundaries");
    expect(plan.problems.join("\n")).toContain("1 record matches no division");
    const lenient = planImport({ path: "mixed.geojson", files: [{ ...file, records: [file.records[0]!, file.records[3]!] }], ignored: [] }, index, { skipUnmatched: true });
    expect(lenient.problems).toEqual([]);
    expect(lenient.unmatched).toEqual([{ file: "mixed.geojson", record: "feature 4 (140599999)", reason: "no division has the code 140599999" }]);
  });
});
