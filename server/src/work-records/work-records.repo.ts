/**
 * Planners' work records (table work_records). Every write runs in one transaction that names its actor for the
 * audit log (migration 0002), checks in it that the planner held the named posts on the record's date
 * (api.work_record_posts), and applies a change only to the version it was based on (migration 0018 raises it).
 */
import { transaction, type Sql, type Tx } from "../db/database.ts";
import type { WorkRecord, WorkRecordsQuery } from "../contracts/work-records.ts";
import { storePhoto, type PreparedPhoto } from "../photos/photos.ts";

/** A record's fields as a planner writes them, whole. */
export interface WorkRecordFields {
  kind: WorkRecord["kind"];
  occurredOn: string;
  lon: number;
  lat: number;
  areaId: number | null;
  projectId: number | null;
  text: string;
}

/** Whether the named area and project exist and whether the planner held a post on each on the date (true when not named). */
interface PostCheck {
  areaKnown: boolean;
  areaHeld: boolean;
  projectKnown: boolean;
  projectHeld: boolean;
}

/** Why a write did not happen: a named post the planner did not hold (or that does not exist), or the version moved. */
export type WorkRecordRefusal = { ok: false; reason: "posts"; posts: PostCheck } | { ok: false; reason: "stale" };

/** The planner the account belongs to; null for an account of another role (or no such account). */
export async function plannerOfUser(sql: Sql, userId: number): Promise<number | null> {
  const [row] = await sql<{ plannerId: number | null }[]>`select planner_id from users where id = ${userId}`;
  return row?.plannerId ?? null;
}

/** The record with every field; undefined when there is no such record. */
export async function readWorkRecord(sql: Sql, workRecordId: number): Promise<WorkRecord | undefined> {
  const [row] = await sql<WorkRecord[]>`select * from api.work_record_records where id = ${workRecordId}`;
  return row;
}

/** The records that match every filter given, newest first (date, then id), a page of `limit` from `offset`; empty when none. */
export async function listWorkRecords(sql: Sql, query: WorkRecordsQuery): Promise<WorkRecord[]> {
  const { planner, area, county, from, to, kind, limit, offset } = query;
  return sql<WorkRecord[]>`
    select * from api.work_record_records
    where true
      ${planner === undefined ? sql`` : sql`and planner_id = ${planner}`}
      ${area === undefined ? sql`` : sql`and area_id = ${area}`}
      ${county === undefined ? sql`` : sql`and county_code = ${county}`}
      ${from === undefined ? sql`` : sql`and occurred_on::date >= ${from}::date`}
      ${to === undefined ? sql`` : sql`and occurred_on::date <= ${to}::date`}
      ${kind === undefined ? sql`` : sql`and kind = ${kind}`}
    order by occurred_on desc, id desc
    limit ${limit} offset ${offset}`;
}

async function checkPosts(tx: Tx, plannerId: number, fields: WorkRecordFields): Promise<PostCheck> {
  const [row] = await tx<PostCheck[]>`
    select * from api.work_record_posts(${plannerId}::bigint, ${fields.areaId}::bigint, ${fields.projectId}::bigint, ${fields.occurredOn}::date)`;
  return row!;
}

const allHeld = (posts: PostCheck) => posts.areaKnown && posts.areaHeld && posts.projectKnown && posts.projectHeld;

/**
 * Runs `write` in a transaction that names `actor` for the audit log, once the posts `fields` name are found to be
 * the planner's on its date (refused with which were not, otherwise).
 */
async function writeInHeldPosts(
  sql: Sql,
  plannerId: number,
  fields: WorkRecordFields,
  actor: string,
  write: (tx: Tx) => Promise<{ ok: true; record: WorkRecord } | WorkRecordRefusal>,
): Promise<{ ok: true; record: WorkRecord } | WorkRecordRefusal> {
  return transaction(sql, async (tx) => {
    await tx`select set_config('app.actor', ${actor}, true)`;
    const posts = await checkPosts(tx, plannerId, fields);
    if (!allHeld(posts)) return { ok: false, reason: "posts", posts } as const;
    return write(tx);
  });
}

/** Logs a record of `plannerId`; `actor` is recorded in the audit log. Refused when a named post was not the planner's that day. */
export async function createWorkRecord(
  sql: Sql,
  plannerId: number,
  fields: WorkRecordFields,
  actor: string,
): Promise<{ ok: true; record: WorkRecord } | WorkRecordRefusal> {
  return writeInHeldPosts(sql, plannerId, fields, actor, async (tx) => {
    const [row] = await tx<{ id: number }[]>`
      insert into work_records (planner_id, area_id, project_id, kind, occurred_on, body, location)
      values (${plannerId}, ${fields.areaId}, ${fields.projectId}, ${fields.kind}, ${fields.occurredOn}::date, ${fields.text},
        ST_SetSRID(ST_MakePoint(${fields.lon}::float8, ${fields.lat}::float8), 4326))
      returning id`;
    return { ok: true, record: (await readWorkRecord(tx, row!.id))! } as const;
  });
}

/**
 * Writes `fields` over the record of `plannerId` if it is still at `version`. Refused (stale) when it is not
 * (changed meanwhile, or gone: the caller reads it again to tell which), or when a named post was not the
 * planner's on the date.
 */
export async function updateWorkRecord(
  sql: Sql,
  workRecordId: number,
  plannerId: number,
  version: number,
  fields: WorkRecordFields,
  actor: string,
): Promise<{ ok: true; record: WorkRecord } | WorkRecordRefusal> {
  return writeInHeldPosts(sql, plannerId, fields, actor, async (tx) => {
    const [row] = await tx<{ id: number }[]>`
      update work_records set kind = ${fields.kind}, occurred_on = ${fields.occurredOn}::date, body = ${fields.text},
        area_id = ${fields.areaId}, project_id = ${fields.projectId},
        location = ST_SetSRID(ST_MakePoint(${fields.lon}::float8, ${fields.lat}::float8), 4326)
      where id = ${workRecordId} and planner_id = ${plannerId} and version = ${version}
      returning id`;
    if (!row) return { ok: false, reason: "stale" } as const;
    return { ok: true, record: (await readWorkRecord(tx, row.id))! } as const;
  });
}

/**
 * Adds prepared photos to the record (through the photo module) and raises its version, in one transaction; the
 * record's row is locked first so that two uploads at once count each other. Undefined when the record is gone;
 * "full" when it would hold more than `maxPhotos`, and then nothing is stored.
 */
export async function addWorkRecordPhotos(
  sql: Sql,
  workRecordId: number,
  photos: PreparedPhoto[],
  maxPhotos: number,
  actor: string,
): Promise<WorkRecord | "full" | undefined> {
  return transaction(sql, async (tx) => {
    await tx`select set_config('app.actor', ${actor}, true)`;
    const [locked] = await tx<{ photos: number }[]>`
      select (select count(*) from photos where owner_kind = 'work_record' and owner_id = w.id)::int as photos
      from work_records w where w.id = ${workRecordId} for update`;
    if (!locked) return undefined;
    if (locked.photos + photos.length > maxPhotos) return "full";
    for (const photo of photos) await storePhoto(tx, { kind: "work_record", id: workRecordId }, photo);
    // The record changed (its photos): a new version, and an audit row naming who added them.
    await tx`update work_records set updated_at = now() where id = ${workRecordId}`;
    return readWorkRecord(tx, workRecordId);
  });
}
