/**
 * The bureau's data export: GET /api/export/{dataset}?date=&format= for bureau and leader only (personal fields are
 * in it: planners' private contacts, end reasons); the public has OGC API – Features instead. areas and divisions
 * export to every format; appointments and planners, which have no geometry, to csv and xlsx only (400 otherwise).
 * Appointments are those in force on `date` (default today in Jincheng), and so are the planners an area lists and the
 * areas a planner holds.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { EXPORT_DATASETS, ExportParams, ExportQuery, type ExportDataset, type ExportFormat } from "../contracts/export.ts";
import { ProblemError } from "../http/problem.ts";
import { toCsv, toShapefileZip, toXlsx } from "./export-formats.ts";
import { exportDate, readExportCollection, readExportRows } from "./export.repo.ts";

const SPATIAL_DATASETS: ReadonlySet<ExportDataset> = new Set(["areas", "divisions"]);

/** The Chinese name of each dataset, first in the download's file name. */
const DATASET_TITLES: Record<ExportDataset, string> = { areas: "责任区", divisions: "行政区划", appointments: "任命", planners: "规划师" };

const MEDIA_TYPES: Record<ExportFormat, string> = {
  geojson: "application/geo+json; charset=utf-8",
  csv: "text/csv; charset=utf-8; header=present",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  shp: "application/zip",
};

const EXTENSIONS: Record<ExportFormat, string> = { geojson: "geojson", csv: "csv", xlsx: "xlsx", shp: "zip" };

function isDataset(name: string): name is ExportDataset {
  return (EXPORT_DATASETS as readonly string[]).includes(name);
}

/** attachment; an ASCII filename for old clients and the full one as RFC 5987 filename* (UTF-8, percent-encoded). */
function contentDisposition(asciiName: string, fullName: string): string {
  const encoded = encodeURIComponent(fullName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encoded}`;
}

export const exportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    "/api/export/:dataset",
    {
      config: { roles: ["bureau", "leader"] },
      schema: {
        summary: "Download areas, divisions, appointments or planners as GeoJSON, CSV, XLSX or a zipped Shapefile (bureau, leader)",
        params: ExportParams,
        querystring: ExportQuery,
      },
    },
    async (request, reply) => {
      const { dataset } = request.params;
      if (!isDataset(dataset)) throw new ProblemError("not-found", `there is no dataset ${dataset}: export ${EXPORT_DATASETS.join(", ")}`);
      const { format } = request.query;
      if ((format === "geojson" || format === "shp") && !SPATIAL_DATASETS.has(dataset)) {
        throw new ProblemError("bad-request", `${dataset} have no geometry: export them as csv or xlsx`);
      }
      const sql = app.db.sql;
      const onDate = await exportDate(sql, request.query.date);
      const baseName = `${dataset}-${onDate}`;
      const fileName = `${baseName}.${EXTENSIONS[format]}`;
      let body: string | Buffer;
      if (format === "geojson") body = await readExportCollection(sql, dataset, onDate);
      else {
        const rows = await readExportRows(sql, dataset, onDate);
        body = format === "csv" ? toCsv(rows) : format === "xlsx" ? await toXlsx(rows, dataset) : await toShapefileZip(rows, baseName);
      }
      // Only once the body is made: a failure before answers a plain problem, not an attachment.
      return reply
        .header("content-type", MEDIA_TYPES[format])
        .header("content-disposition", contentDisposition(fileName, `${DATASET_TITLES[dataset]}-${fileName}`))
        .header("cache-control", "no-store")
        .send(body);
    },
  );
};
