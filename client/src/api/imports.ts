/**
 * The bureau's imports (导入): upload files for a preview that changes nothing, read it again, commit it all or
 * nothing, or cancel it. The upload reports its progress; commit answers 409 import-not-pending / import-outdated and
 * 422 import-rejected as ApiProblems.
 */
import type { ImportPreview } from "@contracts/imports.ts";
import { getJson, request, uploadForm } from "./http.ts";

export type { ImportPreview };
export type ImportRecord = ImportPreview["records"][number];

/** The upload's options, as POST /api/imports takes them; an undefined one is left to the file (or the default). */
export interface ImportOptions {
  provenance?: "official" | "approximate" | "imported";
  /** wgs84, cgcs2000, gcj02, bd09 or epsg:<code>. */
  coordinates?: string;
  repair: boolean;
  skipUnmatched: boolean;
}

/** Uploads the files (one part each) with the options; resolves with the preview of the new pending import. */
export async function uploadImport(
  files: readonly File[],
  options: ImportOptions,
  onProgress: (loaded: number, total: number) => void,
  signal?: AbortSignal,
): Promise<ImportPreview> {
  const form = new FormData();
  for (const file of files) form.append("file", file, file.name);
  if (options.provenance) form.append("provenance", options.provenance);
  if (options.coordinates) form.append("coordinates", options.coordinates);
  form.append("repair", String(options.repair));
  form.append("skipUnmatched", String(options.skipUnmatched));
  return (await uploadForm<ImportPreview>("/api/imports", form, onProgress, signal)).data;
}

/** The import with its preview and status (pending, committed, cancelled, expired); 404 when there is none. */
export function getImport(importId: number, signal?: AbortSignal): Promise<ImportPreview> {
  return getJson<ImportPreview>(`/api/imports/${importId}`, {}, signal);
}

/** Applies a pending import; resolves with it committed, its `report` filled in. */
export async function commitImport(importId: number): Promise<ImportPreview> {
  return (await request<ImportPreview>("POST", `/api/imports/${importId}/commit`)).data;
}

export async function cancelImport(importId: number): Promise<void> {
  await request<void>("DELETE", `/api/imports/${importId}`);
}
