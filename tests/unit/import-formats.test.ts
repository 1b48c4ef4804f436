import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { readInput, type InputFile, type InputRecord } from "../../server/src/import/read-input.ts";
import { parseCoordinatesOption } from "../../server/src/import/read-coordinates.ts";
import { useTemporaryFolder } from "../helpers/temporary-folder.ts";

// Jincheng city hall in WGS84, and the same point in each system as GDAL 3.6 / PROJ computes it
// (echo '112.8513 35.4906' | gdaltransform -s_srs EPSG:4326 -t_srs EPSG:<code> -output_xy).
const CITY_HALL = [112.8513, 35.4906] as const;
const PROJECTED: { epsg: number; system: string; x: number; y: number }[] = [
  { epsg: 4525, system: "EPSG:4525 CGCS2000 / 3-degree Gauss-Kruger zone 37", x: 37667996.4982021, y: 3930598.59559732 },
  { epsg: 4526, system: "EPSG:4526 CGCS2000 / 3-degree Gauss-Kruger zone 38", x: 38395764.711492, y: 3929629.23199629 },
  { epsg: 4546, system: "EPSG:4546 CGCS2000 / 3-degree Gauss-Kruger CM 111E", x: 667996.498202096, y: 3930598.59559732 },
  { epsg: 4547, system: "EPSG:4547 CGCS2000 / 3-degree Gauss-Kruger CM 114E", x: 395764.711491987, y: 3929629.23199629 },
  { epsg: 3857, system: "EPSG:3857 WGS 84 / Pseudo-Mercator (Web Mercator)", x: 12562549.251359, y: 4230753.21236687 },
];
/** Xian 1980 / 3-degree Gauss-Kruger CM 114E (EPSG:2383) as ESRI writes it: a system the import does not convert. */
const XIAN_1980_PRJ =
  'PROJCS["Xian_1980_3_Degree_GK_CM_114E",GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]],' +
  'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],' +
  'PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

/** Metres between two WGS84 positions (equirectangular: plenty at these distances). */
function metresApart([lon1, lat1]: readonly number[], [lon2, lat2]: readonly number[]): number {
  const x = (lon2! - lon1!) * Math.cos((((lat1! + lat2!) / 2) * Math.PI) / 180) * 111_320;
  const y = (lat2! - lat1!) * 110_574;
  return Math.hypot(x, y);
}

function valueOf<T>(result: { ok: true; value: T } | { ok: false; reason: string }): T {
  if (!result.ok) throw new Error(`expected success, got: ${result.reason}`);
  return result.value;
}
function reasonOf(result: { ok: boolean; reason?: string }): string {
  expect(result.ok).toBe(false);
  return result.reason ?? "";
}
function onlyFile(input: { files: InputFile[] }): InputFile {
  expect(input.files).toHaveLength(1);
  return input.files[0]!;
}
function seatOf(record: InputRecord | undefined): number[] {
  return record!.seat!.coordinates;
}

const folder = useTemporaryFolder("planner-atlas-import-formats-");

function write(name: string, content: string | Uint8Array): string {
  const file = path.join(folder.path, name);
  fs.writeFileSync(file, content);
  return file;
}

function pointCollection(coordinates: readonly number[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    type: "FeatureCollection",
    ...extra,
    features: [{ type: "Feature", properties: { code: "140502001", name: "东街街道" }, geometry: { type: "Point", coordinates } }],
  });
}

/** A polygon around city hall (±0.01°) with a name, as GeoJSON in WGS84, for ogr2ogr to write in other systems. */
const CITY_HALL_SQUARE = JSON.stringify({
  type: "FeatureCollection",
  features: [
    {
      type: "Feature",
      properties: { code: "140502001", name: "东街街道" },
      geometry: {
        type: "Polygon",
        coordinates: [[[112.8413, 35.4806], [112.8613, 35.4806], [112.8613, 35.5006], [112.8413, 35.5006], [112.8413, 35.4806]]],
      },
    },
  ],
});

/**
 * A zipped Shapefile written by GDAL: `geojson` reprojected to EPSG:`epsg` in the given .dbf encoding, with `drop`
 * parts left out of the zip and `replace` parts swapped for other content.
 */
