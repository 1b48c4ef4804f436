/**
 * Links to the bureau's exports, GET /api/export/{dataset}?format=&date=: downloaded by the browser itself (a plain
 * <a download>, same origin, so the session cookie goes with it). Only areas and divisions have geometry.
 */
import type { ExportDataset, ExportFormat } from "@contracts/export.ts";
import { apiHref } from "./http.ts";

export type { ExportDataset, ExportFormat };

/** Every dataset with the formats it is offered in (the contracts' values cannot be imported by the client). */
export const EXPORT_CHOICES: readonly { dataset: ExportDataset; formats: readonly ExportFormat[] }[] = [
  { dataset: "areas", formats: ["csv", "xlsx", "geojson", "shp"] },
  { dataset: "divisions", formats: ["csv", "xlsx", "geojson", "shp"] },
  { dataset: "appointments", formats: ["csv", "xlsx"] },
  { dataset: "planners", formats: ["csv", "xlsx"] },
];

/** The download address of one dataset in one format as of `date` (YYYY-MM-DD; undefined: today in Jincheng). */
export function exportHref(dataset: ExportDataset, format: ExportFormat, date: string | undefined): string {
  return apiHref(`/api/export/${dataset}`, { format, date });
}
