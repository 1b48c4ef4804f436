/**
 * Zipped Shapefiles: each .shp in the archive with the .dbf of the same name (required: it holds the codes and
 * names), its .prj (the coordinate system, else inferred) and .cpg (the .dbf's encoding, else detected: GBK is
 * common in Chinese data). shpjs reads the shapes and rows; it does not need the .shx. An archive with several
 * layers gives one input file per layer ("townships.zip:乡镇界").
 */
import type { Feature, Geometry } from "geojson";
import { parseDbf, parseShp } from "shpjs";
import { systemOfPrj } from "../geo/projections.ts";
import { finishFile, type CoordinatesChoice, type DeclaredSystem } from "./read-coordinates.ts";
import { COORDINATES_HINT, fail, ok, plural, type InputFile, type Read } from "./read-records.ts";
import { detectEncoding, encodingOfCpg } from "./read-text.ts";
import { baseName, openZip, type ZipEntry } from "./read-zip.ts";

const PARTS = [".shp", ".shx", ".dbf", ".prj", ".cpg"] as const;
type Part = (typeof PARTS)[number];

/** The records area of a .dbf (header length at byte 8, record count at 4 and length at 10, little-endian): only text. */
function dbfRecordBytes(dbf: Uint8Array): Uint8Array {
  const view = new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength);
  if (dbf.byteLength < 12) return dbf;
  const start = view.getUint16(8, true);
  return dbf.subarray(start, Math.min(dbf.byteLength, start + view.getUint32(4, true) * view.getUint16(10, true)));
}

/** The .dbf's encoding: the one its .cpg names, else UTF-8 or GBK as its text decodes. */
async function dbfEncoding(layer: string, parts: Partial<Record<Part, ZipEntry>>, dbf: Uint8Array): Promise<Read<{ label: string; encoding: NonNullable<InputFile["encoding"]> }>> {
  if (parts[".cpg"]) {
    const cpg = new TextDecoder().decode(await parts[".cpg"].read()).trim();
    const named = encodingOfCpg(cpg);
    return named ? ok(named) : fail(`${layer}.cpg names the encoding "${cpg}", which the import does not know (UTF-8 and GBK are the usual ones)`);
  }
  const detected = detectEncoding(dbfRecordBytes(dbf));
  return detected ? ok(detected) : fail(`${layer}.dbf: its text is neither UTF-8 nor GBK; add a ${layer}.cpg that names its encoding`);
}

/** The coordinate system the .prj declares, or why the import cannot use it. */
async function declaredPrj(layer: string, prj: ZipEntry | undefined): Promise<Read<DeclaredSystem | undefined>> {
  if (!prj) return ok(undefined);
  const wkt = new TextDecoder().decode(await prj.read());
  const found = systemOfPrj(wkt);
  if ("system" in found) return ok({ system: found.system, how: "prj", where: `${layer}.prj` });
  return fail(
    `${layer}.prj ${found.unknown ? `describes "${found.unknown}", a coordinate system the import does not convert` : "is not a coordinate system the import can read"}. ` +
      `Reproject first, e.g. ogr2ogr -t_srs EPSG:4326 out.shp ${layer}.shp, or remove the .prj and say the system. ${COORDINATES_HINT}`,
  );
}

/** One layer: its shapes and rows paired into features, then the common checks (coordinates, codes, geometry types). */
async function readLayer(fileName: string, layer: string, parts: Partial<Record<Part, ZipEntry>>, given: CoordinatesChoice | undefined): Promise<Read<InputFile>> {
  const failLayer = (reason: string) => fail(`${fileName}: ${reason}`);
  if (!parts[".dbf"]) {
    return failLayer(`${layer}.shp has no ${layer}.dbf beside it: a shapefile keeps its attributes (the division codes and names) in the .dbf`);
  }
  const [shp, dbf] = await Promise.all([parts[".shp"]!.read(), parts[".dbf"].read()]);
  const declared = given ? ok(undefined) : await declaredPrj(layer, parts[".prj"]);
  if (!declared.ok) return failLayer(declared.reason);
  const encoding = await dbfEncoding(layer, parts, dbf);
  if (!encoding.ok) return failLayer(encoding.reason);
  let shapes: (Geometry | null)[];
  let rows: Record<string, unknown>[];
  try {
    shapes = parseShp(shp);
  } catch (error) {
    return failLayer(`${layer}.shp cannot be read (${(error as Error).message})`);
  }
  try {
    rows = parseDbf(dbf, encoding.value.label);
  } catch (error) {
    return failLayer(`${layer}.dbf cannot be read (${(error as Error).message})`);
  }
  if (shapes.length !== rows.length) {
    return failLayer(`${layer}.shp holds ${plural(shapes.length, "shape")} but ${layer}.dbf ${plural(rows.length, "row")}: one of them is damaged or from another layer`);
  }
  if (shapes.length === 0) return failLayer(`${layer}.shp holds no features`);
  const features = shapes.map((shape, index) => {
    // shpjs adds a bbox in the file's coordinates, and gives an empty number field as NaN.
    const geometry = shape ? ({ ...shape, bbox: undefined } as Geometry) : null;
    const properties = Object.fromEntries(Object.entries(rows[index]!).map(([key, value]) => [key, Number.isNaN(value) ? null : value]));
    return { position: `feature ${index + 1}`, feature: { type: "Feature", properties, geometry } as Feature<Geometry | null> };
  });
  return finishFile(
    { name: fileName, format: "shapefile", encoding: encoding.value.encoding, ...(declared.value ? { declared: declared.value } : {}), features },
    given,
  );
}

/** Every layer of a zipped Shapefile, or every problem found in them. */
export async function readShapefileZip(name: string, bytes: Uint8Array, given: CoordinatesChoice | undefined): Promise<Read<InputFile[]>> {
  const zip = await openZip(name, bytes);
  if (!zip.ok) return zip;
  const layers = new Map<string, Partial<Record<Part, ZipEntry>>>();
  for (const entry of zip.value) {
    const extension = PARTS.find((part) => entry.path.toLowerCase().endsWith(part));
    if (!extension) continue;
    const stem = entry.path.slice(0, -extension.length);
    layers.set(stem, { ...layers.get(stem), [extension]: entry });
  }
  const stems = [...layers].filter(([, parts]) => parts[".shp"]).map(([stem]) => stem);
  if (stems.length === 0) {
    const held = zip.value.map((entry) => entry.path);
    return fail(`${name}: holds no .shp file${held.length ? ` (it holds ${held.slice(0, 8).join(", ")}${held.length > 8 ? ", …" : ""})` : " (it is empty)"}`);
  }
  const files: InputFile[] = [];
  const problems: string[] = [];
  for (const stem of stems.sort()) {
    const layer = baseName(stem);
    const file = await readLayer(stems.length === 1 ? name : `${name}:${layer}`, layer, layers.get(stem)!, given);
    if (file.ok) files.push(file.value);
    else problems.push(file.reason);
  }
  return problems.length > 0 ? fail(problems.join("\n")) : ok(files);
}
