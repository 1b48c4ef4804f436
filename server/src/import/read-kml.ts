/**
 * KML and KMZ (a zip holding doc.kml, or else its first .kml), parsed with @xmldom/xmldom and turned into GeoJSON
 * by @tmcw/togeojson: a placemark's name and ExtendedData become its properties. KML is WGS84 longitude/latitude by
 * its standard; data taken from Chinese web maps may still be GCJ-02, which the import checks as for GeoJSON.
 */
import { kml } from "@tmcw/togeojson";
import { DOMParser } from "@xmldom/xmldom";
import { finishFile, type CoordinatesChoice } from "./read-coordinates.ts";
import { fail, type InputFile, type Read } from "./read-records.ts";
import { openZip } from "./read-zip.ts";

/** The encoding an XML declaration names (encoding="GBK"), when the decoder knows it; else UTF-8, XML's default. */
function decodeXml(bytes: Uint8Array): string {
  const declaration = new TextDecoder("latin1").decode(bytes.subarray(0, 200));
  const label = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(declaration)?.[1];
  try {
    return new TextDecoder(label ?? "utf-8").decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}

/** Parses KML; every placemark needs a code or a name (its <name>, or ExtendedData). */
export function parseKml(bytes: Uint8Array, name: string, given?: CoordinatesChoice, format: InputFile["format"] = "kml"): Read<InputFile> {
  const text = decodeXml(bytes);
  if (text.trim() === "") return fail(`${name}: the file is empty`);
  let document: ReturnType<DOMParser["parseFromString"]>;
  try {
    document = new DOMParser({
      onError: (level, message) => {
        if (level !== "warning") throw new Error(message);
      },
    }).parseFromString(text, "text/xml");
  } catch (error) {
    const locator = (error as { locator?: { lineNumber?: number; columnNumber?: number } }).locator;
    const place = locator?.lineNumber ? ` at line ${locator.lineNumber}, column ${locator.columnNumber}` : "";
    return fail(`${name}: invalid XML${place}: ${(error as Error).message}`);
  }
  const root = document.documentElement;
  if (root?.localName !== "kml") return fail(`${name}: not KML: the document's root element is <${root?.nodeName ?? "nothing"}>, not <kml>`);
  const features = kml(document).features;
  if (features.length === 0) return fail(`${name}: holds no placemarks`);
  return finishFile({ name, format, features: features.map((feature, index) => ({ position: `placemark ${index + 1}`, feature })) }, given);
}

/** A KMZ: the archive's doc.kml, or its first .kml anywhere. */
export async function readKmz(name: string, bytes: Uint8Array, given: CoordinatesChoice | undefined): Promise<Read<InputFile>> {
  const zip = await openZip(name, bytes);
  if (!zip.ok) return zip;
  const kmlEntry = zip.value.find((entry) => entry.path.toLowerCase() === "doc.kml") ?? zip.value.find((entry) => entry.path.toLowerCase().endsWith(".kml"));
  if (!kmlEntry) return fail(`${name}: holds no .kml file (a KMZ is a zip with doc.kml inside)`);
  return parseKml(await kmlEntry.read(), name, given, "kmz");
}
