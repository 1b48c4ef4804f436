/** Schemas of the bureau's data export (server/src/export): GET /api/export/{dataset}. Only typebox. */
import { Type, type Static } from "typebox";
import { PlanDate } from "./lookup.ts";

/** What can be exported; the two with geometry are the only ones a GeoJSON or Shapefile export takes. */
export const EXPORT_DATASETS = ["areas", "divisions", "appointments", "planners"] as const;
export type ExportDataset = (typeof EXPORT_DATASETS)[number];

const EXPORT_FORMATS = ["geojson", "csv", "xlsx", "shp"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The dataset is checked by the handler, not the schema, so that an unknown one answers 404 rather than 400. */
export const ExportParams = Type.Object({
  dataset: Type.String({ description: `one of ${EXPORT_DATASETS.join(", ")}`, examples: ["areas"] }),
});

export const ExportQuery = Type.Object(
  {
    date: Type.Optional(PlanDate),
    format: Type.Enum(EXPORT_FORMATS, {
      default: "csv",
      description: "csv (UTF-8 with BOM), xlsx, geojson or shp (zipped Shapefile); geojson and shp only for areas and divisions",
    }),
  },
  { additionalProperties: false },
);
export type ExportQuery = Static<typeof ExportQuery>;
