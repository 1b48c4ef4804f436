/**
 * Reads a multipart/form-data request of text fields and up to a few photos into memory (POST /api/opinions, the
 * photos of a work record) and prepares the photos. Each photo is at most maxBytes as uploaded; past it, or past the
 * number of photos, the request is refused with 413 before more is read. The route registers @fastify/multipart with
 * photoFormLimits().
 */
import type { FastifyRequest } from "fastify";
import { ProblemError } from "../http/problem.ts";
import { preparePhoto, type PreparedPhoto } from "./photos.ts";

/** The longest text field, in bytes: 2,000 characters of Chinese are 6,000 bytes of UTF-8. */
const MAX_FIELD_BYTES = 10_000;

/** @fastify/multipart's limits for a form of these fields and photos. */
export function photoFormLimits(fields: readonly string[], maxPhotos: number, maxBytes: number) {
  return { fileSize: maxBytes, files: maxPhotos, fields: fields.length, fieldSize: MAX_FIELD_BYTES, parts: fields.length + maxPhotos };
}

export interface PhotoForm {
  /** The text fields as given, each once; a field the form does not name is refused. */
  fields: Record<string, string>;
  /** The photos' bytes in upload order; checked by preparePhoto (photos.ts), not here. */
  photos: { name: string; bytes: Buffer }[];
}

const megabytes = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

/**
 * Reads the form; throws ProblemError: 415 when the request is not multipart, 413 for a photo over maxBytes or too
 * many parts, 400 validation-failed for a field the form does not have, given twice or too long.
 */
export async function receivePhotoForm(request: FastifyRequest, fields: readonly string[], maxPhotos: number, maxBytes: number): Promise<PhotoForm> {
  if (!request.isMultipart()) {
    throw new ProblemError("unsupported-media-type", `send the form as multipart/form-data: the fields ${fields.join(", ")} and up to ${maxPhotos} photos as file parts`);
  }
  const form: PhotoForm = { fields: {}, photos: [] };
  const tooLarge = () => new ProblemError("payload-too-large", `a photo may hold at most ${megabytes(maxBytes)}`, { limitBytes: maxBytes });
  try {
    for await (const part of request.parts()) {
      if (part.type === "file") {
        const bytes = await part.toBuffer();
        if (part.file.truncated) throw tooLarge();
        form.photos.push({ name: part.filename ?? part.fieldname, bytes });
        continue;
      }
      const known = fields.includes(part.fieldname) && !Object.hasOwn(form.fields, part.fieldname);
      if (!known || typeof part.value !== "string" || part.valueTruncated) {
        throw new ProblemError("validation-failed", `the field ${part.fieldname} is unknown, given twice or too long: the fields are ${fields.join(", ")}`, {
          errors: [{ path: `body.${part.fieldname}`, message: "is not a field of this form, or is given twice, or is too long" }],
        });
      }
      form.fields[part.fieldname] = part.value;
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "FST_REQ_FILE_TOO_LARGE") throw tooLarge();
    if (code === "FST_FILES_LIMIT") throw new ProblemError("payload-too-large", `at most ${maxPhotos} photos`, { limitPhotos: maxPhotos });
    if (code === "FST_PARTS_LIMIT" || code === "FST_FIELDS_LIMIT") {
      throw new ProblemError("payload-too-large", `the form holds too many parts: the fields ${fields.join(", ")} and up to ${maxPhotos} photos`);
    }
    throw error;
  }
  return form;
}

/** Every photo of the form prepared for storing (preparePhoto), in order; throws 422 photo-rejected naming the first that is not one. */
export async function preparedPhotos(form: PhotoForm): Promise<PreparedPhoto[]> {
  const photos: PreparedPhoto[] = [];
  for (const [index, photo] of form.photos.entries()) {
    const prepared = await preparePhoto(photo.bytes);
    if (!prepared.ok) {
      throw new ProblemError("photo-rejected", `photo ${index + 1} (${photo.name.slice(0, 100)}) ${prepared.reason}`, {
        errors: [{ path: `body.photos.${index}`, message: prepared.reason }],
      });
    }
    photos.push(prepared.photo);
  }
  return photos;
}
