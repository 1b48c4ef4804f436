/**
 * The text encoding of a .dbf or a CSV. Chinese data is often GBK (Windows code page 936) rather than UTF-8: a
 * shapefile's .cpg names it when present ("GBK", "936", "UTF-8", "65001"); without one, bytes that are valid UTF-8 are
 * taken as UTF-8 and others as GBK (decoded as GB18030, its superset), since GBK text is almost never valid UTF-8.
 */
import type { InputFile } from "./read-records.ts";

type Encoding = NonNullable<InputFile["encoding"]>;

/** Windows code pages written as numbers in .cpg files, by their WHATWG label. */
const CODE_PAGES: Record<string, string> = { "65001": "utf-8", "936": "gbk", "54936": "gb18030", "950": "big5", "88591": "iso-8859-1" };

/** The name people know an encoding by, from its WHATWG name. */
const DISPLAY_NAMES: Record<string, string> = { "utf-8": "UTF-8", gbk: "GBK", gb18030: "GB18030", big5: "Big5" };

function displayName(whatwgName: string): string {
  return DISPLAY_NAMES[whatwgName] ?? whatwgName.toUpperCase();
}

/**
 * The encoding a .cpg names ("GBK", "ANSI 936", "CP936", "UTF-8", "65001"), as a TextDecoder label with the name to
 * report; undefined when the decoder does not know it.
 */
export function encodingOfCpg(cpg: string): { label: string; encoding: Encoding } | undefined {
  const text = cpg.trim();
  const codePage = /^(?:ANSI\s*|CP\s*|WINDOWS-?)?(\d+)$/i.exec(text)?.[1];
  const label = codePage ? (CODE_PAGES[codePage] ?? `windows-${codePage}`) : text;
  try {
    const decoder = new TextDecoder(label);
    return { label: decoder.encoding, encoding: { name: displayName(decoder.encoding), how: "cpg" } };
  } catch {
    return undefined;
  }
}

/** UTF-8 when the bytes are valid UTF-8, else GBK when they decode as such, else undefined. */
export function detectEncoding(bytes: Uint8Array): { label: string; encoding: Encoding } | undefined {
  for (const label of ["utf-8", "gb18030"]) {
    try {
      new TextDecoder(label, { fatal: true }).decode(bytes);
      return { label, encoding: { name: label === "utf-8" ? "UTF-8" : "GBK", how: "detected" } };
    } catch {
      // not this one: try the next
    }
  }
  return undefined;
}

/** A text file's content and encoding: UTF-8 after a byte order mark, else detected (UTF-8 or GBK). */
export function decodeText(bytes: Uint8Array): { text: string; encoding: Encoding } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder("utf-8").decode(bytes.subarray(3)), encoding: { name: "UTF-8", how: "bom" } };
  }
  const detected = detectEncoding(bytes);
  return detected && { text: new TextDecoder(detected.label).decode(bytes), encoding: detected.encoding };
}
