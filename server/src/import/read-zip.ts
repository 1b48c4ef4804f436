/**
 * The files in a zip archive (a zipped Shapefile, a KMZ), read with JSZip. Names stored without the UTF-8 flag, as
 * Windows zips Chinese names (in GBK), are decoded as UTF-8 when valid and as GBK otherwise. macOS resource forks
 * (__MACOSX/, ._name) are left out.
 */
import JSZip from "jszip";
import { detectEncoding } from "./read-text.ts";
import { fail, ok, type Read } from "./read-records.ts";

export interface ZipEntry {
  /** The path inside the archive, "/"-separated. */
  path: string;
  read(): Promise<Uint8Array>;
}

function decodeFileName(bytes: string[] | Uint8Array): string {
  const raw = Array.isArray(bytes) ? Uint8Array.from(bytes, (char) => char.charCodeAt(0)) : bytes;
  return new TextDecoder(detectEncoding(raw)?.label ?? "utf-8").decode(raw);
}

/** The archive's files, or why the bytes are not a readable zip. */
export async function openZip(name: string, bytes: Uint8Array): Promise<Read<ZipEntry[]>> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes, { decodeFileName });
  } catch (error) {
    return fail(`${name}: not a readable zip archive (${(error as Error).message})`);
  }
  const entries = Object.values(zip.files)
    .filter((file) => !file.dir && !/(^|\/)__MACOSX\//.test(file.name) && !/(^|\/)\._/.test(file.name))
    .map((file) => ({ path: file.name, read: () => file.async("uint8array") }));
  return ok(entries);
}

/** An entry's file name without its folder. */
export function baseName(entryPath: string): string {
  return entryPath.slice(entryPath.lastIndexOf("/") + 1);
}
