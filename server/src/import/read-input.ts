/**
 * Reading what `npm run import` is given: a file or a folder's top level of GeoJSON (.geojson, .json), zipped
 * Shapefiles (.zip), KML / KMZ and CSV (a WKT column, lon/lat columns, or the layout of the reference
 * townships.csv). Everything that can be judged without the database is judged here: the file's structure, codes,
 * the coordinate system (given, declared by a .prj or `crs` member, or inferred from the numbers: read-coordinates.ts)
 * and coordinates that are plainly not over Jincheng. Records leave in WGS84 (GCJ-02 and BD-09 aside, which the
 * import converts). Whether a polygon is valid needs GEOS, so import-boundaries.ts asks PostGIS.
 *
 * Expected failures come back as { ok: false, reason } with the file named in the reason; nothing here throws for
 * bad input.
 */
import fs from "node:fs/promises";
import path from "node:path";
import type { CoordinatesChoice } from "./read-coordinates.ts";
import { parseCsvFile } from "./read-csv.ts";
import { parseGeoJson } from "./read-geojson.ts";
import { parseKml, readKmz } from "./read-kml.ts";
import { fail, ok, type Input, type InputFile, type Read } from "./read-records.ts";
import { readShapefileZip } from "./read-shapefile.ts";
import { decodeText } from "./read-text.ts";

export { PROVENANCES, JINCHENG_BBOX, checkCoordinates, describeRecord, normaliseCode } from "./read-records.ts";
export type { Input, InputFile, InputRecord, Provenance, Read } from "./read-records.ts";

export interface ReadOptions {
  /** The coordinate system the user gave (--coordinates), over what the files declare or their numbers suggest. */
  coordinates?: CoordinatesChoice;
}

const IMPORTABLE_EXTENSIONS = [".geojson", ".json", ".csv", ".zip", ".kml", ".kmz"];
const IMPORTABLE_LIST = ".geojson, .json, .csv, .zip (Shapefile), .kml or .kmz";
/** Parts of a Shapefile given loose, which are read only zipped together. */
const SHAPEFILE_PARTS = [".shp", ".shx", ".dbf", ".prj", ".cpg"];

/** Reads a file or a folder's top level; fails on the first unreadable path or with every bad file of a folder. */
export async function readInput(inputPath: string, options: ReadOptions = {}): Promise<Read<Input>> {
  let stat: Awaited<ReturnType<typeof fs.stat>>;
  try {
    stat = await fs.stat(inputPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(code === "ENOENT" ? `${inputPath}: no such file or folder` : `${inputPath}: cannot be read (${(error as Error).message})`);
  }
  if (!stat.isDirectory()) {
    const files = await readFile(inputPath, options);
    return files.ok ? ok({ path: inputPath, files: files.value, ignored: [] }) : files;
  }
  const files: InputFile[] = [];
  const ignored: string[] = [];
  const problems: string[] = [];
  for (const entry of (await fs.readdir(inputPath)).sort()) {
    const entryPath = path.join(inputPath, entry);
    if ((await fs.stat(entryPath)).isDirectory()) {
      ignored.push(`${entry}/ (sub-folders are not read)`);
    } else if (!IMPORTABLE_EXTENSIONS.includes(path.extname(entry).toLowerCase())) {
      ignored.push(`${entry} (not ${IMPORTABLE_LIST})`);
    } else {
      const read = await readFile(entryPath, options);
      if (read.ok) files.push(...read.value);
      else problems.push(read.reason);
    }
  }
  if (problems.length > 0) return fail(problems.join("\n"));
  if (files.length === 0) {
    return fail(`${inputPath}: no ${IMPORTABLE_LIST} file at the folder's top level${ignored.length ? ` (ignored: ${ignored.join(", ")})` : ""}`);
  }
  return ok({ path: inputPath, files, ignored });
}

/** One file's input files: one, or one per layer of a zipped Shapefile. */
async function readFile(filePath: string, options: ReadOptions): Promise<Read<InputFile[]>> {
  const name = path.basename(filePath);
  const extension = path.extname(name).toLowerCase();
  if (SHAPEFILE_PARTS.includes(extension)) {
    return fail(`${name}: a Shapefile is read zipped: put its .shp, .shx, .dbf, .prj (and .cpg) in one .zip and import that`);
  }
  if (!IMPORTABLE_EXTENSIONS.includes(extension)) {
    return fail(
      `${name}: unsupported file type "${extension || "(no extension)"}": give ${IMPORTABLE_LIST}; ` +
        `convert other formats first, e.g. ogr2ogr -f GeoJSON -t_srs EPSG:4326 out.geojson ${name}`,
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(filePath);
  } catch (error) {
    return fail(`${name}: cannot be read (${(error as Error).message})`);
  }
  const given = options.coordinates;
  const one = (file: Read<InputFile>): Read<InputFile[]> => (file.ok ? ok([file.value]) : file);
  switch (extension) {
    case ".zip":
      return readShapefileZip(name, bytes, given);
    case ".kml":
      return one(parseKml(bytes, name, given));
    case ".kmz":
      return one(await readKmz(name, bytes, given));
    case ".csv": {
      const decoded = decodeText(bytes);
      if (!decoded) return fail(`${name}: the text is neither UTF-8 nor GBK; save it as UTF-8`);
      return one(parseCsvFile(decoded.text, name, given, decoded.encoding));
    }
    default:
      return one(parseGeoJson(new TextDecoder().decode(bytes), name, given));
  }
}
