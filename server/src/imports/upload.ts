/**
 * Receives the multipart upload of POST /api/imports: each file part into a private temporary folder (mode 0700,
 * removed by the caller), the options from the field parts, checked. The whole upload may hold at most
 * IMPORT_MAX_BYTES, all files together; past it the request is refused with 413 before any more is written.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { FastifyRequest } from "fastify";
import { ProblemError } from "../http/problem.ts";
import type { ImportChoices } from "../import/import-boundaries.ts";
import type { CoordinatesChoice } from "../import/read-coordinates.ts";

/** Files per upload: a Shapefile is up to 5 (.shp .shx .dbf .prj .cpg), a few of them at once. */
export const MAX_FILES = 50;
const OPTION_FIELDS = ["provenance", "coordinates", "repair", "skipUnmatched"] as const;
/** A field is a short word; anything longer is not an option value. */
export const MAX_FIELD_BYTES = 100;

export interface Upload {
  /** The private folder holding the files; the caller removes it. */
  folder: string;
  /** The files' names as saved, in upload order. */
  files: string[];
  /** The option fields as given (validated by the caller against what the import accepts). */
  fields: Partial<Record<(typeof OPTION_FIELDS)[number], string>>;
}

function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

function tooLarge(limit: number): ProblemError {
  return new ProblemError("payload-too-large", `the upload is larger than the import limit of ${megabytes(limit)} (IMPORT_MAX_BYTES), all files together`, { limitBytes: limit });
}

/** The file's own name, without any folder a client put in front of it; undefined when nothing usable is left. */
function fileName(given: string | undefined): string | undefined {
  // eslint-disable-next-line no-control-regex
  const name = path.basename((given ?? "").replaceAll("\\", "/")).replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return name === "" || name === "." || name === ".." || name.startsWith(".") ? undefined : name.slice(-200);
}

/**
 * Saves every file part of the request and collects the option fields; throws ProblemError for an upload that is
 * too large, holds no file, names a file twice, or has a field that is not an option. Removes the folder when it throws.
 */
export async function receiveUpload(request: FastifyRequest, maxBytes: number): Promise<Upload> {
  const folder = await fs.promises.mkdtemp(path.join(os.tmpdir(), "planner-atlas-import-"));
  const upload: Upload = { folder, files: [], fields: {} };
  let total = 0;
  const counter = () =>
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        total += chunk.length;
        done(total > maxBytes ? tooLarge(maxBytes) : null, chunk);
      },
    });
  try {
    for await (const part of request.parts()) {
      if (part.type === "file") {
        const name = fileName(part.filename);
        if (name === undefined || upload.files.includes(name)) {
          part.file.resume();
          throw new ProblemError(
            "bad-request",
            name === undefined ? `the file part "${part.fieldname}" has no usable file name (the name's extension says what the file is)` : `the upload holds two files named ${name}`,
          );
        }
        await pipeline(part.file, counter(), fs.createWriteStream(path.join(folder, name), { flags: "wx", mode: 0o600 }));
        if (part.file.truncated) throw tooLarge(maxBytes);
        upload.files.push(name);
      } else {
        const field = part.fieldname as (typeof OPTION_FIELDS)[number];
        if (!OPTION_FIELDS.includes(field) || typeof part.value !== "string" || part.valueTruncated) {
          throw new ProblemError("validation-failed", `unknown or overlong field ${part.fieldname}: the fields are ${OPTION_FIELDS.join(", ")}`, {
            errors: [{ path: `body.${part.fieldname}`, message: `is not one of ${OPTION_FIELDS.join(", ")}` }],
          });
        }
        upload.fields[field] = part.value;
      }
    }
    if (upload.files.length === 0) {
      throw new ProblemError("bad-request", "the upload holds no file: send each file as a multipart/form-data part with a file name");
    }
    return upload;
  } catch (error) {
    await fs.promises.rm(folder, { recursive: true, force: true });
    const code = (error as { code?: string }).code;
    if (code === "FST_REQ_FILE_TOO_LARGE") throw tooLarge(maxBytes);
    if (code === "FST_FILES_LIMIT" || code === "FST_PARTS_LIMIT" || code === "FST_FIELDS_LIMIT") {
      throw new ProblemError("payload-too-large", `the upload holds too many parts: at most ${MAX_FILES} files and the option fields ${OPTION_FIELDS.join(", ")}`);
    }
    throw error;
  }
}

const BOOLEAN_TEXT: Record<string, boolean> = { true: true, false: false, "1": true, "0": false, on: true, off: false };

/** The upload's options: what the import takes, the coordinate system as the reader takes it, and the fields as given. */
export interface UploadChoices {
  choices: ImportChoices;
  /** The coordinate system the upload gave, for the reader (read-input.ts); absent when it gave none. */
  given?: CoordinatesChoice;
  /** The options as the upload gave them, checked: what the pending import shows. */
  shown: { provenance?: string; coordinates?: string; repair?: boolean; skipUnmatched?: boolean };
}

/**
 * The import's options from the upload's fields, checked against the values the command line accepts (the
 * coordinates through the reader's own parser); throws ProblemError validation-failed naming each bad field.
 */
export function importChoices(
  fields: Upload["fields"],
  allowed: { provenances: readonly string[]; parseCoordinates: (text: string) => { ok: true; value: CoordinatesChoice } | { ok: false; reason: string } },
): UploadChoices {
  const errors: { path: string; message: string }[] = [];
  const result: UploadChoices = { choices: {}, shown: {} };
  const provenance = fields.provenance?.trim();
  if (provenance && allowed.provenances.includes(provenance)) {
    result.choices.provenance = provenance as ImportChoices["provenance"];
    result.shown.provenance = provenance;
  } else if (provenance) {
    errors.push({ path: "body.provenance", message: `must be one of ${allowed.provenances.join(", ")}` });
  }
  const coordinates = fields.coordinates?.trim();
  if (coordinates) {
    const parsed = allowed.parseCoordinates(coordinates);
    if (parsed.ok) {
      result.given = parsed.value;
      // The reader converts every system with an EPSG code to WGS84; the offset systems are converted by the import.
      result.choices.coordinates = "offset" in parsed.value ? parsed.value.offset : "wgs84";
      result.shown.coordinates = coordinates;
    } else {
      errors.push({ path: "body.coordinates", message: parsed.reason.replace(/^--coordinates /, "") });
    }
  }
  for (const field of ["repair", "skipUnmatched"] as const) {
    const value = fields[field]?.trim().toLowerCase();
    if (value === undefined || value === "") continue;
    if (value in BOOLEAN_TEXT) result.choices[field] = result.shown[field] = BOOLEAN_TEXT[value];
    else errors.push({ path: `body.${field}`, message: "must be true or false" });
  }
  if (errors.length > 0) throw new ProblemError("validation-failed", errors.map((error) => `${error.path} ${error.message}`).join("; "), { errors });
  return result;
}