async function shapefileZip(name: string, options: { epsg: number; encoding?: string; drop?: string[]; replace?: Record<string, string>; geojson?: string }): Promise<string> {
  const work = fs.mkdtempSync(path.join(folder.path, "ogr-"));
  const source = path.join(work, "source.geojson");
  fs.writeFileSync(source, options.geojson ?? CITY_HALL_SQUARE);
  execFileSync("ogr2ogr", ["-f", "ESRI Shapefile", "-t_srs", `EPSG:${options.epsg}`, "-lco", `ENCODING=${options.encoding ?? "UTF-8"}`, path.join(work, "out"), source, "-nln", "乡镇界"]);
  const zip = new JSZip();
  for (const file of fs.readdirSync(path.join(work, "out"))) {
    const extension = path.extname(file);
    if (options.drop?.includes(extension)) continue;
    zip.file(`data/${file}`, options.replace?.[extension] ?? fs.readFileSync(path.join(work, "out", file)));
  }
  return write(name, await zip.generateAsync({ type: "uint8array" }));
}

describe("coordinate systems", () => {
  it.each(PROJECTED)("reads $system from a GeoJSON crs member, and infers it from the numbers alone", async ({ epsg, system, x, y }) => {
    for (const [crs, how] of [[`urn:ogc:def:crs:EPSG::${epsg}`, "crs"], [undefined, "inferred"]] as const) {
      const file = onlyFile(valueOf(await readInput(write(`city-hall-${epsg}-${how}.geojson`, pointCollection([x, y], crs ? { crs: { type: "name", properties: { name: crs } } } : {})))));
      expect(file.coordinates).toEqual({ system, how });
      expect(metresApart(seatOf(file.records[0]), CITY_HALL)).toBeLessThan(1);
    }
  });

  it.each(PROJECTED)("reads $system from the .prj GDAL writes, putting the boundary where it was drawn", async ({ epsg, system }) => {
    const file = onlyFile(valueOf(await readInput(await shapefileZip(`square-${epsg}.zip`, { epsg }))));
    expect(file).toMatchObject({ name: `square-${epsg}.zip`, format: "shapefile", coordinates: { system, how: "prj" } });
    const ring = (file.records[0]!.boundary as { coordinates: number[][][] }).coordinates[0]!;
    for (const corner of [[112.8413, 35.4806], [112.8613, 35.5006]]) {
      expect(Math.min(...ring.map((position) => metresApart(position, corner)))).toBeLessThan(1);
    }
  });

  it("takes WGS84 and CGCS2000 degrees as they are, naming the one declared", async () => {
    const assumed = onlyFile(valueOf(await readInput(write("plain.geojson", pointCollection(CITY_HALL)))));
    expect(assumed.coordinates).toEqual({ system: "EPSG:4326 WGS 84", how: "assumed" });
    const cgcs = onlyFile(valueOf(await readInput(write("cgcs.geojson", pointCollection(CITY_HALL, { crs: { type: "name", properties: { name: "EPSG:4490" } } })))));
    expect(cgcs.coordinates).toEqual({ system: "EPSG:4490 CGCS2000", how: "crs" });
    expect(seatOf(cgcs.records[0])).toEqual([...CITY_HALL]);
    const fromPrj = onlyFile(valueOf(await readInput(await shapefileZip("cgcs.zip", { epsg: 4490 }))));
    expect(fromPrj.coordinates).toEqual({ system: "EPSG:4490 CGCS2000", how: "prj" });
  });

  it("takes the system given over the file's, and keeps GCJ-02 and BD-09 degrees for the import to convert", async () => {
    const gk = PROJECTED.find((entry) => entry.epsg === 4547)!;
    const given = valueOf(parseCoordinatesOption("EPSG:4547"));
    const file = onlyFile(valueOf(await readInput(write("given.geojson", pointCollection([gk.x, gk.y])), { coordinates: given })));
    expect(file.coordinates).toEqual({ system: gk.system, how: "given" });
    expect(metresApart(seatOf(file.records[0]), CITY_HALL)).toBeLessThan(1);
    const gcj = onlyFile(valueOf(await readInput(write("gcj.geojson", pointCollection(CITY_HALL)), { coordinates: valueOf(parseCoordinatesOption("gcj02")) })));
    expect(gcj.coordinates).toEqual({ system: "GCJ-02", how: "given" });
    expect(seatOf(gcj.records[0])).toEqual([...CITY_HALL]);
    expect(reasonOf(parseCoordinatesOption("beijing54"))).toContain('--coordinates must be wgs84, cgcs2000, gcj02, bd09 or epsg:<code>');
    expect(reasonOf(parseCoordinatesOption("epsg:2383"))).toContain('(got "epsg:2383")');
  });

  it("refuses 6-digit eastings that no central meridian near Jincheng puts near it", async () => {
    const reason = reasonOf(await readInput(write("far.geojson", pointCollection([200_000, 3_930_000]))));
    expect(reason).toContain("look like Gauss-Kruger metres without the zone number in the easting, but read as EPSG:4546");
    expect(reason).toContain("or EPSG:4547 CGCS2000 / 3-degree Gauss-Kruger CM 114E they do not lie near Jincheng");
  });
});

