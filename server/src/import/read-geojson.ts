/**
 * GeoJSON: a FeatureCollection or a single Feature, checked by geojson-validation, with an optional `crs` member
 * naming the coordinate system (EPSG:4547, urn:ogc:def:crs:EPSG::4547, CRS84): RFC 7946 dropped it, but GDAL still
 * writes it for projected data.
 */
import type { Feature } from "geojson";
import geojsonValidation from "geojson-validation";
import { epsgOfCrsName, systemByEpsg } from "../geo/projections.ts";
import { finishFile, type CoordinatesChoice, type DeclaredSystem } from "./read-coordinates.ts";
import { COORDINATES_HINT, fail, featureName, isObject, listProblems, scalarText, stripByteOrderMark, type InputFile, type Read } from "./read-records.ts";

/** "line 3, column 5" for a JSON.parse error, computed from the offset V8 reports. */
function jsonErrorPlace(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  const offset = position ? Number(position[1]) : /end of JSON input/i.test(message) ? text.length : undefined;
  if (offset === undefined) return message;
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return `line ${line}, column ${column}: ${message.replace(/\s*in JSON at position \d+.*$/s, "")}`;
}

/** geojson-validation prefixes a collection's problems with "at <index>:"; name the feature instead. */
function describeValidationProblem(problem: string, features: unknown[] | undefined): string {
  const match = /^at (\d+): (.*)$/s.exec(problem);
  if (!features || !match) return problem;
  const index = Number(match[1]);
  const feature = features[index];
  const name = isObject(feature) ? featureName(feature) : undefined;
  return `feature ${index + 1}${name ? ` ${name}` : ""}: ${match[2]}`;
}

/**
 * geojson-validation's problems with the document, each naming its feature. The library throws (a TypeError) on a
 * ring whose first or last position is null or missing; the features are then judged one by one, so that the
 * message names the feature it found that in.
 */
function structuralProblems(document: Record<string, unknown>, features: unknown[] | undefined): string[] {
  try {
    return geojsonValidation.valid(document, true).map((problem) => describeValidationProblem(problem, features));
  } catch {
    const malformed = "a ring holds a position that is null or not an array of numbers";
    if (!features) return [malformed];
    return features.flatMap((feature, index) => {
      let problems: string[];
      try {
        problems = geojsonValidation.valid(feature, true);
      } catch {
        problems = [malformed];
      }
      return problems.map((problem) => describeValidationProblem(`at ${index}: ${problem}`, features));
    });
  }
}

/** The system a `crs` member declares; undefined when there is none; a refusal when it names one the import does not convert. */
function declaredCrs(crs: unknown, fileName: string): Read<DeclaredSystem | undefined> {
  if (!isObject(crs) || !isObject(crs.properties) || typeof crs.properties.name !== "string") return { ok: true, value: undefined };
  const crsName = crs.properties.name;
  const epsg = epsgOfCrsName(crsName);
  const system = epsg === undefined ? undefined : systemByEpsg(epsg);
  if (!system) {
    return fail(
      `${fileName}: declares the coordinate system ${crsName}, which the import does not convert. ` +
        `Reproject first, e.g. ogr2ogr -f GeoJSON -t_srs EPSG:4326 out.geojson ${fileName}, or remove the crs member. ${COORDINATES_HINT}`,
    );
  }
  return { ok: true, value: { system, how: "crs", where: `the crs member "${crsName}"` } };
}

/** Parses a GeoJSON FeatureCollection or Feature; every feature needs a code or a name. */
export function parseGeoJson(text: string, name: string, given?: CoordinatesChoice): Read<InputFile> {
  const body = stripByteOrderMark(text);
  if (body.trim() === "") return fail(`${name}: the file is empty`);
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch (error) {
    return fail(`${name}: invalid JSON at ${jsonErrorPlace(body, error)}`);
  }
  if (!isObject(document)) return fail(`${name}: not GeoJSON: expected an object with a "type", found ${Array.isArray(document) ? "an array" : typeof document}`);
  const declared = declaredCrs(document.crs, name);
  if (!declared.ok) return declared;
  const features = document.type === "FeatureCollection" && Array.isArray(document.features) ? (document.features as unknown[]) : undefined;
  const structural = structuralProblems(document, features);
  if (structural.length > 0) return listProblems(`${name}: invalid GeoJSON`, structural);
  if (document.type !== "FeatureCollection" && document.type !== "Feature") {
    return fail(
      `${name}: a bare ${String(document.type)} geometry cannot be matched to a division: ` +
        "wrap it in a Feature whose properties give the division's code or name",
    );
  }
  const list = (features ?? [document]) as Feature[];
  if (list.length === 0) return fail(`${name}: the FeatureCollection has no features`);
  const metadata = isObject(document.metadata) ? document.metadata : {};
  const source = scalarText(metadata.source);
  return finishFile(
    {
      name,
      format: "geojson",
      ...(source ? { source } : {}),
      ...(declared.value ? { declared: declared.value } : {}),
      features: list.map((feature, index) => ({ position: `feature ${index + 1}`, feature })),
    },
    given,
  );
}
