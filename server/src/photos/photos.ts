/**
 * Photos of opinions and work records, kept in the database (table photos, migration 0017) so that backup, restore
 * and db:move carry them. The API other resources use:
 *   preparePhoto(bytes)            the type from the bytes (JPEG, PNG, WebP, HEIC/HEIF only), turned upright by its
 *                                  orientation, re-encoded as JPEG without any metadata (EXIF, GPS, XMP, ICC), the
 *                                  longer side at most PHOTO_MAX_SIDE, with a thumbnail of at most THUMBNAIL_MAX_SIDE;
 *                                  no database work, so do it before opening a transaction
 *   storePhoto(tx, owner, photo)   writes a prepared photo for its owner (an opinion or a work record that exists)
 *   readPhoto(sql, id, variant)    the bytes of a photo or its thumbnail, with its owner
 * sharp (native libvips) is loaded on the first photo, not at start.
 */
import type { Sql, Tx } from "../db/database.ts";
import type { PhotoSummary } from "../contracts/opinions.ts";

/** What a photo belongs to: an opinion or a work record, by id. */
export interface PhotoOwner {
  kind: "opinion" | "work_record";
  id: number;
}

/** A photo ready to store: re-encoded, metadata-free bytes and thumbnail, with the stored image's size. */
export interface PreparedPhoto {
  mediaType: "image/jpeg";
  bytes: Buffer;
  thumbnail: Buffer;
  width: number;
  height: number;
}

/** The longer side of a stored photo, in pixels: enough to read a sign in it, ~0.5-1 MB as JPEG. */
const PHOTO_MAX_SIDE = 2560;
/** The longer side of a thumbnail, in pixels. */
export const THUMBNAIL_MAX_SIDE = 320;
/** Decoding stops past this many pixels (a 48-megapixel photo passes): a small file may claim a huge image. */
const MAX_INPUT_PIXELS = 2 ** 26;
/** sharp's names of the accepted input formats; heif covers HEIC (and AVIF). */
const ACCEPTED_FORMATS = new Set(["jpeg", "png", "webp", "heif"]);

type Sharp = (typeof import("sharp"))["default"];
let loading: Promise<Sharp> | undefined;
const loadSharp = (): Promise<Sharp> => (loading ??= import("sharp").then((module) => module.default));

/**
 * The photo re-encoded for storage, or why it is refused: not an image, a type other than JPEG, PNG, WebP or
 * HEIC, or an image that cannot be decoded (HEIC compressed with HEVC, which this build of libvips lacks, among them).
 */
export async function preparePhoto(bytes: Buffer): Promise<{ ok: true; photo: PreparedPhoto } | { ok: false; reason: string }> {
  const sharp = await loadSharp();
  const options = { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error" as const };
  let format: string;
  try {
    format = (await sharp(bytes, options).metadata()).format;
  } catch {
    return { ok: false, reason: "is not an image of a known type: send JPEG, PNG, WebP or HEIC" };
  }
  if (!ACCEPTED_FORMATS.has(format)) return { ok: false, reason: `is ${format.toUpperCase()}: send JPEG, PNG, WebP or HEIC` };
  try {
    // Output carries no metadata unless asked to keep it: EXIF (GPS included), XMP, IPTC and the ICC profile are
    // dropped, after the colours are converted to sRGB and the orientation applied to the pixels.
    const full = await sharp(bytes, options)
      .autoOrient()
      .resize({ width: PHOTO_MAX_SIDE, height: PHOTO_MAX_SIDE, fit: "inside", withoutEnlargement: true })
      .flatten({ background: "#ffffff" })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    const thumbnail = await sharp(full.data)
      .resize({ width: THUMBNAIL_MAX_SIDE, height: THUMBNAIL_MAX_SIDE, fit: "inside", withoutEnlargement: true })
      .jpeg({ quality: 75, mozjpeg: true })
      .toBuffer();
    return { ok: true, photo: { mediaType: "image/jpeg", bytes: full.data, thumbnail, width: full.info.width, height: full.info.height } };
  } catch (error) {
    const why = format === "heif" ? "is a HEIC/HEIF image this server cannot decode: send it as JPEG" : "cannot be decoded";
    return { ok: false, reason: `${why} (${(error as Error).message.split("\n")[0]!.slice(0, 120)})` };
  }
}

/** Writes a prepared photo for its owner; raises 23503 (reference-not-found) when the owner does not exist. */
export async function storePhoto(tx: Tx, owner: PhotoOwner, photo: PreparedPhoto): Promise<PhotoSummary> {
  const [row] = await tx<PhotoSummary[]>`
    insert into photos (owner_kind, owner_id, media_type, bytes, thumbnail, width, height)
    values (${owner.kind}, ${owner.id}, ${photo.mediaType}, ${photo.bytes}, ${photo.thumbnail}, ${photo.width}, ${photo.height})
    returning id, media_type, width, height`;
  return row!;
}

/** A stored photo's bytes (or its thumbnail's) with its owner; undefined when there is no such photo. */
export async function readPhoto(
  sql: Sql,
  photoId: number,
  variant: "full" | "thumbnail",
): Promise<{ owner: PhotoOwner; mediaType: string; bytes: Buffer } | undefined> {
  const [row] = await sql<{ ownerKind: PhotoOwner["kind"]; ownerId: number; mediaType: string; bytes: Buffer }[]>`
    select owner_kind, owner_id, case when ${variant} = 'full' then media_type else 'image/jpeg' end as media_type,
      case when ${variant} = 'full' then bytes else thumbnail end as bytes
    from photos where id = ${photoId}`;
  return row && { owner: { kind: row.ownerKind, id: row.ownerId }, mediaType: row.mediaType, bytes: row.bytes };
}
