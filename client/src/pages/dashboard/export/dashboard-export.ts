/**
 * The dashboard's downloads for the date shown: its tables as CSV (UTF-8 with a BOM, so that Excel reads Chinese
 * right; RFC 4180 quoting, CRLF) or as one XLSX workbook (write-excel-file, loaded on first use), and the page as a
 * PNG (modern-screenshot, loaded on first use). PDF is the browser's own print (see export-menu.tsx).
 */

/** A table as its header row and body rows, every cell written as shown. */
export interface ExportTable {
  /** The sheet's name in the workbook (≤ 31 characters, as Excel requires). */
  sheet: string;
  header: readonly string[];
  rows: readonly (readonly (string | number)[])[];
}

const BOM = "\uFEFF";

function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The table as CSV text, with the BOM first. */
function csvText(table: ExportTable): string {
  return BOM + [table.header, ...table.rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** Hands a file to the browser's download, named `fileName`. */
function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download; the URL is no longer needed once this task ends.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function downloadCsv(table: ExportTable, fileName: string): void {
  download(new Blob([csvText(table)], { type: "text/csv;charset=utf-8" }), fileName);
}

/** One workbook with a sheet per table, header rows bold. */
export async function downloadXlsx(tables: readonly ExportTable[], fileName: string): Promise<void> {
  const { default: writeXlsxFile } = await import("write-excel-file/browser");
  const sheets = tables.map((table) => ({
    sheet: table.sheet.slice(0, 31),
    data: [
      table.header.map((value) => ({ value, fontWeight: "bold" as const })),
      ...table.rows.map((row) => row.map((value) => ({ value }))),
    ],
  }));
  const blob = await writeXlsxFile(sheets).toBlob();
  download(blob, fileName);
}

/**
 * The element as a PNG. `prepare` runs first (it draws the map's still image, shown in place of its WebGL canvas
 * while the class `is-capturing` is on the element), and the class comes off again whatever happens.
 */
export async function downloadPng(element: HTMLElement, prepare: () => void, fileName: string): Promise<void> {
  const { domToBlob } = await import("modern-screenshot");
  element.classList.add("is-capturing");
  try {
    prepare();
    // font: false: the client has no web fonts to embed, and the embedding step parses the page's stylesheets in a
    // <style> element of its own, which the Content-Security-Policy (style-src 'self') refuses.
    const blob = await domToBlob(element, { scale: 1, backgroundColor: "#f4f5f1", type: "image/png", font: false });
    download(blob, fileName);
  } finally {
    element.classList.remove("is-capturing");
  }
}
