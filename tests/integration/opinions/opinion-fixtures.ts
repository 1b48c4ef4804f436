/**
 * Rows and requests for the opinion tests: a drawn unit area in 城区 (140502) with its own planner and posts on dates
 * of the tests' choosing, signed-in accounts, and the multipart submission with its proof of work, as a client sends it.
 */
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import sharp from "sharp";
import type { Sql } from "../../../server/src/db/database.ts";
import { createAccount } from "../../../server/src/auth/accounts.repo.ts";
import { hashPassword } from "../../../server/src/auth/passwords.ts";
import { solveChallenge } from "../../../server/src/opinions/proof-of-work.ts";
import { OWN_ORIGIN, signIn } from "../auth/accounts.ts";

/** A place in 城区 (140502), the centre of the test's unit areas, and one 6.7 km north of it, still in the county. */
export const IN_CHENGQU = { lon: 112.85, lat: 35.5 };
export const ELSEWHERE_IN_CHENGQU = { lon: 112.85, lat: 35.56 };
/** Beijing: outside every county of Jincheng. */
export const OUTSIDE_JINCHENG = { lon: 116.4, lat: 39.9 };

/** A new planner named `name`; its id. */
export async function makePlanner(sql: Sql, name: string): Promise<number> {
  const [row] = await sql<{ id: number }[]>`insert into planners (name) values (${name}) returning id`;
  return row!.id;
}

/** A township-kind unit area drawn as a square of `halfSide` degrees around the place; its id. */
export async function makeUnitArea(sql: Sql, code: string, place: { lon: number; lat: number }, halfSide = 0.01): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    insert into areas (code, name, kind, geom, provenance)
    values (${code}, ${`测试责任区 ${code}`}, 'township',
      ST_Multi(ST_MakeEnvelope(${place.lon - halfSide}, ${place.lat - halfSide}, ${place.lon + halfSide}, ${place.lat + halfSide}, 4326)),
      'imported')
    returning id`;
  return row!.id;
}

/** An appointment of the planner to the area's post, from `from` until `to` (exclusive; null: open). */
export async function appoint(sql: Sql, plannerId: number, areaId: number, role: string, from: string, to: string | null): Promise<void> {
  await sql`insert into appointments (planner_id, area_id, role, valid_from, valid_to) values (${plannerId}, ${areaId}, ${role}, ${from}, ${to})`;
}

/** The id of the demo area with this code (city-140500, county-140502). */
export async function areaId(sql: Sql, code: string): Promise<number> {
  const [row] = await sql<{ id: number }[]>`select id from areas where code = ${code}`;
  return row!.id;
}

/** A signed-in account (cookie header value); a planner account belongs to plannerId. */
export async function signedInAs(app: FastifyInstance, name: string, role: "planner" | "bureau" | "leader", plannerId: number | null = null): Promise<string> {
  const password = "opinion tests password";
  await createAccount(app.db.sql, { name, role, displayName: name, passwordHash: await hashPassword(password), plannerId }, "test");
  return signIn(app, name, password);
}

export interface Submission {
  fields: Record<string, string>;
  photos?: { name: string; bytes: Buffer; type?: string }[];
  /** The client's address, for the per-address rate limit. */
  from?: string;
  /** Leave out the proof of work, or give one of the test's own. */
  proof?: "none" | { challenge: string; nonce: string };
}

/** A fresh challenge from the server, solved. */
export async function solvedChallenge(app: FastifyInstance): Promise<{ challenge: string; nonce: string }> {
  const response = await app.inject({ method: "GET", url: "/api/opinions/challenge" });
  const { challenge, bits } = response.json() as { challenge: string; bits: number };
  return { challenge, nonce: solveChallenge(challenge, bits) };
}

/** POST /api/opinions as a browser form does it: the fields, the proof of work and the photos as file parts. */
export async function submitOpinion(app: FastifyInstance, submission: Submission): Promise<LightMyRequestResponse> {
  const body = new FormData();
  for (const [name, value] of Object.entries(submission.fields)) body.append(name, value);
  if (submission.proof !== "none") {
    const proof = submission.proof ?? (await solvedChallenge(app));
    body.append("challenge", proof.challenge);
    body.append("nonce", proof.nonce);
  }
  for (const photo of submission.photos ?? []) body.append("photo", new Blob([new Uint8Array(photo.bytes)], { type: photo.type ?? "image/jpeg" }), photo.name);
  return app.inject({ method: "POST", url: "/api/opinions", headers: { origin: OWN_ORIGIN }, remoteAddress: submission.from ?? "192.0.2.1", payload: body });
}

/** The usual fields of an opinion at a place. */
export function opinionFields(place: { lon: number; lat: number }, text: string, extra: Record<string, string> = {}): Record<string, string> {
  return { lon: String(place.lon), lat: String(place.lat), category: "public_space", text, ...extra };
}

/**
 * A JPEG as a phone writes one: 64×48 pixels stored sideways (EXIF orientation 6: show it turned a quarter, 48×64),
 * with the camera's make and a GPS position in its EXIF, and an ICC profile.
 */
export async function phoneJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: "OpinionTestCam", Model: "Secret Model 7" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "35/1 30/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "112/1 51/1 0/1" },
    })
    .toBuffer();
}
