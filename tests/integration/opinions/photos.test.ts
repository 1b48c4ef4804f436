/**
 * Photos of opinions on both databases: the type read from the bytes, not the name; EXIF with GPS in, nothing out;
 * turned upright; a thumbnail; size and count limits; served to signed-in staff only; and counted and checksummed by
 * the move's table check like any row (bytea).
 */
import type { FastifyInstance } from "fastify";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { checkDatabase } from "../../../server/src/backup/move.ts";
import { THUMBNAIL_MAX_SIDE } from "../../../server/src/photos/photos.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { useFreshApp } from "../../helpers/app.ts";
import { appoint, IN_CHENGQU, makePlanner, makeUnitArea, opinionFields, phoneJpeg, signedInAs, submitOpinion } from "./opinion-fixtures.ts";

const PHOTO_MAX_BYTES = 100_000;
let nextAddress = 10;
const newAddress = () => `203.0.113.${nextAddress++}`;

describe.each(enabledBackends())("photos of opinions on %s", (backend) => {
  let app: FastifyInstance;
  let planner: string;
  let bureau: string;
  let leader: string;
  useFreshApp(
    backend,
    async (built) => {
      app = built;
      const plannerId = await makePlanner(app.db.sql, "照片测试规划师");
      await appoint(app.db.sql, plannerId, await makeUnitArea(app.db.sql, "photo-unit", IN_CHENGQU), "unit", "2020-01-01", null);
      planner = await signedInAs(app, "photo-planner", "planner", plannerId);
      bureau = await signedInAs(app, "photo-bureau", "bureau");
      leader = await signedInAs(app, "photo-leader", "leader");
    },
    { config: { signInRateLimit: 1000, opinionProofBits: 2, photoMaxBytes: PHOTO_MAX_BYTES } },
  );

  const send = (photos: { name: string; bytes: Buffer; type?: string }[], text = "带照片的意见") =>
    submitOpinion(app, { fields: opinionFields(IN_CHENGQU, text, { confirmNew: "true" }), photos, from: newAddress() });
  const photosOf = async (ticket: string) =>
    app.db.sql<{ id: number; mediaType: string; width: number; height: number }[]>`
      select p.id, p.media_type, p.width, p.height from photos as p join opinions as o on o.id = p.owner_id
      where p.owner_kind = 'opinion' and o.ticket_code = ${ticket} order by p.id`;
  const get = (url: string, cookie?: string) => app.inject({ method: "GET", url, headers: cookie ? { cookie } : {} });

  it("stores a phone's JPEG upright, with no EXIF, GPS or other metadata left, and a thumbnail", async () => {
    const original = await phoneJpeg();
    const before = await sharp(original).metadata();
    expect(before.exif?.toString("latin1")).toContain("OpinionTestCam");
    expect(before).toMatchObject({ orientation: 6, width: 64, height: 48 });

    const response = await send([{ name: "IMG_0001.JPG", bytes: original }]);
    expect(response.statusCode, response.body).toBe(201);
    const [stored] = await photosOf(response.json().ticket);
    expect(stored).toMatchObject({ mediaType: "image/jpeg", width: 48, height: 64 });

    const full = await get(`/api/photos/${stored!.id}`, planner);
    expect(full.statusCode).toBe(200);
    expect(full.headers["content-type"]).toBe("image/jpeg");
    expect(full.headers["cache-control"]).toMatch(/^private/);
    const after = await sharp(full.rawPayload).metadata();
    expect(after).toMatchObject({ format: "jpeg", width: 48, height: 64 });
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.iptc).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    for (const trace of ["OpinionTestCam", "Secret Model", "Exif"]) expect(full.rawPayload.toString("latin1")).not.toContain(trace);

    const thumbnail = await get(`/api/photos/${stored!.id}/thumbnail`, leader);
    expect(thumbnail.statusCode).toBe(200);
    const small = await sharp(thumbnail.rawPayload).metadata();
    expect(Math.max(small.width, small.height)).toBeLessThanOrEqual(THUMBNAIL_MAX_SIDE);
    expect(small.exif).toBeUndefined();

    // The staff's record lists it; the public view says nothing of photos.
    const listed = (await app.inject({ method: "GET", url: "/api/opinions", headers: { cookie: bureau } })).json().opinions;
    expect(listed.find((opinion: { ticket: string }) => opinion.ticket === response.json().ticket).photos).toEqual([{ id: stored!.id, mediaType: "image/jpeg", width: 48, height: 64 }]);
    const view = await get(`/api/opinions/${response.json().ticket}`);
    expect(view.json()).not.toHaveProperty("photos");
    expect(view.body).not.toContain("/api/photos");
  });

  it("never serves a photo to the public", async () => {
    const response = await send([{ name: "a.jpg", bytes: await phoneJpeg() }], "公开不可见的照片");
    const [stored] = await photosOf(response.json().ticket);
    for (const url of [`/api/photos/${stored!.id}`, `/api/photos/${stored!.id}/thumbnail`]) {
      expect((await get(url)).json()).toMatchObject({ status: 401, type: "/problems/unauthorized" });
    }
    expect((await get("/api/photos/999999", bureau)).statusCode).toBe(404);
  });

  it("reads the type from the bytes: a .jpg holding PNG is taken as PNG, one holding text or a GIF is refused", async () => {
    const png = await sharp({ create: { width: 20, height: 10, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 0.5 } } }).png().toBuffer();
    const taken = await send([{ name: "really-a-png.jpg", bytes: png }], "PNG 照片");
    expect(taken.statusCode, taken.body).toBe(201);
    expect(await photosOf(taken.json().ticket)).toEqual([expect.objectContaining({ mediaType: "image/jpeg", width: 20, height: 10 })]);

    const text = await send([{ name: "photo.jpg", bytes: Buffer.from("这不是图片 just text pretending to be a JPEG") }], "文本照片");
    expect(text.statusCode).toBe(422);
    expect(text.json()).toMatchObject({ type: "/problems/photo-rejected", detail: expect.stringMatching(/^photo 1 \(photo\.jpg\) is not an image/) });
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: "red" } }).gif().toBuffer();
    const refused = await send([{ name: "ok.jpg", bytes: await phoneJpeg() }, { name: "anim.jpg", bytes: gif }], "GIF 照片");
    expect(refused.json()).toMatchObject({ status: 422, type: "/problems/photo-rejected", detail: expect.stringMatching(/^photo 2 .* is GIF/) });
    // Nothing of a refused submission is kept.
    const [count] = await app.db.sql<{ count: number }[]>`select count(*)::int as count from opinions where body in ('文本照片', 'GIF 照片')`;
    expect(count!.count).toBe(0);
  });

  it("refuses a photo over the size limit and more than three photos", async () => {
    const large = Buffer.concat([await phoneJpeg(), Buffer.alloc(PHOTO_MAX_BYTES)]);
    const tooLarge = await send([{ name: "large.jpg", bytes: large }]);
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json()).toMatchObject({ type: "/problems/payload-too-large", limitBytes: PHOTO_MAX_BYTES });
    const jpeg = await phoneJpeg();
    const four = await send([1, 2, 3, 4].map((n) => ({ name: `${n}.jpg`, bytes: jpeg })));
    expect(four.json()).toMatchObject({ status: 413, type: "/problems/payload-too-large" });
    const three = await send([1, 2, 3].map((n) => ({ name: `${n}.jpg`, bytes: jpeg })), "三张照片");
    expect(three.statusCode).toBe(201);
    expect(await photosOf(three.json().ticket)).toHaveLength(3);
  });

  it("refuses a photo for an owner that does not exist", async () => {
    const insert = app.db.sql`
      insert into photos (owner_kind, owner_id, media_type, bytes, thumbnail, width, height)
      values ('work_record', 987654321, 'image/jpeg', '\\x01', '\\x01', 1, 1)`;
    await expect(insert).rejects.toMatchObject({ code: "23503" });
  });
  // Last: the check fixes the text output settings of the connection it runs on.
  it("keeps photos in a table the move counts and checksums like any other", async () => {
    const connection = await app.db.sql.reserve();
    try {
      const checks = await checkDatabase(connection as never);
      const photos = checks.find((check) => check.table === "photos");
      expect(photos!.rows).toBeGreaterThan(0);
      expect(photos!.checksum).toMatch(/^[0-9a-f]{32}$/);
    } finally {
      connection.release();
    }
  });
});
