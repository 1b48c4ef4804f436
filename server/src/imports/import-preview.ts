/**
 * The preview of an import as a pending import keeps it and GET /api/imports/{id} shows it: pure, from the input
 * read and the import prepared (server/src/import/import-boundaries.ts). The repo adds who, when and the status.
 */
import type { ImportChoices, PreparedImport } from "../import/import-boundaries.ts";
import type { Input, InputFile } from "../import/read-input.ts";
import type { ImportPreview } from "../contracts/imports.ts";

/** The part of ImportPreview that the upload decides; the rest is the pending import's own. */
export type PreviewBody = Omit<ImportPreview, "id" | "status" | "createdBy" | "createdAt" | "expiresAt" | "closedBy" | "closedAt" | "options" | "report">;

/** How a file's coordinates were known: as the reader found them (read-input.ts), else the import's own choice. */
function fileCoordinates(file: InputFile, choices: ImportChoices, prepared: PreparedImport): { system: string; how: string } {
  const found = (file as Partial<Pick<InputFile, "coordinates">>).coordinates;
  if (found) return { system: found.system, how: found.how };
  return { system: prepared.coordinates.system, how: choices.coordinates ? "given" : "assumed" };
}

export function previewBody(input: Input, choices: ImportChoices, prepared: PreparedImport): PreviewBody {
  const count = (status: string) => prepared.records.filter((record) => record.status === status).length;
  return {
    files: input.files.map((file, index) => ({ ...prepared.files[index]!, coordinates: fileCoordinates(file, choices, prepared) })),
    ignored: prepared.ignored,
    summary: {
      records: prepared.records.length,
      matchedByCode: prepared.writes.filter((write) => write.by === "code").length,
      matchedByName: prepared.writes.filter((write) => write.by === "name").length,
      boundaries: prepared.writes.filter((write) => write.target === "boundary").length,
      seats: prepared.writes.filter((write) => write.target === "seat").length,
      unmatched: count("unmatched"),
      skipped: count("skipped"),
      refused: count("refused"),
      repairs: prepared.writes.filter((write) => write.repair).length,
    },
    records: prepared.records,
    coordinates: prepared.coordinates,
    warnings: prepared.warnings,
    problems: prepared.problems,
    geometry: prepared.preview ?? { type: "FeatureCollection", features: [] },
  };
}