describe("shapefile text encodings", () => {
  it.each([
    { encoding: "GBK", cpg: true, expected: { name: "GBK", how: "cpg" } },
    { encoding: "GBK", cpg: false, expected: { name: "GBK", how: "detected" } },
    { encoding: "UTF-8", cpg: true, expected: { name: "UTF-8", how: "cpg" } },
    { encoding: "UTF-8", cpg: false, expected: { name: "UTF-8", how: "detected" } },
  ])("reads Chinese names from a $encoding .dbf (.cpg: $cpg)", async ({ encoding, cpg, expected }) => {
    const zip = await shapefileZip(`names-${encoding}-${cpg}.zip`, { epsg: 4547, encoding, ...(cpg ? {} : { drop: [".cpg"] }) });
    const file = onlyFile(valueOf(await readInput(zip)));
    expect(file.encoding).toEqual(expected);
    expect(file.records[0]).toMatchObject({ name: "东街街道", codes: ["140502001"] });
  });
});

describe("KML and KMZ", () => {
  const KML = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
  <Placemark><name>东街街道</name><ExtendedData><Data name="code"><value>140502001</value></Data></ExtendedData>
    <Polygon><outerBoundaryIs><LinearRing><coordinates>112.84,35.48,0 112.86,35.48,0 112.86,35.50,0 112.84,35.50,0 112.84,35.48,0</coordinates></LinearRing></outerBoundaryIs></Polygon>
  </Placemark>
  <Placemark><name>东街街道</name><Point><coordinates>112.8513,35.4906</coordinates></Point></Placemark>
</Document></kml>`;

  it("reads placemarks: a polygon as a boundary, a point as a seat, names and ExtendedData as properties", async () => {
    const file = onlyFile(valueOf(await readInput(write("areas.kml", KML))));
    expect(file).toMatchObject({ format: "kml", coordinates: { system: "EPSG:4326 WGS 84", how: "assumed" } });
    expect(file.records[0]).toMatchObject({ position: "placemark 1", name: "东街街道", codes: ["140502001"], boundary: { type: "Polygon" } });
    expect(file.records[1]).toMatchObject({ position: "placemark 2", seat: { type: "Point", coordinates: [112.8513, 35.4906] } });
  });

  it("reads the doc.kml of a KMZ", async () => {
    const zip = new JSZip();
    zip.file("files/readme.txt", "not KML");
    zip.file("doc.kml", KML);
    const file = onlyFile(valueOf(await readInput(write("areas.kmz", await zip.generateAsync({ type: "uint8array" })))));
    expect(file).toMatchObject({ name: "areas.kmz", format: "kmz" });
    expect(file.records).toHaveLength(2);
  });
});

describe("CSV with geometry", () => {
  it("reads a WKT column (any case, EWKT SRID declaring the system) with the other columns as properties", async () => {
    const wkt = onlyFile(valueOf(await readInput(write("wkt.csv", 'code,name,wkt\n140502001,东街街道,"polygon((112.84 35.48, 112.86 35.48, 112.86 35.5, 112.84 35.48))"\n140502002,西街街道,\n'))));
    expect(wkt).toMatchObject({ format: "csv", coordinates: { how: "assumed" }, encoding: { name: "UTF-8", how: "detected" } });
    expect(wkt.records[0]).toMatchObject({ position: "line 2", name: "东街街道", boundary: { type: "Polygon" } });
    expect(wkt.records[1]).toMatchObject({ codes: ["140502002"], skip: "no geometry" });
    const gk = PROJECTED.find((entry) => entry.epsg === 4547)!;
    const ewkt = onlyFile(valueOf(await readInput(write("ewkt.csv", `code,geom\n140502001,SRID=4547;POINT(${gk.x} ${gk.y})\n`))));
    expect(ewkt.coordinates).toEqual({ system: gk.system, how: "crs" });
    expect(metresApart(seatOf(ewkt.records[0]), CITY_HALL)).toBeLessThan(1);
  });

  it("reads longitude and latitude columns, in GBK as Excel saves Chinese CSV", async () => {
    const text = "名称,经度,纬度,code\n东街街道,112.8513,35.4906,140502001\n";
    const gbk = new Uint8Array(execFileSync("iconv", ["-f", "UTF-8", "-t", "GBK"], { input: text }));
    const file = onlyFile(valueOf(await readInput(write("seats.csv", gbk))));
    expect(file.encoding).toEqual({ name: "GBK", how: "detected" });
    expect(file.records[0]).toMatchObject({ codes: ["140502001"], seat: { type: "Point", coordinates: [112.8513, 35.4906] } });
    const metres = onlyFile(valueOf(await readInput(write("gk-seats.csv", `code,x,y\n140502001,${PROJECTED[1]!.x},${PROJECTED[1]!.y}\n`))));
    expect(metres.coordinates).toEqual({ system: PROJECTED[1]!.system, how: "inferred" });
    expect(metresApart(seatOf(metres.records[0]), CITY_HALL)).toBeLessThan(1);
  });

  it("names each row whose WKT or numbers cannot be read", async () => {
    const reason = reasonOf(await readInput(write("bad-rows.csv", "code,wkt\n140502001,\"POLYGON((1 2, 3 4\"\n140502002,CIRCLE(1 2)\n")));
    expect(reason).toContain("bad-rows.csv: 2 problems");
    expect(reason).toContain('line 2: the WKT "POLYGON((1 2, 3 4" cannot be read');
    expect(reason).toContain('line 3: the WKT "CIRCLE(1 2)" cannot be read');
    expect(reasonOf(await readInput(write("bad-lon.csv", "code,lon,lat\n140502001,east,35.49\n")))).toContain('line 2: lon "east" is not a number');
  });
});

describe("bad files", () => {
  it("refuses a broken zip, naming the file", async () => {
    const good = fs.readFileSync(await shapefileZip("whole.zip", { epsg: 4547 }));
    expect(reasonOf(await readInput(write("broken.zip", good.subarray(0, 100))))).toMatch(/^broken\.zip: not a readable zip archive \(/);
    expect(reasonOf(await readInput(write("broken.kmz", good.subarray(0, 100))))).toMatch(/^broken\.kmz: not a readable zip archive/);
  });

  it("refuses a .shp without its .dbf, and a zip without a .shp", async () => {
    expect(reasonOf(await readInput(await shapefileZip("no-dbf.zip", { epsg: 4547, drop: [".dbf"] })))).toBe(
      "no-dbf.zip: 乡镇界.shp has no 乡镇界.dbf beside it: a shapefile keeps its attributes (the division codes and names) in the .dbf",
    );
    const zip = new JSZip();
    zip.file("readme.txt", "nothing");
    expect(reasonOf(await readInput(write("no-shp.zip", await zip.generateAsync({ type: "uint8array" }))))).toBe("no-shp.zip: holds no .shp file (it holds readme.txt)");
  });

  it("reads a shapefile without its .shx, which shpjs does not need", async () => {
    expect(onlyFile(valueOf(await readInput(await shapefileZip("no-shx.zip", { epsg: 4547, drop: [".shx"] })))).records).toHaveLength(1);
  });

  it("refuses a .prj that contradicts the numbers, and one it does not know", async () => {
    const wgs84Prj = 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
    const contradicted = reasonOf(await readInput(await shapefileZip("lying.zip", { epsg: 4547, replace: { ".prj": wgs84Prj } })));
    expect(contradicted).toContain("lying.zip: 乡镇界.prj says EPSG:4326 WGS 84 (longitude/latitude degrees), but the coordinates of 1 of 1 feature are not");
    expect(contradicted).toContain("looks like Gauss-Kruger metres without the zone number in the easting. The .prj contradicts the numbers");
    const unknown = reasonOf(await readInput(await shapefileZip("xian.zip", { epsg: 4547, replace: { ".prj": XIAN_1980_PRJ } })));
    expect(unknown).toContain('xian.zip: 乡镇界.prj describes "Xian_1980_3_Degree_GK_CM_114E", a coordinate system the import does not convert');
    expect(reasonOf(await readInput(await shapefileZip("garbage.zip", { epsg: 4547, replace: { ".prj": "not a projection" } })))).toContain(
      "乡镇界.prj is not a coordinate system the import can read",
    );
  });

  it("refuses files with no features", async () => {
    const empty = JSON.stringify({ type: "FeatureCollection", features: [] });
    expect(reasonOf(await readInput(await shapefileZip("empty.zip", { epsg: 4547, geojson: empty })))).toBe("empty.zip: 乡镇界.shp holds no features");
    expect(reasonOf(await readInput(write("empty.kml", '<kml xmlns="http://www.opengis.net/kml/2.2"><Document/></kml>')))).toBe("empty.kml: holds no placemarks");
    expect(reasonOf(await readInput(write("empty.csv", "code,wkt\n")))).toBe("empty.csv: no rows under the header");
    expect(reasonOf(await readInput(write("empty.geojson", empty)))).toBe("empty.geojson: the FeatureCollection has no features");
  });

  it("refuses lines among boundaries, and features in two coordinate systems", async () => {
    const kml = `<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
      <Placemark><name>东街街道</name><Polygon><outerBoundaryIs><LinearRing><coordinates>112.84,35.48 112.86,35.48 112.86,35.50 112.84,35.48</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
      <Placemark><name>西街街道</name><LineString><coordinates>112.84,35.48 112.86,35.50</coordinates></LineString></Placemark>
    </Document></kml>`;
    expect(reasonOf(await readInput(write("mixed.kml", kml)))).toContain("placemark 2 西街街道: a LineString is neither a boundary (Polygon, MultiPolygon) nor a seat (Point)");
    const gk = PROJECTED.find((entry) => entry.epsg === 4526)!;
    const twoSystems = JSON.stringify({
      type: "FeatureCollection",
      features: [
        { type: "Feature", properties: { name: "东街街道" }, geometry: { type: "Point", coordinates: [...CITY_HALL] } },
        { type: "Feature", properties: { name: "西街街道" }, geometry: { type: "Point", coordinates: [gk.x, gk.y] } },
      ],
    });
    const reason = reasonOf(await readInput(write("two-systems.geojson", twoSystems)));
    expect(reason).toContain("two-systems.geojson: the features are in more than one coordinate system (longitude/latitude degrees: feature 1 东街街道");
    expect(reason).toContain("Gauss-Kruger metres of zone 38 (the zone number in front of the easting): feature 2 西街街道");
  });

  it("refuses invalid KML with its line, and a loose .shp", async () => {
    expect(reasonOf(await readInput(write("broken.kml", "<kml>\n<Document><Placemark></kml>")))).toMatch(/^broken\.kml: invalid XML at line 2, column \d+: /);
    expect(reasonOf(await readInput(write("loose.shp", "binary")))).toContain("loose.shp: a Shapefile is read zipped");
  });
});

describe("a large file", () => {
  it("reads 100,000 Gauss-Kruger polygons, converting them, in well under a minute", async () => {
    const features = Array.from({ length: 100_000 }, (_, index) => {
      const x = 38_380_000 + (index % 300) * 100;
      const y = 3_920_000 + Math.floor(index / 300) * 100;
      return { type: "Feature", properties: { name: `单元${index}` }, geometry: { type: "Polygon", coordinates: [[[x, y], [x + 90, y], [x + 90, y + 90], [x, y + 90], [x, y]]] } };
    });
    const file = write("large.geojson", JSON.stringify({ type: "FeatureCollection", features }));
    const started = performance.now();
    const input = valueOf(await readInput(file));
    const seconds = (performance.now() - started) / 1000;
    expect(onlyFile(input).records).toHaveLength(100_000);
    expect(onlyFile(input).coordinates.system).toBe("EPSG:4526 CGCS2000 / 3-degree Gauss-Kruger zone 38");
    console.log(`read and converted 100,000 polygons in ${seconds.toFixed(1)} s`);
    expect(seconds).toBeLessThan(60);
  }, 120_000);
});
